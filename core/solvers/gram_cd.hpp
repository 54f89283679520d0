#pragma once
#include <mutex>
#include <vector>

#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Covariance ("Gram") coordinate descent for least squares with a separable penalty, for
/// n ≥ p (glmnet's type.gaussian = "covariance"; Friedman, Hastie & Tibshirani 2010, §2.2).
///
/// With G = X̃ᵀX̃/n and q = X̃ᵀy/n, ∂_j f = (Gw)_j − q_j: a coordinate update costs O(p) for the
/// kept vector h = Gw instead of O(n) for the residual, and a column of G is computed (O(nnz(X)))
/// only when its feature first becomes non-zero, then reused along the whole path. The duality
/// gap is evaluated from (G, q) in O(p); once it is below the threshold it is confirmed on the
/// exact residual (O(np)), so the reported certificate never rests on the Gram shortcut.
class GramCd final : public Solver {
 public:
  std::string name() const override { return "gram-cd"; }
  std::optional<std::string> incompatibility(const Datafit&, const Penalty&) const override;
  SolveResult solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                    const SolverOptions& options, ProgressObserver& observer,
                    std::stop_token stop) const override;

 private:
  /// Gram columns and X̃ᵀy of the design last solved on (a path solves one design many times).
  struct Cache {
    const void* storage = nullptr;
    Vec center;
    Vec scale;
    Index rows = 0;
    std::vector<Vec> columns;  // G's column j, empty until feature j is first non-zero
    Vec q;                     // X̃ᵀy / n
    double yy = 0.0;           // ‖y − b0‖² / n with b0 the null intercept
    double intercept = 0.0;
  };
  void prepare(const Problem& problem) const;
  const Vec& column(const Problem& problem, Index j) const;

  mutable std::mutex mutex_;  // one solve at a time per solver object
  mutable Cache cache_;
  mutable Vec scratch_;
};

}  // namespace lambdascope
