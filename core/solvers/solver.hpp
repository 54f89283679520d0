#pragma once
// Solver interface: minimise f(X̃w + b0) + λ·g(w) for one λ.

#include <optional>
#include <stop_token>
#include <string>

#include "core/datafits/datafit.hpp"
#include "core/penalties/penalty.hpp"
#include "core/progress.hpp"

namespace lambdascope {

/// What a solver works on. The datafit must have been prepared on (X, y).
struct Problem {
  const DesignMatrix& X;
  CVecRef y;
  const Datafit& datafit;
  bool fitIntercept = true;
};

struct SolverOptions {
  double stopThreshold = 1e-10;  ///< absolute value the stopping criterion must reach
  int maxEpochs = 100000;
  int checkEvery = 5;            ///< epochs between duality-gap evaluations (also after epoch 1)
  Index lambdaIndex = 0;         ///< only passed through to progress reports
};

struct SolveResult {
  Vec w;  ///< coefficients on the design's (possibly standardised) scale
  double intercept = 0.0;
  double objective = 0.0;
  double stopCriterion = 0.0;  ///< duality gap (convex models)
  int epochs = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;
};

struct WarmStart {
  Vec w;
  double intercept = 0.0;
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual std::string name() const = 0;
  /// Why this solver cannot handle the pair, or nothing when it can.
  virtual std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const = 0;
  virtual SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                            const SolverOptions& options, ProgressObserver& observer,
                            std::stop_token stop) const = 0;
};

}  // namespace lambdascope
