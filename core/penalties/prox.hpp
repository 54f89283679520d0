#pragma once
// Proximal kernels shared by penalties (skglm's utils/prox_funcs.py), and the scalar
// non-convex penalties they minimise. Each returns argmin_x (x − v)²/(2·step) + pen(x).

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

namespace lambdascope::prox {

/// Soft thresholding: argmin_x (x − v)²/2 + t|x|.
inline double softThreshold(double v, double t) {
  if (v > t) return v - t;
  if (v < -t) return v + t;
  return 0.0;
}

/// One-sided soft thresholding: argmin_{x ≥ 0} (x − v)²/2 + t·x.
inline double positiveSoftThreshold(double v, double t) { return std::max(0.0, v - t); }

/// Elastic-net shrinkage: argmin_x (x − v)²/2 + t1|x| + t2·x²/2 = ST(v, t1)/(1 + t2),
/// or its x ≥ 0 version.
inline double elasticNetShrink(double v, double t1, double t2, bool positive = false) {
  return (positive ? positiveSoftThreshold(v, t1) : softThreshold(v, t1)) / (1.0 + t2);
}

/// Block soft thresholding: argmin_x ‖x − v‖²/2 + t‖x‖₂ = max(0, 1 − t/‖v‖)·v, in place.
template <typename Derived>
void blockSoftThreshold(Eigen::MatrixBase<Derived>& v, double t) {
  const double norm = v.norm();
  if (norm <= t) {
    v.setZero();
  } else {
    v *= 1.0 - t / norm;
  }
}

/// MCP (Zhang 2010) of one coordinate: λ|x| − x²/(2γ) for |x| ≤ γλ, γλ²/2 beyond.
double mcpValue(double x, double lambda, double gamma);

/// SCAD (Fan & Li 2001) of one coordinate: λ|x| for |x| ≤ λ,
/// (2γλ|x| − x² − λ²)/(2(γ − 1)) for λ < |x| ≤ γλ, λ²(γ + 1)/2 beyond.
double scadValue(double x, double lambda, double gamma);

/// Firm thresholding, the prox of MCP: argmin_x (x − v)²/(2·step) + mcp_{λ,γ}(x).
/// For γ > step the 1-D problem is strictly convex and this is the continuous map
/// 0 (|v| ≤ step·λ), sign(v)(|v| − step·λ)/(1 − step/γ) (|v| ≤ γλ), v (beyond).
/// For γ ≤ step it is not: the global minimiser is then 0 or sign(v)·max(|v|, γλ) (a jump).
double firmThreshold(double v, double step, double lambda, double gamma);

/// SCAD thresholding (Fan & Li 2001, eq. 2.8 with a step): argmin_x (x − v)²/(2·step) + scad(x).
/// For γ > 1 + step the 1-D problem is strictly convex and this is the continuous map
/// ST(v, step·λ) (|v| ≤ (1 + step)λ), sign(v)((γ−1)|v| − step·γλ)/(γ − 1 − step) (|v| ≤ γλ),
/// v (beyond). For γ ≤ 1 + step the global minimiser is chosen among the pieces' candidates.
double scadThreshold(double v, double step, double lambda, double gamma);

}  // namespace lambdascope::prox
