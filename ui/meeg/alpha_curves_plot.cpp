#include "ui/meeg/alpha_curves_plot.hpp"

#include <QMouseEvent>
#include <algorithm>
#include <cmath>

#include "ui/meeg/meeg_path_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

namespace {
QCPItemStraightLine* makeCursor(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* line = new QCPItemStraightLine(plot);
  line->setClipAxisRect(rect);
  line->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->setPen(QPen(style::cursorColor(), 1.4, Qt::DashLine));
  line->setSelectable(false);
  return line;
}
}  // namespace

AlphaCurvesPlot::AlphaCurvesPlot(QWidget* parent) : PlotWidget(QStringLiteral("meeg-alpha-curves"), parent) {
  setObjectName(QStringLiteral("alphaCurvesPlot"));
  setInteractions({});
  top_ = axisRect();
  bottom_ = new QCPAxisRect(this, true);
  plotLayout()->addElement(1, 0, bottom_);
  for (QCPAxis* axis : bottom_->axes()) style::styleAxis(axis);
  auto* group = new QCPMarginGroup(this);
  top_->setMarginGroup(QCP::msLeft | QCP::msRight, group);
  bottom_->setMarginGroup(QCP::msLeft | QCP::msRight, group);
  for (QCPAxisRect* r : {top_, bottom_}) {
    r->axis(QCPAxis::atBottom)->setRangeReversed(true);
    r->axis(QCPAxis::atBottom)->setSubTicks(false);
  }
  top_->axis(QCPAxis::atBottom)->setTickLabels(true);
  bottom_->axis(QCPAxis::atBottom)->setLabel(tr("α (% of α_max, log scale)"));

  QCPAxis* countAxis = top_->axis(QCPAxis::atLeft);
  countAxis->setLabel(tr("active sources |A|"));
  QCPAxis* evAxis = top_->axis(QCPAxis::atRight);
  evAxis->setVisible(true);
  evAxis->setLabel(tr("explained variance (%)"));
  evAxis->setRange(0.0, 100.0);
  style::styleAxis(evAxis);
  count_ = addGraph(top_->axis(QCPAxis::atBottom), countAxis);
  count_->setName(tr("|A|"));
  count_->setPen(QPen(style::seriesColor(0), 1.8));
  count_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, style::seriesColor(0), Qt::white, 4));
  explained_ = addGraph(top_->axis(QCPAxis::atBottom), evAxis);
  explained_->setName(tr("explained variance"));
  explained_->setPen(QPen(style::seriesColor(2), 1.4, Qt::DashLine));
  evAxis->setLabelColor(style::seriesColor(2));
  countAxis->setLabelColor(style::seriesColor(0));

  QCPAxis* sureAxis = bottom_->axis(QCPAxis::atLeft);
  sureAxis->setLabel(tr("SURE"));
  sure_ = addGraph(bottom_->axis(QCPAxis::atBottom), sureAxis);
  sure_->setName(tr("SURE"));
  sure_->setPen(QPen(style::seriesColor(1), 1.8));
  sure_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, style::seriesColor(1), Qt::white, 4));
  sureMin_ = addGraph(bottom_->axis(QCPAxis::atBottom), sureAxis);
  sureMin_->setName(tr("SURE minimum"));
  sureMin_->setLineStyle(QCPGraph::lsNone);
  sureMin_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(20, 20, 20), 12));
  cursorTop_ = makeCursor(this, top_);
  cursorBottom_ = makeCursor(this, bottom_);
  sureNote_ = new QCPItemText(this);
  sureNote_->setClipAxisRect(bottom_);
  sureNote_->position->setAxisRect(bottom_);
  sureNote_->position->setType(QCPItemPosition::ptAxisRectRatio);
  sureNote_->position->setCoords(0.5, 0.5);
  sureNote_->setText(tr("SURE not computed for this path"));
  sureNote_->setColor(QColor(120, 120, 120));
  sureNote_->setSelectable(false);

  const QColor tune(200, 60, 30);
  tuneTrajectory_ = new QCPCurve(bottom_->axis(QCPAxis::atBottom), sureAxis);
  tuneTrajectory_->setName(tr("hypergradient trajectory"));
  tuneTrajectory_->setPen(QPen(tune, 1.2, Qt::DotLine));
  tunePoints_ = addGraph(bottom_->axis(QCPAxis::atBottom), sureAxis);
  tunePoints_->setName(tr("hypergradient iterates"));
  tunePoints_->setLineStyle(QCPGraph::lsNone);
  tunePoints_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, tune, 6));
  tuneRejected_ = addGraph(bottom_->axis(QCPAxis::atBottom), sureAxis);
  tuneRejected_->setName(tr("rejected trials"));
  tuneRejected_->setLineStyle(QCPGraph::lsNone);
  tuneRejected_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(tune, 1.0), Qt::white, 6));
}

void AlphaCurvesPlot::setTuning(std::vector<TuneStep> steps, bool perSource) {
  tuning_ = std::move(steps);
  tuningPerSource_ = perSource;
  throttle()->request();
}

int AlphaCurvesPlot::tangentCount() const {
  int n = 0;
  for (const QCPItemLine* t : tangents_) n += t->visible() ? 1 : 0;
  return n;
}

void AlphaCurvesPlot::setModel(const MeegPathModel* model) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  if (model_) {
    connect(model_, &MeegPathModel::modelReset, throttle(), &PlotThrottle::request);
    connect(model_, &MeegPathModel::entryAppended, throttle(), &PlotThrottle::request);
    connect(model_, &MeegPathModel::sureChanged, throttle(), &PlotThrottle::request);
    connect(model_, &MeegPathModel::selectionChanged, throttle(), &PlotThrottle::request);
  }
  throttle()->request();
}

double AlphaCurvesPlot::cursorAlphaPercent() const {
  return cursorTop_->visible() ? std::pow(10.0, cursorTop_->point1->coords().x()) : 0.0;
}

void AlphaCurvesPlot::sync() {
  if (!model_) return;
  const auto [lo, hi] = model_->logPercentRange();
  const double pad = 0.02 * (hi - lo);
  for (QCPAxisRect* r : {top_, bottom_}) {
    r->axis(QCPAxis::atBottom)->setTicker(percentTicker(lo, hi));
    r->axis(QCPAxis::atBottom)->setRange(lo - pad, hi + pad);
  }
  QVector<double> x, count, ev, sx, sy;
  double maxCount = 1.0;
  const bool holdout = model_->criterion() == QStringLiteral("holdout");
  bottom_->axis(QCPAxis::atLeft)->setLabel(holdout ? tr("hold-out MSE") : tr("SURE"));
  sure_->setName(holdout ? tr("hold-out") : tr("SURE"));
  sureNote_->setText(holdout ? tr("hold-out not computed for this path") : tr("SURE not computed for this path"));
  for (int k = 0; k < model_->size(); ++k) {
    const PathEntry& e = model_->entries()[static_cast<std::size_t>(k)];
    if (!(e.solution.alphaPercent > 0.0)) continue;
    const double lx = std::log10(e.solution.alphaPercent);
    x.append(lx);
    count.append(static_cast<double>(e.solution.activeSet.size()));
    maxCount = std::max(maxCount, count.back());
    ev.append(100.0 * e.explained);
    if (std::isfinite(model_->score(k))) {
      sx.append(lx);
      sy.append(model_->score(k));
    }
  }
  count_->setData(x, count);  // QCPGraph sorts by key: the reversed axis draws it right
  explained_->setData(x, ev);
  top_->axis(QCPAxis::atLeft)->setRange(0.0, 1.08 * maxCount);
  sure_->setData(sx, sy);
  sureMin_->data()->clear();
  const int best = model_->sureIndex();
  if (best >= 0 && best < model_->size()) {
    const PathEntry& e = model_->entries()[static_cast<std::size_t>(best)];
    if (std::isfinite(model_->score(best))) sureMin_->addData(std::log10(e.solution.alphaPercent), model_->score(best));
  }
  // The hypergradient search: iterates, rejected trials and each iterate's tangent (slope in this
  // plot's coordinates: d value / d log10 α = ln 10 · d value / d log α).
  QVector<double> tx, ty, ti, rx, ry;
  for (const TuneStep& st : tuning_) {
    if (!(st.alphaPercent > 0.0) || !std::isfinite(st.value)) continue;
    (st.accepted ? tx : rx).append(std::log10(st.alphaPercent));
    (st.accepted ? ty : ry).append(st.value);
    if (st.accepted) ti.append(static_cast<double>(ti.size()));
  }
  tuneTrajectory_->setData(ti, tx, ty);
  tunePoints_->setData(tx, ty);
  tuneRejected_->setData(rx, ry);
  const double half = 0.04 * std::max(hi - lo, 0.1);
  std::size_t used = 0;
  for (const TuneStep& st : tuning_) {
    if (!st.accepted || !std::isfinite(st.gradLogAlpha) || !(st.alphaPercent > 0.0)) continue;
    if (used == tangents_.size()) {
      auto* line = new QCPItemLine(this);
      line->setClipAxisRect(bottom_);
      line->start->setAxes(bottom_->axis(QCPAxis::atBottom), bottom_->axis(QCPAxis::atLeft));
      line->end->setAxes(bottom_->axis(QCPAxis::atBottom), bottom_->axis(QCPAxis::atLeft));
      line->setPen(QPen(QColor(200, 60, 30, 170), 1.3));
      line->setSelectable(false);
      tangents_.push_back(line);
    }
    const double at = std::log10(st.alphaPercent), slope = std::log(10.0) * st.gradLogAlpha;
    tangents_[used]->start->setCoords(at - half, st.value - slope * half);
    tangents_[used]->end->setCoords(at + half, st.value + slope * half);
    tangents_[used]->setVisible(true);
    ++used;
  }
  for (std::size_t k = used; k < tangents_.size(); ++k) tangents_[k]->setVisible(false);
  if (!tuning_.empty()) {
    tunePoints_->setName(tuningPerSource_ ? tr("hypergradient iterates (one α per source: geometric mean)")
                                          : tr("hypergradient iterates"));
    // The axis shows the search as well as the path's curve.
    for (int k = 0; k < ty.size(); ++k) {
      sx.append(tx[k]);
      sy.append(ty[k]);
    }
    if (model_->size() == 0) {
      for (QCPAxisRect* r : {top_, bottom_}) {
        const auto [mn, mx] = std::minmax_element(tx.begin(), tx.end());
        if (mn != tx.end()) r->axis(QCPAxis::atBottom)->setRange(*mn - 0.1, *mx + 0.1);
      }
    }
  }
  sureNote_->setVisible(sy.isEmpty());
  if (!sy.isEmpty()) {
    const auto [mn, mx] = std::minmax_element(sy.begin(), sy.end());
    const double span = std::max(*mx - *mn, 1e-12 * std::max(1.0, std::abs(*mx)));
    bottom_->axis(QCPAxis::atLeft)->setRange(*mn - 0.06 * span, *mx + 0.06 * span);
  }
  const PathEntry* sel = model_->selectedEntry();
  for (QCPItemStraightLine* c : {cursorTop_, cursorBottom_}) {
    c->setVisible(sel != nullptr);
    if (!sel) continue;
    const double lx = std::log10(std::max(sel->solution.alphaPercent, 1e-12));
    c->point1->setCoords(lx, 0.0);
    c->point2->setCoords(lx, 1.0);
  }
}

void AlphaCurvesPlot::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton) return;
  for (QCPAxisRect* r : {top_, bottom_})
    if (r->rect().contains(event->pos())) {
      Q_EMIT alphaClicked(std::pow(10.0, r->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x())));
      return;
    }
}

}  // namespace lambdascope::ui::meeg
