#pragma once
// JobController: starts, cancels and restarts path jobs on one long-lived worker thread.

#include <QObject>
#include <QThread>
#include <stop_token>

#include "ui/meta_types.hpp"
#include "ui/path_worker.hpp"

namespace lambdascope::ui {

/// Lives on the UI thread and owns the worker thread (worker-object pattern). Each job gets a
/// fresh id and its own std::stop_source; starting a job while one runs requests the old one to
/// stop first (the worker runs jobs in order, and a superseded queued job returns at once).
/// Reports from the worker arrive through queued connections; only those of the current job are
/// re-emitted, so stale points never reach the models. No method waits, except shutdown().
class JobController : public QObject {
  Q_OBJECT

 public:
  explicit JobController(QObject* parent = nullptr);
  ~JobController() override;  // shutdown(); then waits for the (already stopped) job

  /// Start a job (cancelling the current one, if any); returns its id (> 0).
  quint64 start(PathJobRequest request);
  /// Ask the current job to stop. It ends with jobFinished(..., cancelled = true) and keeps the
  /// points already solved. No-op when idle.
  void cancel();

  bool isRunning() const { return running_; }
  quint64 currentJobId() const { return current_; }

  /// Stop the job and the worker thread; waits at most timeoutMs. Returns false on timeout.
  /// Only for closing the window: the one place that waits.
  bool shutdown(int timeoutMs);

 Q_SIGNALS:
  void jobStarted(quint64 jobId);
  void gridReady(quint64 jobId, lambdascope::PathGrid grid);
  void pathPointReady(quint64 jobId, lambdascope::PathPoint point);
  void iterationProgress(quint64 jobId, lambdascope::IterationReport report);
  void jobFinished(quint64 jobId, lambdascope::ui::PathJobSummary summary);
  void runningChanged(bool running);

 private Q_SLOTS:
  void onWorkerGridReady(quint64 jobId, const lambdascope::PathGrid& grid);
  void onWorkerPathPoint(quint64 jobId, const lambdascope::PathPoint& point);
  void onWorkerIteration(quint64 jobId, const lambdascope::IterationReport& report);
  void onWorkerFinished(quint64 jobId, const lambdascope::ui::PathJobSummary& summary);

 private:
  QThread thread_;
  PathWorker* worker_;  // lives in thread_; deleted there when the thread finishes
  std::stop_source stop_;
  quint64 nextId_ = 0;
  quint64 current_ = 0;
  bool running_ = false;
};

}  // namespace lambdascope::ui
