// Reverse-mode (backward) differentiation of cyclic coordinate descent (Bertrand et al., JMLR
// 2022, Alg. 2; Linnainmaa's adjoint method).
//
// The iterations run from the null model (w₀ does not depend on θ) and each step that moves or
// keeps a non-zero coordinate is taped; a coordinate that stays at 0 leaves the adjoint
// untouched, so it is not taped. The backward pass keeps the adjoint of (w, b) as
// direct + X̃ᵀv (v in sample space), so undoing one step costs O(n), not O(np):
//   s = ā_j = direct_j + x̃_jᵀv;  θ̄ += s·∂prox/∂θ;  u = s·∂prox/∂z;
//   direct_j ← u − x̃_jᵀv;  v ← v − (u/L_j)·D x̃_j.
// Warm starting at the solution would leave no iterations to differentiate, hence the cold start.

#include <cmath>

#include "core/selection/differentiable_cd.hpp"
#include "core/selection/hyper_cancelled.hpp"

namespace lambdascope {

namespace {
struct TapeEntry {
  Index j;       // −1: intercept step
  double delta;  // change of w_j (or b)
  double slope;
  double dl1;
  double dl2;
  bool active;
};
}  // namespace

TaskResult reverseHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                const HypergradientOptions& options, std::stop_token stop) {
  Vec l1;
  double l2 = 0.0;
  space.levels(theta, l1, l2);
  const auto penalty = space.makePenalty(theta);
  const Index n = task.X.rows();
  const Index p = task.X.cols();
  detail::CdState st(task, task.nullW.size() == p ? task.nullW : Vec::Zero(p), task.nullIntercept);
  std::vector<TapeEntry> tape;
  tape.reserve(static_cast<std::size_t>(4 * p + 16));

  int epoch = 0;
  for (epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    if (stop.stop_requested()) throw HyperCancelled();
    double maxChange = 0.0;
    for (Index j = 0; j < p; ++j) {
      if (st.L[j] <= 0.0) continue;
      const double z = st.w[j] - task.X.colDot(j, st.s) / st.L[j];
      const detail::ProxStep step = detail::proxL1L2(z, st.L[j], l1[j], l2, space.positive());
      if (!step.active && st.w[j] == 0.0) continue;
      const double dw = step.w - st.w[j];
      tape.push_back({j, dw, step.slope, step.dl1, step.dl2, step.active});
      maxChange = std::max(maxChange, std::abs(dw));
      st.w[j] = step.w;
      if (dw != 0.0) {
        st.eta += dw * st.column(j);
        st.refresh();
      }
    }
    if (task.fitIntercept) {
      const double db = -st.s.sum() / st.Lb;
      tape.push_back({-1, db, 1.0, 0.0, 0.0, true});
      if (db != 0.0) {
        st.b += db;
        st.eta.array() += db;
        st.refresh();
      }
    }
    if (epoch >= 5 && (epoch % 5 == 0) && maxChange <= 1e-13 * std::max(st.w.lpNorm<Eigen::Infinity>(), 1e-300) &&
        st.relativeGap(*penalty) <= options.tol)
      break;
  }

  TaskResult out;
  out.solution.w = st.w;
  out.solution.intercept = st.b;
  out.solution.epochs = std::min(epoch, options.maxEpochs);
  out.value = acceptSolution(task, out.solution, out.gradEta);
  const Vec& gEta = out.gradEta;

  // Backward pass.
  const bool constantCurvature = task.datafit->isQuadratic();
  Vec direct(p);
  task.Xeval.applyTransposed(gEta, direct);
  double directB = gEta.sum();
  Vec v = Vec::Zero(n);
  Vec thetaBar = Vec::Zero(space.dimension());
  for (auto it = tape.rbegin(); it != tape.rend(); ++it) {
    if (stop.stop_requested()) throw HyperCancelled();
    if (it->j < 0) {
      st.eta.array() -= it->delta;
      if (!constantCurvature) st.refresh();
      const double s = directB + v.sum();
      v -= (s / st.Lb) * st.h;
      continue;
    }
    const Index j = it->j;
    const Vec& xj = st.column(j);
    if (it->delta != 0.0) {
      st.eta -= it->delta * xj;
      if (!constantCurvature) st.refresh();
    }
    const double xv = xj.dot(v);
    const double s = direct[j] + xv;
    double u = 0.0;
    if (it->active) {
      if (space.l1Index(j) >= 0 && l1[j] > 0.0) thetaBar[space.l1Index(j)] += s * it->dl1;
      if (space.l2Index() >= 0) thetaBar[space.l2Index()] += s * it->dl2;
      u = s * it->slope;
    }
    direct[j] = u - xv;
    if (u != 0.0) v -= (u / st.L[j]) * st.h.cwiseProduct(xj);
  }
  out.grad = thetaBar;
  return out;
}

}  // namespace lambdascope
