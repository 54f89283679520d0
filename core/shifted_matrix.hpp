#pragma once
#include "core/types.hpp"

namespace lambdascope {

using RowVec = Eigen::RowVectorXd;

/// An n × T matrix stored as `base + 1·shiftᵀ` with the column sums of `base` cached: the
/// multitask twin of ShiftedVector. Solvers keep the predictor E = X̃B + 1b0ᵀ in this form so
/// that a centred sparse column costs O(nnz_j·T) per update instead of O(n·T).
class ShiftedMatrix {
 public:
  ShiftedMatrix() = default;
  ShiftedMatrix(Index n, Index tasks) : base_(Mat::Zero(n, tasks)), shift_(RowVec::Zero(tasks)),
                                        baseSum_(RowVec::Zero(tasks)) {}

  Index rows() const { return base_.rows(); }
  Index cols() const { return base_.cols(); }
  const Mat& base() const { return base_; }
  const RowVec& shift() const { return shift_; }
  const RowVec& baseSum() const { return baseSum_; }
  /// Column sums of the whole matrix.
  RowVec sum() const { return baseSum_ + static_cast<double>(base_.rows()) * shift_; }

  void addConstantRow(const RowVec& c) { shift_ += c; }
  Mat& mutableBase() { return base_; }
  void addToSum(const RowVec& v) { baseSum_ += v; }

  /// out = base + 1·shiftᵀ.
  void materialize(Eigen::Ref<Mat> out) const { out = base_.rowwise() + shift_; }
  Mat materialized() const { return base_.rowwise() + shift_; }

 private:
  Mat base_;
  RowVec shift_;
  RowVec baseSum_;
};

}  // namespace lambdascope
