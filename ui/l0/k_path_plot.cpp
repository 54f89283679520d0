#include "ui/l0/k_path_plot.hpp"

#include <algorithm>
#include <cmath>

#include "ui/l0/l0_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::l0 {

KPathPlot::KPathPlot(const L0Model* model, QWidget* parent)
    : PlotWidget(QStringLiteral("k-path"), parent), model_(model) {
  setObjectName(QStringLiteral("kPathPlot"));
  objective_ = addGraph(xAxis, yAxis);
  objective_->setName(tr("objective (best k-sparse model)"));
  objective_->setPen(QPen(style::seriesColor(0), 2.0));
  objective_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  bound_ = addGraph(xAxis, yAxis);
  bound_->setName(tr("certified lower bound"));
  QPen dashed(style::seriesColor(1), 2.0, Qt::DashLine);
  bound_->setPen(dashed);
  bound_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, 6));
  gap_ = addGraph(xAxis, yAxis2);
  gap_->setName(tr("gap (right axis)"));
  gap_->setPen(QPen(style::seriesColor(2), 1.5));
  gap_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
  yAxis2->setVisible(true);
  yAxis2->setScaleType(QCPAxis::stLogarithmic);
  QSharedPointer<QCPAxisTickerLog> logTicker(new QCPAxisTickerLog);
  yAxis2->setTicker(logTicker);
  yAxis2->setNumberFormat(QStringLiteral("eb"));
  yAxis2->setNumberPrecision(0);
  yAxis2->setLabel(tr("relative gap (floored at 1e-10)"));
  yAxis2->setRange(1e-10, 1.0);
  style::styleAxis(yAxis2);
  xAxis->setLabel(tr("k (support size)"));
  yAxis->setLabel(tr("objective"));
  QSharedPointer<QCPAxisTickerFixed> intTicker(new QCPAxisTickerFixed);
  intTicker->setTickStep(1.0);
  intTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  xAxis->setTicker(intTicker);
  legend->setVisible(true);
  legend->setFont(style::tickFont());
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  cursor_ = new QCPItemStraightLine(this);
  cursor_->setPen(QPen(style::cursorColor(), 1.0, Qt::DotLine));
  connect(model_, &L0Model::kPathChanged, throttle(), &PlotThrottle::request);
  connect(model_, &L0Model::selectedKChanged, throttle(), &PlotThrottle::request);
}

void KPathPlot::sync() {
  QVector<double> k, obj, lb, gap;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& p : model_->points()) {
    k << static_cast<double>(p.k);
    obj << p.objective;
    lb << (std::isfinite(p.lowerBound) ? p.lowerBound : qQNaN());
    gap << std::max(p.gap, 1e-10);
    lo = std::min({lo, p.objective, std::isfinite(p.lowerBound) ? p.lowerBound : p.objective});
    hi = std::max(hi, p.objective);
  }
  objective_->setData(k, obj, true);
  bound_->setData(k, lb, true);
  gap_->setData(k, gap, true);
  const double kMax = k.isEmpty() ? 10.0 : k.back();
  xAxis->setRange(0.5, kMax + 0.5);
  if (std::isfinite(lo) && std::isfinite(hi)) {
    const double pad = 0.05 * std::max(hi - lo, 1e-12 * std::abs(hi));
    yAxis->setRange(lo - pad, hi + pad);
  }
  double gLo = 1.0, gHi = 1e-10;
  for (double g : gap) {
    gLo = std::min(gLo, g);
    gHi = std::max(gHi, g);
  }
  yAxis2->setRange(std::max(1e-10, gLo / 3.0), std::max(gHi * 3.0, 1e-8));
  const double x = model_->selectedK();
  cursor_->point1->setCoords(x, 0.0);
  cursor_->point2->setCoords(x, 1.0);
}

}  // namespace lambdascope::ui::l0
