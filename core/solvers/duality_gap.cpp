#include "core/solvers/duality_gap.hpp"

#include <Eigen/Dense>
#include <vector>

namespace lambdascope {

void GapWorkspace::startEvaluation(std::span<const Index> columns) {
  if (allFilled) {
    z.setZero();
    grad.setZero();
  } else {
    for (const Index j : filled) z[j] = grad[j] = 0.0;
  }
  allFilled = columns.empty();
  filled.assign(columns.begin(), columns.end());
}

GapEvaluation evaluateDualityGap(const Problem& problem, const Penalty& penalty, CVecRef w,
                                 const ShiftedVector& eta, GapWorkspace& ws,
                                 std::span<const Index> columns) {
  const DesignMatrix& X = problem.X;
  const bool all = columns.empty();
  // z_j ← f(z_j) over the evaluated columns only (z is zero elsewhere).
  const auto overColumns = [&](auto&& f) {
    if (all) {
      for (Index j = 0; j < X.cols(); ++j) f(j);
    } else {
      for (const Index j : columns) f(j);
    }
  };
  ws.startEvaluation(columns);
  eta.materialize(ws.eta);
  GapEvaluation out;
  out.primal = problem.datafit.value(problem.y, ws.eta) + penalty.value(w);

  problem.datafit.sampleGradient(problem.y, ws.eta, ws.u);
  if (all) {
    X.applyTransposed(ws.u, ws.grad);
    ws.z = -ws.grad;
  } else {
    X.transposeTimes(columns, ws.u, ws.grad);
    for (const Index j : columns) ws.z[j] = -ws.grad[j];
  }
  ws.u = -ws.u;
  // The sub-problem's unpenalised features: a working set always holds them.
  std::vector<Index> unpenalized;
  overColumns([&](Index j) {
    if (!penalty.isPenalized(j)) unpenalized.push_back(j);
  });
  if (!unpenalized.empty()) {
    // Unpenalised features (like the intercept) ask X̃_jᵀu = 0 exactly, which rescaling cannot
    // give: project u on the null space of [1, X̃_U]ᵀ by least squares, then recompute z.
    const Index k = static_cast<Index>(unpenalized.size()) + (problem.fitIntercept ? 1 : 0);
    Mat A(X.rows(), k);
    if (problem.fitIntercept) A.col(0).setOnes();
    // x̃_j in O(nnz_j), not a product with a unit vector
    X.denseColumns(unpenalized, A.rightCols(static_cast<Index>(unpenalized.size())));
    ws.u -= A * A.colPivHouseholderQr().solve(ws.u);
    if (all) {
      X.applyTransposed(ws.u, ws.z);
    } else {
      X.transposeTimes(columns, ws.u, ws.z);
    }
  } else if (problem.fitIntercept) {
    // The unpenalised intercept asks 1ᵀu = 0; X̃ᵀ(u − m1) = X̃ᵀu − m·colSum, exact and O(p).
    const double m = ws.u.mean();
    ws.u.array() -= m;
    if (m != 0.0) overColumns([&](Index j) { ws.z[j] -= m * X.colSum(j); });
  }
  const double s = penalty.dualScale(ws.z);
  if (s != 1.0) {
    ws.u /= s;
    if (all) {
      ws.z /= s;
    } else {
      for (const Index j : columns) ws.z[j] /= s;
    }
  }
  out.dual = problem.datafit.dualValue(problem.y, ws.u) - penalty.conjugate(ws.z);
  return out;
}

Certificate evaluateCertificate(const Problem& problem, const Penalty& penalty, CVecRef w,
                                const ShiftedVector& eta, GapWorkspace& ws,
                                std::span<const Index> columns) {
  if (penalty.traits().convex) {
    const GapEvaluation gap = evaluateDualityGap(problem, penalty, w, eta, ws, columns);
    return {gap.primal, gap.gap()};
  }
  eta.materialize(ws.eta);
  Certificate c;
  c.primal = problem.datafit.value(problem.y, ws.eta) + penalty.value(w);
  problem.datafit.sampleGradient(problem.y, ws.eta, ws.u);
  ws.startEvaluation(columns);
  if (columns.empty()) {
    problem.X.applyTransposed(ws.u, ws.grad);
  } else {
    problem.X.transposeTimes(columns, ws.u, ws.grad);
  }
  c.value = penalty.stationarity(w, ws.grad, columns);
  return c;
}

const char* certificateName(const Penalty& penalty) {
  return penalty.traits().convex ? "duality_gap" : "stationarity";
}

}  // namespace lambdascope
