#include "core/datafits/logistic.hpp"
#include "core/datafits/logistic_loss.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lambdascope {

// The sample-wise passes below are Eigen array expressions: Eigen evaluates exp and log on whole
// SIMD packets, several times faster than the scalar libm calls of logistic_loss.hpp (which the
// per-coordinate kernels still use), and these passes are most of a logistic solve.

double Logistic::value(CVecRef y, CVecRef eta) const {
  const auto t = y.array() * eta.array();
  // log(1 + exp(−t)) = max(−t, 0) + log(1 + exp(−|t|)), stable on both tails. log, not log1p:
  // Eigen vectorises log and exp for doubles, not log1p; below exp(−|t|) ≈ 1e-16 the term loses
  // at most 1e-16 in absolute value.
  const auto loss = (-t).max(0.0) + (1.0 + (-t.abs()).exp()).log();
  const double acc = weighted() ? (sampleWeights_.array() * loss).sum() : loss.sum();
  return acc / static_cast<double>(y.size());
}

double Logistic::coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                                    Index j) const {
  const Vec& base = eta.base();
  const double shift = eta.shift();
  const double n = static_cast<double>(y.size());
  if (weighted())
    return X.colDotMap(j, [&](Index i) { return -sampleWeights_[i] * y[i] * sigmoid(-y[i] * (base[i] + shift)) / n; });
  return X.colDotMap(j, [&](Index i) { return -y[i] * sigmoid(-y[i] * (base[i] + shift)) / n; });
}

double Logistic::coordinateLipschitz(const DesignMatrix& X, Index j) const {
  if (weighted()) return X.colWeightedSquaredNorm(j, sampleWeights_) / (4.0 * static_cast<double>(X.rows()));
  return X.colSquaredNorm(j) / (4.0 * static_cast<double>(X.rows()));
}

void Logistic::sampleGradient(CVecRef y, CVecRef eta, VecRef out) const {
  // −y σ(−t)/n, σ(−t) = 1/(1 + exp(t)): exact in relative terms on both tails (exp(t) = ∞ gives
  // 0), and free of select(), which Eigen 3.4 does not vectorise.
  out.array() = -y.array() / ((1.0 + (y.array() * eta.array()).exp()) * static_cast<double>(y.size()));
  if (weighted()) out.array() *= sampleWeights_.array();
}

void Logistic::sampleHessianDiag(CVecRef y, CVecRef eta, VecRef out) const {
  // σ(t)(1 − σ(t))/n = e/(1 + e)²/n, e = exp(−|t|), the same on both sides of 0.
  out.array() = (-(y.array() * eta.array()).abs()).exp();
  out.array() = out.array() / ((1.0 + out.array()).square() * static_cast<double>(y.size()));
  if (weighted()) out.array() *= sampleWeights_.array();
}

double Logistic::dualValue(CVecRef y, CVecRef u) const {
  // f*(v) = (1/n) Σ ℓ*(n v_i y_i), ℓ*(a) = (−a)log(−a) + (1+a)log(1+a) on a ∈ [−1, 0].
  // At −u, a_i = −n u_i y_i. The intercept's projection 1ᵀu = 0 can move a_i past the domain by
  // rounding only (the intercept is at its optimum); clamping keeps the value finite.
  // Weighted: f_i = (s_i/n)ℓ(y_i η_i), so f_i*(v) = (s_i/n)ℓ*(n v y_i/s_i).
  const double n = static_cast<double>(y.size());
  // c log c for c = −a and c = 1 + a, both in [0, 1], with 0 log 0 = 0 (c·log(max(c, 1e-300))
  // is 0 there, without a select(), which Eigen 3.4 does not vectorise).
  const auto xlogx = [](const auto& c) { return c * c.max(1e-300).log(); };
  if (weighted()) {
    const auto s = sampleWeights_.array();
    const auto a = (-n * u.array() * y.array() / s).max(-1.0).min(0.0);
    return -(s * (xlogx(-a) + xlogx(1.0 + a))).sum() / n;
  }
  const auto a = (-n * u.array() * y.array()).max(-1.0).min(0.0);
  return -(xlogx(-a) + xlogx(1.0 + a)).sum() / n;
}

double Logistic::interceptStep(CVecRef y, const ShiftedVector& eta) const {
  // One Newton step on b0, capped: on nearly separable data the curvature can vanish.
  const Vec& base = eta.base();
  const double shift = eta.shift();
  double g = 0.0;
  double h = 0.0;
  for (Index i = 0; i < y.size(); ++i) {
    const double s = sigmoid(-y[i] * (base[i] + shift));
    const double weight = weighted() ? sampleWeights_[i] : 1.0;
    g -= weight * y[i] * s;
    h += weight * s * (1.0 - s);
  }
  const double n = static_cast<double>(y.size());
  g /= n;
  h /= n;
  const double lipschitzStep = -4.0 * g;  // 1/L with L = Σs_i/(4n) = 1/4: always a descent step
  if (!(h > 1e-12)) return lipschitzStep;
  const double newton = -g / h;
  return std::clamp(newton, -std::max(2.0, std::abs(lipschitzStep)), std::max(2.0, std::abs(lipschitzStep)));
}

Vec Logistic::canonicalTarget(CVecRef y) const {
  if (y.size() == 0) return y;
  const double lo = y.minCoeff();
  const double hi = y.maxCoeff();
  Vec out(y.size());
  for (Index i = 0; i < y.size(); ++i) {
    if (y[i] != lo && y[i] != hi) {
      std::ostringstream err;
      err << "logistic regression needs a target with two classes; sample " << (i + 1) << " has "
          << y[i] << " besides " << lo << " and " << hi;
      throw std::invalid_argument(err.str());
    }
    out[i] = y[i] == hi ? 1.0 : -1.0;
  }
  if (lo == hi) throw std::invalid_argument("logistic regression needs two classes; the target is constant");
  return out;
}

}  // namespace lambdascope
