#include "core/multitask/multitask_quadratic.hpp"

namespace lambdascope {

void MultitaskQuadratic::prepare(const DesignMatrix& X, const Mat& Y) {
  scale_ = requestedScale_ > 0.0 ? requestedScale_ : 1.0 / static_cast<double>(Y.rows());
  ShiftedMatrix asShifted(Y.rows(), Y.cols());
  asShifted.mutableBase() = Y;
  asShifted.addToSum(Y.colwise().sum());
  XtY_.resize(X.cols(), Y.cols());
  X.applyTransposed(asShifted, XtY_);
  ySum_ = Y.colwise().sum();
}

double MultitaskQuadratic::value(const Mat& Y, const ShiftedMatrix& E) const {
  return 0.5 * scale_ * ((Y - E.base()).rowwise() - E.shift()).squaredNorm();
}

void MultitaskQuadratic::rowGradient(const DesignMatrix& X, const ShiftedMatrix& E, Index j,
                                     VecRef out) const {
  X.colTransposeTimes(j, E, out);
  out = scale_ * (out - XtY_.row(j).transpose());
}

void MultitaskQuadratic::sampleGradient(const Mat& Y, const ShiftedMatrix& E, Eigen::Ref<Mat> out) const {
  out = scale_ * ((E.base() - Y).rowwise() + E.shift());
}

double MultitaskQuadratic::dualValue(const Mat& Y, const Mat& U) const {
  // F*(V) = ⟨V, Y⟩ + ‖V‖²/(2c), so −F*(−U) = ⟨U, Y⟩ − ‖U‖²/(2c).
  return (U.array() * Y.array()).sum() - U.squaredNorm() / (2.0 * scale_);
}

void MultitaskQuadratic::interceptStep(const ShiftedMatrix& E, VecRef out) const {
  // Exact minimiser over b0: the mean residual of each task, from cached sums.
  out = ((ySum_ - E.sum()) / static_cast<double>(E.rows())).transpose();
}

}  // namespace lambdascope
