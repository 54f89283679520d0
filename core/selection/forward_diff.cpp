// Forward-mode differentiation of cyclic coordinate descent (Bertrand et al., JMLR 2022, Alg. 1).
//
// Alongside each iterate the Jacobian J = dw/dθ (and dη/dθ = X̃J + 1·db/dθ) is updated by the
// chain rule through the coordinate step: J_j ← ∂prox/∂z · (J_j − x̃_jᵀ D dη / L_j) + ∂prox/∂θ,
// zero when w_j leaves the support. Hyperparameter columns are allocated when first touched, so a
// weighted Lasso with p levels stores only the columns of features that entered the support.

#include <cmath>

#include "core/selection/differentiable_cd.hpp"
#include "core/selection/hyper_cancelled.hpp"

namespace lambdascope {

TaskResult forwardHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                const HypergradientOptions& options, std::stop_token stop) {
  Vec l1;
  double l2 = 0.0;
  space.levels(theta, l1, l2);
  const auto penalty = space.makePenalty(theta);
  const Index n = task.X.rows();
  const Index p = task.X.cols();
  const Index dim = space.dimension();
  detail::CdState st(task, task.hasWarm ? task.warm.w : Vec::Zero(p), task.hasWarm ? task.warm.intercept : 0.0);

  // Compact Jacobian columns: column c holds d/dθ_{hyper[c]}.
  std::vector<Index> colOf(static_cast<std::size_t>(dim), -1);
  std::vector<Index> hyper;
  Index cap = std::min<Index>(dim, 8);
  Mat J = Mat::Zero(p, cap);
  Mat dEta = Mat::Zero(n, cap);
  Vec Jb = Vec::Zero(cap);
  auto ensure = [&](Index k) {
    if (colOf[static_cast<std::size_t>(k)] >= 0) return colOf[static_cast<std::size_t>(k)];
    const Index c = static_cast<Index>(hyper.size());
    if (c == cap) {
      const Index grown = std::min<Index>(dim, 2 * cap);
      J.conservativeResize(Eigen::NoChange, grown);
      J.rightCols(grown - cap).setZero();
      dEta.conservativeResize(Eigen::NoChange, grown);
      dEta.rightCols(grown - cap).setZero();
      Jb.conservativeResize(grown);
      Jb.tail(grown - cap).setZero();
      cap = grown;
    }
    hyper.push_back(k);
    colOf[static_cast<std::size_t>(k)] = c;
    return c;
  };

  Vec newJ(cap), hx(n);
  int epoch = 0;
  for (epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    if (stop.stop_requested()) throw HyperCancelled();
    double maxDelta = 0.0;
    for (Index j = 0; j < p; ++j) {
      if (st.L[j] <= 0.0) continue;
      const double Lj = st.L[j];
      const double z = st.w[j] - task.X.colDot(j, st.s) / Lj;
      const detail::ProxStep step = detail::proxL1L2(z, Lj, l1[j], l2, space.positive());
      if (!step.active && st.w[j] == 0.0) continue;  // stays 0: its Jacobian row is already 0
      if (step.active) {
        if (space.l1Index(j) >= 0 && l1[j] > 0.0) ensure(space.l1Index(j));
        if (space.l2Index() >= 0) ensure(space.l2Index());
      }
      const Index nc = static_cast<Index>(hyper.size());
      const Vec& xj = st.column(j);
      newJ.resize(nc);
      if (step.active) {
        hx = st.h.cwiseProduct(xj);
        newJ = step.slope * (J.row(j).head(nc).transpose() - dEta.leftCols(nc).transpose() * hx / Lj);
        if (space.l1Index(j) >= 0 && l1[j] > 0.0) newJ[colOf[static_cast<std::size_t>(space.l1Index(j))]] += step.dl1;
        if (space.l2Index() >= 0) newJ[colOf[static_cast<std::size_t>(space.l2Index())]] += step.dl2;
      } else {
        newJ.setZero();
      }
      const Vec dJ = newJ - J.row(j).head(nc).transpose();
      maxDelta = std::max(maxDelta, dJ.lpNorm<Eigen::Infinity>());
      dEta.leftCols(nc).noalias() += xj * dJ.transpose();
      J.row(j).head(nc) = newJ.transpose();
      const double dw = step.w - st.w[j];
      st.w[j] = step.w;
      if (dw != 0.0) {
        st.eta += dw * xj;
        st.refresh();
      }
    }
    if (task.fitIntercept) {
      const Index nc = static_cast<Index>(hyper.size());
      const double db = -st.s.sum() / st.Lb;
      const Vec newJb = Jb.head(nc) - dEta.leftCols(nc).transpose() * st.h / st.Lb;
      const Vec dJb = newJb - Jb.head(nc);
      dEta.leftCols(nc).rowwise() += dJb.transpose();
      Jb.head(nc) = newJb;
      if (db != 0.0) {
        st.b += db;
        st.eta.array() += db;
        st.refresh();
      }
    }
    if (epoch % 5 == 0 || epoch == 1) {
      const double scale = std::max(J.lpNorm<Eigen::Infinity>(), 1e-300);
      if (maxDelta <= options.derivativeTol * scale && st.relativeGap(*penalty) <= options.tol) break;
    }
  }

  TaskResult out;
  out.solution.w = st.w;
  out.solution.intercept = st.b;
  out.solution.epochs = std::min(epoch, options.maxEpochs);
  out.value = acceptSolution(task, out.solution, out.gradEta);
  const Vec& gEta = out.gradEta;
  out.grad = Vec::Zero(dim);
  const Index nc = static_cast<Index>(hyper.size());
  Vec acc = Vec::Zero(nc);
  for (Index j = 0; j < p; ++j)
    if (J.row(j).head(nc).any()) acc += task.Xeval.colDot(j, gEta) * J.row(j).head(nc).transpose();
  if (task.fitIntercept) acc += gEta.sum() * Jb.head(nc);
  for (Index c = 0; c < nc; ++c) out.grad[hyper[static_cast<std::size_t>(c)]] = acc[c];
  return out;
}

}  // namespace lambdascope
