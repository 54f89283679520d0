// Polyak's heavy ball and Nesterov's accelerated gradient (constant momentum or the t_k schedule).
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// x_{k+1} = x_k − α∇f(x_k) + β(x_k − x_{k−1}), with x_{−1} = x_0.
void runHeavyBall(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front(), prev = x;
  for (int k = 0; k < iters; ++k) {
    const Vec2 g = firstOrderDirection(p, x);
    rec.addFullGradients();
    const Vec2 next = x - params.step * g + params.momentum * (x - prev);
    prev = x;
    x = next;
    if (!rec.push(x, g, params.step)) return;
  }
}

/// y_k = x_k + β_k(x_k − x_{k−1}), x_{k+1} = y_k − s∇f(y_k). β_k is constant, or
/// (t_k − 1)/t_{k+1} with t_1 = 1, t_{k+1} = (1 + √(1 + 4t_k²))/2 (Beck–Teboulle's sequence).
/// The recorded gradient is ∇f(y_k), taken at the extrapolated point.
void runNesterov(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front(), prev = x;
  double t = 1.0;
  const bool constant = params.momentumSchedule == "constant";
  for (int k = 0; k < iters; ++k) {
    const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
    const double beta = constant ? params.momentum : (t - 1.0) / tNext;
    t = tNext;
    const Vec2 y = x + beta * (x - prev);
    const Vec2 g = firstOrderDirection(p, y);
    rec.addFullGradients();
    prev = x;
    x = y - params.step * g;
    if (!rec.push(x, g, params.step)) return;
  }
}

}  // namespace lambdascope::playground::detail
