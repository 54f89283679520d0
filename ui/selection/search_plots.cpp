#include "ui/selection/search_plots.hpp"

#include <cmath>
#include <limits>

#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

SearchComparisonPlot::SearchComparisonPlot(QWidget* parent) : PlotWidget(QStringLiteral("search-comparison"), parent) {
  setObjectName(QStringLiteral("searchComparisonPlot"));
  const QStringList names{tr("hypergradient search"), tr("grid search"), tr("random search")};
  for (int k = 0; k < 3; ++k) {
    QCPGraph* g = addGraph();
    g->setName(names[k]);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setPen(QPen(style::seriesColor(k == 0 ? 1 : k == 1 ? 0 : 3), 1.6));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    graphs_.push_back(g);
  }
  xAxis->setLabel(tr("inner solves"));
  yAxis->setLabel(tr("best criterion so far"));
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void SearchComparisonPlot::clearAll() {
  steps_.clear();
  drawn_ = 0;
  for (QCPGraph* g : graphs_) g->data()->clear();
  throttle()->request();
}

void SearchComparisonPlot::addStep(HpoSeries series, const HpoStep& step) {
  steps_.emplace_back(series, step);
  throttle()->request();
}

void SearchComparisonPlot::setSecondsAxis(bool seconds) {
  seconds_ = seconds;
  xAxis->setLabel(seconds ? tr("seconds") : tr("inner solves"));
  drawn_ = 0;
  for (QCPGraph* g : graphs_) g->data()->clear();
  throttle()->request();
}

void SearchComparisonPlot::sync() {
  for (; drawn_ < steps_.size(); ++drawn_) {
    const auto& [series, s] = steps_[drawn_];
    graphs_[static_cast<std::size_t>(series)]->addData(seconds_ ? s.seconds : s.innerSolves, s.bestValue);
  }
  rescaleAxes();
  // The grid starts at λ_max, whose criterion (the null model's) would squeeze every line into
  // the bottom pixels: the y-axis runs from the best value to where the hypergradient search
  // started, and worse baseline values enter from above.
  const QCPGraph* search = graphs_[static_cast<std::size_t>(HpoSeries::Optimizer)];
  if (!search->data()->isEmpty()) {
    const double top = search->data()->constBegin()->value;
    const double bottom = yAxis->range().lower;
    if (top > bottom && top < yAxis->range().upper) {
      const double margin = 0.05 * (top - bottom);
      yAxis->setRange(bottom - margin, top + margin);
    }
  }
  if (yAxis->range().size() <= 0.0) yAxis->setRange(yAxis->range().lower - 1.0, yAxis->range().upper + 1.0);
}

CriterionMapPlot::CriterionMapPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("criterion-map"), parent),
      map_(new QCPColorMap(xAxis, yAxis)),
      scale_(new QCPColorScale(this)),
      trajectory_(new QCPCurve(xAxis, yAxis)) {
  setObjectName(QStringLiteral("criterionMapPlot"));
  xAxis->setLabel(tr("log λ"));
  yAxis->setLabel(tr("ρ (l1 ratio)"));
  plotLayout()->addElement(0, 1, scale_);
  map_->setColorScale(scale_);
  map_->setGradient(QCPColorGradient::gpThermal);
  map_->setInterpolate(false);
  trajectory_->setPen(QPen(Qt::white, 1.6));
  trajectory_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(Qt::black), QBrush(Qt::white), 6));
}

void CriterionMapPlot::clearAll() {
  map_->data()->clear();
  trajectory_->data()->clear();
  pendingCells_.clear();
  pendingSteps_.clear();
  cells_ = 0;
  throttle()->request();
}

void CriterionMapPlot::setGrid(double lo, double hi, int nLambdas, int nRatios) {
  nLambdas_ = nLambdas;
  nRatios_ = nRatios;
  map_->data()->setSize(nLambdas, nRatios);
  map_->data()->setRange(QCPRange(lo, hi), QCPRange(0.05, 0.95));
  map_->data()->fill(std::numeric_limits<double>::quiet_NaN());
  xAxis->setRange(lo, hi);
  yAxis->setRange(0.0, 1.0);
  throttle()->request();
}

void CriterionMapPlot::addCell(const MapCell& cell) {
  pendingCells_.push_back(cell);
  throttle()->request();
}

void CriterionMapPlot::addIterate(const HpoStep& step) {
  if (step.accepted) pendingSteps_.push_back(step);
  throttle()->request();
}

void CriterionMapPlot::sync() {
  for (const MapCell& c : pendingCells_) {
    int kx = 0, ky = 0;
    map_->data()->coordToCell(c.logLambda, c.rho, &kx, &ky);
    map_->data()->setCell(kx, ky, c.value);
    ++cells_;
  }
  if (!pendingCells_.empty()) map_->rescaleDataRange(true);
  pendingCells_.clear();
  for (const HpoStep& s : pendingSteps_)
    trajectory_->addData(static_cast<double>(trajectory_->dataCount()), s.logLambda, s.l1Ratio);
  pendingSteps_.clear();
}

LambdaBarsPlot::LambdaBarsPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("feature-lambdas"), parent), bars_(new QCPBars(xAxis, yAxis)) {
  setObjectName(QStringLiteral("lambdaBarsPlot"));
  bars_->setBrush(style::seriesColor(0));
  bars_->setPen(Qt::NoPen);
  yAxis->setLabel(tr("log λ_j"));
  xAxis->setLabel(tr("feature"));
}

void LambdaBarsPlot::clearAll() {
  bars_->data()->clear();
  pending_.resize(0);
  throttle()->request();
}

void LambdaBarsPlot::setNames(const std::vector<std::string>& names) {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (std::size_t k = 0; k < names.size(); ++k) {
    QString n = QString::fromStdString(names[k]);
    n.remove(QStringLiteral("log_lambda_"));
    ticker->addTick(static_cast<double>(k), n);
  }
  xAxis->setTicker(ticker);
  xAxis->setTickLabelRotation(names.size() > 12 ? 60 : 0);
  xAxis->setRange(-0.7, static_cast<double>(names.size()) - 0.3);
}

void LambdaBarsPlot::showStep(const HpoStep& step) {
  pending_ = step.theta;
  dirty_ = true;
  throttle()->request();
}

void LambdaBarsPlot::sync() {
  if (!dirty_) return;
  dirty_ = false;
  QVector<double> keys, values;
  for (Index k = 0; k < pending_.size(); ++k) {
    keys.push_back(static_cast<double>(k));
    values.push_back(pending_[k]);
  }
  bars_->setData(keys, values);
  if (!values.isEmpty()) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double pad = std::max(0.1 * (*hi - *lo), 0.1);
    // Bars grow from the bottom of the box, so they show λ_j's order of magnitude.
    bars_->setBaseValue(*lo - pad);
    yAxis->setRange(*lo - pad, *hi + pad);
  }
}

}  // namespace lambdascope::ui
