#pragma once
#include "core/datafits/datafit.hpp"

namespace lambdascope {

/// Least squares at scikit-learn's scale: f(η) = ‖y − η‖² / (2n).
class Quadratic final : public Datafit {
 public:
  std::string name() const override { return "quadratic"; }
  void prepare(const DesignMatrix& X, CVecRef y) override;
  double value(CVecRef y, CVecRef eta) const override;
  double coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                            Index j) const override;
  double coordinateLipschitz(const DesignMatrix& X, Index j) const override;
  void sampleGradient(CVecRef y, CVecRef eta, VecRef out) const override;
  double blockLipschitz(const DesignMatrix& X, std::span<const Index> cols) const override {
    return 1.0 * X.blockSpectralNormSquared(cols) / static_cast<double>(X.rows());
  }
  void sampleHessianDiag(CVecRef y, CVecRef, VecRef out) const override {
    out.setConstant(1.0 / static_cast<double>(y.size()));
  }
  double dualValue(CVecRef y, CVecRef u) const override;
  double interceptStep(CVecRef y, const ShiftedVector& eta) const override;
  bool cheapSparseCentering() const override { return true; }
  bool isQuadratic() const override { return true; }
  double sampleSmoothness(Index n) const override { return 1.0 / static_cast<double>(n); }
  std::unique_ptr<Datafit> clone() const override { return std::make_unique<Quadratic>(*this); }

 private:
  Vec Xty_;  // X̃ᵀy, so ∂f/∂w_j = (x̃_jᵀη − x̃_jᵀy)/n costs one sparse dot
  double ySum_ = 0.0;
};

}  // namespace lambdascope
