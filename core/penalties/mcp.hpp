#pragma once
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// Minimax concave penalty (Zhang 2010, "Nearly unbiased variable selection under minimax
/// concave penalty"), in skglm's MCPenalty convention, γ > 1:
///   λ·g(x) = λ|x| − x²/(2γ) for |x| ≤ γλ,  γλ²/2 beyond.
/// Non-convex: no duality gap (dualScale and conjugate throw std::logic_error); solvers stop on
/// stationarity(). The coordinate prox (firm thresholding) is continuous and single-valued when
/// step < γ, i.e. γ·L_j > 1 for coordinate descent with step 1/L_j.
class Mcp final : public Penalty {
 public:
  /// Throws std::invalid_argument unless γ > 1.
  explicit Mcp(double lambda = 1.0, double gamma = 3.0);
  std::string name() const override { return "mcp"; }
  PenaltyTraits traits() const override { return {true, false}; }

  double gamma() const { return gamma_; }
  /// 1/γ: firm thresholding is continuous for step < γ.
  double minCurvature() const override { return 1.0 / gamma_; }

  double value(CVecRef w) const override;
  /// Firm thresholding (prox::firmThreshold); the global minimiser also when step ≥ γ.
  double prox1d(double v, double step, Index j) const override;
  /// Distance of −grad_j to the Fréchet subdifferential: [−λ, λ] at 0, {λ sign(w) − w/γ} for
  /// 0 < |w| ≤ γλ, {0} beyond.
  double subdiffDistance(double wj, double gradj, Index j) const override;
  /// ‖∇f(0)‖∞: for λ at least this, 0 is stationary (and a local minimum).
  double lambdaMax(CVecRef gradientAtZero) const override;
  /// Throws std::logic_error: a non-convex penalty has no duality gap.
  double dualScale(CVecRef z) const override;
  /// Throws std::logic_error: a non-convex penalty has no duality gap.
  double conjugate(CVecRef z) const override;
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<Mcp>(*this); }

 private:
  double gamma_ = 3.0;
};

}  // namespace lambdascope
