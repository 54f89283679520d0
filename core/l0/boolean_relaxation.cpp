#include "core/l0/boolean_relaxation.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/datafits/logistic_loss.hpp"

namespace lambdascope::l0 {

namespace {

/// Euclidean projection onto {z ∈ [0,1]^p : Σz ≤ k}: clip(v − τ, 0, 1), τ ≥ 0 by bisection.
Vec projectCappedSimplex(const Vec& v, double k) {
  auto clipped = [&](double tau) { return (v.array() - tau).max(0.0).min(1.0).matrix().eval(); };
  Vec z = clipped(0.0);
  if (z.sum() <= k) return z;
  double lo = 0.0, hi = std::max(v.maxCoeff(), 0.0);
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (clipped(mid).sum() > k ? lo : hi) = mid;
  }
  return clipped(hi);
}

/// Frank–Wolfe lower bound at z: V(z) + ∇V(z)ᵀ(s − z), s = 1 on the k most negative gradients.
double frankWolfeBound(double value, const Vec& grad, const Vec& z, Index k) {
  std::vector<Index> idx(static_cast<std::size_t>(grad.size()));
  std::iota(idx.begin(), idx.end(), Index{0});
  const Index m = std::min<Index>(k, grad.size());
  std::partial_sort(idx.begin(), idx.begin() + m, idx.end(), [&](Index a, Index b) { return grad[a] < grad[b]; });
  double linear = -grad.dot(z);
  for (Index i = 0; i < m; ++i) linear += std::min(0.0, grad[idx[static_cast<std::size_t>(i)]]);
  return value + linear;
}

}  // namespace

double booleanValue(const L0Problem& problem, const Vec& z, Vec* gradient) {
  const Mat& X = problem.design();
  const Vec& y = problem.target();
  const Index n = problem.samples();
  const Index p = problem.features();
  const double lam = problem.ridge();
  const double nd = static_cast<double>(n);
  const Vec d = z.array().max(0.0).sqrt().matrix();
  const Mat A = X * d.asDiagonal();
  Vec u(n);
  double value = 0.0;
  if (problem.loss() == L0Loss::Squared) {
    Mat M = A.transpose() * A / nd;
    M.diagonal().array() += 2.0 * lam;
    const Vec w = M.llt().solve(A.transpose() * y / nd);
    const Vec r = y - A * w;
    value = r.squaredNorm() / (2.0 * nd) + lam * w.squaredNorm();
    u = r / nd;
  } else {
    // Newton on (w, θ0) for f(Aw + θ0) + λ₂‖w‖².
    Mat B(n, p + 1);
    B.leftCols(p) = A;
    B.col(p).setOnes();
    Vec w = Vec::Zero(p + 1);
    auto objective = [&](const Vec& ww) {
      const Vec eta = B * ww;
      double acc = 0.0;
      for (Index i = 0; i < n; ++i) acc += logLoss(y[i] * eta[i]);
      return acc / nd + lam * ww.head(p).squaredNorm();
    };
    value = objective(w);
    for (int it = 0; it < 100; ++it) {
      const Vec eta = B * w;
      Vec g(n), h(n);
      for (Index i = 0; i < n; ++i) {
        const double s = sigmoid(-y[i] * eta[i]);
        g[i] = -y[i] * s / nd;
        h[i] = s * (1.0 - s) / nd;
      }
      Vec grad = B.transpose() * g;
      grad.head(p) += 2.0 * lam * w.head(p);
      Mat H = B.transpose() * h.asDiagonal() * B;
      H.diagonal().head(p).array() += 2.0 * lam;
      H(p, p) += 1e-14;
      const Vec step = H.ldlt().solve(-grad);
      const double dec = -grad.dot(step);
      if (!(dec > 1e-28)) break;
      double t = 1.0;
      for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
        const double v = objective(w + t * step);
        if (v <= value - 1e-4 * t * dec) {
          w += t * step;
          value = v;
          break;
        }
      }
    }
    const Vec eta = B * w;
    for (Index i = 0; i < n; ++i) u[i] = y[i] * sigmoid(-y[i] * eta[i]) / nd;
  }
  if (gradient) {
    const Vec v = X.transpose() * u;
    *gradient = (-(v.array().square()) / (4.0 * lam)).matrix();
  }
  return value;
}

BooleanRelaxationResult solveBooleanRelaxation(const L0Problem& problem, Index k, int maxIterations,
                                               double relTol) {
  if (!(problem.ridge() > 0.0)) throw std::invalid_argument("the Boolean relaxation needs a ridge > 0");
  const Index p = problem.features();
  const double kk = static_cast<double>(std::min<Index>(k, p));
  BooleanRelaxationResult out;
  out.upperBound = std::numeric_limits<double>::infinity();
  out.lowerBound = -std::numeric_limits<double>::infinity();
  Vec x = Vec::Constant(p, kk / static_cast<double>(p));
  Vec y = x, xPrev = x, gy(p), gx(p);
  double t = 1.0;
  double L = 1.0;  // inverse step, backtracked
  double fx = booleanValue(problem, x, &gx);
  out.upperBound = fx;
  out.lowerBound = frankWolfeBound(fx, gx, x, k);
  out.z = x;
  for (int it = 1; it <= maxIterations; ++it) {
    out.iterations = it;
    const double fy = booleanValue(problem, y, &gy);
    out.lowerBound = std::max(out.lowerBound, frankWolfeBound(fy, gy, y, k));
    Vec cand;
    double fc = 0.0;
    for (int bt = 0; bt < 80; ++bt) {
      cand = projectCappedSimplex(y - gy / L, kk);
      fc = booleanValue(problem, cand, &gx);
      if (fc <= fy + gy.dot(cand - y) + 0.5 * L * (cand - y).squaredNorm() + 1e-15 * std::abs(fy)) break;
      L *= 2.0;
    }
    out.lowerBound = std::max(out.lowerBound, frankWolfeBound(fc, gx, cand, k));
    if (fc < out.upperBound) {
      out.upperBound = fc;
      out.z = cand;
    }
    const bool restart = fc > fx;
    xPrev = x;
    x = cand;
    fx = fc;
    if (out.upperBound - out.lowerBound <= relTol * std::abs(out.upperBound)) break;
    if (restart) {
      t = 1.0;
      y = x;
    } else {
      const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
      // V is convex on z ≥ 0 only: keep the extrapolated point there (the bound at y stays valid).
      y = (x + ((t - 1.0) / tNext) * (x - xPrev)).cwiseMax(0.0);
      t = tNext;
    }
    L *= 0.9;  // let the step grow back
  }
  return out;
}

}  // namespace lambdascope::l0
