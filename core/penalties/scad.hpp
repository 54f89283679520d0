#pragma once
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// Smoothly clipped absolute deviation (Fan & Li 2001, "Variable selection via nonconcave
/// penalized likelihood and its oracle properties"), γ > 2 (their a; 3.7 suggested):
///   λ|x|                                   for |x| ≤ λ,
///   (2γλ|x| − x² − λ²) / (2(γ − 1))        for λ < |x| ≤ γλ,
///   λ²(γ + 1)/2                            beyond.
/// Non-convex: no duality gap (dualScale and conjugate throw std::logic_error); solvers stop on
/// stationarity(). The coordinate prox is continuous and single-valued when γ > 1 + step,
/// i.e. (γ − 1)·L_j > 1 for coordinate descent with step 1/L_j.
class Scad final : public Penalty {
 public:
  /// Throws std::invalid_argument unless γ > 2.
  explicit Scad(double lambda = 1.0, double gamma = 3.7);
  std::string name() const override { return "scad"; }
  PenaltyTraits traits() const override { return {true, false}; }

  double gamma() const { return gamma_; }
  /// 1/(γ − 1): the thresholding is continuous for step < γ − 1.
  double minCurvature() const override { return 1.0 / (gamma_ - 1.0); }

  double value(CVecRef w) const override;
  /// SCAD thresholding (prox::scadThreshold); the global minimiser also when step ≥ γ − 1.
  double prox1d(double v, double step, Index j) const override;
  /// Distance of −grad_j to the Fréchet subdifferential: [−λ, λ] at 0, {λ sign(w)} for
  /// 0 < |w| ≤ λ, {sign(w)(γλ − |w|)/(γ − 1)} for λ < |w| ≤ γλ, {0} beyond.
  double subdiffDistance(double wj, double gradj, Index j) const override;
  /// ‖∇f(0)‖∞: for λ at least this, 0 is stationary (and a local minimum).
  double lambdaMax(CVecRef gradientAtZero) const override;
  /// Throws std::logic_error: a non-convex penalty has no duality gap.
  double dualScale(CVecRef z) const override;
  /// Throws std::logic_error: a non-convex penalty has no duality gap.
  double conjugate(CVecRef z) const override;
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<Scad>(*this); }

 private:
  double gamma_ = 3.7;
};

}  // namespace lambdascope
