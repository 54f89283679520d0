#pragma once
// The scalar pieces of the logistic loss, stable on both tails. Shared by the logistic datafit,
// the k-sparse problems and the validation losses.

#include <algorithm>
#include <cmath>

namespace lambdascope {

/// log(1 + exp(−t)) without overflow.
inline double logLoss(double t) { return std::max(-t, 0.0) + std::log1p(std::exp(-std::abs(t))); }

/// σ(t) = 1/(1 + exp(−t)), without overflow.
inline double sigmoid(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}

}  // namespace lambdascope
