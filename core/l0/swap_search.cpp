#include "core/l0/swap_search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/datafits/logistic_loss.hpp"

namespace lambdascope::l0 {

namespace {

/// One-coordinate decrease scores g_j²/(h_j + 2λ₂) at (θ, θ0) for j outside `inSupport`; h_j is
/// the exact curvature (least squares) or the local one (logistic).
void coordinateScores(const L0Problem& problem, const Vec& theta, double intercept,
                      const std::vector<char>& inSupport, Vec& grad, Vec& curvature, Vec& score,
                      L0Workspace& ws, const Mat& squaredDesign, Vec& weights) {
  problem.evaluate(theta, intercept, &grad, nullptr, ws);
  if (problem.loss() == L0Loss::Squared) {
    curvature = problem.columnCurvature();
  } else {
    // h_j = Σ_i σ_i(1 − σ_i) x̃_ij²/n at the current predictor (ws.eta = X̃θ after evaluate).
    const Index n = problem.samples();
    for (Index i = 0; i < n; ++i) {
      const double t = ws.eta[i] + intercept;
      const double s = sigmoid(t);
      weights[i] = s * (1.0 - s) / static_cast<double>(n);
    }
    curvature.noalias() = squaredDesign.transpose() * weights;
  }
  const double lam = problem.ridge();
  for (Index j = 0; j < theta.size(); ++j)
    score[j] = inSupport[static_cast<std::size_t>(j)] ? -1.0 : grad[j] * grad[j] / (curvature[j] + 2.0 * lam + 1e-300);
}

}  // namespace

SwapResult swapSearch(const L0Problem& problem, Index k, const L0Solution& start,
                      const SwapOptions& options, std::stop_token stop) {
  const Index p = problem.features();
  k = std::clamp<Index>(k, 0, p);
  L0Workspace ws(problem.samples(), p);
  Vec grad(p), curvature(p), score(p), weights(problem.samples());
  const Mat squaredDesign =
      problem.loss() == L0Loss::Logistic ? Mat(problem.design().array().square()) : Mat();
  SwapResult out;

  std::vector<Index> support = start.support;
  if (static_cast<Index>(support.size()) > k) {
    // Too many: keep the k largest (model scale).
    std::sort(support.begin(), support.end(), [&](Index a, Index b) {
      return std::abs(start.theta[a]) > std::abs(start.theta[b]);
    });
    support.resize(static_cast<std::size_t>(k));
  }
  L0Solution best = problem.fitSupport(support, &start);
  ++out.refits;
  std::vector<char> inSupport(static_cast<std::size_t>(p), 0);
  auto markSupport = [&] {
    std::fill(inSupport.begin(), inSupport.end(), 0);
    for (Index j : best.support) inSupport[static_cast<std::size_t>(j)] = 1;
  };
  markSupport();

  // (1) Forward steps up to k features.
  while (static_cast<Index>(best.support.size()) < k && !stop.stop_requested()) {
    coordinateScores(problem, best.theta, best.intercept, inSupport, grad, curvature, score, ws, squaredDesign, weights);
    Index j = 0;
    score.maxCoeff(&j);
    std::vector<Index> next = best.support;
    next.push_back(j);
    best = problem.fitSupport(next, &best);
    ++out.refits;
    markSupport();
  }

  // (2) Swaps until none lowers F.
  std::vector<Index> order, candidates(static_cast<std::size_t>(p));
  Vec dropped(p);
  bool improved = true;
  while (improved && out.swaps < options.maxSwaps && !stop.stop_requested()) {
    improved = false;
    order = best.support;
    std::sort(order.begin(), order.end(),
              [&](Index a, Index b) { return std::abs(best.theta[a]) < std::abs(best.theta[b]); });
    for (Index i : order) {
      if (stop.stop_requested()) break;
      dropped = best.theta;
      dropped[i] = 0.0;
      coordinateScores(problem, dropped, best.intercept, inSupport, grad, curvature, score, ws, squaredDesign, weights);
      std::iota(candidates.begin(), candidates.end(), Index{0});
      const Index m = std::min<Index>(options.candidates, p - static_cast<Index>(best.support.size()));
      if (m <= 0) break;
      std::partial_sort(candidates.begin(), candidates.begin() + m, candidates.end(),
                        [&](Index a, Index b) { return score[a] > score[b]; });
      for (Index c = 0; c < m; ++c) {
        const Index j = candidates[static_cast<std::size_t>(c)];
        if (inSupport[static_cast<std::size_t>(j)]) continue;
        std::vector<Index> next;
        next.reserve(best.support.size());
        for (Index s : best.support)
          if (s != i) next.push_back(s);
        next.push_back(j);
        L0Solution trial = problem.fitSupport(next, &best);
        ++out.refits;
        if (trial.objective < best.objective - 1e-13 * std::abs(best.objective)) {
          best = std::move(trial);
          markSupport();
          ++out.swaps;
          improved = true;
          break;
        }
      }
      if (improved) break;
    }
  }
  out.solution = std::move(best);
  return out;
}

}  // namespace lambdascope::l0
