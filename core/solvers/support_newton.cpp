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
  if (!delta_.allFinite()) return false;
  // Where a sign would flip, stop at the first zero crossing instead (a homotopy-like step): that
  // coefficient leaves the support exactly, which coordinate descent approaches only slowly.
  double t = 1.0;
  Index leaving = -1;
  for (Index a = 0; a < m; ++a) {
    const double wj = w[support_[static_cast<std::size_t>(a)]];
    if (wj * (wj + delta_[a]) <= 0.0 && -wj / delta_[a] < t) {
      t = -wj / delta_[a];
      leaving = a;
    }
  }
  if (!(t > 0.0)) return false;
  wNew_ = w;
  hNew_ = h;
  for (Index a = 0; a < m; ++a) {
    const Index j = support_[static_cast<std::size_t>(a)];
    const double updated = a == leaving ? 0.0 : w[j] + t * delta_[a];
    if (a != leaving && !(updated * w[j] > 0.0)) return false;  // rounding at the crossing
    hNew_.noalias() += (updated - w[j]) * column(j);
    wNew_[j] = updated;
  }
  if (!(objective(wNew_, hNew_) <= objective(w, h))) return false;
  w.swap(wNew_);
  h.swap(hNew_);
  return true;
}

}  // namespace lambdascope
