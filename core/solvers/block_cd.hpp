#pragma once
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Cyclic block coordinate descent for block-separable penalties (group Lasso; Tseng 2001, as in
/// skglm's GroupBCD): for each group G, w_G ← prox_{λg_G/L_G}(w_G − ∇_G f/L_G) with L_G the
/// datafit's block Lipschitz constant (exact ‖X̃_G‖² for least squares), η updated column by
/// column in O(nnz). Stops on the duality gap, checked after epoch 1 and every `checkEvery`.
class BlockCd final : public Solver {
 public:
  std::string name() const override { return "bcd"; }
  std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const override;
  SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                    const SolverOptions& options, ProgressObserver& observer,
                    std::stop_token stop) const override;
};

}  // namespace lambdascope
