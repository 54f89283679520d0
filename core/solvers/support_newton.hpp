#pragma once
// A Newton step on a fixed support and sign pattern, for coordinate descent on least squares.

#include <Eigen/Cholesky>
#include <functional>
#include <span>
#include <vector>

#include "core/penalties/penalty.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// Coordinate descent finds the support and signs of a Lasso-type solution long before it
/// converges on the values, and on ill-conditioned designs (near-collinear features, λ → 0) the
/// values then take tens of thousands of epochs. On a fixed support S with fixed signs, a least
/// squares objective plus Σ_j λg_j(w_j) is a smooth quadratic (Penalty::localDerivatives), so one
/// Newton step (H_SS + diag g″) Δ = −(∇f + g′)_S lands on its minimiser. Where a sign would flip,
/// the step stops at the first zero crossing and that coefficient leaves the support. Callers keep
/// the step only when the objective does not increase; their certificate then decides.
class SupportNewton {
 public:
  /// Column j of the Gram matrix G (length p).
  using GramColumn = std::function<const Vec&(Index)>;
  /// Objective at (v, G·v).
  using Objective = std::function<double(const Vec&, const Vec&)>;

  /// The step on `support`, then `extra` unpenalised variables (an intercept), from the datafit's
  /// Hessian H and gradient grad over those variables (both overwritten). On success `step` holds
  /// each variable's change; a leaving coefficient's change is exactly −w_j.
  bool direction(const Penalty& penalty, std::span<const Index> support, const Vec& w, Mat& H, Vec& grad,
                 Vec& step);

  /// Gram form (½wᵀGw − qᵀw + penalty): the step from (w, h = G·w), applied when it does not
  /// increase the objective. On success w and h are replaced.
  bool step(const Penalty& penalty, const GramColumn& column, const Vec& q, const Objective& objective, Vec& w,
            Vec& h);

  /// The support of w as a list, in this object's buffer.
  std::span<const Index> supportOf(const Vec& w, std::span<const Index> candidates = {});

  /// When to try: call after every epoch with the coordinates it updated (all when empty). True
  /// once their signs have been unchanged for the current wait (10 epochs at first); then report
  /// the outcome with tried(), a failure doubling the wait.
  bool due(const Vec& w, std::span<const Index> columns = {});
  void tried(bool succeeded);

 private:
  Eigen::VectorXi signs_;
  int stableEpochs_ = 0;
  int wait_ = 10;
  std::vector<Index> support_;
  Mat A_;
  Vec rhs_, delta_, wNew_, hNew_;
  Eigen::LDLT<Mat> ldlt_;
};

}  // namespace lambdascope
