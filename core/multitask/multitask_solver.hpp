#pragma once
// Multitask solver interface: minimise F(X̃B + 1b0ᵀ) + λ·g(B) for one λ, B of size p × T.

#include <optional>
#include <stop_token>
#include <string>

#include "core/multitask/multitask_datafit.hpp"
#include "core/multitask/multitask_penalty.hpp"
#include "core/progress.hpp"
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// What a multitask solver works on. The datafit must have been prepared on (X, Y).
struct MultitaskProblem {
  const DesignMatrix& X;
  const Mat& Y;  ///< n × T targets
  const MultitaskDatafit& datafit;
  bool fitIntercept = true;
};

struct MultitaskSolveResult {
  RowMat B;       ///< p × T coefficients on the design's (possibly standardised) scale
  Vec intercept;  ///< T intercepts
  double objective = 0.0;
  double stopCriterion = 0.0;  ///< duality gap
  int epochs = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;
};

struct MultitaskWarmStart {
  RowMat B;
  Vec intercept;
};

class MultitaskSolver {
 public:
  virtual ~MultitaskSolver() = default;
  virtual std::string name() const = 0;
  virtual MultitaskSolveResult solve(const MultitaskProblem& problem, const MultitaskPenalty& penalty,
                                     const MultitaskWarmStart* warm, const SolverOptions& options,
                                     ProgressObserver& observer, std::stop_token stop) const = 0;
};

}  // namespace lambdascope
