// Newton's method: x_{k+1} = x_k − s ∇²f(x_k)⁻¹ ∇f(x_k) (s = 1: the pure method).
#include "core/playground/method_impl.hpp"

#include <Eigen/Dense>

namespace lambdascope::playground::detail {

void runNewton(const Problem& p, const Trace& params, Recorder& rec, int iters) {
  Vec2 x = params.iterates.front();
  for (int k = 0; k < iters; ++k) {
    const Vec2 g = p.gradient(x);
    const Mat2 H = p.hessian(x);
    rec.addFullGradients();
    if (std::abs(H.determinant()) <= 1e-300) {
      rec.trace().termination = "singular Hessian";
      return;
    }
    // A 2 × 2 solve by LU with partial pivoting: exact enough, and fine for indefinite H
    // (Rosenbrock away from the valley), where pure Newton may go uphill.
    x -= params.step * H.partialPivLu().solve(g);
    if (!rec.push(x, g, params.step)) return;
  }
}

}  // namespace lambdascope::playground::detail
