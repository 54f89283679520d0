#include "core/penalties/l1.hpp"

#include <cmath>

#include "core/penalties/prox.hpp"

namespace lambdascope {

double L1::value(CVecRef w) const { return lambda_ * w.lpNorm<1>(); }

double L1::prox1d(double v, double step, Index) const { return prox::softThreshold(v, step * lambda_); }

double L1::subdiffDistance(double wj, double gradj, Index) const {
  if (wj == 0.0) return std::max(0.0, std::abs(gradj) - lambda_);
  return std::abs(gradj + std::copysign(lambda_, wj));
}

double L1::lambdaMax(CVecRef gradientAtZero) const {
  return gradientAtZero.size() ? gradientAtZero.lpNorm<Eigen::Infinity>() : 0.0;
}

double L1::dualScale(CVecRef z) const {
  const double zmax = z.size() ? z.lpNorm<Eigen::Infinity>() : 0.0;
  return std::max(1.0, zmax / lambda_);
}

double L1::conjugate(CVecRef) const { return 0.0; }

}  // namespace lambdascope
