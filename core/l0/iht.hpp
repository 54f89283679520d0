#pragma once
// Iterative hard thresholding (projected gradient onto ‖θ‖₀ ≤ k) with a safe step and
// monotone acceleration.
//
//   θ⁺ = H_k(y − ∇F(y)/L),  F = f + λ₂‖·‖²,  L ≥ Lipschitz constant of ∇F (backtracked),
//
// H_k keeping the k largest magnitudes (Blumensath & Davies 2009). The extrapolated point y
// (Nesterov momentum) is used only while it decreases F; otherwise the step restarts from θ, so
// F(θ) never increases. The final support is refitted exactly.

#include <stop_token>

#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

struct IhtOptions {
  int maxIterations = 2000;
  double relTol = 1e-10;  ///< stop when the support is stable and F decreases by less than this
  bool accelerate = true;
};

struct IhtResult {
  L0Solution solution;  ///< refitted on the final support
  int iterations = 0;
};

/// From `warm` (or θ = 0). Returns the refitted best point seen.
IhtResult iterativeHardThresholding(const L0Problem& problem, Index k, const L0Solution* warm,
                                    const IhtOptions& options = {}, std::stop_token stop = {});

}  // namespace lambdascope::l0
