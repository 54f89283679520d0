#include "core/l0/k_path.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "core/l0/iht.hpp"
#include "core/l0/l0_solver.hpp"
#include "core/l0/perspective_relaxation.hpp"

namespace lambdascope::l0 {

std::string KPathOptions::validate(Index features) const {
  if (kMax < 1 || kMax > features)
    return "k_max must be between 1 and the number of features (" + std::to_string(features) + ")";
  if (!(holdoutFraction >= 0.0 && holdoutFraction < 0.9)) return "the hold-out fraction must be in [0, 0.9)";
  if (!(bnbSecondsPerK >= 0.0)) return "the branch-and-bound time per k must be >= 0";
  return {};
}

double jaccard(const std::vector<Index>& a, const std::vector<Index>& b) {
  std::vector<Index> sa = a, sb = b, inter;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(inter));
  const double uni = static_cast<double>(sa.size() + sb.size() - inter.size());
  return uni == 0.0 ? 1.0 : static_cast<double>(inter.size()) / uni;
}

MatchedSupport matchBySize(const PathResult& path, Index size) {
  MatchedSupport m;
  Index bestDistance = std::numeric_limits<Index>::max();
  for (std::size_t i = 0; i < path.points.size(); ++i) {
    const Index s = static_cast<Index>(path.points[i].support.size());
    const Index dist = std::abs(s - size);
    if (dist < bestDistance) {
      bestDistance = dist;
      m.index = static_cast<Index>(i);
      if (dist == 0) break;
    }
  }
  if (m.index >= 0) {
    const PathPoint& pt = path.points[static_cast<std::size_t>(m.index)];
    m.lambda = pt.lambda;
    m.support = pt.support;
    m.exactSize = bestDistance == 0;
  }
  return m;
}

KPathResult computeKPath(const Dataset& data, const L0Settings& settings, const KPathOptions& options,
                         const KPathCallback& onPoint, const BnbCallback& onBnb, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (auto err = options.validate(data.features()); !err.empty()) throw std::invalid_argument(err);
  const L0Problem problem(data, settings);
  KPathResult result;

  std::vector<std::vector<Index>> lasso;
  if (options.lassoWarmStarts) lasso = lassoSupports(data, problem, options.kMax, stop);

  // Hold-out split: a seeded shuffle (rows may be ordered by source).
  std::optional<L0Problem> train;
  std::vector<Index> trainRows;
  if (options.holdoutFraction > 0.0) {
    std::vector<Index> rows(static_cast<std::size_t>(data.samples()));
    std::iota(rows.begin(), rows.end(), Index{0});
    std::mt19937_64 rng(options.seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    const auto nHold = static_cast<std::size_t>(std::llround(options.holdoutFraction * static_cast<double>(rows.size())));
    result.holdoutRows.assign(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(nHold));
    trainRows.assign(rows.begin() + static_cast<std::ptrdiff_t>(nHold), rows.end());
    std::sort(result.holdoutRows.begin(), result.holdoutRows.end());
    std::sort(trainRows.begin(), trainRows.end());
    train.emplace(data, settings, trainRows);
  }

  PerspectiveRelaxation relaxation(problem);
  L0Solution previous, previousTrain;
  for (Index k = 1; k <= options.kMax; ++k) {
    if (stop.stop_requested()) {
      result.cancelled = true;
      break;
    }
    const auto tk = Clock::now();
    std::vector<L0Solution> starts;
    if (previous.valid()) {
      starts.push_back(previous);
      starts.push_back(iterativeHardThresholding(problem, k, &previous, {}, stop).solution);
    }
    if (!lasso.empty() && !lasso[static_cast<std::size_t>(k)].empty())
      starts.push_back(problem.fitSupport(lasso[static_cast<std::size_t>(k)]));
    L0Result r;
    r.solution = bestHeuristic(problem, k, starts, &r.startedFrom, stop);

    if (options.bnbSecondsPerK > 0.0) {
      BnbOptions bopt;
      bopt.timeLimit = options.bnbSecondsPerK;
      BnbResult b = branchAndBound(problem, k, &r.solution, bopt, onBnb, stop);
      r.solution = std::move(b.incumbent);
      r.lowerBound = b.lowerBound;
      r.rootBound = b.rootBound;
      r.nodes = b.nodes;
      r.status = bnbStatusName(b.status);
    } else {
      const RelaxationResult root = relaxation.root(k, options.boundRelTol, 20000, stop);
      r.lowerBound = r.rootBound = root.lowerBound;
      r.status = "heuristic";
    }
    finishResult(problem, r);

    KPathPoint pt;
    pt.k = k;
    pt.support = r.solution.support;
    for (Index j : pt.support) pt.values.push_back(r.coef[j]);
    pt.intercept = r.intercept;
    pt.objective = r.objective;
    pt.lowerBound = r.lowerBound;
    pt.rootBound = r.rootBound;
    pt.gap = r.gap;
    pt.certified = r.certified;
    pt.nodes = r.nodes;
    pt.status = r.status;
    pt.startedFrom = r.startedFrom;

    if (train) {
      std::vector<L0Solution> trainStarts;
      if (previousTrain.valid()) trainStarts.push_back(previousTrain);
      trainStarts.push_back(train->fitSupport(pt.support));  // the full-data support, refitted
      previousTrain = bestHeuristic(*train, k, trainStarts, nullptr, stop);
      pt.trainLoss = previousTrain.objective;
      pt.validationLoss = train->heldOutLoss(data, result.holdoutRows, train->originalCoefficients(previousTrain),
                                             train->originalIntercept(previousTrain));
    }
    pt.seconds = std::chrono::duration<double>(Clock::now() - tk).count();
    previous = std::move(r.solution);
    result.points.push_back(pt);
    if (onPoint && onPoint(result.points.back()) == Control::Stop) {
      result.cancelled = true;
      break;
    }
  }
  if (stop.stop_requested()) result.cancelled = true;
  result.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

}  // namespace lambdascope::l0
