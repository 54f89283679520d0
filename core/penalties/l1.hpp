#pragma once
#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// The Lasso penalty λ‖w‖₁.
class L1 final : public Penalty {
 public:
  explicit L1(double lambda = 1.0) { lambda_ = lambda; }
  std::string name() const override { return "l1"; }
  PenaltyTraits traits() const override { return {true, true}; }
  double value(CVecRef w) const override;
  double prox1d(double v, double step, Index j) const override;
  double subdiffDistance(double wj, double gradj, Index j) const override;
  double lambdaMax(CVecRef gradientAtZero) const override;
  double dualScale(CVecRef z) const override;
  double conjugate(CVecRef z) const override;
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<L1>(*this); }
};

}  // namespace lambdascope
