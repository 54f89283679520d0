#pragma once
#include "core/datafits/datafit.hpp"

namespace lambdascope {

/// Logistic loss, y ∈ {−1, +1}: f(η) = (1/n) Σ_i s_i log(1 + exp(−y_i η_i)) (scikit-learn's
/// LogisticRegression with C = 1/(nλ); glmnet's binomial deviance / 2n); s_i = 1 unless sample
/// weights are set (rescaled to sum n).
///
/// Coordinate gradients need every sample's σ(−y_i η_i): O(n) per update on dense data, O(nnz_j)
/// on uncentred sparse columns. The dual uses the conjugate of the loss, the binary entropy.
class Logistic final : public Datafit {
 public:
  std::string name() const override { return "logistic"; }
  void prepare(const DesignMatrix&, CVecRef y) override { prepareSampleWeights(y.size()); }
  double value(CVecRef y, CVecRef eta) const override;
  double coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                            Index j) const override;
  double coordinateLipschitz(const DesignMatrix& X, Index j) const override;
  void sampleGradient(CVecRef y, CVecRef eta, VecRef out) const override;
  double blockLipschitz(const DesignMatrix& X, std::span<const Index> cols) const override {
    if (weighted()) return Datafit::blockLipschitz(X, cols);
    return 0.25 * X.blockSpectralNormSquared(cols) / static_cast<double>(X.rows());
  }
  void sampleHessianDiag(CVecRef y, CVecRef eta, VecRef out) const override;
  double dualValue(CVecRef y, CVecRef u) const override;
  double interceptStep(CVecRef y, const ShiftedVector& eta) const override;
  /// Two distinct values (e.g. 0/1, 1/2, −1/+1): the smaller becomes −1, the larger +1.
  Vec canonicalTarget(CVecRef y) const override;
  double sampleSmoothness(Index n) const override {
    return 0.25 * (weighted() ? sampleWeights_.maxCoeff() : 1.0) / static_cast<double>(n);
  }
  std::unique_ptr<Datafit> clone() const override { return std::make_unique<Logistic>(*this); }
};

}  // namespace lambdascope
