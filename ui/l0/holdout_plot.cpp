#include "ui/l0/holdout_plot.hpp"

#include <cmath>

#include "ui/l0/l0_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::l0 {

HoldoutPlot::HoldoutPlot(const L0Model* model, QWidget* parent)
    : PlotWidget(QStringLiteral("k-validation"), parent), model_(model) {
  setObjectName(QStringLiteral("kHoldoutPlot"));
  validation_ = addGraph();
  validation_->setName(tr("hold-out loss"));
  validation_->setPen(QPen(style::seriesColor(4), 2.0));
  validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  best_ = addGraph();
  best_->setName(tr("best k"));
  best_->setLineStyle(QCPGraph::lsNone);
  best_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, style::seriesColor(1), 14));
  xAxis->setLabel(tr("k (support size)"));
  yAxis->setLabel(tr("mean hold-out loss"));
  QSharedPointer<QCPAxisTickerFixed> intTicker(new QCPAxisTickerFixed);
  intTicker->setTickStep(1.0);
  intTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  xAxis->setTicker(intTicker);
  legend->setVisible(true);
  legend->setFont(style::tickFont());
  empty_ = new QCPItemText(this);
  empty_->position->setType(QCPItemPosition::ptAxisRectRatio);
  empty_->position->setCoords(0.5, 0.5);
  empty_->setText(tr("Set a hold-out fraction > 0 and run the k-path"));
  empty_->setColor(QColor(120, 120, 120));
  connect(model_, &L0Model::kPathChanged, throttle(), &PlotThrottle::request);
}

void HoldoutPlot::sync() {
  QVector<double> k, v;
  double best = std::numeric_limits<double>::infinity(), lo = best, hi = -best;
  bestK_ = 0;
  for (const auto& p : model_->points()) {
    if (!std::isfinite(p.validationLoss)) continue;
    k << static_cast<double>(p.k);
    v << p.validationLoss;
    lo = std::min(lo, p.validationLoss);
    hi = std::max(hi, p.validationLoss);
    if (p.validationLoss < best) {
      best = p.validationLoss;
      bestK_ = static_cast<int>(p.k);
    }
  }
  validation_->setData(k, v, true);
  best_->data()->clear();
  if (bestK_ > 0) best_->addData(bestK_, best);
  empty_->setVisible(k.isEmpty());
  if (!k.isEmpty()) {
    xAxis->setRange(0.5, k.back() + 0.5);
    const double pad = 0.08 * std::max(hi - lo, 1e-12 * std::abs(hi));
    yAxis->setRange(lo - pad, hi + pad);
  }
}

}  // namespace lambdascope::ui::l0
