#include "core/penalties/weighted_l1.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/penalties/prox.hpp"

namespace lambdascope {

WeightedL1::WeightedL1(Vec weights, double lambda, bool positive)
    : weights_(std::move(weights)), positive_(positive) {
  lambda_ = lambda;
  for (Index j = 0; j < weights_.size(); ++j) {
    if (!(weights_[j] >= 0.0) || !std::isfinite(weights_[j]))
      throw std::invalid_argument("weighted_l1: weight #" + std::to_string(j + 1) +
                                  " must be a finite number >= 0, got " + std::to_string(weights_[j]));
  }
}

void WeightedL1::checkSize(Index size, const char* what) const {
  if (size != weights_.size())
    throw std::invalid_argument(std::string("weighted_l1: ") + what + " has " + std::to_string(size) +
                                " entries but there are " + std::to_string(weights_.size()) + " weights");
}

double WeightedL1::value(CVecRef w) const {
  checkSize(w.size(), "the coefficient vector");
  if (positive_ && w.size() && w.minCoeff() < 0.0) return std::numeric_limits<double>::infinity();
  return lambda_ * weights_.dot(w.cwiseAbs());
}

double WeightedL1::prox1d(double v, double step, Index j) const {
  // ω_j = 0 gives a zero threshold: the identity (or max(0, v)), exactly.
  const double t = step * lambda_ * weights_[j];
  return positive_ ? prox::positiveSoftThreshold(v, t) : prox::softThreshold(v, t);
}

double WeightedL1::subdiffDistance(double wj, double gradj, Index j) const {
  const double t = lambda_ * weights_[j];
  if (positive_) {
    if (wj < 0.0) return std::numeric_limits<double>::infinity();
    if (wj == 0.0) return std::max(0.0, -gradj - t);
    return std::abs(gradj + t);
  }
  if (wj == 0.0) return std::max(0.0, std::abs(gradj) - t);
  return std::abs(gradj + std::copysign(t, wj));
}

double WeightedL1::lambdaMax(CVecRef gradientAtZero) const {
  checkSize(gradientAtZero.size(), "the gradient");
  double out = 0.0;
  for (Index j = 0; j < weights_.size(); ++j) {
    if (weights_[j] == 0.0) continue;
    const double slope = positive_ ? -gradientAtZero[j] : std::abs(gradientAtZero[j]);
    out = std::max(out, slope / weights_[j]);
  }
  return out;
}

double WeightedL1::dualScale(CVecRef z) const {
  checkSize(z.size(), "z");
  double s = 1.0;
  for (Index j = 0; j < weights_.size(); ++j) {
    if (weights_[j] == 0.0) continue;
    const double zj = positive_ ? z[j] : std::abs(z[j]);
    s = std::max(s, zj / (lambda_ * weights_[j]));
  }
  return s;
}

double WeightedL1::conjugate(CVecRef) const { return 0.0; }

}  // namespace lambdascope
