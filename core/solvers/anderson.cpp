#include "core/solvers/anderson.hpp"

#include <Eigen/Dense>
#include <cmath>

namespace lambdascope {

void AndersonAccelerator::reset(Index m) {
  history_.resize(m, depth_ + 1);
  count_ = 0;
}

bool AndersonAccelerator::push(CVecRef x) {
  if (count_ <= depth_) history_.col(count_) = x;
  ++count_;
  return count_ > depth_;
}

bool AndersonAccelerator::extrapolate(VecRef out) {
  count_ = 0;
  const Mat U = history_.rightCols(depth_) - history_.leftCols(depth_);  // successive differences
  const Mat G = U.transpose() * U;
  const double scale = G.diagonal().maxCoeff();
  if (!(scale > 0.0) || !std::isfinite(scale)) return false;
  // Small ridge relative to the scale: the differences become nearly collinear near convergence.
  const Mat Greg = G / scale + 1e-10 * Mat::Identity(depth_, depth_);
  const Vec c = Greg.ldlt().solve(Vec::Ones(depth_));
  const double sum = c.sum();
  if (!std::isfinite(sum) || std::abs(sum) < 1e-300) return false;
  out = history_.rightCols(depth_) * (c / sum);
  return out.allFinite();
}

}  // namespace lambdascope
