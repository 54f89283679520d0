#include "core/selection/cross_validation.hpp"

#include <tbb/task_group.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/selection/row_subset.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Scores each solved point of one fold on its validation rows.
class FoldScorer final : public ProgressObserver {
 public:
  FoldScorer(int fold, const FeatureStorage& validationX, const Vec& validationY, ValidationLoss loss,
             Mat& foldLoss, CvObserver& observer, std::atomic<bool>& stopAll)
      : fold_(fold), X_(validationX), y_(validationY), loss_(loss), foldLoss_(foldLoss),
        observer_(observer), stopAll_(stopAll) {}

  Control onIteration(const IterationReport&) override {
    return stopAll_.load(std::memory_order_relaxed) ? Control::Stop : Control::Continue;
  }
  Control onPathPoint(const PathPoint& pt) override {
    const Vec eta = linearPredictor(X_, pt.support, pt.values, pt.intercept);
    const double value = meanValidationLoss(loss_, y_, eta);
    foldLoss_(fold_, pt.index) = value;  // each fold writes its own row only
    if (observer_.onFoldPoint(fold_, pt.index, value) == Control::Stop) stopAll_.store(true);
    return stopAll_.load(std::memory_order_relaxed) ? Control::Stop : Control::Continue;
  }

 private:
  int fold_;
  const FeatureStorage& X_;
  const Vec& y_;
  ValidationLoss loss_;
  Mat& foldLoss_;
  CvObserver& observer_;
  std::atomic<bool>& stopAll_;
};

class FullForwarder final : public ProgressObserver {
 public:
  FullForwarder(CvObserver& observer, std::atomic<bool>& stopAll) : observer_(observer), stopAll_(stopAll) {}
  Control onIteration(const IterationReport&) override {
    return stopAll_.load(std::memory_order_relaxed) ? Control::Stop : Control::Continue;
  }
  Control onPathPoint(const PathPoint& pt) override {
    if (observer_.onFullPoint(pt) == Control::Stop) stopAll_.store(true);
    return stopAll_.load(std::memory_order_relaxed) ? Control::Stop : Control::Continue;
  }

 private:
  CvObserver& observer_;
  std::atomic<bool>& stopAll_;
};
}  // namespace

ValidationLoss defaultValidationLoss(const ModelSpec& spec) {
  return spec.model == "logreg" ? ValidationLoss::Deviance : ValidationLoss::Mse;
}

const PathPoint* CvResult::refitAtMin() const {
  if (indexMin < 0) return nullptr;
  for (const PathPoint& p : full.points)
    if (p.index == indexMin) return &p;
  return nullptr;
}

void summarizeCv(CvResult& r) {
  const Index k = r.foldLoss.rows();
  const Index nl = r.foldLoss.cols();
  r.mean.assign(static_cast<std::size_t>(nl), kNaN);
  r.se.assign(static_cast<std::size_t>(nl), kNaN);
  r.indexMin = r.index1se = -1;
  for (Index c = 0; c < nl; ++c) {
    if (!r.foldLoss.col(c).allFinite()) continue;
    const double mean = r.foldLoss.col(c).mean();
    double ss = 0.0;
    for (Index f = 0; f < k; ++f) ss += (r.foldLoss(f, c) - mean) * (r.foldLoss(f, c) - mean);
    r.mean[static_cast<std::size_t>(c)] = mean;
    r.se[static_cast<std::size_t>(c)] = k > 1 ? std::sqrt(ss / static_cast<double>(k - 1)) / std::sqrt(static_cast<double>(k)) : kNaN;
  }
  // glmnet: λ_min = max{λ : cvm(λ) ≤ min cvm}; λ_1se = max{λ : cvm(λ) ≤ cvm(λ_min) + cvsd(λ_min)}.
  double best = std::numeric_limits<double>::infinity();
  for (Index c = 0; c < nl; ++c)
    if (std::isfinite(r.mean[static_cast<std::size_t>(c)])) best = std::min(best, r.mean[static_cast<std::size_t>(c)]);
  for (Index c = 0; c < nl; ++c) {
    const double m = r.mean[static_cast<std::size_t>(c)];
    if (std::isfinite(m) && m <= best && (r.indexMin < 0 || r.lambdas[static_cast<std::size_t>(c)] > r.lambdas[static_cast<std::size_t>(r.indexMin)]))
      r.indexMin = c;
  }
  if (r.indexMin < 0) return;
  const double seMin = r.se[static_cast<std::size_t>(r.indexMin)];
  const double bound = best + (std::isfinite(seMin) ? seMin : 0.0);
  for (Index c = 0; c < nl; ++c) {
    const double m = r.mean[static_cast<std::size_t>(c)];
    if (std::isfinite(m) && m <= bound && (r.index1se < 0 || r.lambdas[static_cast<std::size_t>(c)] > r.lambdas[static_cast<std::size_t>(r.index1se)]))
      r.index1se = c;
  }
  r.lambdaMin = r.lambdas[static_cast<std::size_t>(r.indexMin)];
  r.lambda1se = r.lambdas[static_cast<std::size_t>(r.index1se)];
}

CvResult crossValidate(const Dataset& data, const ModelSpec& spec, const PathOptions& grid,
                       const CvOptions& options, CvObserver& observer, std::stop_token stop) {
  if (auto err = spec.validate(); !err.empty()) throw std::invalid_argument(err);
  if (auto err = grid.validate(); !err.empty()) throw std::invalid_argument(err);
  const auto t0 = Clock::now();
  CvResult result;
  result.loss = options.loss.value_or(defaultValidationLoss(spec));
  if (result.loss != ValidationLoss::Mse && spec.model != "logreg")
    throw std::invalid_argument(std::string("the ") + toString(result.loss) +
                                " loss is for the logistic model; least-squares models are scored by mse");
  if (result.loss == ValidationLoss::Mse && spec.model == "logreg")
    throw std::invalid_argument("the logistic model is scored by deviance or misclassification, not mse");

  // The target in the datafit's coding, once for all folds (a fold may miss a class value).
  const Model model = makeModel(spec, data.features());
  const Vec y = model.datafit->canonicalTarget(data.target());
  const Index n = data.samples();
  result.folds = options.folds.empty() ? makeFolds(n, options.nFolds, options.scheme, options.seed, &y)
                                       : options.folds;
  const int k = static_cast<int>(result.folds.size());
  if (k < 2) throw std::invalid_argument("cross-validation needs at least 2 folds");
  const std::vector<Split> splits = foldSplits(n, result.folds);
  for (const Split& s : splits)
    if (s.train.empty() || s.validation.empty()) throw std::invalid_argument("every fold needs training and validation rows");

  // The full-data grid: λ_max from a one-point path (one gradient: λ_max is solved exactly).
  NullObserver none;
  PathOptions one;
  one.nLambdas = 1;
  if (grid.lambdas.empty()) {
    result.lambdaMax = computePath(data, spec, one, none, stop).lambdaMax;
    if (!(result.lambdaMax > 0.0)) throw std::invalid_argument("lambda_max is 0: give explicit lambdas");
    result.lambdas = geometricGrid(result.lambdaMax, grid.nLambdas, grid.lambdaMinRatio);
  } else {
    result.lambdas = grid.lambdas;
  }
  PathOptions fixed;
  fixed.lambdas = result.lambdas;
  const auto nl = static_cast<Index>(result.lambdas.size());
  result.foldLoss = Mat::Constant(k, nl, kNaN);
  result.foldSeconds.assign(static_cast<std::size_t>(k), 0.0);
  observer.onGrid(result.lambdas, result.lambdaMax, k);

  std::atomic<bool> stopAll{false};
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(k) + 1);
  std::vector<char> foldCancelled(static_cast<std::size_t>(k) + 1, 0);
  auto runFold = [&](int f) {
    // A fold that had not started when the CV was stopped has nothing to contribute: skip its
    // set-up (row copies, centring) so the stop is not delayed by up to k set-ups queued behind it.
    if (stop.stop_requested() || stopAll.load()) {
      foldCancelled[static_cast<std::size_t>(f)] = 1;
      return;
    }
    try {
      const auto tf = Clock::now();
      // The fold's rows are copied inside its task: the copies run in parallel, and only the
      // folds in flight hold one (not k copies of X at once).
      const Split& s = splits[static_cast<std::size_t>(f)];
      const Dataset train = subsetRows(data, y, s.train);
      const FeatureStorage validationX = subsetStorage(*data.storage(), s.validation);
      const Vec validationY = gatherRows(y, s.validation);
      FoldScorer scorer(f, validationX, validationY, result.loss, result.foldLoss, observer, stopAll);
      const PathResult path = computePath(train, spec, fixed, scorer, stop);
      foldCancelled[static_cast<std::size_t>(f)] = path.cancelled ? 1 : 0;
      result.foldSeconds[static_cast<std::size_t>(f)] = std::chrono::duration<double>(Clock::now() - tf).count();
      observer.onFoldFinished(f, result.foldSeconds[static_cast<std::size_t>(f)]);
    } catch (...) {
      errors[static_cast<std::size_t>(f)] = std::current_exception();
      stopAll.store(true);
    }
  };
  auto runFull = [&] {
    try {
      FullForwarder forward(observer, stopAll);
      result.full = computePath(data, spec, fixed, forward, stop);
      foldCancelled[static_cast<std::size_t>(k)] = result.full.cancelled ? 1 : 0;
    } catch (...) {
      errors[static_cast<std::size_t>(k)] = std::current_exception();
      stopAll.store(true);
    }
  };
  if (options.parallel) {
    tbb::task_group group;
    for (int f = 0; f < k; ++f) group.run([&runFold, f] { runFold(f); });
    group.run(runFull);
    group.wait();
  } else {
    for (int f = 0; f < k; ++f) runFold(f);
    runFull();
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  for (const char c : foldCancelled) result.cancelled = result.cancelled || c != 0;
  result.cancelled = result.cancelled || stopAll.load() || stop.stop_requested();
  if (result.lambdaMax == 0.0) result.lambdaMax = result.full.lambdaMax;
  summarizeCv(result);
  result.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

}  // namespace lambdascope
