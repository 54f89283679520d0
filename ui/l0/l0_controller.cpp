#include "ui/l0/l0_controller.hpp"

#include <QDeadlineTimer>
#include <QMetaObject>

#include "ui/l0/l0_worker.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui::l0 {

namespace core = lambdascope::l0;

L0Controller::L0Controller(QObject* parent) : QObject(parent) {
  registerMetaTypes();
  registerL0MetaTypes();
  worker_ = new L0Worker;
  thread_.setObjectName(QStringLiteral("lambdascope-l0"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &L0Worker::convexReady, this, [this](quint64 id, const ConvexSupports& s) {
    if (id == current_) Q_EMIT convexReady(id, s);
  }, Qt::QueuedConnection);
  connect(worker_, &L0Worker::kPathPoint, this, [this](quint64 id, const core::KPathPoint& pt) {
    if (id == current_) Q_EMIT kPathPoint(id, pt);
  }, Qt::QueuedConnection);
  connect(worker_, &L0Worker::kPathFinished, this, [this](quint64 id, const L0JobSummary& s) {
    if (id != current_) return;
    Q_EMIT kPathFinished(id, s);
    end(id);
  }, Qt::QueuedConnection);
  connect(worker_, &L0Worker::bnbProgress, this, [this](quint64 id, const core::BnbProgress& pr) {
    if (id == current_) Q_EMIT bnbProgress(id, pr);
  }, Qt::QueuedConnection);
  connect(worker_, &L0Worker::bnbFinished, this,
          [this](quint64 id, const core::L0Result& r, const L0JobSummary& s) {
            if (id != current_) return;
            Q_EMIT bnbFinished(id, r, s);
            end(id);
          },
          Qt::QueuedConnection);
  thread_.start();
}

L0Controller::~L0Controller() {
  if (!shutdown(5000)) thread_.wait();  // a QThread must not die while it runs
}

quint64 L0Controller::begin(JobKind kind) {
  if (running_) stop_.request_stop();
  stop_ = std::stop_source();
  current_ = ++nextId_;
  kind_ = kind;
  if (!running_) {
    running_ = true;
    Q_EMIT runningChanged(true);
  }
  return current_;
}

void L0Controller::end(quint64 jobId) {
  if (jobId != current_ || !running_) return;
  running_ = false;
  Q_EMIT runningChanged(false);
}

quint64 L0Controller::startKPath(const Dataset& data, const core::L0Settings& settings,
                                 const core::KPathOptions& options) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::KPath);
  QMetaObject::invokeMethod(
      worker_,
      [w = worker_, id, data, settings, options, token = stop_.get_token()] {
        w->runKPath(id, data, settings, options, token);
      },
      Qt::QueuedConnection);
  return id;
}

quint64 L0Controller::startBnb(const Dataset& data, const core::L0Settings& settings, Index k, double timeLimit) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::Bnb);
  QMetaObject::invokeMethod(
      worker_,
      [w = worker_, id, data, settings, k, timeLimit, token = stop_.get_token()] {
        w->runBnb(id, data, settings, k, timeLimit, token);
      },
      Qt::QueuedConnection);
  return id;
}

void L0Controller::cancel() {
  if (running_) stop_.request_stop();
}

bool L0Controller::shutdown(int timeoutMs) {
  stop_.request_stop();
  thread_.quit();
  if (!thread_.isRunning()) return true;
  return thread_.wait(QDeadlineTimer(timeoutMs));
}

}  // namespace lambdascope::ui::l0
