#include "core/penalties/l1.hpp"

#include <cmath>
#include <limits>

#include "core/penalties/prox.hpp"

namespace lambdascope {

double L1::value(CVecRef w) const {
  if (positive_ && w.size() && w.minCoeff() < 0.0) return std::numeric_limits<double>::infinity();
  return lambda_ * w.lpNorm<1>();
}

double L1::prox1d(double v, double step, Index) const {
  return positive_ ? prox::positiveSoftThreshold(v, step * lambda_) : prox::softThreshold(v, step * lambda_);
}

double L1::subdiffDistance(double wj, double gradj, Index) const {
  if (positive_) {
    // ∂ at 0 is (−∞, λ]; at w_j > 0 it is {λ}; w_j < 0 is infeasible.
    if (wj < 0.0) return std::numeric_limits<double>::infinity();
    if (wj == 0.0) return std::max(0.0, -gradj - lambda_);
    return std::abs(gradj + lambda_);
  }
  if (wj == 0.0) return std::max(0.0, std::abs(gradj) - lambda_);
  return std::abs(gradj + std::copysign(lambda_, wj));
}

double L1::lambdaMax(CVecRef gradientAtZero) const {
  if (!gradientAtZero.size()) return 0.0;
  if (positive_) return std::max(0.0, -gradientAtZero.minCoeff());
  return gradientAtZero.lpNorm<Eigen::Infinity>();
}

double L1::dualScale(CVecRef z) const {
  if (!z.size()) return 1.0;
  const double zmax = positive_ ? z.maxCoeff() : z.lpNorm<Eigen::Infinity>();
  return std::max(1.0, zmax / lambda_);
}

double L1::conjugate(CVecRef) const { return 0.0; }

}  // namespace lambdascope
