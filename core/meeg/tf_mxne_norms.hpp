#pragma once
// The TF-MxNE penalty h(z) = α_space‖z‖₂ + α_time‖z‖₁ on one source's STFT coefficients (norms
// weighted by the Hermitian multiplicities c_k, see stft.hpp): its proximal operator and the
// dual norm of its L21+L1 mixture, which sizes the dual point of the duality gap and α_max.

#include <utility>
#include <vector>

#include "core/meeg/stft.hpp"

namespace lambdascope {

/// z ← argmin_u ½‖u − z‖² + τ_space‖u‖₂ + τ_time‖u‖₁ over n complex coefficients (c-weighted
/// norms): each coefficient's modulus is soft-thresholded by τ_time, then the whole block is
/// shrunk towards 0 by τ_space. Returns ‖u‖₂ (0 when the block is zeroed).
double proxTfL21L1(Complex* z, const double* c, Index n, double tauSpace, double tauTime);

/// Dual norm of the mixture (1 − ρ)‖·‖₂ + ρ‖·‖₁, with the same weights, evaluated on the
/// moduli of z: the t ≥ 0 solving Σ_k c_k (|z_k| − ρt)₊² = (1 − ρ)² t² (Burdakov & Merkulov's
/// ε-norm; MNE's norm_epsilon). ρ = 0 gives ‖z‖₂, ρ = 1 gives max |z_k|.
class TfDualNorm {
 public:
  /// Reserves scratch for n coefficients.
  explicit TfDualNorm(Index n = 0) { candidates_.reserve(static_cast<std::size_t>(n)); }

  /// The exact value, unless an upper bound is already ≤ `cutoff`: then that bound is returned
  /// (the caller only needs to know the value does not exceed the cutoff).
  double operator()(const Complex* z, const double* c, Index n, double rho, double cutoff = -1.0);

 private:
  std::vector<std::pair<double, double>> candidates_;  // (|z_k|, c_k)
};

}  // namespace lambdascope
