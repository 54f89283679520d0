#pragma once
#include <cmath>
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// Elastic net λ(ρ‖w‖₁ + (1 − ρ)/2·‖w‖²) (Zou & Hastie 2005) in scikit-learn's parametrisation,
/// ρ = l1_ratio ∈ [0, 1]: ρ = 1 is the Lasso, ρ = 0 ridge. Optionally with w ≥ 0.
///
/// For ρ < 1 the conjugate is finite everywhere,
///   (λg)*(z) = Σ_j max(0, |z_j| − λρ)² / (2λ(1 − ρ))   (z_j instead of |z_j| with w ≥ 0),
/// so every dual point is feasible and dualScale is 1. For ρ = 1 it is exactly L1.
class ElasticNet final : public Penalty {
 public:
  /// Throws std::invalid_argument unless 0 ≤ l1Ratio ≤ 1.
  explicit ElasticNet(double lambda = 1.0, double l1Ratio = 0.5, bool positive = false);
  std::string name() const override { return "elastic_net"; }
  PenaltyTraits traits() const override { return {true, true}; }

  double l1Ratio() const { return l1Ratio_; }
  void setL1Ratio(double l1Ratio);
  bool positive() const { return positive_; }
  void setPositive(bool positive) { positive_ = positive; }

  double value(CVecRef w) const override;
  /// ST(v, step·λρ)/(1 + step·λ(1 − ρ)) (clamped at 0 with positivity).
  double prox1d(double v, double step, Index j) const override;
  double subdiffDistance(double wj, double gradj, Index j) const override;
  /// glmnet's convention ‖∇f(0)‖∞/ρ (positivity: max(0, max_j −∇_j f(0))/ρ). Ridge (ρ = 0) has
  /// no finite λ_max: throws std::invalid_argument; give the path explicit lambdas instead.
  double lambdaMax(CVecRef gradientAtZero) const override;
  /// 1 for ρ < 1 (the conjugate is finite); L1's rescaling for ρ = 1.
  double dualScale(CVecRef z) const override;
  double conjugate(CVecRef z) const override;
  bool localDerivatives(double wj, Index, double& first, double& second) const override {
    second = lambda_ * (1.0 - l1Ratio_);
    first = std::copysign(lambda_ * l1Ratio_, wj) + second * wj;
    return true;
  }
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<ElasticNet>(*this); }

 private:
  double l1Ratio_ = 0.5;
  bool positive_ = false;
};

}  // namespace lambdascope
