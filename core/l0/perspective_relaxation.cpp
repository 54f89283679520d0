#include "core/l0/perspective_relaxation.hpp"

#include <algorithm>
#include <cmath>

namespace lambdascope::l0 {

namespace {
constexpr int kLogisticDualEvery = 4;
}  // namespace

void PerspectivePenalty::reserve(Index p) {
  abs_.reserve(static_cast<std::size_t>(p));
  idx_.reserve(static_cast<std::size_t>(p));
  events_.reserve(2 * static_cast<std::size_t>(p));
}

double PerspectivePenalty::value(const Vec& theta, const std::vector<VarState>& state, Index budget,
                                 Vec* z) {
  double inPart = 0.0;
  idx_.clear();
  for (Index j = 0; j < theta.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::In) inPart += theta[j] * theta[j];
    else if (s == VarState::Free && theta[j] != 0.0) idx_.push_back(j);
  }
  if (z) {
    z->setZero(theta.size());
    for (Index j = 0; j < theta.size(); ++j)
      if (state[static_cast<std::size_t>(j)] == VarState::In) (*z)[j] = 1.0;
  }
  const Index m = static_cast<Index>(idx_.size());
  if (m == 0) return inPart;
  if (budget <= 0) return std::numeric_limits<double>::infinity();  // free must be zero
  std::sort(idx_.begin(), idx_.end(),
            [&](Index a, Index b) { return std::abs(theta[a]) > std::abs(theta[b]); });
  abs_.resize(static_cast<std::size_t>(m));
  double total = 0.0, totalSq = 0.0;
  for (Index i = 0; i < m; ++i) {
    abs_[static_cast<std::size_t>(i)] = std::abs(theta[idx_[static_cast<std::size_t>(i)]]);
    total += abs_[static_cast<std::size_t>(i)];
    totalSq += abs_[static_cast<std::size_t>(i)] * abs_[static_cast<std::size_t>(i)];
  }
  if (m <= budget) {
    if (z)
      for (Index j : idx_) (*z)[j] = 1.0;
    return inPart + totalSq;
  }
  // ‖a‖²_(K-sp) = min over q of Σ_{i<q} a_i² + T_q²/(K−q), T_q = Σ_{i≥q} a_i, over the q whose
  // z (1 on the top q, a_i/t on the rest, t = T_q/(K−q)) is feasible, i.e. a_q ≤ t. Each feasible
  // z gives an upper bound of the minimum over z and the optimal z is among them.
  double best = std::numeric_limits<double>::infinity();
  Index bestQ = 0;
  double bestT = 0.0, headSq = 0.0, tail = total;
  for (Index q = 0; q < budget; ++q) {
    const double t = tail / static_cast<double>(budget - q);
    if (abs_[static_cast<std::size_t>(q)] <= t * (1.0 + 1e-15)) {
      const double val = headSq + tail * t;
      if (val < best) {
        best = val;
        bestQ = q;
        bestT = t;
      }
    }
    headSq += abs_[static_cast<std::size_t>(q)] * abs_[static_cast<std::size_t>(q)];
    tail -= abs_[static_cast<std::size_t>(q)];
  }
  if (z)
    for (Index i = 0; i < m; ++i)
      (*z)[idx_[static_cast<std::size_t>(i)]] =
          i < bestQ ? 1.0 : std::min(1.0, abs_[static_cast<std::size_t>(i)] / bestT);
  return inPart + best;
}

void PerspectivePenalty::prox(Vec& v, double a, const std::vector<VarState>& state, Index budget) {
  const double ridgeShrink = 1.0 / (1.0 + 2.0 * a);
  idx_.clear();
  for (Index j = 0; j < v.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::In) v[j] *= ridgeShrink;
    else if (s == VarState::Out) v[j] = 0.0;
    else if (v[j] != 0.0) idx_.push_back(j);
  }
  const Index m = static_cast<Index>(idx_.size());
  if (m == 0) return;
  if (budget <= 0) {
    for (Index j : idx_) v[j] = 0.0;
    return;
  }
  if (m <= budget) {
    for (Index j : idx_) v[j] *= ridgeShrink;
    return;
  }
  // With z fixed, θ_j = v_j z_j/(z_j + 2a) and the prox objective is Σ a v_j²/(z_j + 2a): convex
  // and decreasing in each z_j, so the budget binds and KKT gives z_j = clip(s|v_j| − 2a, 0, 1)
  // for the s with Σ z_j(s) = K. Σ z_j(s) is piecewise linear: walk its sorted breakpoints.
  events_.clear();
  for (Index j : idx_) {
    const double av = std::abs(v[j]);
    events_.emplace_back(2.0 * a / av, j);            // z_j leaves 0
    events_.emplace_back((1.0 + 2.0 * a) / av, ~j);   // z_j reaches 1
  }
  std::sort(events_.begin(), events_.end());
  double slope = 0.0;     // Σ|v_j| over the linear pieces
  double constant = 0.0;  // saturated count − 2a·(number of linear pieces)
  const double K = static_cast<double>(budget);
  double s = events_.back().first;
  double prevAt = 0.0, phiPrev = 0.0;
  for (const auto& [at, code] : events_) {
    // φ on [prevAt, at] is constant + slope·x (continuous, nondecreasing). Interpolate between the
    // two ends rather than divide by a slope that cancellation may have left at ~1e-16.
    const double phiAt = constant + slope * at;
    if (phiAt >= K * (1.0 - 1e-14)) {
      const double span = phiAt - phiPrev;
      s = span > 0.0 ? std::clamp(prevAt + (K - phiPrev) / span * (at - prevAt), prevAt, at) : at;
      if (phiAt <= K) s = at;
      break;
    }
    if (code >= 0) {
      slope += std::abs(v[code]);
      constant -= 2.0 * a;
    } else {
      slope -= std::abs(v[~code]);
      constant += 1.0 + 2.0 * a;
    }
    prevAt = at;
    phiPrev = phiAt;
  }
  for (Index j : idx_) {
    const double zj = std::clamp(s * std::abs(v[j]) - 2.0 * a, 0.0, 1.0);
    v[j] = zj > 0.0 ? v[j] * zj / (zj + 2.0 * a) : 0.0;
  }
}

double PerspectivePenalty::dualTerm(const Vec& v, const std::vector<VarState>& state, Index budget) {
  double inPart = 0.0;
  abs_.clear();
  for (Index j = 0; j < v.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::In) inPart += v[j] * v[j];
    else if (s == VarState::Free) abs_.push_back(v[j] * v[j]);
  }
  const std::size_t K = static_cast<std::size_t>(std::max<Index>(budget, 0));
  double top = 0.0;
  if (K >= abs_.size()) {
    for (double x : abs_) top += x;
  } else if (K > 0) {
    std::nth_element(abs_.begin(), abs_.begin() + static_cast<std::ptrdiff_t>(K - 1), abs_.end(),
                     std::greater<double>());
    for (std::size_t i = 0; i < K; ++i) top += abs_[i];
  }
  return inPart + top;
}

PerspectiveRelaxation::PerspectiveRelaxation(const L0Problem& problem)
    : problem_(problem),
      penalty_(problem.features()),
      ws_(problem.samples(), problem.features()),
      x_(problem.features()),
      xPrev_(problem.features()),
      y_(problem.features()),
      grad_(problem.features()),
      v_(problem.features()),
      step_(problem.features()) {}

double PerspectiveRelaxation::boundFrom(const LossEval& e, const Vec& v,
                                        const std::vector<VarState>& state, Index budget) {
  const double lam = problem_.ridge();
  const double q = penalty_.dualTerm(v, state, budget) / (4.0 * lam);
  if (problem_.loss() == L0Loss::Squared) {
    // D(t·u) = t·A − t²·(B + q): maximised over t ≥ 0 in closed form (any t·u is dual feasible).
    const double A = e.dualLinear;
    const double B = e.dualQuadratic + q;
    if (!(A > 0.0)) return 0.0;  // the objective is ≥ 0 anyway
    if (!(B > 0.0)) return std::numeric_limits<double>::infinity();
    return A * A / (4.0 * B);
  }
  return e.dualLinear - q;
}

double PerspectiveRelaxation::dualBoundAt(const Vec& theta, double intercept,
                                          const std::vector<VarState>& state, Index budget) {
  LossEval e;
  problem_.evaluate(theta, intercept, nullptr, &e, ws_, true, &v_);
  return boundFrom(e, v_, state, budget);
}

RelaxationResult PerspectiveRelaxation::solve(const std::vector<VarState>& state, Index budget,
                                              const Vec& warmTheta, double warmIntercept,
                                              const RelaxationOptions& options) {
  RelaxationResult out;
  const Index p = problem_.features();
  const double lam = problem_.ridge();

  if (lam == 0.0) {
    // No ridge: dropping the cardinality constraint leaves the least-squares fit on in ∪ free.
    std::vector<Index> support;
    for (Index j = 0; j < p; ++j)
      if (state[static_cast<std::size_t>(j)] != VarState::Out) support.push_back(j);
    const L0Solution fit = problem_.fitSupport(support);
    out.lowerBound = out.upperBound = fit.objective;
    out.theta = fit.theta;
    out.intercept = fit.intercept;
    out.z = Vec::Zero(p);
    for (Index j : support) out.z[j] = std::abs(fit.theta[j]) > 0.0 ? 0.5 : 0.0;
    return out;
  }

  double L = problem_.lipschitz();
  const bool logistic = problem_.loss() == L0Loss::Logistic;
  x_ = warmTheta;
  for (Index j = 0; j < p; ++j)
    if (state[static_cast<std::size_t>(j)] == VarState::Out) x_[j] = 0.0;
  double xb = warmIntercept;
  y_ = x_;
  double yb = xb;
  double t = 1.0;
  double primalPrev = std::numeric_limits<double>::infinity();
  LossEval ey, ex;

  for (int it = 1; it <= options.maxIterations; ++it) {
    out.iterations = it;
    // The bound costs O(p) for least squares but an entropy per sample for logistic: there,
    // every few iterations (and at the end).
    const bool withDual = !logistic || it % kLogisticDualEvery == 1;
    const double fy = problem_.evaluate(y_, yb, &grad_, &ey, ws_, withDual, &v_);
    if (withDual) out.lowerBound = std::max(out.lowerBound, boundFrom(ey, v_, state, budget));

    // Proximal step with backtracking on the quadratic upper model (the Lipschitz estimate is
    // from power iteration: this makes the step safe).
    double fx = 0.0, xbNew = 0.0;
    for (int bt = 0; bt < 60; ++bt) {
      step_ = y_ - grad_ / L;
      penalty_.prox(step_, lam / L, state, budget);
      xbNew = logistic ? yb - ey.gradIntercept / L : 0.0;
      fx = problem_.evaluate(step_, xbNew, nullptr, &ex, ws_);
      const double dxb = xbNew - yb;
      const double model = fy + grad_.dot(step_ - y_) + ey.gradIntercept * dxb +
                           0.5 * L * ((step_ - y_).squaredNorm() + dxb * dxb);
      if (fx <= model + 1e-12 * std::abs(fy)) break;
      L *= 2.0;
    }
    const double primal = fx + lam * penalty_.value(step_, state, budget);
    out.upperBound = std::min(out.upperBound, primal);

    const double gap = out.upperBound - out.lowerBound;
    const bool done = out.lowerBound >= options.pruneAt || gap <= options.absTol ||
                      (out.upperBound < options.pruneAt &&
                       gap <= options.branchFraction * (options.pruneAt - out.upperBound));

    // Adaptive restart (O'Donoghue & Candès): momentum off when the objective goes up.
    xPrev_ = x_;
    x_ = step_;
    const double xbPrev = xb;
    xb = xbNew;
    if (primal > primalPrev) {
      t = 1.0;
      ++out.restarts;
    }
    primalPrev = primal;
    if (done || (it % 16 == 0 && options.stop.stop_requested())) break;
    const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
    const double beta = (t - 1.0) / tNext;
    y_ = x_ + beta * (x_ - xPrev_);
    yb = xb + beta * (xb - xbPrev);
    t = tNext;
  }
  out.lowerBound = std::max(out.lowerBound, dualBoundAt(x_, xb, state, budget));
  out.theta = x_;
  out.intercept = xb;
  penalty_.value(x_, state, budget, &out.z);
  return out;
}

RelaxationResult PerspectiveRelaxation::root(Index k, double relTol, int maxIterations, std::stop_token stop) {
  const Index p = problem_.features();
  std::vector<VarState> state(static_cast<std::size_t>(p), VarState::Free);
  RelaxationOptions opt;
  opt.maxIterations = maxIterations;
  opt.absTol = relTol * problem_.nullObjective();
  opt.stop = stop;
  Vec warm = Vec::Zero(p);
  double b = 0.0;
  problem_.objectiveBestIntercept(warm, b, ws_);
  return solve(state, k, warm, b, opt);
}

}  // namespace lambdascope::l0
