#pragma once
// The front door for one k: a heuristic (IHT or swap search, warm-started from the best of
// greedy, IHT and Lasso supports) or branch-and-bound, always with a certified lower bound.

#include <limits>
#include <stop_token>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/l0/branch_and_bound.hpp"
#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

enum class L0Method { Iht, Swaps, Bnb };
const char* toString(L0Method method);
std::optional<L0Method> methodFromString(std::string_view name);

struct L0SolveOptions {
  L0Method method = L0Method::Swaps;
  Index k = 1;
  double timeLimit = std::numeric_limits<double>::infinity();  ///< seconds (bnb)
  long long maxNodes = 50'000'000;                              ///< bnb
  double relGapTol = 1e-7;  ///< bnb target gap (the contract certifies at 1e-6)
  bool lassoWarmStart = true;  ///< seed the heuristics with Lasso supports (needs the dataset)
  double boundRelTol = 1e-9;   ///< root relaxation accuracy, relative to the null objective
};

struct L0Result {
  L0Solution solution;   ///< model scale
  Vec coef;              ///< dense, original feature scale
  double intercept = 0.0;  ///< original scale
  double objective = std::numeric_limits<double>::infinity();
  double lowerBound = -std::numeric_limits<double>::infinity();  ///< ≤ objective (clamped)
  double rootBound = -std::numeric_limits<double>::infinity();   ///< perspective relaxation at the root
  double gap = std::numeric_limits<double>::infinity();          ///< (objective − lowerBound)/objective
  long long nodes = 0;
  double seconds = 0.0;
  bool certified = false;  ///< gap ≤ kCertifiedGap
  std::string method;
  std::string status;  ///< "optimal", "time_limit", "node_limit", "cancelled", or "heuristic"
  std::string startedFrom;  ///< heuristics: which warm start won
  std::vector<BnbProgress> trace;
};

inline constexpr double kCertifiedGap = 1e-6;

/// Supports of a Lasso (least squares) or ℓ1-logistic path on the same data and scaling, one per
/// size 1..kMax where the path reaches it (the first λ with at least that many non-zeros, cut to
/// its largest model-scale magnitudes). Empty entries where the path never gets there.
std::vector<std::vector<Index>> lassoSupports(const Dataset& data, const L0Problem& problem, Index kMax,
                                              std::stop_token stop = {});

/// Best heuristic point for k from several starts (greedy, IHT, `extraStarts`), each polished by
/// swaps. `startedFrom` names the winner.
L0Solution bestHeuristic(const L0Problem& problem, Index k, const std::vector<L0Solution>& extraStarts,
                         std::string* startedFrom = nullptr, std::stop_token stop = {});

/// Fill coef/intercept/objective/gap/certified from a solution and a bound.
void finishResult(const L0Problem& problem, L0Result& result);

/// Solve for one k. `data` (the dataset the problem was built from, all rows) enables the Lasso
/// warm starts; it may be null.
L0Result solveL0(const L0Problem& problem, const Dataset* data, const L0SolveOptions& options,
                 const BnbCallback& callback = {}, std::stop_token stop = {});

}  // namespace lambdascope::l0
