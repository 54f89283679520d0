#pragma once
// Duality gap by residual rescaling, shared by every solver of convex models.

#include <span>
#include <vector>

#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Scratch space so gap evaluations allocate nothing inside a solve.
struct GapWorkspace {
  Vec eta;   ///< materialised linear predictor (n)
  Vec u;     ///< dual point (n)
  Vec z;     ///< X̃ᵀu over the evaluated columns, zero elsewhere (p)
  Vec grad;  ///< X̃ᵀ∇f(η) over the evaluated columns: the gradient, before any projection (p)
  void resize(Index n, Index p) {
    eta.resize(n);
    u.resize(n);
    z.setZero(p);
    grad.setZero(p);
    allFilled = false;
    filled.clear();
  }
  /// Zeroes z and grad where the last evaluation wrote, then records `columns` (all when empty)
  /// as written: a working-set evaluation costs O(|columns|) here, not O(p).
  void startEvaluation(std::span<const Index> columns);

 private:
  bool allFilled = false;
  std::vector<Index> filled;
};

struct GapEvaluation {
  double primal = 0.0;
  double dual = 0.0;
  double gap() const { return primal - dual; }
};

/// Primal P(w, b0) = f(η) + λg(w) and dual D(u/s) with u = −∇f(η), projected on 1ᵀu = 0 when an
/// intercept is fitted and rescaled by s = penalty.dualScale(X̃ᵀu) so that it is feasible.
///
/// With `columns`, the dual is that of the sub-problem restricted to those features (working
/// sets): only they constrain feasibility, and only they are read (cost n·|columns|). Columns
/// outside must have w_j = 0. Leaves ws.grad filled on the evaluated columns.
GapEvaluation evaluateDualityGap(const Problem& problem, const Penalty& penalty, CVecRef w,
                                 const ShiftedVector& eta, GapWorkspace& ws,
                                 std::span<const Index> columns = {});

/// What a solver stops on: the duality gap for convex penalties, and for non-convex ones
/// (MCP, SCAD) the stationarity max_j dist(−∇_j f, ∂(λg_j)(w_j)), 0 exactly at stationary points.
struct Certificate {
  double primal = 0.0;
  double value = 0.0;  ///< the criterion compared with the threshold
};

/// The criterion of `penalty`'s kind at (w, η), over `columns` (all when empty).
Certificate evaluateCertificate(const Problem& problem, const Penalty& penalty, CVecRef w,
                                const ShiftedVector& eta, GapWorkspace& ws,
                                std::span<const Index> columns = {});

/// "duality_gap" or "stationarity".
const char* certificateName(const Penalty& penalty);

}  // namespace lambdascope
