#pragma once
#include <cmath>
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// The Lasso penalty λ‖w‖₁ (Tibshirani 1996), optionally with the constraint w ≥ 0
/// (the non-negative Lasso: λ Σ_j w_j + ι{w ≥ 0}).
class L1 final : public Penalty {
 public:
  explicit L1(double lambda = 1.0, bool positive = false) : positive_(positive) { lambda_ = lambda; }
  std::string name() const override { return "l1"; }
  PenaltyTraits traits() const override { return {true, true}; }

  bool positive() const { return positive_; }
  void setPositive(bool positive) { positive_ = positive; }

  double value(CVecRef w) const override;
  double prox1d(double v, double step, Index j) const override;
  double subdiffDistance(double wj, double gradj, Index j) const override;
  /// ‖∇f(0)‖∞; with positivity max(0, max_j −∇_j f(0)) (only a negative slope moves w_j up).
  double lambdaMax(CVecRef gradientAtZero) const override;
  /// max(1, ‖z‖∞/λ); with positivity only z_j ≤ λ is required: max(1, max_j z_j/λ).
  double dualScale(CVecRef z) const override;
  bool screensOut(double zj, double margin, Index) const override {
    return (positive_ ? zj : std::abs(zj)) + margin < lambda_;
  }
  double conjugate(CVecRef z) const override;
  bool localDerivatives(double wj, Index, double& first, double& second) const override {
    first = std::copysign(lambda_, wj);
    second = 0.0;
    return true;
  }
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<L1>(*this); }

 private:
  bool positive_ = false;
};

}  // namespace lambdascope
