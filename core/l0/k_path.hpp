#pragma once
// The k-path: k-sparse models for k = 1 … k_max, each warm-started from the k−1 model, from IHT
// and from the Lasso support of that size, with a certified lower bound (root perspective
// relaxation, or branch-and-bound within a time budget per k), and optionally the hold-out loss
// of the same procedure fitted on a training split. Also: matching a k-sparse support against a
// convex path's support of the same size (Jaccard agreement).

#include <functional>
#include <limits>
#include <stop_token>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/l0/branch_and_bound.hpp"
#include "core/l0/l0_problem.hpp"
#include "core/path/regularization_path.hpp"

namespace lambdascope::l0 {

struct KPathOptions {
  Index kMax = 10;
  bool lassoWarmStarts = true;
  double bnbSecondsPerK = 0.0;    ///< > 0: branch-and-bound per k within this budget; else root bound
  double holdoutFraction = 0.0;   ///< > 0: validation loss on this fraction of rows (seeded shuffle)
  unsigned seed = 42;
  double boundRelTol = 1e-9;      ///< root relaxation accuracy (relative to the null objective)
  std::string validate(Index features) const;
};

struct KPathPoint {
  Index k = 0;
  std::vector<Index> support;  ///< increasing
  std::vector<double> values;  ///< original-scale coefficients on `support`
  double intercept = 0.0;      ///< original scale
  double objective = std::numeric_limits<double>::infinity();
  double lowerBound = -std::numeric_limits<double>::infinity();
  double rootBound = -std::numeric_limits<double>::infinity();
  double gap = std::numeric_limits<double>::infinity();
  bool certified = false;
  long long nodes = 0;
  double seconds = 0.0;
  std::string status;       ///< "heuristic" (root bound) or the branch-and-bound status
  std::string startedFrom;  ///< which warm start gave the best heuristic point
  double validationLoss = std::numeric_limits<double>::quiet_NaN();  ///< mean hold-out loss
  double trainLoss = std::numeric_limits<double>::quiet_NaN();       ///< objective on the training rows
};

struct KPathResult {
  std::vector<KPathPoint> points;
  std::vector<Index> holdoutRows;  ///< the validation rows (empty without hold-out)
  double totalSeconds = 0.0;
  bool cancelled = false;
};

/// Return Control::Stop to end the path early (finished points are kept).
using KPathCallback = std::function<Control(const KPathPoint&)>;

/// Throws std::invalid_argument on invalid settings/options or data the loss cannot use.
KPathResult computeKPath(const Dataset& data, const L0Settings& settings, const KPathOptions& options,
                         const KPathCallback& onPoint = {}, const BnbCallback& onBnb = {},
                         std::stop_token stop = {});

/// |A ∩ B| / |A ∪ B| (1 for two empty sets).
double jaccard(const std::vector<Index>& a, const std::vector<Index>& b);

/// The point of a convex path whose support has exactly `size` features (the largest such λ),
/// else the one with the nearest size (ties: larger λ). index = −1 for an empty path.
struct MatchedSupport {
  Index index = -1;
  double lambda = 0.0;
  std::vector<Index> support;
  bool exactSize = false;
};
MatchedSupport matchBySize(const PathResult& path, Index size);

}  // namespace lambdascope::l0
