#include "core/meeg/tf_mxne_norms.hpp"

#include <algorithm>
#include <cmath>

namespace lambdascope {

double proxTfL21L1(Complex* z, const double* c, Index n, double tauSpace, double tauTime) {
  double squared = 0.0;
  for (Index k = 0; k < n; ++k) {
    const double modulus = std::sqrt(std::norm(z[k]));  // not std::abs: hypot is slow
    if (modulus <= tauTime) {
      z[k] = 0.0;
    } else {
      z[k] *= 1.0 - tauTime / modulus;
      squared += c[k] * std::norm(z[k]);
    }
  }
  const double norm = std::sqrt(squared);
  if (norm <= tauSpace) {
    std::fill(z, z + n, Complex(0.0));
    return 0.0;
  }
  const double shrink = 1.0 - tauSpace / norm;
  for (Index k = 0; k < n; ++k) z[k] *= shrink;
  return norm - tauSpace;
}

double TfDualNorm::operator()(const Complex* z, const double* c, Index n, double rho, double cutoff) {
  double largest = 0.0;
  double squared = 0.0;
  for (Index k = 0; k < n; ++k) {
    const double a = std::norm(z[k]);
    largest = std::max(largest, a);
    squared += c[k] * a;
  }
  largest = std::sqrt(largest);
  if (rho >= 1.0) return largest;
  if (rho <= 0.0) return std::sqrt(squared);
  if (largest == 0.0) return 0.0;
  // h ≥ ρ‖·‖₁ and h ≥ (1 − ρ)‖·‖₂: the dual norm is at most max|z|/ρ and ‖z‖₂/(1 − ρ).
  const double upper = std::min(largest / rho, std::sqrt(squared) / (1.0 - rho));
  if (upper <= cutoff) return upper;

  // The root t is ≥ max|z_k| (h ≤ ‖·‖₁), so coefficients with |z_k| ≤ ρ·max never count.
  candidates_.clear();
  const double floor = rho * largest;
  for (Index k = 0; k < n; ++k) {
    const double a = std::sqrt(std::norm(z[k]));
    if (a > floor) candidates_.emplace_back(a, c[k]);
  }
  std::sort(candidates_.begin(), candidates_.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });

  // φ(t) = Σ c_k (y_k − ρt)₊² − (1 − ρ)²t² decreases from φ(0) > 0. Walk the breakpoints
  // t = y_{k+1}/ρ until φ ≥ 0 there: the root then has exactly the top k coefficients above
  // ρt, where φ is the quadratic S2 − 2ρS1·t + (ρ²W − (1 − ρ)²)t².
  const double slack = (1.0 - rho) * (1.0 - rho);
  double s1 = 0.0;  // Σ c y
  double s2 = 0.0;  // Σ c y²
  double w = 0.0;   // Σ c
  const std::size_t count = candidates_.size();
  for (std::size_t k = 0; k < count; ++k) {
    const auto [y, ck] = candidates_[k];
    s1 += ck * y;
    s2 += ck * y * y;
    w += ck;
    if (k + 1 < count) {
      const double next = candidates_[k + 1].first;
      const double phi = s2 - 2.0 * next * s1 + next * next * w - slack * next * next / (rho * rho);
      if (phi < 0.0) continue;
    }
    const double denom = rho * rho * w - slack;
    const double delta = std::max(0.0, rho * rho * s1 * s1 - s2 * denom);
    // The smaller root, written without cancellation (also right for denom ≤ 0).
    return s2 / (rho * s1 + std::sqrt(delta));
  }
  return largest;  // not reached: count ≥ 1
}

}  // namespace lambdascope
