#pragma once
// A penalty λ·g(B) on the p × T coefficients that acts row by row: g(B) = Σ_j g_j(B_j).
// Row-separable, so block coordinate descent over rows applies to any datafit.

#include <memory>
#include <string>

#include "core/types.hpp"

namespace lambdascope {

class MultitaskPenalty {
 public:
  virtual ~MultitaskPenalty() = default;
  virtual std::string name() const = 0;

  double lambda() const { return lambda_; }
  void setLambda(double lambda) { lambda_ = lambda; }

  /// λ·g(B).
  virtual double value(const RowMat& B) const = 0;
  /// argmin_x ‖x − v‖²/(2·step) + λ·g_j(x), in place.
  virtual void proxRow(VecRef v, double step, Index j) const = 0;
  /// Distance of −grad_j to the subdifferential of λ·g_j at row b (0 exactly at optimality).
  virtual double rowSubdiffDistance(CVecRef b, CVecRef grad, Index j) const = 0;
  /// Smallest λ for which B = 0 is optimal, given G = X̃ᵀ∇F at B = 0 (p × T).
  virtual double lambdaMax(const Mat& gradientAtZero) const = 0;
  /// Dual feasibility: the factor s ≥ 1 so that U/s is feasible, given Z = X̃ᵀU (p × T).
  virtual double dualScale(const Mat& Z) const = 0;
  /// Gap-safe screening: row j is provably 0 at the optimum, given z_j = x̃_jᵀU at a feasible
  /// dual point and margin = r·‖x̃_j‖ for a dual ball of radius r.
  virtual bool screensOut(CVecRef /*zj*/, double /*margin*/, Index /*j*/) const { return false; }

  virtual std::unique_ptr<MultitaskPenalty> clone() const = 0;

 protected:
  double lambda_ = 1.0;
};

}  // namespace lambdascope
