#include "core/penalties/scad.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/penalties/prox.hpp"

namespace lambdascope {

Scad::Scad(double lambda, double gamma) : gamma_(gamma) {
  lambda_ = lambda;
  if (!(gamma > 2.0) || !std::isfinite(gamma))
    throw std::invalid_argument("scad: gamma must be a finite number > 2, got " + std::to_string(gamma));
}

double Scad::value(CVecRef w) const {
  double sum = 0.0;
  for (Index j = 0; j < w.size(); ++j) sum += prox::scadValue(w[j], lambda_, gamma_);
  return sum;
}

double Scad::prox1d(double v, double step, Index) const {
  return prox::scadThreshold(v, step, lambda_, gamma_);
}

double Scad::subdiffDistance(double wj, double gradj, Index) const {
  const double a = std::abs(wj);
  if (wj == 0.0) return std::max(0.0, std::abs(gradj) - lambda_);
  double slope = 0.0;  // derivative of the penalty at |w_j|, continuous at both knots
  if (a <= lambda_) slope = lambda_;
  else if (a < gamma_ * lambda_) slope = (gamma_ * lambda_ - a) / (gamma_ - 1.0);
  return std::abs(gradj + std::copysign(slope, wj));
}

double Scad::lambdaMax(CVecRef gradientAtZero) const {
  return gradientAtZero.size() ? gradientAtZero.lpNorm<Eigen::Infinity>() : 0.0;
}

double Scad::dualScale(CVecRef) const {
  throw std::logic_error("scad is not convex: there is no duality gap (use stationarity())");
}

double Scad::conjugate(CVecRef) const {
  throw std::logic_error("scad is not convex: there is no duality gap (use stationarity())");
}

}  // namespace lambdascope
