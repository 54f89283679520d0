#pragma once
// PlotThrottle: coalesces redraw requests into at most one replot per interval.

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

class QCustomPlot;

namespace lambdascope::ui {

/// request() starts a single-shot timer unless it already runs (PlotJuggler's _replot_timer);
/// when it fires, `sync` moves new data into the plot and replot(rpQueuedReplot) merges with any
/// other pending replot. So however fast points arrive, a plot redraws at most 1000/intervalMs
/// times a second, and the last request is never lost.
class PlotThrottle : public QObject {
  Q_OBJECT

 public:
  static constexpr int kDefaultIntervalMs = 40;  // ≤ 25 redraws per second

  PlotThrottle(QCustomPlot* plot, std::function<void()> sync, int intervalMs = kDefaultIntervalMs);

  void request();
  /// Run a pending update now and replot immediately (before a screenshot or an export).
  void flush();
  bool isPending() const { return timer_.isActive(); }
  int updateCount() const { return updates_; }  ///< replots issued so far (tests, diagnostics)

 private:
  void fire();

  QPointer<QCustomPlot> plot_;
  std::function<void()> sync_;
  QTimer timer_;
  int updates_ = 0;
};

}  // namespace lambdascope::ui
