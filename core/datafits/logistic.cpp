#include "core/datafits/logistic.hpp"
#include "core/datafits/logistic_loss.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lambdascope {

namespace {
/// a·log(a) with 0·log 0 = 0.
double xlogx(double a) { return a > 0.0 ? a * std::log(a) : 0.0; }
}  // namespace

double Logistic::value(CVecRef y, CVecRef eta) const {
  double acc = 0.0;
  if (weighted()) {
    for (Index i = 0; i < y.size(); ++i) acc += sampleWeights_[i] * logLoss(y[i] * eta[i]);
  } else {
    for (Index i = 0; i < y.size(); ++i) acc += logLoss(y[i] * eta[i]);
  }
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
  const double n = static_cast<double>(y.size());
  for (Index i = 0; i < y.size(); ++i) out[i] = -y[i] * sigmoid(-y[i] * eta[i]) / n;
  if (weighted()) out.array() *= sampleWeights_.array();
}

void Logistic::sampleHessianDiag(CVecRef y, CVecRef eta, VecRef out) const {
  const double n = static_cast<double>(y.size());
  for (Index i = 0; i < y.size(); ++i) {
    const double s = sigmoid(y[i] * eta[i]);
    out[i] = s * (1.0 - s) / n;
  }
  if (weighted()) out.array() *= sampleWeights_.array();
}

double Logistic::dualValue(CVecRef y, CVecRef u) const {
  // f*(v) = (1/n) Σ ℓ*(n v_i y_i), ℓ*(a) = (−a)log(−a) + (1+a)log(1+a) on a ∈ [−1, 0].
  // At −u, a_i = −n u_i y_i. The intercept's projection 1ᵀu = 0 can move a_i past the domain by
  // rounding only (the intercept is at its optimum); clamping keeps the value finite.
  // Weighted: f_i = (s_i/n)ℓ(y_i η_i), so f_i*(v) = (s_i/n)ℓ*(n v y_i/s_i).
  const double n = static_cast<double>(y.size());
  double acc = 0.0;
  for (Index i = 0; i < y.size(); ++i) {
    const double s = weighted() ? sampleWeights_[i] : 1.0;
    const double a = std::clamp(-n * u[i] * y[i] / s, -1.0, 0.0);
    acc += s * (xlogx(-a) + xlogx(1.0 + a));
  }
  return -acc / n;
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
