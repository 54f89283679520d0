#include "ui/job_controller.hpp"

#include <QDeadlineTimer>
#include <QMetaObject>

namespace lambdascope::ui {

void registerMetaTypes() {
  qRegisterMetaType<lambdascope::PathPoint>("lambdascope::PathPoint");
  qRegisterMetaType<lambdascope::IterationReport>("lambdascope::IterationReport");
  qRegisterMetaType<lambdascope::Dataset>("lambdascope::Dataset");
  qRegisterMetaType<lambdascope::PathGrid>("lambdascope::PathGrid");
  qRegisterMetaType<lambdascope::ui::PathJobSummary>("lambdascope::ui::PathJobSummary");
  qRegisterMetaType<lambdascope::ui::ConvergenceBatch>("lambdascope::ui::ConvergenceBatch");
  qRegisterMetaType<lambdascope::ui::RaceLaneSummary>("lambdascope::ui::RaceLaneSummary");
}

JobController::JobController(QObject* parent) : QObject(parent), worker_(new PathWorker) {
  registerMetaTypes();
  thread_.setObjectName(QStringLiteral("lambdascope-path-worker"));
  worker_->moveToThread(&thread_);
  // Worker → controller: the worker emits on its thread, the controller lives here: queued.
  connect(worker_, &PathWorker::gridReady, this, &JobController::onWorkerGridReady,
          Qt::QueuedConnection);
  connect(worker_, &PathWorker::pathPointReady, this, &JobController::onWorkerPathPoint,
          Qt::QueuedConnection);
  connect(worker_, &PathWorker::iterationProgress, this, &JobController::onWorkerIteration,
          Qt::QueuedConnection);
  connect(worker_, &PathWorker::jobFinished, this, &JobController::onWorkerFinished,
          Qt::QueuedConnection);
  // QThread deletes deferred-deleted objects of its own as it finishes.
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

JobController::~JobController() {
  if (!shutdown(5000)) {
    // The stop is requested and the solver polls its token every few coordinates; a QThread
    // must not be destroyed while it runs, so wait for it to notice.
    thread_.wait();
  }
}

quint64 JobController::start(PathJobRequest request) {
  if (!thread_.isRunning()) return 0;  // after shutdown()
  if (running_) stop_.request_stop();  // the old job ends (cancelled) before the new one starts
  stop_ = std::stop_source();
  const quint64 id = ++nextId_;
  current_ = id;
  QMetaObject::invokeMethod(
      worker_,
      [worker = worker_, id, req = std::move(request), token = stop_.get_token()]() {
        worker->run(id, req, token);
      },
      Qt::QueuedConnection);
  const bool wasRunning = running_;
  running_ = true;
  Q_EMIT jobStarted(id);
  if (!wasRunning) Q_EMIT runningChanged(true);
  return id;
}

void JobController::cancel() {
  if (running_) stop_.request_stop();
}

bool JobController::shutdown(int timeoutMs) {
  stop_.request_stop();
  if (thread_.isRunning()) {
    thread_.quit();
    return thread_.wait(QDeadlineTimer(timeoutMs));
  }
  return true;
}

void JobController::onWorkerGridReady(quint64 jobId, const PathGrid& grid) {
  if (jobId == current_) Q_EMIT gridReady(jobId, grid);
}

void JobController::onWorkerPathPoint(quint64 jobId, const PathPoint& point) {
  if (jobId == current_) Q_EMIT pathPointReady(jobId, point);
}

void JobController::onWorkerIteration(quint64 jobId, const IterationReport& report) {
  if (jobId == current_) Q_EMIT iterationProgress(jobId, report);
}

void JobController::onWorkerFinished(quint64 jobId, const PathJobSummary& summary) {
  if (jobId != current_) return;  // a superseded job: its end is not news
  running_ = false;
  Q_EMIT jobFinished(jobId, summary);
  Q_EMIT runningChanged(false);
}

}  // namespace lambdascope::ui
