#pragma once
// A Newton step on a fixed support and sign pattern, for Gram-form coordinate descent.

#include <Eigen/Cholesky>
#include <functional>
#include <vector>

#include "core/penalties/penalty.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// Coordinate descent finds the support and signs of a Lasso-type solution long before it
/// converges on the values, and on ill-conditioned designs (near-collinear features, λ → 0) the
/// values then take tens of thousands of epochs. On a fixed support S with fixed signs, the
/// objective ½wᵀGw − qᵀw + Σ_j λg_j(w_j) is smooth (Penalty::localDerivatives), so one Newton step
/// (G_SS + diag g″) Δ = −(Gw − q + g′)_S lands on its minimiser. Where a sign would flip, the step
/// stops at the first zero crossing and that coefficient leaves the support. The step is kept
/// only when the objective does not increase; the caller's certificate then decides.
class SupportNewton {
 public:
  /// Column j of the Gram matrix G (length p).
  using GramColumn = std::function<const Vec&(Index)>;
  /// Objective at (v, G·v).
  using Objective = std::function<double(const Vec&, const Vec&)>;

  /// Try the step from (w, h = G·w) with linear term q. On success w and h are replaced.
  bool step(const Penalty& penalty, const GramColumn& column, const Vec& q, const Objective& objective, Vec& w,
            Vec& h);

 private:
  std::vector<Index> support_;
  Mat A_;
  Vec rhs_, delta_, wNew_, hNew_;
  Eigen::LDLT<Mat> ldlt_;
};

}  // namespace lambdascope
