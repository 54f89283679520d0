#include "ui/selection/selection_worker.hpp"

#include <QMetaType>
#include <chrono>
#include <cmath>
#include <mutex>

#include "core/selection/hyper_cancelled.hpp"

namespace lambdascope::ui {

namespace {
using Clock = std::chrono::steady_clock;

/// Collects fold losses from TBB threads and flushes them as one queued signal per ~40 ms.
class FoldBatcher final : public CvObserver {
 public:
  FoldBatcher(SelectionWorker& worker, quint64 id, std::stop_token stop) : worker_(worker), id_(id), stop_(std::move(stop)) {}
  void onGrid(const std::vector<double>& lambdas, double, int folds) override {
    Q_EMIT worker_.cvGridReady(id_, lambdas, folds);
  }
  Control onFoldPoint(int fold, Index k, double loss) override {
    std::lock_guard lock(mutex_);
    pending_.push_back({fold, static_cast<int>(k), loss});
    if (Clock::now() - last_ >= std::chrono::milliseconds(SelectionWorker::kBatchIntervalMs)) flushLocked();
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }
  void flush() {
    std::lock_guard lock(mutex_);
    flushLocked();
  }

 private:
  void flushLocked() {
    last_ = Clock::now();
    if (pending_.empty()) return;
    Q_EMIT worker_.foldLosses(id_, std::move(pending_));
    pending_.clear();
  }
  SelectionWorker& worker_;
  quint64 id_;
  std::stop_token stop_;
  std::mutex mutex_;
  std::vector<FoldLossPoint> pending_;
  Clock::time_point last_ = Clock::now();
};

/// Forwards every evaluation of one series (they are few: each is a whole inner solve).
class StepForwarder final : public HpoObserver {
 public:
  StepForwarder(SelectionWorker& worker, quint64 id, HpoSeries series, std::stop_token stop)
      : worker_(worker), id_(id), series_(series), stop_(std::move(stop)) {}
  Control onStep(const HpoStep& step) override {
    Q_EMIT worker_.hpoStep(id_, static_cast<int>(series_), step);
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

 private:
  SelectionWorker& worker_;
  quint64 id_;
  HpoSeries series_;
  std::stop_token stop_;
};
}  // namespace

void registerSelectionMetaTypes() {
  qRegisterMetaType<lambdascope::HpoStep>();
  qRegisterMetaType<FoldLossPoint>();
  qRegisterMetaType<std::vector<FoldLossPoint>>();
  qRegisterMetaType<MapCell>();
  qRegisterMetaType<SelectionSummary>();
  qRegisterMetaType<std::vector<double>>();
}

void SelectionWorker::run(quint64 id, const SelectionRequest& req, std::stop_token stop) {
  SelectionSummary summary;
  const auto t0 = Clock::now();
  if (stop.stop_requested()) {
    summary.cancelled = true;
    Q_EMIT finished(id, summary);
    return;
  }
  try {
    if (req.kind == SelectionRequest::Kind::Cv) {
      FoldBatcher batcher(*this, id, stop);
      auto result = std::make_shared<CvResult>(crossValidate(req.data, req.spec, req.grid, req.cv, batcher, stop));
      batcher.flush();
      summary.cancelled = result->cancelled;
      summary.lambdaMax = result->lambdaMax;
      summary.cv = std::move(result);
    } else {
      BilevelCriterion criterion(req.data, req.spec, req.criterion);
      summary.lambdaMax = criterion.lambdaMax();
      summary.hyperNames = criterion.space().names(req.data.featureNames());
      Q_EMIT hpoBoxReady(id, criterion.lambdaMax(), req.hpo.lowRatio);
      const double init = std::isfinite(req.initLogLambda) ? req.initLogLambda : std::log(0.1 * criterion.lambdaMax());
      const Vec theta0 = criterion.space().fromLogLambda(init, req.spec.l1Ratio);
      bool cancelled = false;
      if (req.baselines) {
        HpoOptions grid = req.hpo;
        grid.optimizer = OuterOptimizer::Grid;
        grid.maxOuter = req.baselinePoints;
        StepForwarder forward(*this, id, HpoSeries::Grid, stop);
        cancelled = runHpo(criterion, theta0, grid, forward, stop).cancelled;
      }
      if (!cancelled && req.spec.model == "enet") {
        // The criterion over (log λ, ρ), rows of decreasing λ so warm starts follow each row.
        Vec lo, hi;
        hyperBox(criterion, 1e-3, lo, hi);
        const double top = std::log(criterion.lambdaMax());
        const double bottom = top + std::log(1e-3);
        for (int r = 0; r < req.mapRatios && !cancelled; ++r) {
          const double rho = 0.05 + 0.9 * r / std::max(1, req.mapRatios - 1);
          criterion.resetWarmStarts();
          for (int c = 0; c < req.mapLambdas; ++c) {
            if (stop.stop_requested()) {
              cancelled = true;
              break;
            }
            const double v = top + (bottom - top) * c / std::max(1, req.mapLambdas - 1);
            const HyperEvaluation e = criterion.value(criterion.space().fromLogLambda(v, rho), req.hpo.inner, stop);
            Q_EMIT mapCell(id, MapCell{v, rho, e.value});
          }
        }
      }
      if (!cancelled) {
        criterion.resetWarmStarts();
        StepForwarder forward(*this, id, HpoSeries::Optimizer, stop);
        auto result = std::make_shared<HpoResult>(runHpo(criterion, theta0, req.hpo, forward, stop));
        cancelled = result->cancelled;
        summary.hpo = std::move(result);
      }
      if (!cancelled && req.baselines) {
        criterion.resetWarmStarts();
        HpoOptions random = req.hpo;
        random.optimizer = OuterOptimizer::Random;
        random.maxOuter = req.baselinePoints;
        StepForwarder forward(*this, id, HpoSeries::Random, stop);
        cancelled = runHpo(criterion, theta0, random, forward, stop).cancelled;
      }
      summary.cancelled = cancelled;
    }
  } catch (const HyperCancelled&) {
    summary.cancelled = true;
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Q_EMIT finished(id, summary);
}

}  // namespace lambdascope::ui
