#pragma once
// Duality gap of multitask models by residual rescaling (the multitask twin of duality_gap).

#include <span>

#include "core/multitask/gram_correlation.hpp"
#include "core/multitask/multitask_solver.hpp"

namespace lambdascope {

/// Scratch space so gap evaluations allocate nothing inside a solve.
struct MultitaskGapWorkspace {
  Mat u;              ///< the feasible dual point U/s after an evaluation (n × T)
  ShiftedMatrix uShifted;
  Mat z;              ///< X̃ᵀU over the evaluated rows (p × T), before rescaling
  Vec row;            ///< one row, length T
  GramCorrelation* gram = nullptr;  ///< set when X̃ᵀU may come from Gram columns (small supports)
  void resize(Index n, Index p, Index tasks) {
    u.resize(n, tasks);
    uShifted = ShiftedMatrix(n, tasks);
    z.setZero(p, tasks);
    row.resize(tasks);
  }
};

struct MultitaskGap {
  double primal = 0.0;
  double dual = 0.0;
  double gap() const { return primal - dual; }
  double dualScale = 1.0;  ///< s: the feasible dual point is U/s
};

/// Primal F(E) + λg(B); dual D(U/s) with U = −∇F(E), centred per task when an intercept is fitted
/// (the dual constraint 1ᵀU = 0), rescaled by s = penalty.dualScale(X̃ᵀU). With `rows`, the gap of
/// the sub-problem restricted to those features (rows outside must be zero). Leaves ws.z = X̃ᵀU
/// (unscaled) on the evaluated rows: −ws.z is the gradient there when the intercept is optimal.
MultitaskGap evaluateMultitaskGap(const MultitaskProblem& problem, const MultitaskPenalty& penalty,
                                  const RowMat& B, const ShiftedMatrix& E, MultitaskGapWorkspace& ws,
                                  std::span<const Index> rows = {});

}  // namespace lambdascope
