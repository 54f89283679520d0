#include "core/solvers/cd_kernel.hpp"

#include <algorithm>
#include <numeric>

namespace lambdascope::cd {

namespace {
constexpr std::size_t kStopPollStride = 256;  // coordinates between cancellation polls
}

ShiftedVector initialPredictor(const DesignMatrix& X, CVecRef w, double intercept) {
  ShiftedVector eta(X.rows());
  if (w.any()) {
    Vec xw(X.rows());
    X.apply(w, xw);
    eta.assign(xw);
  }
  eta.addConstant(intercept);
  return eta;
}

Vec lipschitzConstants(const Problem& problem, const Penalty& penalty) {
  Vec L(problem.X.cols());
  const double floor = (1.0 + 1e-6) * penalty.minCurvature();
  for (Index j = 0; j < L.size(); ++j) {
    L[j] = problem.datafit.coordinateLipschitz(problem.X, j);
    if (L[j] > 0.0) L[j] = std::max(L[j], floor);
  }
  return L;
}

bool epoch(const Problem& problem, const Penalty& penalty, const Vec& lipschitz,
           std::span<const Index> coords, Vec& w, double& intercept, ShiftedVector& eta,
           const std::stop_token& stop) {
  const DesignMatrix& X = problem.X;
  for (std::size_t k = 0; k < coords.size(); ++k) {
    if (k % kStopPollStride == 0 && stop.stop_requested()) return false;
    const Index j = coords[k];
    const double L = lipschitz[j];
    if (L <= 0.0) continue;
    const double g = problem.datafit.coordinateGradient(X, problem.y, eta, j);
    const double old = w[j];
    const double updated = penalty.prox1d(old - g / L, 1.0 / L, j);
    if (updated != old) {
      X.colAxpy(j, updated - old, eta);
      w[j] = updated;
    }
  }
  if (problem.fitIntercept) {
    const double step = problem.datafit.interceptStep(problem.y, eta);
    intercept += step;
    eta.addConstant(step);
  }
  return true;
}

void selectWorkingSet(const Vec& scores, Index size, std::vector<Index>& order, std::vector<Index>& ws) {
  order.resize(static_cast<std::size_t>(scores.size()));
  std::iota(order.begin(), order.end(), Index{0});
  const auto mid = order.begin() + size;
  std::nth_element(order.begin(), mid - (size > 0 ? 1 : 0), order.end(),
                   [&](Index a, Index b) { return scores[a] > scores[b]; });
  ws.assign(order.begin(), mid);
  std::sort(ws.begin(), ws.end());
}

}  // namespace lambdascope::cd
