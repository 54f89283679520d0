#pragma once
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Proximal gradient descent: ISTA, or FISTA with adaptive restart (Beck & Teboulle 2009;
/// O'Donoghue & Candès 2015), for any separable penalty.
///
/// Each iteration takes x⁺ = prox_{λg/L}(y − ∇f(y)/L) on (w, b0) jointly (the intercept's prox is
/// the identity), with L found by backtracking from the largest coordinate constant, a lower
/// bound on the global one, and doubled until f(x⁺) is below its quadratic model at y. FISTA
/// extrapolates y = x + (t_{k−1} − 1)/t_k·(x − x_prev) and restarts the momentum whenever the
/// objective goes up. Two passes over X per iteration (X̃ᵀ∇f at y, X̃x⁺); the duality gap (or
/// stationarity) is checked every `checkEvery` iterations. Reported epochs are iterations.
class ProximalGradient final : public Solver {
 public:
  explicit ProximalGradient(bool accelerated) : accelerated_(accelerated) {}
  std::string name() const override { return accelerated_ ? "fista" : "ista"; }
  std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const override;
  SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                    const SolverOptions& options, ProgressObserver& observer,
                    std::stop_token stop) const override;

 private:
  bool accelerated_;
};

}  // namespace lambdascope
