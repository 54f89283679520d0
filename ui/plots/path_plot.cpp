#include "ui/plots/path_plot.hpp"

#include <QKeyEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "ui/path_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

namespace {
QString formatLambda(double lambda) { return QString::number(lambda, 'g', 4); }
constexpr double kCertificateRow = 0.018;  // height of the marker row (axis-rect fraction)
constexpr double kCursorLabelBottom = 0.96;  // the cursor's λ label sits just above that row
}  // namespace

bool PathPlot::isCertified(const PathPoint& point) {
  return point.termination == Termination::Converged && point.dualityGap <= point.gapThreshold;
}

PathPlot::PathPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("coefficient-path"), parent),
      cursorLine_(new QCPItemStraightLine(this)),
      cursorLabel_(new QCPItemText(this)),
      zeroLine_(new QCPItemStraightLine(this)),
      topTicker_(new QCPAxisTickerText),
      certificateAxis_(axisRect()->addAxis(QCPAxis::atRight)),
      certified_(new QCPCurve(xAxis, certificateAxis_)),
      uncertified_(new QCPCurve(xAxis, certificateAxis_)) {
  setObjectName(QStringLiteral("pathPlot"));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setToolTip(QString());

  // λ axis: logarithmic, reversed so that λ decreases to the right.
  QSharedPointer<QCPAxisTickerLog> logTicker(new QCPAxisTickerLog);
  logTicker->setSubTickCount(8);
  for (QCPAxis* axis : {xAxis, xAxis2}) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setRangeReversed(true);
    axis->setRange(1e-3, 1.0);
  }
  xAxis->setTicker(logTicker);
  xAxis->setNumberFormat(QStringLiteral("eb"));
  xAxis->setNumberPrecision(0);
  xAxis->setLabel(tr("λ  (log scale, decreasing →)"));
  yAxis->setLabel(tr("coefficient"));
  yAxis->grid()->setSubGridVisible(false);
  xAxis->grid()->setSubGridVisible(true);

  // Top axis: support size at a few λ (glmnet's convention).
  xAxis2->setVisible(true);
  xAxis2->setTicker(topTicker_);
  xAxis2->setLabel(tr("non-zeros"));
  xAxis2->setTickLabels(true);
  xAxis2->setSubTicks(false);
  yAxis2->setVisible(true);
  yAxis2->setTickLabels(false);
  yAxis2->setTicks(false);
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), xAxis2,
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  connect(yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), yAxis2,
          qOverload<const QCPRange&>(&QCPAxis::setRange));

  zeroLine_->setPen(QPen(QColor(150, 150, 150), 1.0, Qt::DashLine));
  zeroLine_->point1->setCoords(1.0, 0.0);
  zeroLine_->point2->setCoords(2.0, 0.0);
  zeroLine_->setSelectable(false);

  cursorLine_->setPen(QPen(style::cursorColor(), 1.2, Qt::DashLine));
  cursorLine_->setSelectable(false);
  cursorLine_->setVisible(false);
  cursorLabel_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  cursorLabel_->position->setTypeX(QCPItemPosition::ptPlotCoords);
  cursorLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  cursorLabel_->setPadding(QMargins(4, 2, 4, 2));
  cursorLabel_->setFont(style::tickFont());
  cursorLabel_->setColor(style::cursorColor());
  cursorLabel_->setBrush(QColor(255, 255, 255, 220));
  cursorLabel_->setSelectable(false);
  cursorLabel_->setVisible(false);
  cursorLabel_->setClipToAxisRect(true);

  // Certificate row: a hidden axis fixes the markers just above the bottom of the plot.
  certificateAxis_->setVisible(false);
  certificateAxis_->setRange(0.0, 1.0);
  for (QCPCurve* c : {certified_, uncertified_}) {
    c->setLineStyle(QCPCurve::lsNone);
    c->setSelectable(QCP::stNone);
    c->removeFromLegend();
  }
  certified_->setName(tr("certified"));
  certified_->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(102, 194, 165), QColor(102, 194, 165), 3.0));
  uncertified_->setName(tr("not certified"));
  uncertified_->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCross, QPen(QColor(214, 39, 40), 1.8), Qt::NoBrush, 8.0));

  legend->setVisible(false);
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);  // fill a row, then wrap
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

  connect(this, &QCustomPlot::mousePress, this, &PathPlot::onMousePress);
  connect(this, &QCustomPlot::mouseMove, this, &PathPlot::onMouseMove);
  connect(this, &QCustomPlot::mouseRelease, this, &PathPlot::onMouseRelease);
}

void PathPlot::setModel(const PathModel* model) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  if (model_) {
    connect(model_, &PathModel::reset, this, &PathPlot::onModelReset);
    connect(model_, &PathModel::gridChanged, this, &PathPlot::onGridChanged);
    connect(model_, &PathModel::pointsAppended, throttle(), &PlotThrottle::request);
    connect(model_, &PathModel::stateChanged, throttle(), &PlotThrottle::request);
  }
  onModelReset();
}

QCPGraph* PathPlot::curve(Index j) const {
  if (j < 0 || j >= static_cast<Index>(curves_.size())) return nullptr;
  return curves_[static_cast<std::size_t>(j)];
}

void PathPlot::onModelReset() {
  clearGraphs();
  legend->clearItems();
  legend->simplify();
  curves_.clear();
  plotted_ = 0;
  cursor_ = -1;
  follow_ = true;
  dragging_ = false;
  minCoef_ = maxCoef_ = 0.0;
  cursorLine_->setVisible(false);
  cursorLabel_->setVisible(false);
  topTicker_->clear();
  certified_->data()->clear();
  uncertified_->data()->clear();
  certifiedIndex_.clear();
  uncertifiedIndex_.clear();
  const Index p = model_ ? model_->featureCount() : 0;
  // Legend in one row (two for more than 10 features), before the curves fill it.
  legend->setVisible(p > 0 && p <= kMaxLegendEntries);
  legend->setWrap(static_cast<int>(p > 10 ? (p + 1) / 2 : std::max<Index>(p, 1)));
  curves_.assign(static_cast<std::size_t>(p), nullptr);
  if (p <= kMaxEagerCurves)
    for (Index j = 0; j < p; ++j) ensureCurve(j);
  updateValueRange();
  throttle()->request();
  Q_EMIT cursorIndexChanged(-1);
}

void PathPlot::onGridChanged() {
  if (!model_ || model_->lambdas().empty()) return;
  const auto [lo, hi] = std::minmax_element(model_->lambdas().begin(), model_->lambdas().end());
  double low = *lo;
  double high = *hi;
  if (high <= low * (1.0 + 1e-12)) {
    low /= 2.0;
    high *= 2.0;
  }
  const double pad = std::pow(high / low, 0.03);
  xAxis->setRange(low / pad, high * pad);
  throttle()->request();
}

QCPGraph* PathPlot::ensureCurve(Index j) {
  QCPGraph*& g = curves_[static_cast<std::size_t>(j)];
  if (g) return g;
  g = addGraph(xAxis, yAxis);
  const int colorIndex = static_cast<int>(j);
  g->setPen(QPen(style::seriesColor(colorIndex), 1.6));
  g->setName(QString::fromStdString(model_->featureNames()[static_cast<std::size_t>(j)]));
  g->setLineStyle(QCPGraph::lsLine);
  g->setAdaptiveSampling(true);
  g->setSelectable(QCP::stNone);
  if (static_cast<Index>(curves_.size()) > kMaxLegendEntries) g->removeFromLegend();
  // A curve created late (lazy mode) is zero at every point drawn before it entered.
  for (int k = 0; k < plotted_; ++k)
    g->addData(model_->points()[static_cast<std::size_t>(k)].lambda, 0.0);
  return g;
}

void PathPlot::sync() {
  if (!model_) return;
  const auto& points = model_->points();
  const int total = static_cast<int>(points.size());
  const Index p = model_->featureCount();
  if (plotted_ == 0 && total > 0) {
    // Multitask models have a row of T coefficients per feature: plot its norm.
    yAxis->setLabel(points.front().tasks > 1 ? tr("row norm ‖β_j‖₂ over %1 targets").arg(points.front().tasks)
                                              : tr("coefficient"));
  }
  for (int k = plotted_; k < total; ++k) {
    const PathPoint& pt = points[static_cast<std::size_t>(k)];
    // Every existing curve gets a point; features in the support get theirs below.
    std::size_t s = 0;
    for (Index j = 0; j < p; ++j) {
      double value = 0.0;
      if (s < pt.support.size() && pt.support[s] == j) value = pt.displayValue(s++);
      QCPGraph* g = curves_[static_cast<std::size_t>(j)];
      if (!g && value != 0.0) {
        plotted_ = k;  // backfill zeros for points before k only
        g = ensureCurve(j);
      }
      if (g) g->addData(pt.lambda, value);
      minCoef_ = std::min(minCoef_, value);
      maxCoef_ = std::max(maxCoef_, value);
    }
    const bool ok = isCertified(pt);
    (ok ? certified_ : uncertified_)->addData(pt.lambda, kCertificateRow);
    (ok ? certifiedIndex_ : uncertifiedIndex_).push_back(k);
    plotted_ = k + 1;
  }
  updateValueRange();
  updateTopAxis();
  if (follow_ && total > 0 && cursor_ != total - 1) moveCursor(total - 1);
  placeCursor();
}

void PathPlot::updateValueRange() {
  double lo = minCoef_;
  double hi = maxCoef_;
  if (hi - lo <= 0.0) {
    lo = -1.0;
    hi = 1.0;
  }
  const double pad = 0.06 * (hi - lo);
  yAxis->setRange(lo - pad, hi + pad);
}

void PathPlot::updateTopAxis() {
  topTicker_->clear();
  if (!model_) return;
  const auto& points = model_->points();
  const int n = static_cast<int>(std::max<std::size_t>(model_->lambdas().size(), points.size()));
  if (n == 0 || points.empty()) return;
  const int ticks = std::min(n, kTopAxisTicks);
  int last = -1;
  for (int t = 0; t < ticks; ++t) {
    const int k = ticks == 1 ? 0 : static_cast<int>(std::lround(double(t) * (n - 1) / (ticks - 1)));
    if (k == last || k >= static_cast<int>(points.size())) continue;
    last = k;
    const PathPoint& pt = points[static_cast<std::size_t>(k)];
    topTicker_->addTick(pt.lambda, QString::number(pt.support.size()));
  }
}

void PathPlot::moveCursor(int k) {
  if (k == cursor_) return;
  cursor_ = k;
  placeCursor();
  Q_EMIT cursorIndexChanged(cursor_);
}

void PathPlot::setCursorIndex(int k) {
  if (!model_ || model_->pointCount() == 0) return;
  follow_ = false;
  moveCursor(std::clamp(k, 0, model_->pointCount() - 1));
  throttle()->request();
}

void PathPlot::placeCursor() {
  const bool visible = model_ && cursor_ >= 0 && cursor_ < model_->pointCount();
  cursorLine_->setVisible(visible);
  cursorLabel_->setVisible(visible);
  if (!visible) return;
  const PathPoint& pt = model_->points()[static_cast<std::size_t>(cursor_)];
  cursorLine_->point1->setCoords(pt.lambda, 0.0);
  cursorLine_->point2->setCoords(pt.lambda, 1.0);
  cursorLabel_->position->setCoords(pt.lambda, kCursorLabelBottom);  // above the certificate row
  cursorLabel_->setText(QStringLiteral("λ = %1").arg(formatLambda(pt.lambda)));
  // Keep the label inside the plot: flip it to the left of the line near the right edge.
  const double x = xAxis->coordToPixel(pt.lambda);
  const QRect r = axisRect()->rect();
  const bool flip = x > r.right() - 90;
  cursorLabel_->setPositionAlignment((flip ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
}

int PathPlot::indexAtPixel(double x) const {
  if (!model_ || model_->pointCount() == 0) return -1;
  const double lambda = xAxis->pixelToCoord(x);
  if (!(lambda > 0.0)) return -1;
  const double target = std::log(lambda);
  int best = -1;
  double bestDistance = std::numeric_limits<double>::infinity();
  const auto& points = model_->points();
  for (std::size_t k = 0; k < points.size(); ++k) {
    const double d = std::abs(std::log(points[k].lambda) - target);
    if (d < bestDistance) {
      bestDistance = d;
      best = static_cast<int>(k);
    }
  }
  return best;
}

double PathPlot::pixelForIndex(int k) const {
  if (!model_ || k < 0 || k >= model_->pointCount()) return -1.0;
  return xAxis->coordToPixel(model_->points()[static_cast<std::size_t>(k)].lambda);
}

void PathPlot::onMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  if (!axisRect()->rect().contains(event->pos())) return;
  setFocus(Qt::MouseFocusReason);
  dragging_ = true;
  QToolTip::hideText();
  const int k = indexAtPixel(event->position().x());
  if (k >= 0) setCursorIndex(k);
}

void PathPlot::onMouseMove(QMouseEvent* event) {
  if (dragging_ && (event->buttons() & Qt::LeftButton)) {
    const int k = indexAtPixel(event->position().x());
    if (k >= 0) setCursorIndex(k);
    return;
  }
  showHoverTip(event->pos());
}

void PathPlot::onMouseRelease(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) dragging_ = false;
}

void PathPlot::showHoverTip(const QPoint& pos) {
  int dataIndex = -1;
  auto* graph = plottableAt<QCPGraph>(pos, false, &dataIndex);
  if (!graph || dataIndex < 0 || dataIndex >= graph->dataCount()) {
    if (!showCertificateTip(pos)) QToolTip::hideText();
    return;
  }
  const auto it = graph->data()->at(dataIndex);
  QToolTip::showText(mapToGlobal(pos),
                     QStringLiteral("<b>%1</b><br>λ = %2<br>coefficient = %3")
                         .arg(graph->name().toHtmlEscaped(), formatLambda(it->key),
                              QString::number(it->value, 'g', 5)),
                     this);
}

bool PathPlot::showCertificateTip(const QPoint& pos) {
  if (!model_) return false;
  int dataIndex = -1;
  auto* curve = plottableAt<QCPCurve>(pos, false, &dataIndex);
  if (curve != certified_ && curve != uncertified_) return false;
  const std::vector<int>& index = curve == certified_ ? certifiedIndex_ : uncertifiedIndex_;
  if (dataIndex < 0 || dataIndex >= static_cast<int>(index.size())) return false;
  const int k = index[static_cast<std::size_t>(dataIndex)];
  if (k >= model_->pointCount()) return false;
  const PathPoint& pt = model_->points()[static_cast<std::size_t>(k)];
  const bool gap = std::string_view(pt.criterion) == "duality_gap";
  QToolTip::showText(
      mapToGlobal(pos),
      tr("<b>%1</b> (λ #%2 = %3)<br>%4 %5 vs threshold %6<br>%7 epochs, %8")
          .arg(curve == certified_ ? tr("certified") : tr("not certified"))
          .arg(k + 1)
          .arg(formatLambda(pt.lambda), gap ? tr("duality gap") : tr("stationarity"),
               QString::number(pt.dualityGap, 'g', 3), QString::number(pt.gapThreshold, 'g', 3))
          .arg(pt.epochs)
          .arg(QString::fromLatin1(terminationName(pt.termination))),
      this);
  return true;
}

void PathPlot::leaveEvent(QEvent* event) {
  QToolTip::hideText();
  PlotWidget::leaveEvent(event);
}

void PathPlot::keyPressEvent(QKeyEvent* event) {
  if (!model_ || model_->pointCount() == 0) {
    PlotWidget::keyPressEvent(event);
    return;
  }
  const int last = model_->pointCount() - 1;
  const int current = cursor_ < 0 ? last : cursor_;
  const int page = std::max(1, model_->pointCount() / 10);
  switch (event->key()) {
    case Qt::Key_Left: setCursorIndex(current - 1); break;   // larger λ (left)
    case Qt::Key_Right: setCursorIndex(current + 1); break;  // smaller λ (right)
    case Qt::Key_PageUp: setCursorIndex(current - page); break;
    case Qt::Key_PageDown: setCursorIndex(current + page); break;
    case Qt::Key_Home: setCursorIndex(0); break;
    case Qt::Key_End: setCursorIndex(last); break;
    default: PlotWidget::keyPressEvent(event); return;
  }
  event->accept();
}

}  // namespace lambdascope::ui
