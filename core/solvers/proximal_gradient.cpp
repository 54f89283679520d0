#include "core/solvers/proximal_gradient.hpp"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

std::optional<std::string> ProximalGradient::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().separable && !(penalty.traits().blockSeparable && penalty.groups()))
    return name() + " needs a coordinate-wise or group-wise prox; '" + penalty.name() + "' has neither";
  return std::nullopt;
}

SolveResult ProximalGradient::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                                    const SolverOptions& options, ProgressObserver& observer,
                                    std::stop_token stop) const {
  const DesignMatrix& X = problem.X;
  const Index n = X.rows();
  const Index p = X.cols();
  const Datafit& f = problem.datafit;
  const CVecRef y = problem.y;

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;

  // All buffers up front: nothing is allocated inside the iterations.
  Vec& x = result.w;
  double b = result.intercept;
  Vec xPrev = x, yw = x, xNew(p), grad(p), scratch(p);
  const auto* groups = penalty.traits().separable ? nullptr : penalty.groups();
  std::size_t largestGroup = 0;
  if (groups)
    for (const auto& g : *groups) largestGroup = std::max(largestGroup, g.size());
  Vec block(static_cast<Index>(largestGroup));
  double bPrev = b, by = b, bNew = 0.0;
  Vec etaX(n), etaPrev(n), etaY(n), etaNew(n), sampleGrad(n);
  X.apply(x, etaX, scratch);
  etaX.array() += b;
  etaPrev = etaX;
  etaY = etaX;

  double L = 0.0;  // the largest coordinate constant bounds the global one from below
  for (Index j = 0; j < p; ++j) L = std::max(L, f.coordinateLipschitz(X, j));
  if (problem.fitIntercept) {
    // The intercept is a column of ones: its constant is that of a unit-mean-square column.
    L = std::max(L, 1e-12);
  }
  if (!(L > 0.0)) L = 1.0;

  GapWorkspace ws;
  ws.resize(n, p);
  ShiftedVector etaShifted(n);
  double t = 1.0;
  double objective = f.value(y, etaX) + penalty.value(x);
  EpochMonitor monitor(penalty.lambda(), options, observer, stop, result, [&] {
    etaShifted.assign(etaX);
    const Certificate c = evaluateCertificate(problem, penalty, x, etaShifted, ws);
    result.objective = c.primal;
    result.stopCriterion = c.value;
  });

  for (int it = 1; it <= options.maxEpochs; ++it) {
    if (stop.stop_requested()) {
      monitor.afterEpoch(it, false);
      break;
    }
    // Gradient at the extrapolated point.
    f.sampleGradient(y, etaY, sampleGrad);
    X.applyTransposed(sampleGrad, grad);
    const double gradB = problem.fitIntercept ? sampleGrad.sum() : 0.0;
    const double fY = f.value(y, etaY);

    // Backtracking on L.
    double fNew = 0.0;
    for (int bt = 0; bt < 60; ++bt) {
      const double step = 1.0 / L;
      if (groups) {
        for (std::size_t g = 0; g < groups->size(); ++g) {
          const auto& cols = (*groups)[g];
          auto v = block.head(static_cast<Index>(cols.size()));
          for (std::size_t a = 0; a < cols.size(); ++a)
            v[static_cast<Index>(a)] = yw[cols[a]] - step * grad[cols[a]];
          penalty.proxGroup(v, step, static_cast<Index>(g));
          for (std::size_t a = 0; a < cols.size(); ++a) xNew[cols[a]] = v[static_cast<Index>(a)];
        }
      } else {
        for (Index j = 0; j < p; ++j) xNew[j] = penalty.prox1d(yw[j] - step * grad[j], step, j);
      }
      bNew = problem.fitIntercept ? by - step * gradB : 0.0;
      X.apply(xNew, etaNew, scratch);
      etaNew.array() += bNew;
      fNew = f.value(y, etaNew);
      const double dx2 = (xNew - yw).squaredNorm() + (bNew - by) * (bNew - by);
      const double model = fY + grad.dot(xNew - yw) + gradB * (bNew - by) + 0.5 * L * dx2;
      if (fNew <= model + 1e-12 * std::abs(fY)) break;
      L *= 2.0;
    }
    const double newObjective = fNew + penalty.value(xNew);

    xPrev.swap(x);
    x.swap(xNew);
    etaPrev.swap(etaX);
    etaX.swap(etaNew);
    bPrev = b;
    b = bNew;
    if (accelerated_ && newObjective > objective) {
      t = 1.0;  // adaptive restart: the momentum overshot
      yw = x;
      by = b;
      etaY = etaX;
    } else if (accelerated_) {
      const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
      const double beta = (t - 1.0) / tNext;
      yw = x + beta * (x - xPrev);
      by = b + beta * (b - bPrev);
      etaY = etaX + beta * (etaX - etaPrev);
      t = tNext;
    } else {
      yw = x;
      by = b;
      etaY = etaX;
    }
    objective = newObjective;
    if (monitor.afterEpoch(it, true)) break;
  }
  result.intercept = problem.fitIntercept ? b : 0.0;
  result.seconds = monitor.seconds();
  return result;
}

}  // namespace lambdascope
