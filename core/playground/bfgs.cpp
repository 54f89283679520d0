// BFGS (Nocedal & Wright, Algorithm 6.1) with an Armijo backtracking line search.
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// d = −H∇f (H approximates the inverse Hessian), t by backtracking from s0 with c = 10⁻⁴, then
/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). Before the first update H is scaled to
/// (yᵀs / yᵀy)·I (N&W 6.20). An update with yᵀs ≤ 10⁻¹²‖s‖‖y‖ (possible with Armijo alone on a
/// non-convex f) is skipped so that H stays positive definite.
void runBfgs(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front();
  Mat2 H = Mat2::Identity();
  bool scaled = false;
  Vec2 g = p.gradient(x);
  rec.addFullGradients();
  for (int k = 0; k < iters; ++k) {
    Vec2 d = -H * g;
    if (g.dot(d) >= 0.0) {  // not a descent direction (cannot happen with H ≻ 0; be safe)
      H.setIdentity();
      d = -g;
    }
    const double f0 = p.smoothValue(x), slope = g.dot(d);
    double t = params.step;
    for (int j = 0; j < kMaxBacktracks && !(p.smoothValue(x + t * d) <= f0 + 1e-4 * t * slope); ++j)
      t *= kArmijoShrink;
    const Vec2 next = x + t * d;
    const Vec2 gNext = p.gradient(next);
    rec.addFullGradients();
    const Vec2 s = next - x, y = gNext - g;
    const double ys = y.dot(s);
    if (ys > 1e-12 * s.norm() * y.norm()) {
      if (!scaled) {
        H = (ys / y.squaredNorm()) * Mat2::Identity();
        scaled = true;
      }
      const double rho = 1.0 / ys;
      const Mat2 V = Mat2::Identity() - rho * y * s.transpose();
      H = V.transpose() * H * V + rho * s * s.transpose();
    }
    const Vec2 used = g;
    x = next;
    g = gNext;
    if (!rec.push(x, used, t)) return;
  }
}

}  // namespace lambdascope::playground::detail
