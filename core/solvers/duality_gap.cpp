#include "core/solvers/duality_gap.hpp"

namespace lambdascope {

GapEvaluation evaluateDualityGap(const Problem& problem, const Penalty& penalty, CVecRef w,
                                 const ShiftedVector& eta, GapWorkspace& ws,
                                 std::span<const Index> columns) {
  const DesignMatrix& X = problem.X;
  eta.materialize(ws.eta);
  GapEvaluation out;
  out.primal = problem.datafit.value(problem.y, ws.eta) + penalty.value(w);

  problem.datafit.sampleGradient(problem.y, ws.eta, ws.u);
  if (columns.empty()) {
    X.applyTransposed(ws.u, ws.grad);
  } else {
    ws.grad.setZero();
    for (const Index j : columns) ws.grad[j] = X.colDot(j, ws.u);
  }
  ws.u = -ws.u;
  ws.z = -ws.grad;
  if (problem.fitIntercept) {
    // The unpenalised intercept asks 1ᵀu = 0; X̃ᵀ(u − m1) = X̃ᵀu − m·colSum, exact and O(p).
    const double m = ws.u.mean();
    ws.u.array() -= m;
    if (m != 0.0) {
      if (columns.empty()) {
        for (Index j = 0; j < X.cols(); ++j) ws.z[j] -= m * X.colSum(j);
      } else {
        for (const Index j : columns) ws.z[j] -= m * X.colSum(j);
      }
    }
  }
  const double s = penalty.dualScale(ws.z);
  if (s != 1.0) {
    ws.u /= s;
    ws.z /= s;
  }
  out.dual = problem.datafit.dualValue(problem.y, ws.u) - penalty.conjugate(ws.z);
  return out;
}

}  // namespace lambdascope
