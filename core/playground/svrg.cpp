// SVRG (Johnson & Zhang 2013): stochastic steps with a control variate from a periodic snapshot.
#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// Every m inner steps the snapshot x̃ = x_k and μ̃ = ∇f(x̃) are refreshed (n gradients); each
/// inner step uses ĝ = ∇f_i(x_k) − ∇f_i(x̃) + μ̃, unbiased with a variance that vanishes as x_k
/// and x̃ approach x*, so a constant step converges linearly on strongly convex sums.
/// x_{k+1} = prox_{s g}(x_k − s ĝ) (prox-SVRG when g ≠ 0). Snapshot = last iterate (option I).
void runSvrg(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  const long n = p.samples();
  const int m = params.epochLength;
  std::mt19937_64 rng(params.seed);
  std::uniform_int_distribution<long> pick(0, n - 1);
  Vec2 x = params.iterates.front(), snapshot = x, mu = Vec2::Zero();
  for (int k = 0; k < iters; ++k) {
    if (k % m == 0) {
      snapshot = x;
      mu = p.gradient(snapshot);
      rec.addFullGradients();
    }
    const long i = pick(rng);
    const Vec2 g = p.sampleGradient(i, x) - p.sampleGradient(i, snapshot) + mu;
    rec.addSampleGradients(2);
    rec.trace().fullGradients.push_back(p.gradient(x));
    x = p.prox(x - params.step * g, params.step);
    if (!rec.push(x, g, params.step)) {
      rec.trace().fullGradients.pop_back();
      return;
    }
  }
}

}  // namespace lambdascope::playground::detail
