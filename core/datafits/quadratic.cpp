#include "core/datafits/quadratic.hpp"

namespace lambdascope {

void Quadratic::prepare(const DesignMatrix& X, CVecRef y) {
  Xty_.resize(X.cols());
  X.applyTransposed(y, Xty_);
  ySum_ = y.sum();
}

double Quadratic::value(CVecRef y, CVecRef eta) const {
  return (y - eta).squaredNorm() / (2.0 * static_cast<double>(y.size()));
}

double Quadratic::coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                                     Index j) const {
  return (X.colDot(j, eta) - Xty_[j]) / static_cast<double>(y.size());
}

double Quadratic::coordinateLipschitz(const DesignMatrix& X, Index j) const {
  return X.colSquaredNorm(j) / static_cast<double>(X.rows());
}

void Quadratic::sampleGradient(CVecRef y, CVecRef eta, VecRef out) const {
  out = (eta - y) / static_cast<double>(y.size());
}

double Quadratic::dualValue(CVecRef y, CVecRef u) const {
  // f*(v) = vᵀy + (n/2)‖v‖², so −f*(−u) = uᵀy − (n/2)‖u‖².
  return u.dot(y) - 0.5 * static_cast<double>(y.size()) * u.squaredNorm();
}

double Quadratic::interceptStep(CVecRef y, const ShiftedVector& eta) const {
  // Exact minimiser over b0: the mean residual, from cached sums in O(1).
  return (ySum_ - eta.sum()) / static_cast<double>(y.size());
}

}  // namespace lambdascope
