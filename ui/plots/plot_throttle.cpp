#include "ui/plots/plot_throttle.hpp"

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui {

PlotThrottle::PlotThrottle(QCustomPlot* plot, std::function<void()> sync, int intervalMs)
    : QObject(plot), plot_(plot), sync_(std::move(sync)) {
  timer_.setSingleShot(true);
  timer_.setInterval(intervalMs);
  connect(&timer_, &QTimer::timeout, this, &PlotThrottle::fire);
}

void PlotThrottle::request() {
  if (!timer_.isActive()) timer_.start();
}

void PlotThrottle::flush() {
  if (!plot_) return;
  const bool pending = timer_.isActive();
  timer_.stop();
  if (pending && sync_) sync_();
  plot_->replot(QCustomPlot::rpImmediateRefresh);
}

void PlotThrottle::fire() {
  if (!plot_) return;
  if (sync_) sync_();
  ++updates_;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace lambdascope::ui
