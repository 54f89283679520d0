#include "ui/convergence_worker.hpp"

#include <chrono>
#include <cmath>
#include <exception>

#include "core/path/regularization_path.hpp"

namespace lambdascope::ui {

namespace {

using Clock = std::chrono::steady_clock;

/// Buffers every criterion evaluation and flushes it as a batch (worker thread only).
class BatchingObserver final : public ProgressObserver {
 public:
  BatchingObserver(ConvergenceWorker& worker, quint64 raceId, int lane, std::stop_token stop)
      : worker_(worker), raceId_(raceId), lane_(lane), stop_(std::move(stop)) {}

  Control onIteration(const IterationReport& report) override {
    threshold_ = report.threshold;
    last_ = report;
    if (std::isfinite(report.stopCriterion)) {
      pending_.points.push_back(ConvergencePoint{report.epoch, report.seconds, report.stopCriterion,
                                                 report.objective, report.workingSetSize, report.screened,
                                                 report.extrapolations});
      const auto now = Clock::now();
      if (now - lastFlush_ >= std::chrono::milliseconds(ConvergenceWorker::kBatchIntervalMs))
        flush();
    }
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  Control onPathPoint(const PathPoint& point) override {
    point_ = point;
    hasPoint_ = true;
    threshold_ = point.gapThreshold;
    // λ ≥ λ_max is answered exactly without iterating: its certificate is the whole trace.
    if (sent_ + static_cast<int>(pending_.points.size()) == 0)
      pending_.points.push_back(ConvergencePoint{point.epochs, point.seconds, point.dualityGap, point.objective});
    return Control::Continue;
  }

  void flush() {
    lastFlush_ = Clock::now();
    if (pending_.points.empty()) return;
    pending_.threshold = threshold_;
    sent_ += static_cast<int>(pending_.points.size());
    Q_EMIT worker_.pointsReady(raceId_, lane_, std::move(pending_));
    pending_ = ConvergenceBatch{};
    pending_.points.reserve(64);
  }

  int sent() const { return sent_; }
  bool hasPoint() const { return hasPoint_; }
  const PathPoint& point() const { return point_; }
  double threshold() const { return threshold_; }
  const IterationReport& lastReport() const { return last_; }

 private:
  ConvergenceWorker& worker_;
  quint64 raceId_;
  int lane_;
  std::stop_token stop_;
  ConvergenceBatch pending_;
  Clock::time_point lastFlush_ = Clock::now();
  double threshold_ = 0.0;
  int sent_ = 0;
  PathPoint point_;
  bool hasPoint_ = false;
  IterationReport last_;
};

}  // namespace

void ConvergenceWorker::run(quint64 raceId, int lane, const RaceLaneRequest& request,
                            std::stop_token stop) {
  RaceLaneSummary summary;
  if (stop.stop_requested()) {  // superseded while queued
    summary.cancelled = true;
    Q_EMIT laneFinished(raceId, lane, summary);
    return;
  }
  BatchingObserver observer(*this, raceId, lane, stop);
  try {
    PathOptions options;
    options.lambdas = {request.lambda};
    const PathResult result = computePath(request.data, request.spec, options, observer, stop);
    summary.cancelled = result.cancelled;
    if (!result.points.empty()) {
      const PathPoint& pt = result.points.front();
      summary.trivial = pt.epochs == 0 && request.lambda >= result.lambdaMax;
      summary.epochs = pt.epochs;
      summary.seconds = pt.seconds;
      summary.criterion = pt.dualityGap;
      summary.threshold = pt.gapThreshold;
      summary.termination = pt.termination;
    } else {  // cancelled inside the λ: report how far it got
      summary.epochs = observer.lastReport().epoch;
      summary.seconds = observer.lastReport().seconds;
      summary.criterion = observer.lastReport().stopCriterion;
    }
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
  }
  observer.flush();
  if (summary.threshold == 0.0) summary.threshold = observer.threshold();
  summary.points = observer.sent();
  Q_EMIT laneFinished(raceId, lane, summary);
}

}  // namespace lambdascope::ui
