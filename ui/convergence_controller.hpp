#pragma once
// RaceController: runs a solver race (one or two solvers on the same λ), one worker thread per
// lane, so both traces grow at the same time.

#include <QObject>
#include <QThread>
#include <array>
#include <stop_token>
#include <vector>

#include "ui/convergence_worker.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// Lives on the UI thread and owns kMaxLanes long-lived worker threads (worker-object pattern,
/// like JobController). Each race gets a fresh id and one std::stop_source shared by its lanes;
/// starting a race while one runs stops the old one first (its lanes end at their next report,
/// and the new lanes are queued behind them). Batches and lane ends arrive through queued
/// connections; those of superseded races are dropped here. No method waits, except shutdown().
class RaceController : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxLanes = 2;

  explicit RaceController(QObject* parent = nullptr);
  ~RaceController() override;

  /// Start a race with 1 or kMaxLanes lanes (cancelling the current race); returns its id (> 0),
  /// or 0 when there is no lane or after shutdown().
  quint64 start(std::vector<RaceLaneRequest> lanes);
  /// Ask the current race to stop; it ends with raceFinished(id, true). No-op when idle.
  void cancel();

  bool isRunning() const { return running_; }
  quint64 currentRaceId() const { return current_; }

  /// Stop the race and the threads; waits at most timeoutMs each. Only for closing the window.
  bool shutdown(int timeoutMs);

 Q_SIGNALS:
  void raceStarted(quint64 raceId, int lanes);
  void pointsReady(quint64 raceId, int lane, lambdascope::ui::ConvergenceBatch batch);
  void laneFinished(quint64 raceId, int lane, lambdascope::ui::RaceLaneSummary summary);
  /// Every lane has finished; cancelled when the race was stopped (or a lane failed).
  void raceFinished(quint64 raceId, bool cancelled);
  void runningChanged(bool running);

 private Q_SLOTS:
  void onWorkerPoints(quint64 raceId, int lane, const lambdascope::ui::ConvergenceBatch& batch);
  void onWorkerFinished(quint64 raceId, int lane, const lambdascope::ui::RaceLaneSummary& summary);

 private:
  std::array<QThread, kMaxLanes> threads_;
  std::array<ConvergenceWorker*, kMaxLanes> workers_{};
  std::stop_source stop_;
  quint64 nextId_ = 0;
  quint64 current_ = 0;
  int pendingLanes_ = 0;
  bool anyCancelled_ = false;
  bool running_ = false;
};

}  // namespace lambdascope::ui
