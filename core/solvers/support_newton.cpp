#include "core/solvers/support_newton.hpp"

#include <cmath>

namespace lambdascope {

std::span<const Index> SupportNewton::supportOf(const Vec& w, std::span<const Index> candidates) {
  support_.clear();
  if (candidates.empty()) {
    for (Index j = 0; j < w.size(); ++j)
      if (w[j] != 0.0) support_.push_back(j);
  } else {
    for (const Index j : candidates)
      if (w[j] != 0.0) support_.push_back(j);
  }
  return support_;
}

bool SupportNewton::due(const Vec& w, std::span<const Index> columns) {
  if (signs_.size() != w.size()) signs_ = Eigen::VectorXi::Zero(w.size());
  bool same = true;
  const auto track = [&](Index j) {
    const int sign = (w[j] > 0.0) - (w[j] < 0.0);
    same = same && sign == signs_[j];
    signs_[j] = sign;
  };
  if (columns.empty()) {
    for (Index j = 0; j < w.size(); ++j) track(j);
  } else {
    for (const Index j : columns) track(j);
  }
  stableEpochs_ = same ? stableEpochs_ + 1 : 0;
  return stableEpochs_ >= wait_;
}

void SupportNewton::tried(bool succeeded) {
  if (!succeeded) wait_ *= 2;
  stableEpochs_ = 0;
}

bool SupportNewton::direction(const Penalty& penalty, std::span<const Index> support, const Vec& w, Mat& H,
                              Vec& grad, Vec& step) {
  const auto m = static_cast<Index>(support.size());
  for (Index a = 0; a < m; ++a) {
    const Index j = support[static_cast<std::size_t>(a)];
    double first = 0.0;
    double second = 0.0;
    if (!penalty.localDerivatives(w[j], j, first, second)) return false;
    H(a, a) += second;
    grad[a] += first;
  }
  ldlt_.compute(H);
  if (ldlt_.info() != Eigen::Success || !(ldlt_.vectorD().minCoeff() > 1e-12 * ldlt_.vectorD().maxCoeff()))
    return false;  // singular on S (more features than samples there): no unique Newton point
  step = -ldlt_.solve(grad);
  if (!step.allFinite()) return false;
  double t = 1.0;
  Index leaving = -1;
  for (Index a = 0; a < m; ++a) {
    const double wj = w[support[static_cast<std::size_t>(a)]];
    if (wj * (wj + step[a]) <= 0.0 && -wj / step[a] < t) {
      t = -wj / step[a];
      leaving = a;
    }
  }
  if (!(t > 0.0)) return false;
  step *= t;
  for (Index a = 0; a < m; ++a) {
    const double wj = w[support[static_cast<std::size_t>(a)]];
    if (a == leaving) step[a] = -wj;
    else if (!((wj + step[a]) * wj > 0.0)) return false;  // rounding at the crossing
  }
  return true;
}

bool SupportNewton::step(const Penalty& penalty, const GramColumn& column, const Vec& q,
                         const Objective& objective, Vec& w, Vec& h) {
  const std::span<const Index> support = supportOf(w);
  const auto m = static_cast<Index>(support.size());
  if (m == 0) return false;
  A_.resize(m, m);
  rhs_.resize(m);
  for (Index a = 0; a < m; ++a) {
    const Index j = support[static_cast<std::size_t>(a)];
    const Vec& g = column(j);
    for (Index b = 0; b < m; ++b) A_(b, a) = g[support[static_cast<std::size_t>(b)]];
    rhs_[a] = h[j] - q[j];
  }
  if (!direction(penalty, support, w, A_, rhs_, delta_)) return false;
  wNew_ = w;
  hNew_ = h;
  for (Index a = 0; a < m; ++a) {
    const Index j = support[static_cast<std::size_t>(a)];
    wNew_[j] = delta_[a] == -w[j] ? 0.0 : w[j] + delta_[a];
    hNew_.noalias() += delta_[a] * column(j);
  }
  if (!(objective(wNew_, hNew_) <= objective(w, h))) return false;
  w.swap(wNew_);
  h.swap(hNew_);
  return true;
}

}  // namespace lambdascope
