#pragma once
// Duality gap by residual rescaling, shared by every solver of convex models.

#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Scratch space so gap evaluations allocate nothing inside a solve.
struct GapWorkspace {
  Vec eta;  ///< materialised linear predictor (n)
  Vec u;    ///< dual point (n)
  Vec z;    ///< X̃ᵀu (p)
  void resize(Index n, Index p) {
    eta.resize(n);
    u.resize(n);
    z.resize(p);
  }
};

struct GapEvaluation {
  double primal = 0.0;
  double dual = 0.0;
  double gap() const { return primal - dual; }
};

/// Primal P(w, b0) = f(η) + λg(w) and dual D(u/s) with u = −∇f(η), projected on 1ᵀu = 0 when an
/// intercept is fitted and rescaled by s = penalty.dualScale(X̃ᵀu) so that it is feasible.
GapEvaluation evaluateDualityGap(const Problem& problem, const Penalty& penalty, CVecRef w,
                                 const ShiftedVector& eta, GapWorkspace& ws);

}  // namespace lambdascope
