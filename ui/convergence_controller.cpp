#include "ui/convergence_controller.hpp"

#include <QDeadlineTimer>
#include <QMetaObject>

namespace lambdascope::ui {

RaceController::RaceController(QObject* parent) : QObject(parent) {
  registerMetaTypes();
  for (int lane = 0; lane < kMaxLanes; ++lane) {
    auto* worker = new ConvergenceWorker;
    workers_[static_cast<std::size_t>(lane)] = worker;
    QThread& thread = threads_[static_cast<std::size_t>(lane)];
    thread.setObjectName(QStringLiteral("lambdascope-race-%1").arg(lane));
    worker->moveToThread(&thread);
    connect(worker, &ConvergenceWorker::pointsReady, this, &RaceController::onWorkerPoints,
            Qt::QueuedConnection);
    connect(worker, &ConvergenceWorker::laneFinished, this, &RaceController::onWorkerFinished,
            Qt::QueuedConnection);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
  }
}

RaceController::~RaceController() {
  if (!shutdown(5000))
    for (QThread& thread : threads_) thread.wait();  // a QThread must not die while it runs
}

quint64 RaceController::start(std::vector<RaceLaneRequest> lanes) {
  if (lanes.empty() || static_cast<int>(lanes.size()) > kMaxLanes) return 0;
  for (const QThread& thread : threads_)
    if (!thread.isRunning()) return 0;  // after shutdown()
  if (running_) stop_.request_stop();
  stop_ = std::stop_source();
  const quint64 id = ++nextId_;
  current_ = id;
  pendingLanes_ = static_cast<int>(lanes.size());
  anyCancelled_ = false;
  for (int lane = 0; lane < pendingLanes_; ++lane) {
    ConvergenceWorker* worker = workers_[static_cast<std::size_t>(lane)];
    QMetaObject::invokeMethod(
        worker,
        [worker, id, lane, req = std::move(lanes[static_cast<std::size_t>(lane)]),
         token = stop_.get_token()]() { worker->run(id, lane, req, token); },
        Qt::QueuedConnection);
  }
  const bool wasRunning = running_;
  running_ = true;
  Q_EMIT raceStarted(id, pendingLanes_);
  if (!wasRunning) Q_EMIT runningChanged(true);
  return id;
}

void RaceController::cancel() {
  if (running_) stop_.request_stop();
}

bool RaceController::shutdown(int timeoutMs) {
  stop_.request_stop();
  bool ok = true;
  for (QThread& thread : threads_) thread.quit();
  for (QThread& thread : threads_)
    if (thread.isRunning()) ok = thread.wait(QDeadlineTimer(timeoutMs)) && ok;
  return ok;
}

void RaceController::onWorkerPoints(quint64 raceId, int lane, const ConvergenceBatch& batch) {
  if (raceId == current_) Q_EMIT pointsReady(raceId, lane, batch);
}

void RaceController::onWorkerFinished(quint64 raceId, int lane, const RaceLaneSummary& summary) {
  if (raceId != current_ || !running_) return;  // a superseded race: its end is not news
  anyCancelled_ = anyCancelled_ || summary.cancelled || summary.failed;
  Q_EMIT laneFinished(raceId, lane, summary);
  if (--pendingLanes_ > 0) return;
  running_ = false;
  Q_EMIT raceFinished(raceId, anyCancelled_);
  Q_EMIT runningChanged(false);
}

}  // namespace lambdascope::ui
