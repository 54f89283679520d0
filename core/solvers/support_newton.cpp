#include "core/solvers/support_newton.hpp"

#include <cmath>

namespace lambdascope {

bool SupportNewton::step(const Penalty& penalty, const GramColumn& column, const Vec& q,
                         const Objective& objective, Vec& w, Vec& h) {
  support_.clear();
  for (Index j = 0; j < w.size(); ++j)
    if (w[j] != 0.0) support_.push_back(j);
  const auto m = static_cast<Index>(support_.size());
  if (m == 0) return false;
  A_.resize(m, m);
  rhs_.resize(m);
  for (Index a = 0; a < m; ++a) {
    const Index j = support_[static_cast<std::size_t>(a)];
    double first = 0.0;
    double second = 0.0;
    if (!penalty.localDerivatives(w[j], j, first, second)) return false;
    const Vec& g = column(j);
    for (Index b = 0; b < m; ++b) A_(b, a) = g[support_[static_cast<std::size_t>(b)]];
    A_(a, a) += second;
    rhs_[a] = -(h[j] - q[j] + first);
  }
  ldlt_.compute(A_);
  if (ldlt_.info() != Eigen::Success || !(ldlt_.vectorD().minCoeff() > 1e-12 * ldlt_.vectorD().maxCoeff()))
    return false;  // singular on S (more features than samples there): no unique Newton point
  delta_ = ldlt_.solve(rhs_);
  wNew_ = w;
  hNew_ = h;
  for (Index a = 0; a < m; ++a) {
    const Index j = support_[static_cast<std::size_t>(a)];
    const double updated = w[j] + delta_[a];
    if (!(updated * w[j] > 0.0)) return false;  // a sign flips or a coefficient reaches 0
    wNew_[j] = updated;
    hNew_.noalias() += delta_[a] * column(j);
  }
  if (!(objective(wNew_, hNew_) <= objective(w, h))) return false;
  w.swap(wNew_);
  h.swap(hNew_);
  return true;
}

}  // namespace lambdascope
