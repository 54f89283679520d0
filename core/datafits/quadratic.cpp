#include "core/datafits/quadratic.hpp"

namespace lambdascope {

void Quadratic::prepare(const DesignMatrix& X, CVecRef y) {
  prepareSampleWeights(y.size());
  if (weighted()) {
    const double n = static_cast<double>(y.size());
    lipschitz_.resize(X.cols());
    for (Index j = 0; j < X.cols(); ++j) lipschitz_[j] = X.colWeightedSquaredNorm(j, sampleWeights_) / n;
    return;
  }
  Xty_.resize(X.cols());
  X.applyTransposed(y, Xty_);
  ySum_ = y.sum();
}

double Quadratic::value(CVecRef y, CVecRef eta) const {
  const double n2 = 2.0 * static_cast<double>(y.size());
  if (weighted()) return (sampleWeights_.array() * (y - eta).array().square()).sum() / n2;
  return (y - eta).squaredNorm() / n2;
}

double Quadratic::coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                                     Index j) const {
  const double n = static_cast<double>(y.size());
  if (weighted()) {
    const Vec& base = eta.base();
    const double shift = eta.shift();
    return X.colDotMap(j, [&](Index i) { return sampleWeights_[i] * (base[i] + shift - y[i]); }) / n;
  }
  return (X.colDot(j, eta) - Xty_[j]) / n;
}

double Quadratic::coordinateLipschitz(const DesignMatrix& X, Index j) const {
  if (weighted()) return lipschitz_[j];
  return X.colSquaredNorm(j) / static_cast<double>(X.rows());
}

void Quadratic::sampleGradient(CVecRef y, CVecRef eta, VecRef out) const {
  if (weighted()) out = sampleWeights_.cwiseProduct(eta - y) / static_cast<double>(y.size());
  else out = (eta - y) / static_cast<double>(y.size());
}

double Quadratic::dualValue(CVecRef y, CVecRef u) const {
  // f*(v) = vᵀy + (n/2) Σ v_i²/s_i, so −f*(−u) = uᵀy − (n/2) Σ u_i²/s_i (s = 1 unweighted).
  const double half = 0.5 * static_cast<double>(y.size());
  if (weighted()) return u.dot(y) - half * (u.array().square() / sampleWeights_.array()).sum();
  return u.dot(y) - half * u.squaredNorm();
}

double Quadratic::interceptStep(CVecRef y, const ShiftedVector& eta) const {
  // Exact minimiser over b0: the (weighted) mean residual; unweighted from cached sums in O(1).
  if (weighted()) {
    const double shift = eta.shift();
    return (sampleWeights_.array() * (y - eta.base()).array()).sum() / static_cast<double>(y.size()) - shift;
  }
  return (ySum_ - eta.sum()) / static_cast<double>(y.size());
}

}  // namespace lambdascope
