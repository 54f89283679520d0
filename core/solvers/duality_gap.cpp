#include "core/solvers/duality_gap.hpp"

namespace lambdascope {

GapEvaluation evaluateDualityGap(const Problem& problem, const Penalty& penalty, CVecRef w,
                                 const ShiftedVector& eta, GapWorkspace& ws) {
  eta.materialize(ws.eta);
  GapEvaluation out;
  out.primal = problem.datafit.value(problem.y, ws.eta) + penalty.value(w);

  problem.datafit.sampleGradient(problem.y, ws.eta, ws.u);
  ws.u = -ws.u;
  if (problem.fitIntercept) ws.u.array() -= ws.u.mean();  // the unpenalised intercept asks 1ᵀu = 0
  problem.X.applyTransposed(ws.u, ws.z);
  const double s = penalty.dualScale(ws.z);
  if (s != 1.0) {
    ws.u /= s;
    ws.z /= s;
  }
  out.dual = problem.datafit.dualValue(problem.y, ws.u) - penalty.conjugate(ws.z);
  return out;
}

}  // namespace lambdascope
