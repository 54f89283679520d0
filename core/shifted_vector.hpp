#pragma once
#include "core/types.hpp"

namespace lambdascope {

/// A length-n vector stored as `base + shift·1` with the sum of `base` cached.
///
/// Solvers keep the linear predictor η = X̃w + b0 in this form: adding a centred sparse column
/// (x_j − μ_j·1)/s_j or changing the intercept then costs O(nnz_j) or O(1) instead of O(n),
/// which is what makes implicit centering of sparse data free (glmnet's offset trick).
class ShiftedVector {
 public:
  ShiftedVector() = default;
  explicit ShiftedVector(Index n) : base_(Vec::Zero(n)) {}

  Index size() const { return base_.size(); }
  const Vec& base() const { return base_; }
  double shift() const { return shift_; }
  double sum() const { return baseSum_ + shift_ * static_cast<double>(base_.size()); }

  void setZero(Index n) {
    base_.setZero(n);
    shift_ = 0.0;
    baseSum_ = 0.0;
  }
  void assign(CVecRef v) {
    base_ = v;
    shift_ = 0.0;
    baseSum_ = v.sum();
  }
  void addConstant(double c) { shift_ += c; }

  /// base += a·x for a sparse or dense column; `xSum` is the column's sum.
  template <typename Column>
  void addScaledRaw(double a, const Column& x, double xSum) {
    base_ += a * x;
    baseSum_ += a * xSum;
  }
  void addToSum(double v) { baseSum_ += v; }
  Vec& mutableBase() { return base_; }

  /// out = base + shift·1.
  void materialize(VecRef out) const { out = base_.array() + shift_; }
  Vec materialized() const { return base_.array() + shift_; }

 private:
  Vec base_;
  double shift_ = 0.0;
  double baseSum_ = 0.0;
};

}  // namespace lambdascope
