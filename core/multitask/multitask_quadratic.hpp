#pragma once
#include "core/multitask/multitask_datafit.hpp"

namespace lambdascope {

/// Multitask least squares F(E) = c/2·‖Y − E‖²_F. c = 1/n is scikit-learn's MultiTaskLasso
/// scale (the default); c = 1 is the M/EEG convention (MxNE: ½‖M − GB‖²_F).
class MultitaskQuadratic final : public MultitaskDatafit {
 public:
  /// scale ≤ 0 means 1/n, fixed when prepared.
  explicit MultitaskQuadratic(double scale = 0.0) : requestedScale_(scale) {}

  std::string name() const override { return "multitask_quadratic"; }
  void prepare(const DesignMatrix& X, const Mat& Y) override;
  double value(const Mat& Y, const ShiftedMatrix& E) const override;
  void rowGradient(const DesignMatrix& X, const ShiftedMatrix& E, Index j, VecRef out) const override;
  double rowLipschitz(const DesignMatrix& X, Index j) const override { return scale_ * X.colSquaredNorm(j); }
  void sampleGradient(const Mat& Y, const ShiftedMatrix& E, Eigen::Ref<Mat> out) const override;
  double dualValue(const Mat& Y, const Mat& U) const override;
  void interceptStep(const ShiftedMatrix& E, VecRef out) const override;
  std::optional<LeastSquaresForm> leastSquares() const override { return LeastSquaresForm{&XtY_, scale_}; }
  std::unique_ptr<MultitaskDatafit> clone() const override {
    return std::make_unique<MultitaskQuadratic>(*this);
  }

  double scale() const { return scale_; }

 private:
  double requestedScale_;
  double scale_ = 1.0;
  Mat XtY_;     // X̃ᵀY (p × T): ∇_{B_j}F = c(x̃_jᵀE − x̃_jᵀY) costs one sparse product
  RowVec ySum_;  // 1ᵀY, for the exact intercept step
};

}  // namespace lambdascope
