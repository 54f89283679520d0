#pragma once
// The coordinate-descent epoch shared by the CD solvers.

#include <span>
#include <stop_token>
#include <vector>

#include "core/solvers/solver.hpp"

namespace lambdascope::cd {

/// η = X̃w + b0 as a ShiftedVector (one product, only when w ≠ 0).
ShiftedVector initialPredictor(const DesignMatrix& X, CVecRef w, double intercept);
/// η ← X̃w + b0 recomputed in place from the columns `columns` (all when empty), which must hold
/// every non-zero of w. Column updates drift by rounding (on a collinear design the drift reached
/// 2e-12 of the objective, the size of a 1e-12 gap target) and a certificate must describe
/// (w, b0) itself. O(Σ nnz_j) over the non-zero w_j, no allocation.
void refreshPredictor(const DesignMatrix& X, CVecRef w, double intercept, ShiftedVector& eta,
                      std::span<const Index> columns = {});

/// Coordinate Lipschitz constants of the datafit (0 for constant columns, which stay at 0),
/// raised above a non-convex penalty's curvature so each coordinate prox stays single-valued
/// (a larger constant still majorises f, so every step still descends).
Vec lipschitzConstants(const Problem& problem, const Penalty& penalty);

/// One cyclic pass over `coords`: w_j ← prox_{λg_j/L_j}(w_j − ∂_j f/L_j), η updated in O(nnz_j);
/// then the intercept's datafit step. Returns false, with a consistent (w, η), if a stop was
/// requested during the pass.
bool epoch(const Problem& problem, const Penalty& penalty, const Vec& lipschitz,
           std::span<const Index> coords, Vec& w, double& intercept, ShiftedVector& eta,
           const std::stop_token& stop);

/// Working-set choice shared by the working-set solvers (skglm's rule): the support and the
/// unpenalised features always, then the features farthest from optimality (distance of −∇_j f to
/// the subdifferential), max(p0, 2·|support|) in all; p0 doubles whenever the stopping criterion
/// failed to halve since the last choice, since features outside the set then matter.
class WorkingSetPolicy {
 public:
  WorkingSetPolicy(Index features, Index initialSize);
  /// Fills `ws` (increasing indices) from `candidates` (all features when empty). Features with
  /// a zero Lipschitz constant (constant columns) are never chosen. grad is X̃ᵀ∇f(η).
  void select(const Penalty& penalty, CVecRef w, CVecRef grad, const Vec& lipschitz,
              std::span<const Index> candidates, double criterion, std::vector<Index>& ws);

 private:
  Index features_;
  Index p0_;
  double previous_;
  Vec scores_;
  std::vector<Index> order_;
};

}  // namespace lambdascope::cd
