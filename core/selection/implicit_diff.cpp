// Implicit differentiation restricted to the support (Bertrand et al., ICML 2020, §3).
//
// At the inner solution, on its support S with signs fixed, F(u, θ) = 0 (see support_system.hpp),
// so du/dθ = −H⁻¹ ∂_θF and the hypergradient of a criterion C(u) is −vᵀ ∂_θF with H v = ∇_u C:
// one |S|(+1) symmetric system, whatever dim θ is. ∂F_j/∂log λ1_j = λ1_j sign(w_j) and
// ∂F_j/∂log λ2 = λ2 w_j. The result is exact where the support is locally constant.

#include <Eigen/Cholesky>

#include "core/selection/inner_task.hpp"
#include "core/selection/support_system.hpp"

namespace lambdascope {

namespace {
/// Conjugate gradient on H v = r (H symmetric positive definite), matrix-free.
Vec conjugateGradient(const detail::SupportSystem& sys, double l2, const Vec& r, double tol, int maxIter) {
  const Index m = r.size();
  Vec v = Vec::Zero(m);
  Vec res = r;
  Vec dir = res;
  Vec Hd(m);
  Vec scratch(sys.XS.rows());
  double rr = res.squaredNorm();
  const double stop = tol * tol * std::max(rr, 1e-300);
  for (int it = 0; it < maxIter && rr > stop; ++it) {
    detail::supportHessianProduct(sys, l2, dir, Hd, scratch);
    const double alpha = rr / dir.dot(Hd);
    v += alpha * dir;
    res -= alpha * Hd;
    const double rrNew = res.squaredNorm();
    dir = res + (rrNew / rr) * dir;
    rr = rrNew;
  }
  return v;
}
}  // namespace

TaskResult implicitHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                 const HypergradientOptions& options, std::stop_token stop) {
  TaskResult out = solveTask(task, space, theta, options, stop);
  Vec l1;
  double l2 = 0.0;
  space.levels(theta, l1, l2);
  const Vec& w = out.solution.w;
  const double b = out.solution.intercept;

  // ∇_u C: the term's gradient in η_eval (computed by solveTask) pulled back to (w_S, b).
  const Vec& gEta = out.gradEta;

  detail::SupportSystem sys = detail::buildSupportSystem(task, w, b, detail::generalizedSupport(task.X, w, l1));
  const Index m = static_cast<Index>(sys.S.size());
  if (sys.size() == 0) return out;
  Vec r(sys.size());
  for (Index k = 0; k < m; ++k) r[k] = task.Xeval.colDot(sys.S[static_cast<std::size_t>(k)], gEta);
  if (sys.intercept) r[m] = gEta.sum();

  const bool cholesky = options.linear == HypergradientOptions::Linear::Cholesky ||
                        (options.linear == HypergradientOptions::Linear::Auto && sys.size() <= options.choleskyMaxSize);
  Vec v;
  if (cholesky) {
    const Eigen::LDLT<Mat> ldlt(detail::supportHessian(sys, l2));
    v = ldlt.solve(r);
  } else {
    v = conjugateGradient(sys, l2, r, options.cgTol, static_cast<int>(10 * sys.size() + 100));
  }
  for (Index k = 0; k < m; ++k) {
    const Index j = sys.S[static_cast<std::size_t>(k)];
    const Index h = space.l1Index(j);
    if (h >= 0 && l1[j] > 0.0) out.grad[h] -= v[k] * l1[j] * (w[j] > 0.0 ? 1.0 : -1.0);
    if (space.l2Index() >= 0) out.grad[space.l2Index()] -= v[k] * l2 * w[j];
  }
  return out;
}

}  // namespace lambdascope
