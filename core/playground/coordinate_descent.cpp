// Coordinate descent, cyclic or uniformly random: one coordinate per iterate (the staircase).
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// x_i ← prox_{s_i g_i}(x_i − s_i ∂_i f(x)), s_i = 1/L_i (or the given step). For quadratic f and
/// the ℓ1 norm this is the exact minimisation along coordinate i (soft thresholding). g is
/// separable, so the i-th component of the full prox is the coordinate prox.
void runCoordinateDescent(const Problem& p, const Trace& params, Recorder& rec, int iters, bool random) {
  std::mt19937_64 rng(params.seed);
  std::uniform_int_distribution<int> pick(0, 1);
  Vec2 x = params.iterates.front();
  double stepOf[2];
  for (int i = 0; i < 2; ++i) {
    const auto Li = p.coordinateLipschitz(i);
    stepOf[i] = params.step > 0.0 ? params.step : (Li && *Li > 0.0 ? 1.0 / *Li : p.defaultStep());
  }
  for (int k = 0; k < iters; ++k) {
    const int i = random ? pick(rng) : k % 2;
    const double s = stepOf[i];
    const Vec2 g = p.gradient(x);
    rec.addFullGradients();  // a partial derivative; in 2-D we count it as a gradient for simplicity
    Vec2 v = x;
    v[i] -= s * g[i];
    const Vec2 proxed = p.prox(v, s);
    Vec2 used = Vec2::Zero();
    used[i] = (x[i] - proxed[i]) / s;
    x[i] = proxed[i];
    if (!rec.push(x, used, s)) return;
  }
}

}  // namespace lambdascope::playground::detail
