#pragma once
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Proximal Newton with working sets (glmnet's IRLS; Lee, Sun & Saunders 2014; skglm's
/// ProxNewton), for datafits that are not quadratic, such as the logistic loss.
///
/// Each outer step certifies the current point (full duality gap or stationarity), picks a
/// working set as WorkingSetCd does, and builds the second-order model of the datafit in η:
/// gᵀ(X̃d + δb) + ½Σ_i h_i (X̃d + δb)_i² with g, h the per-sample gradient and Hessian diagonal.
/// Coordinate descent on that model plus the penalty needs no exponentials (h is frozen), which is
/// where the speed comes from. The step (d, δb) is then damped by a backtracking line search on
/// the true objective (Armijo), so every outer step decreases it. Reported epochs count inner
/// passes over the working set.
class ProxNewton final : public Solver {
 public:
  /// How the Newton model is solved: Auto uses its Gram form (|ws| × |ws|, O(|ws|) per coordinate)
  /// when the working set is small enough to materialise, else the direct O(n) form.
  enum class ModelForm { Auto, Direct };
  ProxNewton() = default;
  explicit ProxNewton(ModelForm form) : form_(form) {}
  std::string name() const override { return "prox-newton"; }
  std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const override;
  SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                    const SolverOptions& options, ProgressObserver& observer,
                    std::stop_token stop) const override;

 private:
  ModelForm form_ = ModelForm::Auto;
};

}  // namespace lambdascope
