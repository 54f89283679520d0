// ISTA and FISTA (Beck & Teboulle 2009): proximal gradient steps on F = f + g.
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// ISTA: x_{k+1} = prox_{s g}(x_k − s∇f(x_k)).
/// FISTA: x_{k+1} = prox_{s g}(y_k − s∇f(y_k)), t_{k+1} = (1 + √(1 + 4t_k²))/2,
///        y_{k+1} = x_{k+1} + ((t_k − 1)/t_{k+1})(x_{k+1} − x_k), y_1 = x_0, t_1 = 1.
/// The recorded direction is the gradient mapping G = (point − x_{k+1})/s.
void runProximalGradient(const Problem& p, const Trace& params, Recorder& rec, int iters, bool accelerated) {
  const double s = params.step;
  Vec2 x = params.iterates.front(), y = x;
  double t = 1.0;
  for (int k = 0; k < iters; ++k) {
    const Vec2 from = accelerated ? y : x;
    const Vec2 next = p.prox(from - s * p.gradient(from), s);
    rec.addFullGradients();
    const Vec2 mapping = (from - next) / s;
    if (accelerated) {
      const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
      y = next + ((t - 1.0) / tNext) * (next - x);
      t = tNext;
    }
    x = next;
    if (!rec.push(x, mapping, s)) return;
  }
}

}  // namespace lambdascope::playground::detail
