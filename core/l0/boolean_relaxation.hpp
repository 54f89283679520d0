#pragma once
// The Boolean relaxation (Pilanci, Wainwright & El Ghaoui 2015), an independent formulation of
// the same convex relaxation, used to check the perspective bounds.
//
//   V(z) = min_{θ,θ0} f(X̃θ + θ0) + λ₂ Σ_j θ_j²/z_j,   relaxation = min { V(z) : z ∈ [0,1]^p, Σz ≤ k }.
//
// V is convex in z (a supremum of affine functions of z in its dual form) with
// ∂V/∂z_j = −(x̃_jᵀu)²/(4λ₂), u = −∇f at the inner optimum. V(z) is evaluated by a ridge
// regression on X̃·diag(√z) (θ = √z ∘ w), solved from X̃ directly — no Gram matrix, no prox —
// and z is optimised by accelerated projected gradient. Convexity gives the lower bound
// V(z) + min_{s ∈ Z} ∇V(z)ᵀ(s − z) (the Frank–Wolfe gap) at every z.

#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

struct BooleanRelaxationResult {
  double upperBound = 0.0;  ///< smallest V(z) seen (≥ the relaxation's optimum)
  double lowerBound = 0.0;  ///< largest Frank–Wolfe bound seen (≤ the relaxation's optimum)
  Vec z;
  int iterations = 0;
};

/// Requires λ₂ > 0. Stops when upper − lower ≤ relTol·|upper| or after maxIterations.
BooleanRelaxationResult solveBooleanRelaxation(const L0Problem& problem, Index k, int maxIterations = 5000,
                                               double relTol = 1e-10);

/// V(z) and its gradient (exposed for tests).
double booleanValue(const L0Problem& problem, const Vec& z, Vec* gradient);

}  // namespace lambdascope::l0
