#include "core/l0/iht.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lambdascope::l0 {

namespace {

/// Keep the k largest |v_j| (ties: lower index), zero the rest. `idx` is caller-owned scratch.
void hardThreshold(Vec& v, Index k, std::vector<Index>& idx) {
  const Index p = v.size();
  if (k >= p) return;
  idx.resize(static_cast<std::size_t>(p));
  std::iota(idx.begin(), idx.end(), Index{0});
  std::nth_element(idx.begin(), idx.begin() + k, idx.end(), [&](Index a, Index b) {
    const double fa = std::abs(v[a]), fb = std::abs(v[b]);
    return fa > fb || (fa == fb && a < b);
  });
  for (auto it = idx.begin() + k; it != idx.end(); ++it) v[*it] = 0.0;
}

/// Indices of the non-zeros into `out` (its capacity is reused: no allocation once warm).
void supportInto(const Vec& v, std::vector<Index>& out) {
  out.clear();
  for (Index j = 0; j < v.size(); ++j)
    if (v[j] != 0.0) out.push_back(j);
}

std::vector<Index> supportOf(const Vec& v) {
  std::vector<Index> s;
  supportInto(v, s);
  return s;
}

}  // namespace

IhtResult iterativeHardThresholding(const L0Problem& problem, Index k, const L0Solution* warm,
                                    const IhtOptions& options, std::stop_token stop) {
  const Index p = problem.features();
  const double lam = problem.ridge();
  const bool logistic = problem.loss() == L0Loss::Logistic;
  k = std::clamp<Index>(k, 0, p);
  L0Workspace ws(problem.samples(), p);
  std::vector<Index> idx;

  Vec x = Vec::Zero(p);
  double xb = 0.0;
  if (warm && warm->theta.size() == p) {
    x = warm->theta;
    xb = warm->intercept;
    hardThreshold(x, k, idx);
  }
  double Fx = problem.objectiveBestIntercept(x, xb, ws);
  Vec xPrev = x, y = x, grad(p), cand(p);
  double xbPrev = xb, yb = xb;
  double L = problem.lipschitz() + 2.0 * lam;
  double t = 1.0;
  LossEval e;
  IhtResult out;
  std::vector<Index> previousSupport = supportOf(x), support;
  previousSupport.reserve(static_cast<std::size_t>(p));
  support.reserve(static_cast<std::size_t>(p));
  int stableIterations = 0;

  for (int it = 1; it <= options.maxIterations; ++it) {
    out.iterations = it;
    if (stop.stop_requested()) break;
    const double fy = problem.evaluate(y, yb, &grad, &e, ws);
    grad += 2.0 * lam * y;
    const double Fy = fy + lam * y.squaredNorm();
    double Fc = 0.0, cb = 0.0;
    // Backtracking: accept 1/L once F(θ⁺) is below the quadratic model at y.
    for (int bt = 0; bt < 60; ++bt) {
      cand = y - grad / L;
      hardThreshold(cand, k, idx);
      cb = logistic ? yb - e.gradIntercept / L : 0.0;
      Fc = problem.objective(cand, cb, ws);
      const double db = cb - yb;
      if (Fc <= Fy + grad.dot(cand - y) + e.gradIntercept * db + 0.5 * L * ((cand - y).squaredNorm() + db * db) +
                    1e-12 * std::abs(Fy))
        break;
      L *= 2.0;
    }
    if (Fc > Fx && (y - x).squaredNorm() + (yb - xb) * (yb - xb) > 0.0) {
      // The momentum step went uphill: restart from θ without momentum.
      y = x;
      yb = xb;
      t = 1.0;
      continue;
    }
    const double decrease = Fx - Fc;
    xPrev = x;
    xbPrev = xb;
    x = cand;
    xb = cb;
    Fx = std::min(Fx, Fc);
    supportInto(x, support);
    stableIterations = support == previousSupport ? stableIterations + 1 : 0;
    std::swap(support, previousSupport);
    if (stableIterations >= 3 && decrease <= options.relTol * std::max(std::abs(Fx), 1e-300)) break;
    if (options.accelerate) {
      const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
      const double beta = (t - 1.0) / tNext;
      y = x + beta * (x - xPrev);
      yb = xb + beta * (xb - xbPrev);
      t = tNext;
    } else {
      y = x;
      yb = xb;
    }
  }
  L0Solution current;
  current.theta = x;
  current.intercept = xb;
  out.solution = problem.fitSupport(supportOf(x), &current);
  return out;
}

}  // namespace lambdascope::l0
