#pragma once
// Cyclic coordinate descent written out so that forward- and reverse-mode differentiation can
// follow each step (Bertrand et al., JMLR 2022, Alg. 1–2). Dense η, ∇f(η) and ∇²f(η) are kept,
// so a step costs O(n) (also on sparse data): clarity over speed, the fast path is implicit.
//
// Coordinate step: z = w_j − ∂_j f / L_j, w_j ← prox(z) = ST(z, λ1_j/L_j) / (1 + λ2/L_j)
// (clamped at 0 with positivity); intercept step b ← b − 1ᵀ∇f / L_b (exact for least squares).

#include "core/selection/inner_task.hpp"
#include "core/solvers/duality_gap.hpp"

namespace lambdascope::detail {

/// A coordinate step's result and its partial derivatives.
struct ProxStep {
  double w = 0.0;
  bool active = false;  ///< w ≠ 0 (or an unpenalised feature): derivatives flow
  double slope = 0.0;   ///< ∂w/∂z
  double dl1 = 0.0;     ///< ∂w/∂log λ1_j
  double dl2 = 0.0;     ///< ∂w/∂log λ2
};

inline ProxStep proxL1L2(double z, double L, double l1, double l2, bool positive) {
  ProxStep st;
  const double denom = L + l2;
  double t;
  if (l1 == 0.0) {
    t = positive ? std::max(z, 0.0) : z;
  } else if (positive) {
    t = std::max(z - l1 / L, 0.0);
  } else {
    const double a = std::abs(z) - l1 / L;
    t = a > 0.0 ? (z > 0.0 ? a : -a) : 0.0;
  }
  st.w = t * L / denom;
  st.active = st.w != 0.0 || (l1 == 0.0 && !positive);
  if (!st.active) return st;
  st.slope = L / denom;
  st.dl1 = l1 == 0.0 ? 0.0 : -(st.w > 0.0 ? 1.0 : -1.0) * l1 / denom;
  st.dl2 = -st.w * l2 / denom;
  return st;
}

/// Iterate state shared by the forward and reverse passes.
class CdState {
  const InnerTask& task_;

 public:
  CdState(const InnerTask& task, Vec w0, double b0) : task_(task), w(std::move(w0)), b(b0) {
    const Index n = task.X.rows();
    const Index p = task.X.cols();
    eta.resize(n);
    task.X.apply(w, eta);
    eta.array() += b;
    s.resize(n);
    h.resize(n);
    column_.resize(n);
    L.resize(p);
    for (Index j = 0; j < p; ++j) L[j] = task.datafit->coordinateLipschitz(task.X, j);
    Lb = static_cast<double>(n) * task.datafit->sampleSmoothness(n);
    refresh();
    gap_.resize(n, p);
  }

  /// ∇f(η) and ∇²f(η) from η.
  void refresh() {
    task_.datafit->sampleGradient(task_.y, eta, s);
    task_.datafit->sampleHessianDiag(task_.y, eta, h);
  }
  /// x̃_j materialised (scratch, valid until the next call).
  const Vec& column(Index j) {
    column_.setZero();
    task_.X.colAxpy(j, 1.0, column_);
    return column_;
  }
  double relativeGap(const Penalty& penalty) {
    const Problem problem{task_.X, task_.y, *task_.datafit, task_.fitIntercept};
    ShiftedVector sv;
    sv.assign(eta);
    const GapEvaluation g = evaluateDualityGap(problem, penalty, w, sv, gap_);
    return g.gap() / std::max(task_.nullObjective, 1e-300);
  }

  Vec w;
  double b;
  Vec eta, s, h, L;
  double Lb = 1.0;

 private:
  Vec column_;
  GapWorkspace gap_;
};

}  // namespace lambdascope::detail
