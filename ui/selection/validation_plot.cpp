#include "ui/selection/validation_plot.hpp"

#include <cmath>
#include <limits>

#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
QColor faded(QColor c, int alpha) {
  c.setAlpha(alpha);
  return c;
}
}  // namespace

ValidationPlot::ValidationPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("validation-curve"), parent),
      dots_(addGraph()),
      mean_(addGraph()),
      bars_(new QCPErrorBars(xAxis, yAxis)),
      curve_(addGraph()),
      trajectory_(new QCPCurve(xAxis, yAxis)),
      iterates_(addGraph()),
      rejected_(addGraph()),
      minLine_(new QCPItemStraightLine(this)),
      oneSeLine_(new QCPItemStraightLine(this)),
      minLabel_(new QCPItemText(this)),
      oneSeLabel_(new QCPItemText(this)),
      cursorLine_(new QCPItemStraightLine(this)) {
  setObjectName(QStringLiteral("validationPlot"));
  QSharedPointer<QCPAxisTickerLog> logTicker(new QCPAxisTickerLog);
  logTicker->setSubTickCount(8);
  xAxis->setScaleType(QCPAxis::stLogarithmic);
  xAxis->setRangeReversed(true);
  xAxis->setTicker(logTicker);
  xAxis->setNumberFormat(QStringLiteral("eb"));
  xAxis->setNumberPrecision(0);
  xAxis->setRange(1e-3, 1.0);
  xAxis->setLabel(tr("λ  (log scale, decreasing →)"));
  yAxis->setLabel(tr("validation loss"));

  dots_->setName(tr("fold loss"));
  dots_->setLineStyle(QCPGraph::lsNone);
  dots_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faded(QColor(120, 120, 120), 90), 3.5));
  mean_->setName(tr("CV mean ± se"));
  mean_->setLineStyle(QCPGraph::lsNone);
  mean_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(200, 30, 30), 5));
  bars_->setName(tr("± 1 se"));
  bars_->setDataPlottable(mean_);
  bars_->setPen(QPen(QColor(130, 130, 130)));
  bars_->setWhiskerWidth(4);
  curve_->setName(tr("criterion (grid)"));
  curve_->setPen(QPen(style::seriesColor(0), 1.6));
  trajectory_->setName(tr("hypergradient search"));
  trajectory_->setPen(QPen(style::seriesColor(1), 1.4, Qt::DashLine));
  iterates_->setName(tr("outer iterates"));
  iterates_->setLineStyle(QCPGraph::lsNone);
  iterates_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style::seriesColor(1), 7));
  rejected_->setName(tr("rejected trials"));
  rejected_->setLineStyle(QCPGraph::lsNone);
  rejected_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, style::seriesColor(1), 7));

  for (auto* line : {minLine_, oneSeLine_, cursorLine_}) {
    line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->setVisible(false);
  }
  minLine_->setPen(QPen(QColor(60, 60, 60), 1.0, Qt::DotLine));
  oneSeLine_->setPen(QPen(QColor(60, 60, 60), 1.0, Qt::DotLine));
  cursorLine_->setPen(QPen(style::cursorColor(), 1.2, Qt::DashLine));
  for (auto* label : {minLabel_, oneSeLabel_}) {
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    label->setFont(style::tickFont());
    label->setVisible(false);
  }
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  connect(this, &QCustomPlot::mousePress, this, &ValidationPlot::onMousePress);
}

void ValidationPlot::clearAll() {
  lambdas_.clear();
  loss_.resize(0, 0);
  pendingDots_.clear();
  pendingCurve_.clear();
  pendingSteps_.clear();
  liveMin_ = live1se_ = -1;
  cvFinal_ = false;
  for (QCPGraph* g : {dots_, mean_, curve_, iterates_, rejected_}) g->data()->clear();
  bars_->data()->clear();
  trajectory_->data()->clear();
  for (QCPItemLine* t : tangents_) removeItem(t);
  tangents_.clear();
  for (auto* item : std::initializer_list<QCPAbstractItem*>{minLine_, oneSeLine_, minLabel_, oneSeLabel_}) item->setVisible(false);
  throttle()->request();
}

void ValidationPlot::beginCv(const std::vector<double>& lambdas, int folds, const QString& lossName) {
  clearAll();
  lambdas_ = lambdas;
  loss_ = Mat::Constant(folds, static_cast<Index>(lambdas.size()), kNaN);
  yAxis->setLabel(tr("%1 (%2-fold CV)").arg(lossName).arg(folds));
  if (!lambdas.empty()) {
    double lo = lambdas.front(), hi = lambdas.front();
    for (double l : lambdas) lo = std::min(lo, l), hi = std::max(hi, l);
    xAxis->setRange(lo / 1.2, hi * 1.2);
  }
  throttle()->request();
}

void ValidationPlot::addFoldLosses(const std::vector<FoldLossPoint>& batch) {
  for (const FoldLossPoint& p : batch) {
    if (p.fold < 0 || p.fold >= loss_.rows() || p.index < 0 || p.index >= loss_.cols()) continue;
    loss_(p.fold, p.index) = p.loss;
    pendingDots_.push_back(p);
  }
  throttle()->request();
}

void ValidationPlot::setCvResult(const CvResult& result) {
  if (result.foldLoss.rows() == loss_.rows() && result.foldLoss.cols() == loss_.cols()) loss_ = result.foldLoss;
  cvFinal_ = true;
  throttle()->request();
}

void ValidationPlot::beginHpo(double lambdaMax, const QString& criterionName) {
  clearAll();
  yAxis->setLabel(criterionName);
  xAxis->setRange(lambdaMax * 1e-6, lambdaMax * 1.2);
  throttle()->request();
}

void ValidationPlot::addCurvePoint(double logLambda, double value) {
  pendingCurve_.emplace_back(std::exp(logLambda), value);
  throttle()->request();
}

void ValidationPlot::addIterate(const HpoStep& step) {
  pendingSteps_.push_back(step);
  throttle()->request();
}

void ValidationPlot::setCursorLambda(double lambda) {
  cursorLine_->setVisible(std::isfinite(lambda) && lambda > 0.0);
  if (cursorLine_->visible()) {
    cursorLine_->point1->setCoords(lambda, 0.0);
    cursorLine_->point2->setCoords(lambda, 1.0);
  }
  throttle()->request();
}

int ValidationPlot::completeColumns() const {
  int n = 0;
  for (Index c = 0; c < loss_.cols(); ++c) n += loss_.col(c).allFinite() ? 1 : 0;
  return n;
}

void ValidationPlot::placeMarker(QCPItemStraightLine* line, QCPItemText* label, double lambda, const QString& text) {
  line->setVisible(true);
  line->point1->setCoords(lambda, 0.0);
  line->point2->setCoords(lambda, 1.0);
  label->setVisible(true);
  label->position->setCoords(lambda, 0.01);
  label->setText(text);
}

void ValidationPlot::sync() {
  // CV: every received fold loss as a dot; mean ± se for the columns whose folds are all in.
  for (const FoldLossPoint& p : pendingDots_) dots_->addData(lambdas_[static_cast<std::size_t>(p.index)], p.loss);
  pendingDots_.clear();
  if (loss_.size() > 0) {
    CvResult partial;
    partial.lambdas = lambdas_;
    partial.foldLoss = loss_;
    summarizeCv(partial);
    QVector<double> keys, values, errors;
    for (std::size_t c = 0; c < partial.mean.size(); ++c) {
      if (!std::isfinite(partial.mean[c])) continue;
      keys.push_back(lambdas_[c]);
      values.push_back(partial.mean[c]);
      errors.push_back(partial.se[c]);
    }
    mean_->setData(keys, values);
    bars_->setData(errors);
    liveMin_ = partial.indexMin;
    live1se_ = partial.index1se;
    if (liveMin_ >= 0) {
      placeMarker(minLine_, minLabel_, partial.lambdaMin, tr("λ_min"));
      placeMarker(oneSeLine_, oneSeLabel_, partial.lambda1se, tr("λ_1se"));
    }
  }
  // HPO: the criterion curve, the iterates, their tangents and the trajectory.
  for (const auto& [lambda, value] : pendingCurve_) curve_->addData(lambda, value);
  pendingCurve_.clear();
  for (const HpoStep& s : pendingSteps_) {
    const double lambda = std::exp(s.logLambda);
    if (!s.accepted) {
      rejected_->addData(lambda, s.value);
      continue;
    }
    iterates_->addData(lambda, s.value);
    trajectory_->addData(static_cast<double>(trajectory_->dataCount()), lambda, s.value);
    if (s.grad.size() > 0 && std::isfinite(s.gradLogLambda)) {
      // Tangent in (log λ, value): slope = d value / d log λ.
      auto* t = new QCPItemLine(this);
      t->setPen(QPen(style::seriesColor(2), 1.3));
      const double h = kTangentHalfWidth;
      t->start->setCoords(lambda * std::exp(-h), s.value - h * s.gradLogLambda);
      t->end->setCoords(lambda * std::exp(h), s.value + h * s.gradLogLambda);
      tangents_.push_back(t);
    }
  }
  pendingSteps_.clear();
  // The legend names only what is drawn: after a search the CV entries would label nothing.
  for (QCPAbstractPlottable* p : std::initializer_list<QCPAbstractPlottable*>{dots_, mean_, bars_, curve_, trajectory_, iterates_, rejected_}) {
    const bool drawn = p == bars_ ? !mean_->data()->isEmpty() : p->interface1D()->dataCount() > 0;
    if (drawn) p->addToLegend();
    else p->removeFromLegend();
  }
  rescale();
}

void ValidationPlot::rescale() {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto take = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (auto it = mean_->data()->constBegin(); it != mean_->data()->constEnd(); ++it) {
    const auto k = static_cast<int>(it - mean_->data()->constBegin());
    const double e = k < bars_->dataCount() ? bars_->data()->at(k).errorPlus : 0.0;
    take(it->value - e);
    take(it->value + e);
  }
  if (mean_->dataCount() == 0)
    for (auto it = dots_->data()->constBegin(); it != dots_->data()->constEnd(); ++it) take(it->value);
  for (auto it = curve_->data()->constBegin(); it != curve_->data()->constEnd(); ++it) take(it->value);
  for (auto it = iterates_->data()->constBegin(); it != iterates_->data()->constEnd(); ++it) take(it->value);
  if (std::isfinite(lo)) {
    const double pad = std::max(0.05 * (hi - lo), 1e-12 * std::abs(hi));
    yAxis->setRange(lo - pad, hi + pad);
  }
  if (curve_->dataCount() > 0 || iterates_->dataCount() > 0) {
    double xl = std::numeric_limits<double>::infinity(), xh = 0.0;
    for (QCPGraph* g : {curve_, iterates_})
      for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) xl = std::min(xl, it->key), xh = std::max(xh, it->key);
    if (xh > 0.0) xAxis->setRange(xl / 1.5, xh * 1.5);
  }
}

void ValidationPlot::onMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const double lambda = xAxis->pixelToCoord(event->position().x());
  if (std::isfinite(lambda) && lambda > 0.0) Q_EMIT lambdaPicked(lambda);
}

}  // namespace lambdascope::ui
