#include "ui/l0/bnb_plot.hpp"

#include <cmath>

#include "ui/l0/l0_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::l0 {

BnbPlot::BnbPlot(const L0Model* model, QWidget* parent)
    : PlotWidget(QStringLiteral("branch-and-bound"), parent), model_(model), title_(new QCPTextElement(this)) {
  setObjectName(QStringLiteral("bnbPlot"));
  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, title_);
  title_->setFont(style::labelFont());
  title_->setText(tr("Branch-and-bound: not run yet"));
  incumbent_ = addGraph(xAxis, yAxis);
  incumbent_->setName(tr("incumbent (upper bound)"));
  incumbent_->setPen(QPen(style::seriesColor(0), 2.0));
  incumbent_->setLineStyle(QCPGraph::lsStepLeft);
  bound_ = addGraph(xAxis, yAxis);
  bound_->setName(tr("global lower bound"));
  bound_->setPen(QPen(style::seriesColor(1), 2.0, Qt::DashLine));
  bound_->setLineStyle(QCPGraph::lsStepLeft);
  gap_ = addGraph(xAxis, yAxis2);
  gap_->setName(tr("gap (right axis)"));
  gap_->setPen(QPen(style::seriesColor(2), 1.5));
  gap_->setLineStyle(QCPGraph::lsStepLeft);
  yAxis2->setVisible(true);
  yAxis2->setScaleType(QCPAxis::stLogarithmic);
  QSharedPointer<QCPAxisTickerLog> logTicker(new QCPAxisTickerLog);
  yAxis2->setTicker(logTicker);
  yAxis2->setNumberFormat(QStringLiteral("eb"));
  yAxis2->setNumberPrecision(0);
  yAxis2->setLabel(tr("relative gap (floored at 1e-10)"));
  yAxis2->setRange(1e-10, 1.0);
  style::styleAxis(yAxis2);
  xAxis->setLabel(tr("seconds"));
  xAxis2->setVisible(true);
  xAxis2->setLabel(tr("nodes explored"));
  style::styleAxis(xAxis2);
  yAxis->setLabel(tr("objective"));
  yAxis->setNumberFormat(QStringLiteral("g"));
  yAxis->setNumberPrecision(8);  // incumbent and bound meet: the last digits matter
  legend->setVisible(true);
  legend->setFont(style::tickFont());
  connect(model_, &L0Model::bnbChanged, throttle(), &PlotThrottle::request);
}

QString BnbPlot::titleText() const { return title_->text(); }

void BnbPlot::sync() {
  QVector<double> t, inc, lb, gap;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& pr : model_->trace()) {
    if (!std::isfinite(pr.incumbent)) continue;
    t << pr.seconds;
    inc << pr.incumbent;
    lb << (std::isfinite(pr.lowerBound) ? pr.lowerBound : qQNaN());
    gap << std::max(std::isfinite(pr.gap) ? pr.gap : 1.0, 1e-10);
    hi = std::max(hi, pr.incumbent);
    if (std::isfinite(pr.lowerBound)) lo = std::min(lo, pr.lowerBound);
  }
  incumbent_->setData(t, inc, true);
  bound_->setData(t, lb, true);
  gap_->setData(t, gap, true);
  if (!t.isEmpty()) {
    xAxis->setRange(0.0, std::max(t.back() * 1.05, 1e-3));
    // Nodes against time on the top axis: the node count at a few evenly spaced reports.
    QSharedPointer<QCPAxisTickerText> nodesTicker(new QCPAxisTickerText);
    const auto& tr0 = model_->trace();
    const std::size_t step = std::max<std::size_t>(1, tr0.size() / 5);
    for (std::size_t i = 0; i < tr0.size(); i += step)
      if (std::isfinite(tr0[i].incumbent)) nodesTicker->addTick(tr0[i].seconds, QString::number(tr0[i].nodes));
    nodesTicker->addTick(tr0.back().seconds, QString::number(tr0.back().nodes));
    xAxis2->setTicker(nodesTicker);
    xAxis2->setRange(xAxis->range());
    if (!std::isfinite(lo)) lo = hi;
    // Incumbent and bound meet at the end: keep a visible band around them.
    const double pad = std::max(0.05 * (hi - lo), 1e-5 * std::abs(hi));
    yAxis->setRange(lo - pad, hi + pad);
    double gLo = 1.0, gHi = 1e-10;
    for (double g : gap) {
      gLo = std::min(gLo, g);
      gHi = std::max(gHi, g);
    }
    yAxis2->setRange(std::max(1e-10, gLo / 3.0), std::max(gHi * 3.0, 1e-8));
  }
  QString text;
  const auto& r = model_->bnbResult();
  const auto& trace = model_->trace();
  if (r) {
    text = tr("k = %1: %2 — %3 nodes in %4 s, gap %5%6")
               .arg(model_->bnbK())
               .arg(QString::fromStdString(r->status))
               .arg(r->nodes)
               .arg(r->seconds, 0, 'f', 2)
               .arg(r->gap, 0, 'g', 3)
               .arg(r->certified ? tr(" (certified)") : QString());
  } else if (!trace.empty()) {
    text = tr("k = %1: running — %2 nodes, %3 open, gap %4")
               .arg(model_->bnbK())
               .arg(trace.back().nodes)
               .arg(trace.back().openNodes)
               .arg(trace.back().gap, 0, 'g', 3);
  } else if (model_->bnbK() > 0) {
    text = tr("k = %1: heuristics and root bound…").arg(model_->bnbK());
  } else {
    text = tr("Branch-and-bound: not run yet");
  }
  title_->setText(text);
}

}  // namespace lambdascope::ui::l0
