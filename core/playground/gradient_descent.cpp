// Gradient descent with a constant step, the subgradient method (step s/√(k+1)) and gradient
// descent with Armijo backtracking.
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// x_{k+1} = x_k − s ∇f(x_k); on a non-smooth F the gradient is a subgradient.
void runGradientDescent(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front();
  for (int k = 0; k < iters; ++k) {
    const Vec2 g = firstOrderDirection(p, x);
    rec.addFullGradients();
    x -= params.step * g;
    if (!rec.push(x, g, params.step)) return;
  }
}

/// x_{k+1} = x_k − s/√(k+1) · ξ_k, ξ_k ∈ ∂F(x_k): the diminishing step that makes the
/// subgradient method converge (at rate 1/√k for the best iterate).
void runSubgradient(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front();
  for (int k = 0; k < iters; ++k) {
    const Vec2 g = p.subgradient(x);
    rec.addFullGradients();
    const double s = params.step / std::sqrt(k + 1.0);
    x -= s * g;
    if (!rec.push(x, g, s)) return;
  }
}

/// Backtracking from s0: the first t = s0·β^j with f(x − t∇f) ≤ f(x) − c·t‖∇f‖².
void runArmijo(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front();
  for (int k = 0; k < iters; ++k) {
    const Vec2 g = p.gradient(x);
    rec.addFullGradients();
    const double f0 = p.smoothValue(x), gg = g.squaredNorm();
    double t = params.step;
    for (int j = 0; j < kMaxBacktracks && !(p.smoothValue(x - t * g) <= f0 - kArmijoC * t * gg); ++j)
      t *= kArmijoShrink;
    x -= t * g;
    if (!rec.push(x, g, t)) return;
  }
}

}  // namespace lambdascope::playground::detail
