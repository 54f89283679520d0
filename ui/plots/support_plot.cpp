#include "ui/plots/support_plot.hpp"

#include <cmath>
#include <limits>

#include "ui/path_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

SupportPlot::SupportPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("support-map"), parent),
      map_(new QCPColorMap(xAxis, yAxis)),
      scale_(new QCPColorScale(this)),
      cursorLine_(new QCPItemStraightLine(this)),
      lambdaTicker_(new QCPAxisTickerText),
      featureTicker_(new QCPAxisTickerText) {
  setObjectName(QStringLiteral("supportPlot"));

  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0.0, style::negativeColor());
  gradient.setColorStopAt(0.5, Qt::white);
  gradient.setColorStopAt(1.0, style::positiveColor());
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  gradient.setLevelCount(3);
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(QColor(232, 232, 232));
  map_->setGradient(gradient);
  map_->setInterpolate(false);
  map_->setTightBoundary(true);
  map_->setDataRange(QCPRange(-1.0, 1.0));
  map_->setSelectable(QCP::stNone);

  plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->setGradient(gradient);
  scale_->setDataRange(QCPRange(-1.0, 1.0));
  scale_->setBarWidth(10);
  QSharedPointer<QCPAxisTickerText> signTicker(new QCPAxisTickerText);
  signTicker->addTick(-2.0 / 3.0, tr("negative"));
  signTicker->addTick(0.0, tr("zero"));
  signTicker->addTick(2.0 / 3.0, tr("positive"));
  scale_->axis()->setTicker(signTicker);
  style::styleAxis(scale_->axis());
  scale_->axis()->setLabel(tr("sign of coefficient"));
  map_->setColorScale(scale_);
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);

  xAxis->setTicker(lambdaTicker_);
  xAxis->setLabel(tr("λ  (grid order, decreasing →)"));
  xAxis->grid()->setVisible(false);
  yAxis->setTicker(featureTicker_);
  yAxis->setRangeReversed(true);  // first feature on top
  yAxis->setLabel(tr("feature"));
  yAxis->grid()->setVisible(false);
  yAxis->setSubTicks(false);
  xAxis->setSubTicks(false);

  cursorLine_->setPen(QPen(style::cursorColor(), 1.2, Qt::DashLine));
  cursorLine_->setVisible(false);
  cursorLine_->setSelectable(false);
}

void SupportPlot::setModel(const PathModel* model) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  if (model_) {
    connect(model_, &PathModel::reset, this, &SupportPlot::onModelReset);
    connect(model_, &PathModel::gridChanged, throttle(), &PlotThrottle::request);
    connect(model_, &PathModel::pointsAppended, throttle(), &PlotThrottle::request);
  }
  onModelReset();
}

void SupportPlot::onModelReset() {
  rows_.clear();
  cursor_ = -1;
  cursorLine_->setVisible(false);
  map_->data()->clear();
  lambdaTicker_->clear();
  featureTicker_->clear();
  const Index p = model_ ? model_->featureCount() : 0;
  if (p <= kMaxRows)
    for (Index j = 0; j < p; ++j) rows_.push_back(j);
  throttle()->request();
}

void SupportPlot::setCursorIndex(int k) {
  cursor_ = k;
  cursorLine_->setVisible(k >= 0);
  cursorLine_->point1->setCoords(k, 0.0);
  cursorLine_->point2->setCoords(k, 1.0);
  throttle()->request();
}

double SupportPlot::cell(int k, int r) const { return map_->data()->cell(k, r); }

void SupportPlot::sync() {
  if (!model_) return;
  const auto& points = model_->points();
  const int n = static_cast<int>(std::max<std::size_t>(model_->lambdas().size(), points.size()));
  const Index p = model_->featureCount();

  // Lazy rows (wide data): features in order of entry into the support.
  if (p > kMaxRows) {
    std::vector<char> seen(static_cast<std::size_t>(p), 0);
    for (Index j : rows_) seen[static_cast<std::size_t>(j)] = 1;
    for (const PathPoint& pt : points)
      for (Index j : pt.support)
        if (!seen[static_cast<std::size_t>(j)] && static_cast<Index>(rows_.size()) < kMaxRows) {
          seen[static_cast<std::size_t>(j)] = 1;
          rows_.push_back(j);
        }
  }
  const int rows = static_cast<int>(rows_.size());
  if (n == 0 || rows == 0) {
    map_->data()->clear();
    return;
  }

  QCPColorMapData* cells = map_->data();
  if (cells->keySize() != n || cells->valueSize() != rows) {
    cells->setSize(n, rows);
    cells->setRange(QCPRange(0.0, n - 1.0), QCPRange(0.0, rows - 1.0));
  }
  std::vector<int> rowOf(static_cast<std::size_t>(p), -1);
  for (int r = 0; r < rows; ++r) rowOf[static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)])] = r;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k < n; ++k) {
    if (k >= static_cast<int>(points.size())) {
      for (int r = 0; r < rows; ++r) cells->setCell(k, r, nan);
      continue;
    }
    for (int r = 0; r < rows; ++r) cells->setCell(k, r, 0.0);
    const PathPoint& pt = points[static_cast<std::size_t>(k)];
    for (std::size_t s = 0; s < pt.support.size(); ++s) {
      const int r = rowOf[static_cast<std::size_t>(pt.support[s])];
      // Multitask rows have no sign: an active row is drawn as positive.
      if (r >= 0) cells->setCell(k, r, pt.displayValue(s) > 0.0 && (pt.tasks > 1 || pt.values[s] > 0.0) ? 1.0 : -1.0);
    }
  }

  // Axes: λ values at a few columns; feature names on rows when they fit.
  lambdaTicker_->clear();
  const int ticks = std::min(n, 7);
  for (int t = 0; t < ticks; ++t) {
    const int k = ticks == 1 ? 0 : static_cast<int>(std::lround(static_cast<double>(t) * (n - 1) / (ticks - 1)));
    double lambda = 0.0;
    if (k < static_cast<int>(model_->lambdas().size())) lambda = model_->lambdas()[static_cast<std::size_t>(k)];
    else lambda = points[static_cast<std::size_t>(k)].lambda;
    lambdaTicker_->addTick(k, QString::number(lambda, 'g', 3));
  }
  featureTicker_->clear();
  const int labelStep = rows <= kMaxLabelledRows ? 1 : (rows + kMaxLabelledRows - 1) / kMaxLabelledRows;
  for (int r = 0; r < rows; r += labelStep) {
    const auto j = static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)]);
    featureTicker_->addTick(r, QString::fromStdString(model_->featureNames()[j]));
  }
  xAxis->setRange(-0.5, n - 0.5);
  yAxis->setRange(-0.5, rows - 0.5);
  if (cursor_ >= 0) {
    cursorLine_->point1->setCoords(cursor_, 0.0);
    cursorLine_->point2->setCoords(cursor_, 1.0);
  }
}

}  // namespace lambdascope::ui
