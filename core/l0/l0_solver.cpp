#include "core/l0/l0_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/l0/iht.hpp"
#include "core/l0/perspective_relaxation.hpp"
#include "core/l0/swap_search.hpp"
#include "core/path/regularization_path.hpp"

namespace lambdascope::l0 {

const char* toString(L0Method method) {
  switch (method) {
    case L0Method::Iht: return "iht";
    case L0Method::Swaps: return "swaps";
    case L0Method::Bnb: return "bnb";
  }
  return "unknown";
}

std::optional<L0Method> methodFromString(std::string_view name) {
  if (name == "iht") return L0Method::Iht;
  if (name == "swaps") return L0Method::Swaps;
  if (name == "bnb") return L0Method::Bnb;
  return std::nullopt;
}

std::vector<std::vector<Index>> lassoSupports(const Dataset& data, const L0Problem& problem, Index kMax,
                                              std::stop_token stop) {
  std::vector<std::vector<Index>> out(static_cast<std::size_t>(kMax + 1));
  ModelSpec spec;
  spec.model = problem.loss() == L0Loss::Squared ? "lasso" : "logreg";
  spec.preprocessing.fitIntercept = true;
  spec.preprocessing.standardize = problem.settings().standardize;
  spec.tol = 1e-4;  // supports only: a loose gap is enough
  PathOptions popt;
  popt.nLambdas = 100;
  popt.lambdaMinRatio = problem.loss() == L0Loss::Squared ? 1e-4 : 1e-2;
  NullObserver none;
  const PathResult path = computePath(data, spec, popt, none, stop);
  const Vec& scale = problem.columnScale();
  for (Index k = 1; k <= kMax; ++k) {
    for (const PathPoint& pt : path.points) {
      if (static_cast<Index>(pt.support.size()) < k) continue;
      std::vector<std::size_t> pos(pt.support.size());
      for (std::size_t i = 0; i < pos.size(); ++i) pos[i] = i;
      std::partial_sort(pos.begin(), pos.begin() + k, pos.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(pt.values[a] * scale[pt.support[a]]) > std::abs(pt.values[b] * scale[pt.support[b]]);
      });
      for (Index i = 0; i < k; ++i) out[static_cast<std::size_t>(k)].push_back(pt.support[pos[static_cast<std::size_t>(i)]]);
      std::sort(out[static_cast<std::size_t>(k)].begin(), out[static_cast<std::size_t>(k)].end());
      break;
    }
  }
  return out;
}

L0Solution bestHeuristic(const L0Problem& problem, Index k, const std::vector<L0Solution>& extraStarts,
                         std::string* startedFrom, std::stop_token stop) {
  L0Solution best;
  std::string bestName;
  auto consider = [&](const L0Solution& start, const char* name) {
    if (stop.stop_requested() && best.valid()) return;
    L0Solution s = swapSearch(problem, k, start, {}, stop).solution;
    if (s.objective < best.objective) {
      best = std::move(s);
      bestName = name;
    }
  };
  consider(L0Solution{{}, Vec::Zero(problem.features()), 0.0}, "greedy");
  consider(iterativeHardThresholding(problem, k, nullptr, {}, stop).solution, "iht");
  for (const L0Solution& s : extraStarts) consider(s, "warm");
  if (startedFrom) *startedFrom = bestName;
  return best;
}

void finishResult(const L0Problem& problem, L0Result& r) {
  r.objective = r.solution.objective;
  r.coef = problem.originalCoefficients(r.solution);
  r.intercept = problem.originalIntercept(r.solution);
  // A valid bound cannot exceed a feasible objective: anything above is rounding.
  r.lowerBound = std::min(r.lowerBound, r.objective);
  r.gap = relativeGap(r.objective, r.lowerBound);
  r.certified = r.gap <= kCertifiedGap;
}

L0Result solveL0(const L0Problem& problem, const Dataset* data, const L0SolveOptions& options,
                 const BnbCallback& callback, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const Index k = std::clamp<Index>(options.k, 0, problem.features());
  L0Result r;
  r.method = toString(options.method);

  std::vector<L0Solution> starts;
  if (options.lassoWarmStart && data && options.method != L0Method::Iht && k > 0) {
    const auto supports = lassoSupports(*data, problem, k, stop);
    if (!supports[static_cast<std::size_t>(k)].empty())
      starts.push_back(problem.fitSupport(supports[static_cast<std::size_t>(k)]));
  }

  if (options.method == L0Method::Iht) {
    r.solution = iterativeHardThresholding(problem, k, nullptr, {}, stop).solution;
    r.startedFrom = "zero";
  } else {
    r.solution = bestHeuristic(problem, k, starts, &r.startedFrom, stop);
  }

  if (options.method == L0Method::Bnb) {
    BnbOptions bopt;
    bopt.relGapTol = options.relGapTol;
    bopt.maxNodes = options.maxNodes;
    const double spent = std::chrono::duration<double>(Clock::now() - t0).count();
    bopt.timeLimit = std::max(0.0, options.timeLimit - spent);
    BnbResult b = branchAndBound(problem, k, &r.solution, bopt, callback, stop);
    r.solution = std::move(b.incumbent);
    r.lowerBound = b.lowerBound;
    r.rootBound = b.rootBound;
    r.nodes = b.nodes;
    r.status = bnbStatusName(b.status);
    for (BnbProgress& pr : b.trace) pr.seconds += spent;
    r.trace = std::move(b.trace);
  } else {
    PerspectiveRelaxation relaxation(problem);
    const RelaxationResult root = relaxation.root(k, options.boundRelTol, 20000, stop);
    r.rootBound = root.lowerBound;
    r.lowerBound = root.lowerBound;
    r.status = stop.stop_requested() ? "cancelled" : "heuristic";
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  finishResult(problem, r);
  return r;
}

}  // namespace lambdascope::l0
