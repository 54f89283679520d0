#pragma once
#include "core/multitask/multitask_solver.hpp"

namespace lambdascope {

/// Block coordinate descent over the rows of B for any multitask datafit and row-separable
/// penalty: B_j ← prox_{λg_j/L_j}(B_j − ∇_{B_j}F/L_j), exact row minimisation for least squares
/// (MNE's MxNE BCD; Obozinski et al. 2010). With working sets (the default): an outer loop
/// evaluates the duality gap, discards rows by gap-safe screening, and picks the support plus
/// the rows farthest from optimality, max(p0, 2·|support|) in all; the inner loop runs BCD on
/// that set until its own gap is below a fraction of the outer one (celer's / skglm's scheme).
class MultitaskBcd final : public MultitaskSolver {
 public:
  struct Options {
    bool workingSets = true;
    Index initialSize = 10;   ///< p0
    double innerRatio = 0.3;  ///< inner gap target, relative to the outer gap
    bool screening = true;
  };
  MultitaskBcd() = default;
  explicit MultitaskBcd(Options options) : options_(options) {}

  std::string name() const override { return options_.workingSets ? "ws-bcd" : "bcd"; }
  MultitaskSolveResult solve(const MultitaskProblem& problem, const MultitaskPenalty& penalty,
                             const MultitaskWarmStart* warm, const SolverOptions& options,
                             ProgressObserver& observer, std::stop_token stop) const override;

 private:
  Options options_;
};

}  // namespace lambdascope
