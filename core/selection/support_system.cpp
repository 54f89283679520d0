#include "core/selection/support_system.hpp"

#include <Eigen/Cholesky>
#include <cmath>


namespace lambdascope::detail {

std::vector<Index> generalizedSupport(const DesignMatrix& X, const Vec& w, const Vec& l1) {
  std::vector<Index> S;
  for (Index j = 0; j < w.size(); ++j)
    if ((w[j] != 0.0 || l1[j] == 0.0) && X.colSquaredNorm(j) > 0.0) S.push_back(j);
  return S;
}

SupportSystem buildSupportSystem(const InnerTask& task, const Vec& w, double b, std::vector<Index> S) {
  SupportSystem sys;
  sys.S = std::move(S);
  sys.intercept = task.fitIntercept;
  const Index n = task.X.rows();
  sys.XS = Mat::Zero(n, static_cast<Index>(sys.S.size()));
  for (std::size_t k = 0; k < sys.S.size(); ++k) {
    Eigen::Ref<Vec> col = sys.XS.col(static_cast<Index>(k));
    task.X.colAxpy(sys.S[k], 1.0, col);
  }
  Vec eta = Vec::Constant(n, b);
  for (std::size_t k = 0; k < sys.S.size(); ++k) eta += w[sys.S[k]] * sys.XS.col(static_cast<Index>(k));
  sys.s.resize(n);
  sys.D.resize(n);
  task.datafit->sampleGradient(task.y, eta, sys.s);
  task.datafit->sampleHessianDiag(task.y, eta, sys.D);
  return sys;
}

Mat supportHessian(const SupportSystem& sys, double l2) {
  const Index m = static_cast<Index>(sys.S.size());
  Mat H(sys.size(), sys.size());
  const Mat DX = sys.D.asDiagonal() * sys.XS;
  H.topLeftCorner(m, m).noalias() = sys.XS.transpose() * DX;
  H.topLeftCorner(m, m).diagonal().array() += l2;
  if (sys.intercept) {
    const Vec col = DX.colwise().sum().transpose();
    H.block(0, m, m, 1) = col;
    H.block(m, 0, 1, m) = col.transpose();
    H(m, m) = sys.D.sum();
  }
  return H;
}

void supportHessianProduct(const SupportSystem& sys, double l2, CVecRef v, VecRef out, Vec& scratch) {
  const Index m = static_cast<Index>(sys.S.size());
  scratch.noalias() = sys.XS * v.head(m);
  if (sys.intercept) scratch.array() += v[m];
  scratch.array() *= sys.D.array();
  out.head(m).noalias() = sys.XS.transpose() * scratch;
  out.head(m) += l2 * v.head(m);
  if (sys.intercept) out[m] = scratch.sum();
}

double innerObjective(const InnerTask& task, const Vec& l1, double l2, const Vec& w, double b) {
  Vec eta(task.X.rows());
  task.X.apply(w, eta);
  eta.array() += b;
  return task.datafit->value(task.y, eta) + l1.cwiseProduct(w.cwiseAbs()).sum() + 0.5 * l2 * w.squaredNorm();
}

bool polishOnSupport(const InnerTask& task, const Vec& l1, double l2, bool positive, Vec& w, double& b) {
  const std::vector<Index> S = generalizedSupport(task.X, w, l1);
  const Index m = static_cast<Index>(S.size());
  if (m == 0 && !task.fitIntercept) return false;
  Vec sign(m);
  for (Index k = 0; k < m; ++k) {
    const Index j = S[static_cast<std::size_t>(k)];
    sign[k] = l1[j] == 0.0 ? 0.0 : (w[j] > 0.0 ? 1.0 : -1.0);
  }
  Vec u(m + (task.fitIntercept ? 1 : 0));
  for (Index k = 0; k < m; ++k) u[k] = w[S[static_cast<std::size_t>(k)]];
  if (task.fitIntercept) u[m] = b;
  const double before = innerObjective(task, l1, l2, w, b);

  SupportSystem sys;
  for (int it = 0; it < 50; ++it) {
    Vec wTrial = w;
    for (Index k = 0; k < m; ++k) wTrial[S[static_cast<std::size_t>(k)]] = u[k];
    sys = buildSupportSystem(task, wTrial, task.fitIntercept ? u[m] : 0.0, S);
    Vec F(u.size());
    F.head(m).noalias() = sys.XS.transpose() * sys.s;
    for (Index k = 0; k < m; ++k) F[k] += l1[S[static_cast<std::size_t>(k)]] * sign[k] + l2 * u[k];
    if (task.fitIntercept) F[m] = sys.s.sum();
    const Eigen::LDLT<Mat> ldlt(supportHessian(sys, l2));
    if (ldlt.info() != Eigen::Success) return false;
    const Vec step = ldlt.solve(F);
    if (!step.allFinite()) return false;
    u -= step;
    if (step.lpNorm<Eigen::Infinity>() <= 1e-15 * (1.0 + u.lpNorm<Eigen::Infinity>())) break;
    if (task.datafit->isQuadratic() && it >= 1) break;  // exact after one step (two for rounding)
  }
  // Signs kept?
  for (Index k = 0; k < m; ++k)
    if (sign[k] != 0.0 && (u[k] * sign[k] <= 0.0)) return false;
  Vec wNew = Vec::Zero(w.size());
  for (Index k = 0; k < m; ++k) wNew[S[static_cast<std::size_t>(k)]] = u[k];
  const double bNew = task.fitIntercept ? u[m] : 0.0;
  // Zero features still optimal: |x̃_jᵀ∇f| ≤ λ1_j (positivity: −x̃_jᵀ∇f ≤ λ1_j).
  Vec eta(task.X.rows());
  task.X.apply(wNew, eta);
  eta.array() += bNew;
  Vec s(eta.size());
  task.datafit->sampleGradient(task.y, eta, s);
  for (Index j = 0; j < w.size(); ++j) {
    if (wNew[j] != 0.0 || l1[j] == 0.0) continue;
    const double g = task.X.colDot(j, s);
    const double viol = positive ? -g : std::abs(g);
    if (viol > l1[j] * (1.0 + 1e-9) + 1e-15) return false;
  }
  if (innerObjective(task, l1, l2, wNew, bNew) > before + 1e-12 * std::abs(before)) return false;
  w = std::move(wNew);
  b = bNew;
  return true;
}

}  // namespace lambdascope::detail
