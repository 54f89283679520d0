#include "core/penalties/mcp.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/penalties/prox.hpp"

namespace lambdascope {

Mcp::Mcp(double lambda, double gamma) : gamma_(gamma) {
  lambda_ = lambda;
  if (!(gamma > 1.0) || !std::isfinite(gamma))
    throw std::invalid_argument("mcp: gamma must be a finite number > 1, got " + std::to_string(gamma));
}

double Mcp::value(CVecRef w) const {
  double sum = 0.0;
  for (Index j = 0; j < w.size(); ++j) sum += prox::mcpValue(w[j], lambda_, gamma_);
  return sum;
}

double Mcp::prox1d(double v, double step, Index) const {
  return prox::firmThreshold(v, step, lambda_, gamma_);
}

double Mcp::subdiffDistance(double wj, double gradj, Index) const {
  const double a = std::abs(wj);
  if (wj == 0.0) return std::max(0.0, std::abs(gradj) - lambda_);
  if (a < gamma_ * lambda_) return std::abs(gradj + std::copysign(lambda_, wj) - wj / gamma_);
  return std::abs(gradj);
}

double Mcp::lambdaMax(CVecRef gradientAtZero) const {
  return gradientAtZero.size() ? gradientAtZero.lpNorm<Eigen::Infinity>() : 0.0;
}

double Mcp::dualScale(CVecRef) const {
  throw std::logic_error("mcp is not convex: there is no duality gap (use stationarity())");
}

double Mcp::conjugate(CVecRef) const {
  throw std::logic_error("mcp is not convex: there is no duality gap (use stationarity())");
}

}  // namespace lambdascope
