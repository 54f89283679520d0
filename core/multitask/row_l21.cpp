#include "core/multitask/row_l21.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/penalties/prox.hpp"

namespace lambdascope {

RowL21::RowL21(Vec weights, double lambda) : weights_(std::move(weights)) {
  lambda_ = lambda;
  for (Index j = 0; j < weights_.size(); ++j)
    if (!(weights_[j] > 0.0) || !std::isfinite(weights_[j]))
      throw std::invalid_argument("row l2,1 weights must be positive and finite; weight #" +
                                  std::to_string(j + 1) + " is " + std::to_string(weights_[j]));
}

double RowL21::value(const RowMat& B) const {
  double sum = 0.0;
  for (Index j = 0; j < B.rows(); ++j) sum += weight(j) * B.row(j).norm();
  return lambda_ * sum;
}

void RowL21::proxRow(VecRef v, double step, Index j) const {
  prox::blockSoftThreshold(v, step * lambda_ * weight(j));
}

double RowL21::rowSubdiffDistance(CVecRef b, CVecRef grad, Index j) const {
  const double t = lambda_ * weight(j);
  const double bn = b.norm();
  if (bn == 0.0) return std::max(0.0, grad.norm() - t);  // subdifferential: the ball of radius t
  return (grad + (t / bn) * b).norm();
}

double RowL21::lambdaMax(const Mat& gradientAtZero) const {
  double worst = 0.0;
  for (Index j = 0; j < gradientAtZero.rows(); ++j)
    worst = std::max(worst, gradientAtZero.row(j).norm() / weight(j));
  return worst;
}

double RowL21::dualScale(const Mat& Z) const {
  double s = 1.0;
  for (Index j = 0; j < Z.rows(); ++j) s = std::max(s, Z.row(j).norm() / (lambda_ * weight(j)));
  return s;
}

bool RowL21::screensOut(CVecRef zj, double margin, Index j) const {
  return zj.norm() + margin < lambda_ * weight(j);
}

}  // namespace lambdascope
