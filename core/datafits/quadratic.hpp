#pragma once
#include "core/datafits/datafit.hpp"

namespace lambdascope {

/// Least squares at scikit-learn's scale: f(η) = ‖y − η‖² / (2n), or Σ s_i (y_i − η_i)² / (2n)
/// with sample weights (rescaled to sum n).
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
    if (weighted()) return Datafit::blockLipschitz(X, cols);
    return 1.0 * X.blockSpectralNormSquared(cols) / static_cast<double>(X.rows());
  }
  void sampleHessianDiag(CVecRef y, CVecRef, VecRef out) const override {
    if (weighted()) out = sampleWeights_ / static_cast<double>(y.size());
    else out.setConstant(1.0 / static_cast<double>(y.size()));
  }
  double dualValue(CVecRef y, CVecRef u) const override;
  double interceptStep(CVecRef y, const ShiftedVector& eta) const override;
  // Weighted: the gradient is not affine in η with a constant slope, so no O(nnz) centring.
  bool cheapSparseCentering() const override { return !weighted(); }
  bool isQuadratic() const override { return true; }
  double sampleSmoothness(Index n) const override {
    return (weighted() ? sampleWeights_.maxCoeff() : 1.0) / static_cast<double>(n);
  }
  std::unique_ptr<Datafit> clone() const override { return std::make_unique<Quadratic>(*this); }

 private:
  Vec Xty_;  // X̃ᵀy, so ∂f/∂w_j = (x̃_jᵀη − x̃_jᵀy)/n costs one sparse dot
  double ySum_ = 0.0;
  Vec lipschitz_;  // weighted: Σ_i s_i x̃_ij² / n
};

}  // namespace lambdascope
