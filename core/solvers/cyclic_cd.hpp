#pragma once
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Cyclic coordinate descent for a separable penalty (Friedman, Hastie & Tibshirani 2010).
///
/// Each coordinate takes an exact proximal step w_j ← prox_{λg_j/L_j}(w_j − ∂_j f/L_j) and updates
/// the linear predictor η in O(nnz_j); the intercept takes its datafit step once per epoch. Stops
/// when the duality gap reaches `options.stopThreshold`, evaluated after epoch 1 and then every
/// `options.checkEvery` epochs.
class CyclicCd final : public Solver {
 public:
  std::string name() const override { return "cd"; }
  std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const override;
  SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                    const SolverOptions& options, ProgressObserver& observer,
                    std::stop_token stop) const override;
};

}  // namespace lambdascope
