#include "ui/path_worker.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

namespace lambdascope::ui {

namespace {

/// Forwards core progress to the worker's signals (called on the worker thread only).
class SignalObserver final : public ProgressObserver {
 public:
  SignalObserver(PathWorker& worker, quint64 jobId, std::stop_token stop)
      : worker_(worker), jobId_(jobId), stop_(std::move(stop)) {}

  Control onPathStart(const PathGrid& grid) override {
    Q_EMIT worker_.gridReady(jobId_, grid);
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  Control onIteration(const IterationReport& report) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastIteration_ >= std::chrono::milliseconds(PathWorker::kIterationIntervalMs)) {
      lastIteration_ = now;
      Q_EMIT worker_.iterationProgress(jobId_, report);
    }
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  Control onPathPoint(const PathPoint& point) override {
    Q_EMIT worker_.pathPointReady(jobId_, point);
    ++points_;
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  int points() const { return points_; }

 private:
  PathWorker& worker_;
  quint64 jobId_;
  std::stop_token stop_;
  std::chrono::steady_clock::time_point lastIteration_{};
  int points_ = 0;
};

}  // namespace

void PathWorker::run(quint64 jobId, const PathJobRequest& request, std::stop_token stop) {
  PathJobSummary summary;
  if (stop.stop_requested()) {  // superseded while queued: nothing to do
    summary.cancelled = true;
    Q_EMIT jobFinished(jobId, summary);
    return;
  }
  SignalObserver observer(*this, jobId, stop);
  try {
    const PathResult result = computePath(request.data, request.spec, request.options, observer, stop);
    summary.cancelled = result.cancelled;
    summary.seconds = result.totalSeconds;
    summary.points = static_cast<int>(result.points.size());
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
    summary.points = observer.points();
  }
  Q_EMIT jobFinished(jobId, summary);
}

}  // namespace lambdascope::ui
