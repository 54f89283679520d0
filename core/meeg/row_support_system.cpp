#include "core/meeg/row_support_system.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Cholesky>

namespace lambdascope {

namespace {

double dot(const RowMat& a, const RowMat& b) { return a.cwiseProduct(b).sum(); }

/// z = P⁻¹ r for the block-diagonal part P_i = K_ii I + c_i (I − u_i u_iᵀ) of A.
void precondition(const RowSupportSystem& sys, const RowMat& r, RowMat& z) {
  for (Index i = 0; i < r.rows(); ++i) {
    const double kii = sys.K(i, i), across = 1.0 / (kii + sys.c[i]);
    const double along = kii > 0.0 ? 1.0 / kii : across;
    const double proj = sys.U.row(i).dot(r.row(i));
    z.row(i) = across * r.row(i) + (along - across) * proj * sys.U.row(i);
  }
}

RowMat solveDense(const RowSupportSystem& sys, const RowMat& rhs) {
  const Index s = sys.U.rows(), T = sys.U.cols(), m = s * T;
  // Unknowns ordered row by row (source i, time t) → i·T + t, as RowMat's storage.
  Mat A = Mat::Zero(m, m);
  for (Index j = 0; j < s; ++j)
    for (Index i = 0; i < s; ++i)
      for (Index t = 0; t < T; ++t) A(i * T + t, j * T + t) = sys.K(i, j);
  for (Index i = 0; i < s; ++i) {
    auto block = A.block(i * T, i * T, T, T);
    block.diagonal().array() += sys.c[i];
    block.noalias() -= sys.c[i] * sys.U.row(i).transpose() * sys.U.row(i);
  }
  const Eigen::Map<const Vec> b(rhs.data(), m);
  RowMat x(s, T);
  // Blocked LLᵀ first (A is definite when G_S has full column rank); pivoted LDLᵀ otherwise.
  const Eigen::LLT<Mat> llt(A);
  if (llt.info() == Eigen::Success) {
    Eigen::Map<Vec>(x.data(), m) = llt.solve(b);
    return x;
  }
  const Eigen::LDLT<Mat> ldlt(A);
  if (ldlt.info() != Eigen::Success) throw std::runtime_error("M/EEG hypergradient: the support system is singular");
  Eigen::Map<Vec>(x.data(), m) = ldlt.solve(b);
  return x;
}

RowMat solveCg(const RowSupportSystem& sys, const RowMat& rhs, double tol) {
  const Index m = sys.size();
  RowMat x = RowMat::Zero(rhs.rows(), rhs.cols()), r = rhs, z(rhs.rows(), rhs.cols()), q(rhs.rows(), rhs.cols());
  const double target = tol * std::sqrt(dot(rhs, rhs));
  if (target == 0.0) return x;
  precondition(sys, r, z);
  RowMat d = z;
  double rz = dot(r, z);
  const Index maxIter = std::clamp<Index>(4 * m, 100, 50000);
  for (Index k = 0; k < maxIter && std::sqrt(dot(r, r)) > target; ++k) {
    applyRowJacobian(sys, d, q);
    const double dq = dot(d, q);
    if (!(dq > 0.0)) break;  // a null direction of a rank-deficient G_S: what we have is the answer
    const double step = rz / dq;
    x += step * d;
    r -= step * q;
    precondition(sys, r, z);
    const double rzNew = dot(r, z);
    d = z + (rzNew / rz) * d;
    rz = rzNew;
  }
  return x;
}

double supportObjective(const Mat& M, const Mat& GS, const RowMat& BS, const Vec& alpha) {
  return 0.5 * (M - GS * BS).squaredNorm() + alpha.dot(BS.rowwise().norm());
}

}  // namespace

RowSupportSystem buildRowSupportSystem(const Mat& G, const RowMat& B, const Vec& alphas) {
  if (B.rows() != G.cols() || alphas.size() != G.cols())
    throw std::invalid_argument("M/EEG hypergradient: B, G and the alphas disagree in size");
  RowSupportSystem sys;
  for (Index j = 0; j < B.rows(); ++j)
    if (!B.row(j).isZero(0.0)) sys.S.push_back(j);
  const Index s = static_cast<Index>(sys.S.size());
  sys.GS.resize(G.rows(), s);
  sys.U.resize(s, B.cols());
  sys.c.resize(s);
  sys.alpha.resize(s);
  for (Index k = 0; k < s; ++k) {
    const Index j = sys.S[static_cast<std::size_t>(k)];
    sys.GS.col(k) = G.col(j);
    const double norm = B.row(j).norm();
    sys.U.row(k) = B.row(j) / norm;
    sys.alpha[k] = alphas[j];
    sys.c[k] = alphas[j] / norm;
  }
  sys.K.noalias() = sys.GS.transpose() * sys.GS;
  return sys;
}

void applyRowJacobian(const RowSupportSystem& sys, const RowMat& V, RowMat& out) {
  out.noalias() = sys.K * V;
  for (Index i = 0; i < V.rows(); ++i)
    out.row(i) += sys.c[i] * (V.row(i) - sys.U.row(i).dot(V.row(i)) * sys.U.row(i));
}

RowMat solveRowJacobian(const RowSupportSystem& sys, const RowMat& rhs, const HypergradientOptions& options) {
  if (sys.S.empty()) return RowMat(0, rhs.cols());
  using Linear = HypergradientOptions::Linear;
  // The dense factorisation costs (|S|T)³/3 against |S|²T per CG iteration, and the block-
  // preconditioned CG needs few iterations on M/EEG supports: Auto factorises small systems only.
  constexpr Index kDenseAutoMax = 512;
  const bool dense = options.linear == Linear::Cholesky ||
                     (options.linear == Linear::Auto && sys.size() <= std::min(options.choleskyMaxSize, kDenseAutoMax));
  return dense ? solveDense(sys, rhs) : solveCg(sys, rhs, options.cgTol);
}

int polishRows(const Mat& G, const Mat& M, const Vec& alphas, RowMat& B, const HypergradientOptions& options,
               int maxSteps) {
  RowSupportSystem sys = buildRowSupportSystem(G, B, alphas);
  if (sys.S.empty()) return 0;
  const Index s = static_cast<Index>(sys.S.size());
  RowMat BS(s, B.cols());
  for (Index k = 0; k < s; ++k) BS.row(k) = B.row(sys.S[static_cast<std::size_t>(k)]);
  const RowMat GtM = sys.GS.transpose() * M;
  auto residual = [&](const RowMat& X, const RowSupportSystem& at) {
    RowMat F = sys.K * X - GtM;
    for (Index i = 0; i < s; ++i) F.row(i) += at.alpha[i] * at.U.row(i);
    return F;
  };
  double objective = supportObjective(M, sys.GS, BS, sys.alpha);
  RowMat F = residual(BS, sys);
  int steps = 0;
  for (; steps < maxSteps; ++steps) {
    const RowMat step = -solveRowJacobian(sys, F, options);
    if (!step.allFinite() || step.cwiseAbs().maxCoeff() <= 1e-15 * BS.cwiseAbs().maxCoeff()) break;
    bool accepted = false;
    for (double t = 1.0; t >= 1.0 / 64.0 && !accepted; t *= 0.5) {
      const RowMat trial = BS + t * step;
      const Vec norms = trial.rowwise().norm();
      if (!(norms.minCoeff() > 0.0)) continue;
      const double value = supportObjective(M, sys.GS, trial, sys.alpha);
      if (value > objective + 1e-15 * std::abs(objective)) continue;
      RowSupportSystem next = sys;
      for (Index i = 0; i < s; ++i) {
        next.U.row(i) = trial.row(i) / norms[i];
        next.c[i] = next.alpha[i] / norms[i];
      }
      const RowMat Fn = residual(trial, next);
      if (Fn.norm() >= F.norm()) continue;
      BS = trial;
      F = Fn;
      sys = std::move(next);
      objective = value;
      accepted = true;
    }
    if (!accepted) break;
  }
  for (Index k = 0; k < s; ++k) B.row(sys.S[static_cast<std::size_t>(k)]) = BS.row(k);
  return steps;
}

}  // namespace lambdascope
