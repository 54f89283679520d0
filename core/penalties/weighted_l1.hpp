#pragma once
#include <cmath>
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// Weighted Lasso λ Σ_j ω_j |w_j| with ω_j ≥ 0 (adaptive Lasso, Zou 2006; glmnet's
/// penalty.factor; skglm's WeightedL1), optionally with w ≥ 0. ω_j = 0 leaves feature j
/// unpenalised: its prox is the identity (or max(0, ·)) and isPenalized(j) is false.
///
/// Duality gap: an unpenalised feature asks X̃_jᵀu = 0 exactly, which rescaling u cannot reach.
/// dualScale and lambdaMax therefore look at penalised features only (celer/skglm's choice):
/// the gap is a certificate only once the unpenalised gradient entries vanish, i.e. the solver
/// must project u on {X̃_Uᵀu = 0} first, as it already does for the intercept (1ᵀu = 0).
class WeightedL1 final : public Penalty {
 public:
  /// Throws std::invalid_argument unless every weight is finite and ≥ 0.
  explicit WeightedL1(Vec weights, double lambda = 1.0, bool positive = false);
  std::string name() const override { return "weighted_l1"; }
  PenaltyTraits traits() const override { return {true, true}; }

  const Vec& weights() const { return weights_; }
  bool positive() const { return positive_; }
  void setPositive(bool positive) { positive_ = positive; }

  double value(CVecRef w) const override;
  double prox1d(double v, double step, Index j) const override;
  double subdiffDistance(double wj, double gradj, Index j) const override;
  /// max over ω_j > 0 of |∇_j f(0)|/ω_j (with positivity: max(0, −∇_j f(0)/ω_j)); 0 when no
  /// feature is penalised. Unpenalised entries must already be 0 (fitted in the null model).
  double lambdaMax(CVecRef gradientAtZero) const override;
  /// max(1, max over ω_j > 0 of |z_j|/(λω_j)) (with positivity z_j instead of |z_j|).
  double dualScale(CVecRef z) const override;
  bool screensOut(double zj, double margin, Index j) const override {
    return weights_[j] > 0.0 && (positive_ ? zj : std::abs(zj)) + margin < lambda_ * weights_[j];
  }
  double conjugate(CVecRef z) const override;
  bool isPenalized(Index j) const override { return weights_[j] != 0.0; }
  bool localDerivatives(double wj, Index j, double& first, double& second) const override {
    first = std::copysign(lambda_ * weights_[j], wj);
    second = 0.0;
    return true;
  }
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<WeightedL1>(*this); }

 private:
  void checkSize(Index size, const char* what) const;

  Vec weights_;
  bool positive_ = false;
};

}  // namespace lambdascope
