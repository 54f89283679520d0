#include "core/l0/l0_problem.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "core/datafits/logistic.hpp"
#include "core/datafits/logistic_loss.hpp"

namespace lambdascope::l0 {

namespace {

/// Binary entropy −q log q − (1−q) log(1−q), with 0 log 0 = 0.
double entropy(double q) {
  double h = 0.0;
  if (q > 0.0) h -= q * std::log(q);
  if (q < 1.0) h -= (1.0 - q) * std::log1p(-q);
  return h;
}

/// Raw feature values of the selected rows (all rows when empty), dense.
Mat denseRows(const Dataset& data, std::span<const Index> rows) {
  const FeatureStorage& storage = *data.storage();
  if (const auto* dense = std::get_if<Mat>(&storage)) {
    if (rows.empty()) return *dense;
    Mat out(static_cast<Index>(rows.size()), dense->cols());
    for (Index r = 0; r < out.rows(); ++r) out.row(r) = dense->row(rows[static_cast<std::size_t>(r)]);
    return out;
  }
  const SpMat& sparse = std::get<SpMat>(storage);
  if (rows.empty()) return Mat(sparse);
  std::vector<Index> position(static_cast<std::size_t>(sparse.rows()), -1);
  for (std::size_t r = 0; r < rows.size(); ++r) position[static_cast<std::size_t>(rows[r])] = static_cast<Index>(r);
  Mat out = Mat::Zero(static_cast<Index>(rows.size()), sparse.cols());
  for (Index j = 0; j < sparse.outerSize(); ++j)
    for (SpMat::InnerIterator it(sparse, j); it; ++it)
      if (const Index r = position[static_cast<std::size_t>(it.row())]; r >= 0) out(r, j) = it.value();
  return out;
}

/// Largest eigenvalue of a symmetric PSD operator by power iteration (a slight underestimate).
template <typename Apply>
double powerIteration(Index p, Apply&& apply) {
  if (p == 0) return 0.0;
  Vec v(p), w(p);
  for (Index j = 0; j < p; ++j) v[j] = 1.0 + 0.01 * static_cast<double>(j % 7);
  v.normalize();
  double lambda = 0.0;
  for (int it = 0; it < 200; ++it) {
    apply(v, w);
    const double next = v.dot(w);
    const double norm = w.norm();
    if (norm == 0.0) return 0.0;
    v = w / norm;
    if (it > 10 && std::abs(next - lambda) <= 1e-10 * next) return next;
    lambda = next;
  }
  return lambda;
}

}  // namespace

const char* toString(L0Loss loss) { return loss == L0Loss::Squared ? "squared" : "logistic"; }

std::optional<L0Loss> lossFromString(std::string_view name) {
  if (name == "squared") return L0Loss::Squared;
  if (name == "logistic") return L0Loss::Logistic;
  return std::nullopt;
}

std::string L0Settings::validate() const {
  if (!std::isfinite(ridge) || ridge < 0.0) {
    std::ostringstream s;
    s << "--ridge must be a finite number >= 0, got " << ridge;
    return s.str();
  }
  if (loss == L0Loss::Logistic && ridge <= 0.0)
    return "--ridge must be > 0 for the logistic loss (without it the minimiser may not exist)";
  return {};
}

double relativeGap(double upper, double lower) {
  if (!std::isfinite(lower) || !std::isfinite(upper)) return std::numeric_limits<double>::infinity();
  const double diff = std::max(0.0, upper - lower);
  if (diff == 0.0) return 0.0;
  return upper > 0.0 ? diff / upper : std::numeric_limits<double>::infinity();
}

L0Problem::L0Problem(const Dataset& data, const L0Settings& settings, std::span<const Index> rows)
    : settings_(settings), names_(data.featureNames()) {
  if (auto err = settings.validate(); !err.empty()) throw std::invalid_argument(err);
  for (Index r : rows)
    if (r < 0 || r >= data.samples()) throw std::invalid_argument("L0Problem: row index out of range");
  n_ = rows.empty() ? data.samples() : static_cast<Index>(rows.size());
  p_ = data.features();
  if (n_ < 2) throw std::invalid_argument("k-sparse models need at least 2 samples");
  if (static_cast<double>(n_) * static_cast<double>(p_) > kMaxDenseEntries)
    throw std::invalid_argument("k-sparse models densify X: " + std::to_string(n_) + " x " +
                                std::to_string(p_) + " is too large");

  Mat raw = denseRows(data, rows);
  Vec yRaw(n_);
  for (Index i = 0; i < n_; ++i) yRaw[i] = data.target()[rows.empty() ? i : rows[static_cast<std::size_t>(i)]];

  const double n = static_cast<double>(n_);
  mean_ = raw.colwise().mean().transpose();
  scale_ = Vec::Ones(p_);
  raw.rowwise() -= mean_.transpose();
  if (settings_.standardize)
    for (Index j = 0; j < p_; ++j) {
      const double sd = std::sqrt(raw.col(j).squaredNorm() / n);
      if (sd > 0.0) scale_[j] = sd;  // constant column: left unscaled (it stays at zero)
    }
  for (Index j = 0; j < p_; ++j) raw.col(j) /= scale_[j];

  if (settings_.loss == L0Loss::Logistic) {
    // Validate and map the labels on the whole target, so a split sees the same classes.
    Logistic().canonicalTarget(data.target());  // throws with a clear message
    labelHigh_ = data.target().maxCoeff();
    // Rows with y = +1 first: the dual correction scales one class at a time (two gemv blocks).
    std::vector<Index> order(static_cast<std::size_t>(n_));
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_partition(order.begin(), order.end(), [&](Index i) { return yRaw[i] == labelHigh_; });
    X_.resize(n_, p_);
    y_.resize(n_);
    for (Index r = 0; r < n_; ++r) {
      const Index i = order[static_cast<std::size_t>(r)];
      X_.row(r) = raw.row(i);
      y_[r] = yRaw[i] == labelHigh_ ? 1.0 : -1.0;
    }
    nPositive_ = static_cast<Index>((y_.array() > 0).count());
    if (nPositive_ == 0 || nPositive_ == n_)
      throw std::invalid_argument("logistic loss needs both classes in the training rows");
    const double fp = static_cast<double>(nPositive_) / n;
    nullObjective_ = entropy(fp);
  } else {
    X_ = std::move(raw);
    yMean_ = yRaw.mean();
    y_ = yRaw.array() - yMean_;
    yy_ = y_.squaredNorm() / n;
    nullObjective_ = 0.5 * yy_;
  }

  colCurv_ = X_.colwise().squaredNorm().transpose() / n;
  if (settings_.loss == L0Loss::Squared && p_ <= kGramLimit) {
    hasGram_ = true;
    G_.setZero(p_, p_);
    G_.selfadjointView<Eigen::Lower>().rankUpdate(X_.transpose(), 1.0 / n);
    G_.triangularView<Eigen::StrictlyUpper>() = G_.transpose();
    c_ = X_.transpose() * y_ / n;
  }
  Vec tmp(n_);
  const double gramMax = hasGram_ ? powerIteration(p_, [&](const Vec& v, Vec& w) { w.noalias() = G_ * v; })
                                  : powerIteration(p_, [&](const Vec& v, Vec& w) {
                                      tmp.noalias() = X_ * v;
                                      w.noalias() = X_.transpose() * tmp / n;
                                    });
  // Logistic: the intercept's column of ones is orthogonal to the centred X̃, curvature ≤ 1/4.
  lipschitz_ = 1.02 * (settings_.loss == L0Loss::Squared ? gramMax : 0.25 * std::max(gramMax, 1.0));
  if (!(lipschitz_ > 0.0)) lipschitz_ = 1e-12;
}

double L0Problem::evaluate(const Vec& theta, double intercept, Vec* grad, LossEval* eval,
                           L0Workspace& ws, bool withDual, Vec* dualV) const {
  const double n = static_cast<double>(n_);
  LossEval local;
  LossEval& e = eval ? *eval : local;
  e.gradIntercept = 0.0;
  if (settings_.loss == L0Loss::Squared) {
    if (hasGram_) {
      ws.pVec.noalias() = G_ * theta;
      const double ctheta = c_.dot(theta);
      e.loss = 0.5 * yy_ - ctheta + 0.5 * theta.dot(ws.pVec);
      if (grad) *grad = ws.pVec - c_;
      if (withDual) {
        e.dualLinear = yy_ - ctheta;  // uᵀỹ with u = r/n
        e.dualQuadratic = e.loss;     // (n/2)‖r/n‖² is the loss itself
        if (dualV) *dualV = c_ - ws.pVec;
      }
    } else {
      ws.eta.noalias() = X_ * theta;
      ws.sampleU = (y_ - ws.eta) / n;  // u = r/n
      e.loss = 0.5 * n * ws.sampleU.squaredNorm();
      if (grad || (withDual && dualV)) {
        ws.pVec.noalias() = X_.transpose() * ws.sampleU;
        if (grad) *grad = -ws.pVec;
        if (withDual && dualV) *dualV = ws.pVec;
      }
      if (withDual) {
        e.dualLinear = ws.sampleU.dot(y_);
        e.dualQuadratic = e.loss;
      }
    }
    return e.loss;
  }

  ws.eta.noalias() = X_ * theta;
  return evaluateLogisticAt(intercept, grad, eval, ws, withDual, dualV);
}

double L0Problem::evaluateLogisticAt(double intercept, Vec* grad, LossEval* eval, L0Workspace& ws,
                                     bool withDual, Vec* dualV) const {
  const double n = static_cast<double>(n_);
  LossEval local;
  LossEval& e = eval ? *eval : local;
  // Logistic: u_i = y_i σ(−y_i η_i)/n = −∂f/∂η_i; one exp per sample serves the loss and σ.
  double loss = 0.0;
  double sumPos = 0.0, sumNeg = 0.0;
  for (Index i = 0; i < n_; ++i) {
    const double t = y_[i] * (ws.eta[i] + intercept);
    const double ex = std::exp(-std::abs(t));
    loss += std::max(-t, 0.0) + std::log1p(ex);
    const double sig = t >= 0 ? ex / (1.0 + ex) : 1.0 / (1.0 + ex);  // σ(−t)
    const double u = y_[i] * sig / n;
    ws.sampleU[i] = u;
    (i < nPositive_ ? sumPos : sumNeg) += u;
  }
  e.loss = loss / n;
  e.gradIntercept = -(sumPos + sumNeg);
  if (!grad && !withDual) return e.loss;
  // X̃ᵀu by class (rows y = +1 first): the gradient and the corrected dual point share them.
  const Index nNeg = n_ - nPositive_;
  ws.pVec.noalias() = X_.topRows(nPositive_).transpose() * ws.sampleU.head(nPositive_);
  ws.pVec2.noalias() = X_.bottomRows(nNeg).transpose() * ws.sampleU.tail(nNeg);
  if (grad) *grad = -(ws.pVec + ws.pVec2);
  if (withDual) {
    // 1ᵀu = 0 is required (the intercept is free). Shrink one class's u toward 0: each n·u_i·y_i
    // stays in [0, 1], the domain of the conjugate, so the bound stays valid at any iterate.
    const double sum = sumPos + sumNeg;
    double alpha = 1.0, beta = 1.0;
    if (sum > 0.0) alpha = std::max(0.0, 1.0 - sum / sumPos);
    else if (sum < 0.0) beta = std::max(0.0, 1.0 - sum / sumNeg);
    double ent = 0.0;
    for (Index i = 0; i < n_; ++i) {
      const double q = n * ws.sampleU[i] * y_[i] * (i < nPositive_ ? alpha : beta);
      ent += entropy(std::clamp(q, 0.0, 1.0));
    }
    e.dualLinear = ent / n;
    e.dualQuadratic = 0.0;
    if (dualV) *dualV = alpha * ws.pVec + beta * ws.pVec2;
  }
  return e.loss;
}

double L0Problem::objective(const Vec& theta, double intercept, L0Workspace& ws) const {
  return evaluate(theta, intercept, nullptr, nullptr, ws) + settings_.ridge * theta.squaredNorm();
}

double L0Problem::logisticIntercept(const Vec& eta, double b) const {
  // Newton on the intercept (strictly convex in b); a few steps suffice from a warm start.
  for (int it = 0; it < 100; ++it) {
    double g = 0.0, h = 0.0;
    for (Index i = 0; i < n_; ++i) {
      const double s = sigmoid(-y_[i] * (eta[i] + b));
      g -= y_[i] * s;
      h += s * (1.0 - s);
    }
    if (!(h > 1e-300)) break;
    const double step = std::clamp(-g / h, -5.0, 5.0);
    b += step;
    if (std::abs(step) <= 1e-14 * (1.0 + std::abs(b))) break;
  }
  return b;
}

double L0Problem::objectiveBestIntercept(const Vec& theta, double& intercept, L0Workspace& ws) const {
  if (settings_.loss == L0Loss::Squared) {
    intercept = 0.0;
    return objective(theta, 0.0, ws);
  }
  ws.eta.noalias() = X_ * theta;
  intercept = logisticIntercept(ws.eta, intercept);
  return objective(theta, intercept, ws);
}

L0Solution L0Problem::fitSupport(std::span<const Index> support, const L0Solution* warm) const {
  L0Solution out;
  out.support.assign(support.begin(), support.end());
  std::sort(out.support.begin(), out.support.end());
  out.support.erase(std::unique(out.support.begin(), out.support.end()), out.support.end());
  const Index k = static_cast<Index>(out.support.size());
  out.theta = Vec::Zero(p_);
  const double n = static_cast<double>(n_);
  const double lam = settings_.ridge;

  if (settings_.loss == L0Loss::Squared) {
    if (k == 0) {
      out.objective = 0.5 * yy_;
      return out;
    }
    Mat M(k, k);
    Vec rhs(k);
    Mat XS;
    if (hasGram_) {
      for (Index a = 0; a < k; ++a) {
        rhs[a] = c_[out.support[static_cast<std::size_t>(a)]];
        for (Index b = 0; b < k; ++b)
          M(a, b) = G_(out.support[static_cast<std::size_t>(a)], out.support[static_cast<std::size_t>(b)]);
      }
    } else {
      XS.resize(n_, k);
      for (Index a = 0; a < k; ++a) XS.col(a) = X_.col(out.support[static_cast<std::size_t>(a)]);
      M.noalias() = XS.transpose() * XS / n;
      rhs.noalias() = XS.transpose() * y_ / n;
    }
    const Mat Mloss = M;
    M.diagonal().array() += 2.0 * lam;
    Vec w;
    Eigen::LLT<Mat> llt(M);
    if (llt.info() == Eigen::Success && lam > 0.0) {
      w = llt.solve(rhs);
    } else {
      w = Eigen::CompleteOrthogonalDecomposition<Mat>(M).solve(rhs);  // λ₂ = 0, collinear columns
    }
    for (Index a = 0; a < k; ++a) out.theta[out.support[static_cast<std::size_t>(a)]] = w[a];
    out.objective = 0.5 * yy_ - rhs.dot(w) + 0.5 * w.dot(Mloss * w) + lam * w.squaredNorm();
    return out;
  }

  // Logistic: damped Newton on (θ_S, θ0).
  Mat XS(n_, k + 1);
  for (Index a = 0; a < k; ++a) XS.col(a) = X_.col(out.support[static_cast<std::size_t>(a)]);
  XS.col(k).setOnes();
  Vec w = Vec::Zero(k + 1);
  if (warm && warm->theta.size() == p_) {
    for (Index a = 0; a < k; ++a) w[a] = warm->theta[out.support[static_cast<std::size_t>(a)]];
    w[k] = warm->intercept;
  } else {
    const double fp = static_cast<double>(nPositive_) / n;
    w[k] = std::log(fp / (1.0 - fp));
  }
  Vec eta(n_), s(n_), g(k + 1), d(k + 1), trial(k + 1), etaTrial(n_);
  Mat H(k + 1, k + 1);
  auto value = [&](const Vec& e, const Vec& ww) {
    double acc = 0.0;
    for (Index i = 0; i < n_; ++i) acc += logLoss(y_[i] * e[i]);
    return acc / n + lam * ww.head(k).squaredNorm();
  };
  eta.noalias() = XS * w;
  double f = value(eta, w);
  for (int it = 0; it < 200; ++it) {
    for (Index i = 0; i < n_; ++i) s[i] = sigmoid(-y_[i] * eta[i]);  // σ(−y η)
    Vec gs = (-(y_.array() * s.array()) / n).matrix();
    g.noalias() = XS.transpose() * gs;
    g.head(k) += 2.0 * lam * w.head(k);
    Vec weights = (s.array() * (1.0 - s.array()) / n).matrix();
    H.noalias() = XS.transpose() * weights.asDiagonal() * XS;
    H.diagonal().head(k).array() += 2.0 * lam;
    H(k, k) += 1e-14;  // a separable intercept direction would make H singular
    d = H.ldlt().solve(-g);
    const double decrement = -g.dot(d);
    if (!(decrement > 1e-26 * std::max(1.0, f))) break;
    double step = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 60; ++ls) {
      trial = w + step * d;
      etaTrial.noalias() = XS * trial;
      const double ft = value(etaTrial, trial);
      if (ft <= f - 1e-4 * step * decrement) {
        w = trial;
        eta = etaTrial;
        f = ft;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    if (decrement < 1e-20 * std::max(1.0, f)) break;
  }
  for (Index a = 0; a < k; ++a) out.theta[out.support[static_cast<std::size_t>(a)]] = w[a];
  out.intercept = w[k];
  out.objective = f;
  return out;
}

L0Solution L0Problem::fitTopK(const Vec& scores, Index k) const {
  std::vector<Index> idx(static_cast<std::size_t>(p_));
  std::iota(idx.begin(), idx.end(), Index{0});
  k = std::clamp<Index>(k, 0, p_);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](Index a, Index b) {
    const double fa = std::abs(scores[a]), fb = std::abs(scores[b]);
    return fa > fb || (fa == fb && a < b);
  });
  idx.resize(static_cast<std::size_t>(k));
  return fitSupport(idx);
}

Vec L0Problem::originalCoefficients(const L0Solution& s) const {
  return (s.theta.array() / scale_.array()).matrix();
}

double L0Problem::originalIntercept(const L0Solution& s) const {
  const double shift = mean_.dot(originalCoefficients(s));
  return (settings_.loss == L0Loss::Squared ? yMean_ : s.intercept) - shift;
}

double L0Problem::heldOutLoss(const Dataset& data, std::span<const Index> rows, const Vec& coef,
                              double intercept) const {
  if (rows.empty()) return std::numeric_limits<double>::quiet_NaN();
  const Mat Xr = denseRows(data, rows);
  const Vec eta = (Xr * coef).array() + intercept;
  double acc = 0.0;
  for (Index r = 0; r < eta.size(); ++r) {
    const double y = data.target()[rows[static_cast<std::size_t>(r)]];
    if (settings_.loss == L0Loss::Squared) acc += 0.5 * (y - eta[r]) * (y - eta[r]);
    else acc += logLoss((y == labelHigh_ ? 1.0 : -1.0) * eta[r]);
  }
  return acc / static_cast<double>(eta.size());
}

}  // namespace lambdascope::l0
