#include "core/multitask/multitask_gap.hpp"

namespace lambdascope {

MultitaskGap evaluateMultitaskGap(const MultitaskProblem& problem, const MultitaskPenalty& penalty,
                                  const RowMat& B, const ShiftedMatrix& E, MultitaskGapWorkspace& ws,
                                  std::span<const Index> rows) {
  MultitaskGap out;
  out.primal = problem.datafit.value(problem.Y, E) + penalty.value(B);

  problem.datafit.sampleGradient(problem.Y, E, ws.u);
  ws.u = -ws.u;
  if (problem.fitIntercept) ws.u.rowwise() -= ws.u.colwise().mean();

  if (!rows.empty()) ws.z.setZero();
  // Least squares with a small support: X̃ᵀU from X̃ᵀY and Gram columns, not a product with U.
  if (!(ws.gram && ws.gram->correlate(problem, B, rows, ws.z))) {
    ws.uShifted.mutableBase() = ws.u;
    ws.uShifted.addToSum(ws.u.colwise().sum() - ws.uShifted.baseSum());
    if (rows.empty()) {
      problem.X.applyTransposed(ws.uShifted, ws.z);
    } else {
      for (const Index j : rows) {
        problem.X.colTransposeTimes(j, ws.uShifted, ws.row);
        ws.z.row(j) = ws.row.transpose();
      }
    }
  }
  // Rows outside `rows` are zero in ws.z, so they do not constrain the scale.
  out.dualScale = penalty.dualScale(ws.z);
  ws.u /= out.dualScale;
  out.dual = problem.datafit.dualValue(problem.Y, ws.u);
  return out;
}

}  // namespace lambdascope
