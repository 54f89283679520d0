#include "ui/plots/convergence_plot.hpp"

#include <QToolTip>
#include <array>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/convergence_model.hpp"
#include "ui/format_seconds.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

namespace {

QString num(double v, int precision = 3) { return QString::number(v, 'g', precision); }

constexpr int kMaxMarkers = 80;

constexpr std::array<QCPScatterStyle::ScatterShape, 2> kShapes{QCPScatterStyle::ssCircle,
                                                               QCPScatterStyle::ssSquare};

}  // namespace

ConvergencePlot::ConvergencePlot(QWidget* parent)
    : PlotWidget(QStringLiteral("convergence"), parent),
      title_(new QCPTextElement(this)),
      thresholdLine_(new QCPItemStraightLine(this)),
      thresholdLabel_(new QCPItemText(this)),
      emptyText_(new QCPItemText(this)) {
  setObjectName(QStringLiteral("convergencePlot"));
  setFocusPolicy(Qt::ClickFocus);
  setMouseTracking(true);

  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, title_);
  QFont titleFont = style::labelFont();
  titleFont.setPointSizeF(titleFont.pointSizeF() + 0.5);
  title_->setFont(titleFont);
  title_->setTextColor(QColor(30, 30, 30));
  title_->setMargins(QMargins(0, 6, 0, 0));

  QSharedPointer<QCPAxisTickerLog> logTicker(new QCPAxisTickerLog);
  logTicker->setLogBase(10);
  logTicker->setSubTickCount(8);
  yAxis->setScaleType(QCPAxis::stLogarithmic);
  yAxis->setTicker(logTicker);
  yAxis->setNumberFormat(QStringLiteral("eb"));
  yAxis->setNumberPrecision(0);
  yAxis->setRange(1e-8, 1.0);
  yAxis->setLabel(tr("duality gap"));
  yAxis->grid()->setSubGridVisible(false);
  xAxis->setLabel(tr("epoch"));
  xAxis->setRange(0.0, 10.0);
  // Boxed axes, as in a printed figure.
  xAxis2->setVisible(true);
  xAxis2->setTickLabels(false);
  yAxis2->setVisible(true);
  yAxis2->setTickLabels(false);
  yAxis2->setScaleType(QCPAxis::stLogarithmic);
  yAxis2->setTicker(logTicker);
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), xAxis2,
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  connect(yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), yAxis2,
          qOverload<const QCPRange&>(&QCPAxis::setRange));

  thresholdLine_->setPen(QPen(QColor(90, 90, 90), 1.2, Qt::DashLine));
  thresholdLine_->setSelectable(false);
  thresholdLine_->setVisible(false);
  thresholdLabel_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  thresholdLabel_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
  thresholdLabel_->position->setTypeY(QCPItemPosition::ptPlotCoords);
  thresholdLabel_->setFont(style::tickFont());
  thresholdLabel_->setColor(QColor(70, 70, 70));
  thresholdLabel_->setPadding(QMargins(4, 1, 4, 1));
  thresholdLabel_->setBrush(QColor(255, 255, 255, 200));
  thresholdLabel_->setSelectable(false);
  thresholdLabel_->setVisible(false);

  emptyText_->position->setType(QCPItemPosition::ptAxisRectRatio);
  emptyText_->position->setCoords(0.5, 0.5);
  emptyText_->setPositionAlignment(Qt::AlignCenter);
  emptyText_->setFont(style::labelFont());
  emptyText_->setColor(QColor(120, 120, 120));
  emptyText_->setSelectable(false);
  emptyText_->setText(tr("Run the path, pick a λ with the cursor, then press Race (Ctrl+Shift+R)"));

  legend->setVisible(false);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  // Solver internals, a smaller panel under the criterion sharing its x axis.
  internals_ = new QCPAxisRect(this);
  plotLayout()->addElement(2, 0, internals_);
  plotLayout()->setRowStretchFactor(1, 3.0);
  plotLayout()->setRowStretchFactor(2, 1.2);
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, group);
  internals_->setMarginGroup(QCP::msLeft | QCP::msRight, group);
  QCPAxis* ix = internals_->axis(QCPAxis::atBottom);
  QCPAxis* iy = internals_->axis(QCPAxis::atLeft);
  iy->setLabel(tr("features"));
  iy->setRange(0.0, 1.0);
  QSharedPointer<QCPAxisTickerFixed> counts(new QCPAxisTickerFixed);  // whole numbers only
  counts->setTickStep(1.0);
  counts->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  iy->setTicker(counts);
  ix->setTickLabels(true);
  for (QCPAxis* a : {ix, iy}) {
    a->setTickLabelFont(style::tickFont());
    a->setLabelFont(style::labelFont());
  }
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), ix,
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  internalsLegend_ = new QCPLegend;
  internals_->insetLayout()->addElement(internalsLegend_, Qt::AlignTop | Qt::AlignRight);
  internalsLegend_->setLayer(QStringLiteral("legend"));
  internalsLegend_->setFont(style::tickFont());
  internalsLegend_->setVisible(false);

  connect(this, &QCustomPlot::mouseMove, this, &ConvergencePlot::onMouseMove);
}

void ConvergencePlot::setModel(const ConvergenceModel* model) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  if (model_) {
    connect(model_, &ConvergenceModel::reset, this, &ConvergencePlot::onModelReset);
    connect(model_, &ConvergenceModel::pointsAppended, throttle(), &PlotThrottle::request);
    connect(model_, &ConvergenceModel::laneFinished, throttle(), &PlotThrottle::request);
    connect(model_, &ConvergenceModel::stateChanged, throttle(), &PlotThrottle::request);
  }
  onModelReset();
}

void ConvergencePlot::setXAxisMode(XAxis mode) {
  if (mode == mode_) return;
  mode_ = mode;
  throttle()->request();
}

QCPGraph* ConvergencePlot::trace(int lane) const {
  if (lane < 0 || lane >= traceCount()) return nullptr;
  return traces_[static_cast<std::size_t>(lane)];
}

QCPGraph* ConvergencePlot::internalsTrace(int lane, Internal kind) const {
  if (lane < 0 || lane >= static_cast<int>(internalsTraces_.size())) return nullptr;
  return internalsTraces_[static_cast<std::size_t>(lane)][static_cast<std::size_t>(kind)];
}

void ConvergencePlot::onModelReset() {
  clearGraphs();
  legend->clearItems();
  internalsLegend_->clearItems();
  traces_.clear();
  internalsTraces_.clear();
  const int lanes = model_ ? model_->laneCount() : 0;
  for (int i = 0; i < lanes; ++i) {
    QCPGraph* g = addGraph(xAxis, yAxis);
    const QColor color = style::seriesColor(i);
    g->setPen(QPen(color, 1.8));
    g->setScatterStyle(QCPScatterStyle(kShapes[static_cast<std::size_t>(i) % kShapes.size()],
                                       QPen(color, 1.2), QBrush(Qt::white), 5.0));
    g->setLineStyle(QCPGraph::lsLine);
    g->setAdaptiveSampling(true);
    g->setSelectable(QCP::stNone);
    traces_.push_back(g);

    std::array<QCPGraph*, 3> internals{};
    const std::array<Qt::PenStyle, 3> styles{Qt::SolidLine, Qt::DashLine, Qt::DotLine};
    for (std::size_t k = 0; k < internals.size(); ++k) {
      QCPGraph* t = addGraph(internals_->axis(QCPAxis::atBottom), internals_->axis(QCPAxis::atLeft));
      t->setPen(QPen(color, 1.5, styles[k]));
      t->setLineStyle(QCPGraph::lsStepLeft);
      t->setSelectable(QCP::stNone);
      t->removeFromLegend(legend);
      internals[k] = t;
    }
    internalsTraces_.push_back(internals);
  }
  legend->setVisible(lanes > 0);
  emptyText_->setVisible(lanes == 0);
  thresholdLine_->setVisible(false);
  thresholdLabel_->setVisible(false);
  updateTitle();
  throttle()->request();
}

QString ConvergencePlot::traceName(int lane) const {
  if (!model_ || lane < 0 || lane >= model_->laneCount()) return {};
  const ConvergenceModel::Lane& l = model_->lane(lane);
  if (!l.finished) return tr("%1: running…").arg(l.solver);
  const RaceLaneSummary& s = l.summary;
  if (s.failed) return tr("%1: failed").arg(l.solver);
  if (s.trivial) return tr("%1: λ ≥ λ_max, w = 0 exact").arg(l.solver);
  if (s.cancelled) return tr("%1: stopped at epoch %2").arg(l.solver).arg(s.epochs);
  const QString epochs = s.epochs == 1 ? tr("1 epoch") : tr("%1 epochs").arg(s.epochs);
  if (s.termination == Termination::Converged)
    return tr("%1: %2, %3").arg(l.solver, formatSeconds(s.seconds), epochs);
  return tr("%1: not converged (%2), %3").arg(l.solver, QString::fromLatin1(terminationName(s.termination)), epochs);
}

void ConvergencePlot::updateTitle() {
  if (!model_ || model_->laneCount() == 0) {
    title_->setText(tr("Convergence of the solvers at one λ"));
    return;
  }
  const RaceContext& c = model_->context();
  QString text = tr("λ = %1").arg(num(c.lambda, 4));
  if (c.lambdaMax > 0.0) text += tr("  (λ/λ_max = %1)").arg(num(c.lambda / c.lambdaMax, 3));
  text += QStringLiteral("  ·  %1  ·  tol = %2  ·  %3").arg(c.model, num(c.tol, 2), c.start);
  title_->setText(text);
}

void ConvergencePlot::sync() {
  if (!model_) return;
  const int lanes = std::min(model_->laneCount(), traceCount());
  double maxSeconds = 0.0;
  for (int i = 0; i < lanes; ++i)
    for (const ConvergencePoint& p : model_->lane(i).points) maxSeconds = std::max(maxSeconds, p.seconds);
  timeScale_ = maxSeconds < 1.0 ? 1e3 : 1.0;
  xAxis->setLabel(mode_ == XAxis::Epochs ? tr("epoch")
                                         : (timeScale_ > 1.0 ? tr("time (ms)") : tr("time (s)")));
  const bool stationarity = model_->context().criterion == QLatin1String("stationarity");
  yAxis->setLabel(stationarity ? tr("stationarity") : tr("duality gap"));

  const double threshold = model_->threshold();
  // Non-positive values (rounding at convergence) sit at the bottom: three decades under the
  // threshold, or under the smallest positive value.
  double minPositive = threshold > 0.0 ? threshold : std::numeric_limits<double>::infinity();
  double maxValue = threshold > 0.0 ? threshold : 0.0;
  for (int i = 0; i < lanes; ++i)
    for (const ConvergencePoint& p : model_->lane(i).points) {
      if (p.criterion > 0.0 && std::isfinite(p.criterion)) {
        minPositive = std::min(minPositive, p.criterion);
        maxValue = std::max(maxValue, p.criterion);
      }
    }
  const double floorValue = std::isfinite(minPositive) ? minPositive * 1e-3 : 1e-16;

  double maxX = 0.0;
  QVector<double> keys;
  QVector<double> values;
  for (int i = 0; i < lanes; ++i) {
    const auto& points = model_->lane(i).points;
    keys.resize(static_cast<qsizetype>(points.size()));
    values.resize(static_cast<qsizetype>(points.size()));
    for (std::size_t k = 0; k < points.size(); ++k) {
      const ConvergencePoint& p = points[k];
      const double x = mode_ == XAxis::Epochs ? double(p.epoch) : p.seconds * timeScale_;
      keys[static_cast<qsizetype>(k)] = x;
      values[static_cast<qsizetype>(k)] = p.criterion > 0.0 ? p.criterion : floorValue;
      maxX = std::max(maxX, x);
    }
    QCPGraph* g = traces_[static_cast<std::size_t>(i)];
    g->setData(keys, values, true);
    // Markers show where the criterion was evaluated; on long traces, about kMaxMarkers of them.
    g->setScatterSkip(std::max(0, static_cast<int>(points.size()) / kMaxMarkers - 1));
    g->setName(traceName(i));
  }

  // Internals: only what each lane reports (plain CD and FISTA have none).
  std::vector<std::array<bool, 3>> reported(static_cast<std::size_t>(lanes), std::array<bool, 3>{});
  double maxCount = 0.0;
  for (int i = 0; i < lanes; ++i) {
    const auto& points = model_->lane(i).points;
    std::array<QVector<double>, 3> series;
    QVector<double> xs;
    for (const ConvergencePoint& p : points) {
      xs.push_back(mode_ == XAxis::Epochs ? double(p.epoch) : p.seconds * timeScale_);
      const std::array<double, 3> v{double(p.workingSet), double(p.screened), double(p.extrapolations)};
      for (std::size_t k = 0; k < 3; ++k) {
        series[k].push_back(v[k]);
        reported[static_cast<std::size_t>(i)][k] = reported[static_cast<std::size_t>(i)][k] || v[k] > 0.0;
        maxCount = std::max(maxCount, v[k]);
      }
    }
    for (std::size_t k = 0; k < 3; ++k)
      internalsTraces_[static_cast<std::size_t>(i)][k]->setData(xs, series[k], true);
  }
  const std::array<QString, 3> names{tr("working set"), tr("screened out"), tr("extrapolations kept")};
  internalsLegend_->clearItems();
  for (int i = 0; i < lanes; ++i)
    for (std::size_t k = 0; k < 3; ++k) {
      QCPGraph* t = internalsTraces_[static_cast<std::size_t>(i)][k];
      const bool shown = reported[static_cast<std::size_t>(i)][k];
      t->setVisible(shown);
      if (shown) {
        t->setName(QStringLiteral("%1: %2").arg(model_->lane(i).solver, names[k]));
        t->addToLegend(internalsLegend_);
      }
    }
  internalsLegend_->setVisible(internalsLegend_->itemCount() > 0);
  internals_->axis(QCPAxis::atLeft)->setRange(0.0, std::max(1.0, maxCount * 1.15));

  if (threshold > 0.0) {
    thresholdLine_->point1->setCoords(0.0, threshold);
    thresholdLine_->point2->setCoords(1.0, threshold);
    thresholdLabel_->position->setCoords(0.005, threshold);
    thresholdLabel_->setText(stationarity ? tr("threshold  tol·λ_max = %1").arg(num(threshold))
                                          : tr("threshold  tol·P(0) = %1").arg(num(threshold)));
  }
  thresholdLine_->setVisible(threshold > 0.0);
  thresholdLabel_->setVisible(threshold > 0.0);

  if (lanes > 0) {
    const double hi = maxValue > 0.0 ? maxValue : 1.0;
    double lo = std::isfinite(minPositive) ? minPositive : hi * 1e-6;
    if (threshold > 0.0) lo = std::min(lo, threshold);
    for (int i = 0; i < lanes; ++i)
      for (const ConvergencePoint& p : model_->lane(i).points)
        if (!(p.criterion > 0.0)) lo = std::min(lo, floorValue);
    yAxis->setRange(lo / 4.0, hi * 4.0);
    xAxis->setRange(0.0, maxX > 0.0 ? maxX * 1.04 : 1.0);
  }
  updateTitle();
}

void ConvergencePlot::onMouseMove(QMouseEvent* event) {
  int dataIndex = -1;
  auto* graph = plottableAt<QCPGraph>(event->pos(), false, &dataIndex);
  const auto it = std::find(traces_.begin(), traces_.end(), graph);
  if (!graph || it == traces_.end() || !model_ || dataIndex < 0) {
    QToolTip::hideText();
    return;
  }
  const int lane = static_cast<int>(it - traces_.begin());
  if (lane >= model_->laneCount()) return;
  const auto& points = model_->lane(lane).points;
  if (dataIndex >= static_cast<int>(points.size())) return;
  const ConvergencePoint& p = points[static_cast<std::size_t>(dataIndex)];
  QToolTip::showText(mapToGlobal(event->pos()),
                     tr("<b>%1</b><br>epoch %2 · %3<br>%4 = %5<br>objective = %6")
                         .arg(model_->lane(lane).solver.toHtmlEscaped())
                         .arg(p.epoch)
                         .arg(formatSeconds(p.seconds), yAxis->label(), num(p.criterion, 4),
                              num(p.objective, 10)),
                     this);
}

}  // namespace lambdascope::ui
