#include "core/penalties/elastic_net.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/penalties/prox.hpp"

namespace lambdascope {

ElasticNet::ElasticNet(double lambda, double l1Ratio, bool positive) : positive_(positive) {
  lambda_ = lambda;
  setL1Ratio(l1Ratio);
}

void ElasticNet::setL1Ratio(double l1Ratio) {
  if (!(l1Ratio >= 0.0 && l1Ratio <= 1.0))
    throw std::invalid_argument("elastic_net: l1_ratio must be in [0, 1], got " + std::to_string(l1Ratio));
  l1Ratio_ = l1Ratio;
}

double ElasticNet::value(CVecRef w) const {
  if (positive_ && w.size() && w.minCoeff() < 0.0) return std::numeric_limits<double>::infinity();
  return lambda_ * (l1Ratio_ * w.lpNorm<1>() + 0.5 * (1.0 - l1Ratio_) * w.squaredNorm());
}

double ElasticNet::prox1d(double v, double step, Index) const {
  return prox::elasticNetShrink(v, step * lambda_ * l1Ratio_, step * lambda_ * (1.0 - l1Ratio_), positive_);
}

double ElasticNet::subdiffDistance(double wj, double gradj, Index) const {
  const double t = lambda_ * l1Ratio_;
  if (positive_ && wj < 0.0) return std::numeric_limits<double>::infinity();
  if (wj == 0.0) return std::max(0.0, (positive_ ? -gradj : std::abs(gradj)) - t);
  return std::abs(gradj + std::copysign(t, wj) + lambda_ * (1.0 - l1Ratio_) * wj);
}

double ElasticNet::lambdaMax(CVecRef gradientAtZero) const {
  if (l1Ratio_ == 0.0)
    throw std::invalid_argument("l1_ratio must be > 0 for a path from lambda_max");
  if (!gradientAtZero.size()) return 0.0;
  const double slope = positive_ ? std::max(0.0, -gradientAtZero.minCoeff())
                                 : gradientAtZero.lpNorm<Eigen::Infinity>();
  return slope / l1Ratio_;
}

double ElasticNet::dualScale(CVecRef z) const {
  if (l1Ratio_ < 1.0 || !z.size()) return 1.0;
  const double zmax = positive_ ? z.maxCoeff() : z.lpNorm<Eigen::Infinity>();
  return std::max(1.0, zmax / lambda_);
}

double ElasticNet::conjugate(CVecRef z) const {
  if (l1Ratio_ == 1.0) return 0.0;  // indicator of the (rescaled, feasible) L1 dual ball
  const double t = lambda_ * l1Ratio_;
  double sum = 0.0;
  for (Index j = 0; j < z.size(); ++j) {
    const double excess = std::max(0.0, (positive_ ? z[j] : std::abs(z[j])) - t);
    sum += excess * excess;
  }
  return sum / (2.0 * lambda_ * (1.0 - l1Ratio_));
}

}  // namespace lambdascope
