#pragma once
// The hyperparameters the outer (bilevel) problem tunes: θ = log of the penalty levels.
//
//   lasso, logreg : θ = [log λ]                      penalty λ‖w‖₁
//   enet          : θ = [log λ₁, log λ₂]             penalty λ₁‖w‖₁ + λ₂/2‖w‖² (λ₁ = λρ, λ₂ = λ(1 − ρ))
//   wlasso        : θ = [log λ_j] per penalised j     penalty Σ_j λ_j|w_j| (λ_j = λω_j; ω_j = 0 stays unpenalised)
//
// Every model is a separable ℓ1 + ℓ2 penalty with per-feature ℓ1 levels, which is all the
// hypergradient code needs to know (Bertrand et al., JMLR 2022, sparse-ho's parametrisation).

#include <memory>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/penalties/penalty.hpp"

namespace lambdascope {

class HyperSpace {
 public:
  /// Throws std::invalid_argument for models without hypergradients (group, mcp, scad).
  /// wlasso without weights uses ω = 1.
  static HyperSpace forModel(const ModelSpec& spec, Index features);

  const std::string& model() const { return model_; }
  Index dimension() const { return dimension_; }
  Index features() const { return static_cast<Index>(l1Index_.size()); }
  bool positive() const { return positive_; }
  /// θ index of feature j's ℓ1 level, or −1 (unpenalised).
  Index l1Index(Index j) const { return l1Index_[static_cast<std::size_t>(j)]; }
  /// θ index of log λ₂ (enet), or −1.
  Index l2Index() const { return l2Index_; }
  /// The feature of a wlasso hyperparameter (for labels), or −1.
  Index featureOfHyper(Index k) const;

  /// θ for a common level λ = exp(logLambda) (and ρ for enet).
  Vec fromLogLambda(double logLambda, double l1Ratio = 0.5) const;
  /// The common log λ of θ: lasso θ₀; enet log(λ₁ + λ₂); wlasso the mean of log(λ_j/ω_j).
  double logLambda(const Vec& theta) const;
  /// enet: λ₁/(λ₁ + λ₂); others 1.
  double l1Ratio(const Vec& theta) const;
  /// d/dθ of any function along the common log λ (all levels scaled together) = Σ_k grad_k.
  double alongLogLambda(const Vec& grad) const { return grad.sum(); }

  /// Per-feature ℓ1 levels and the ℓ2 level at θ.
  void levels(const Vec& theta, Vec& l1, double& l2) const;
  /// The penalty at θ, for the inner solver.
  std::unique_ptr<Penalty> makePenalty(const Vec& theta) const;

  /// Names of the hyperparameters ("log_lambda", "log_lambda1", "log_lambda_<feature>", ...).
  std::vector<std::string> names(const std::vector<std::string>& featureNames) const;

 private:
  std::string model_;
  Index dimension_ = 1;
  bool positive_ = false;
  std::vector<Index> l1Index_;
  Index l2Index_ = -1;
  Vec weights_;  // wlasso ω
  std::vector<Index> hyperFeature_;
};

}  // namespace lambdascope
