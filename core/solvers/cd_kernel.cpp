#include "core/solvers/cd_kernel.hpp"

#include <algorithm>
#include <limits>
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

void refreshPredictor(const DesignMatrix& X, CVecRef w, double intercept, ShiftedVector& eta,
                      std::span<const Index> columns) {
  eta.setZero(X.rows());
  const auto add = [&](Index j) {
    if (w[j] != 0.0) X.colAxpy(j, w[j], eta);
  };
  if (columns.empty()) {
    for (Index j = 0; j < w.size(); ++j) add(j);
  } else {
    for (const Index j : columns) add(j);
  }
  eta.addConstant(intercept);
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

WorkingSetPolicy::WorkingSetPolicy(Index features, Index initialSize)
    : features_(features),
      p0_(std::min(features, std::max<Index>(1, initialSize))),
      previous_(std::numeric_limits<double>::infinity()),
      scores_(features) {}

void WorkingSetPolicy::select(const Penalty& penalty, CVecRef w, CVecRef grad, const Vec& lipschitz,
                              std::span<const Index> candidates, double criterion,
                              std::vector<Index>& ws) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (criterion > 0.5 * previous_) p0_ = std::min(features_, 2 * p0_);
  previous_ = criterion;

  Index supportSize = 0;
  Index available = 0;
  scores_.setConstant(-inf);
  auto score = [&](Index j) {
    ++available;
    if (lipschitz[j] <= 0.0) return;
    if (penalty.inGeneralizedSupport(w[j], j)) {
      scores_[j] = inf;
      ++supportSize;
    } else {
      scores_[j] = penalty.subdiffDistance(w[j], grad[j], j);
    }
  };
  if (candidates.empty()) {
    for (Index j = 0; j < features_; ++j) score(j);
  } else {
    for (const Index j : candidates) score(j);
  }
  const Index size = std::min(available, std::max(p0_, 2 * supportSize));

  // The `size` highest scores, then sorted by index for cache-friendly sweeps.
  order_.resize(static_cast<std::size_t>(features_));
  std::iota(order_.begin(), order_.end(), Index{0});
  const auto mid = order_.begin() + size;
  std::nth_element(order_.begin(), mid - (size > 0 ? 1 : 0), order_.end(),
                   [&](Index a, Index b) { return scores_[a] > scores_[b]; });
  ws.assign(order_.begin(), mid);
  std::sort(ws.begin(), ws.end());
}

}  // namespace lambdascope::cd
