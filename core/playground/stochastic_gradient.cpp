// Stochastic gradient descent on a finite sum f = (1/n) Σ f_i, one sample (sgd) or a mini-batch.
#include <algorithm>
#include <numeric>
#include <vector>

#include "core/playground/method_impl.hpp"

namespace lambdascope::playground::detail {

/// x_{k+1} = prox_{s g}(x_k − s ĝ_k), ĝ_k = (1/B) Σ_{i ∈ B_k} ∇f_i(x_k), B_k drawn uniformly
/// without replacement (B = 1: plain SGD). ĝ_k is an unbiased estimate of ∇f(x_k); both are
/// recorded. With a constant step the iterates reach a noise ball around x*, not x*.
void runSgd(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  const long n = p.samples();
  const int B = std::max(1, params.batchSize);
  std::mt19937_64 rng(params.seed);
  std::vector<long> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0L);
  Vec2 x = params.iterates.front();
  for (int k = 0; k < iters; ++k) {
    Vec2 g = Vec2::Zero();
    if (B == 1) {
      g = p.sampleGradient(std::uniform_int_distribution<long>(0, n - 1)(rng), x);
    } else {
      // Partial Fisher–Yates: the first B entries of `order` become a uniform sample.
      for (int b = 0; b < B; ++b) {
        std::swap(order[b], order[std::uniform_int_distribution<long>(b, n - 1)(rng)]);
        g += p.sampleGradient(order[b], x);
      }
      g /= B;
    }
    rec.addSampleGradients(B);
    rec.trace().fullGradients.push_back(p.gradient(x));
    x = p.prox(x - params.step * g, params.step);
    if (!rec.push(x, g, params.step)) {
      rec.trace().fullGradients.pop_back();
      return;
    }
  }
}

}  // namespace lambdascope::playground::detail
