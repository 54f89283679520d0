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
  if (box_) return valueBox(theta, state, budget, z);
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
  if (box_) {
    proxBox(v, a, state, budget);
    return;
  }
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

double PerspectivePenalty::valueBox(const Vec& theta, const std::vector<VarState>& state, Index budget,
                                    Vec* z) {
  // h_M(θ) = min Σ θ_j²/z_j over z_j ∈ [|θ_j|/M_j, 1], Σ_free z ≤ K (1 on in). KKT: z_j =
  // clip(|θ_j|/r, |θ_j|/M_j, 1) with r = √(multiplier); any feasible z gives an upper value, and
  // bisection keeps the feasible end.
  const Vec& M = *box_;
  constexpr double kSlack = 1.0 + 1e-12;
  double inPart = 0.0;
  idx_.clear();
  for (Index j = 0; j < theta.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::Out || theta[j] == 0.0) continue;
    if (std::abs(theta[j]) > M[j] * kSlack) return std::numeric_limits<double>::infinity();
    if (s == VarState::In) inPart += theta[j] * theta[j];
    else idx_.push_back(j);
  }
  if (z) {
    z->setZero(theta.size());
    for (Index j = 0; j < theta.size(); ++j)
      if (state[static_cast<std::size_t>(j)] == VarState::In) (*z)[j] = 1.0;
  }
  const Index m = static_cast<Index>(idx_.size());
  if (m == 0) return inPart;
  if (budget <= 0) return std::numeric_limits<double>::infinity();
  const double K = static_cast<double>(budget);
  if (m <= budget) {
    double sq = 0.0;
    for (Index j : idx_) {
      sq += theta[j] * theta[j];
      if (z) (*z)[j] = 1.0;
    }
    return inPart + sq;
  }
  double lowSum = 0.0;
  for (Index j : idx_) lowSum += std::min(1.0, std::abs(theta[j]) / M[j]);
  // The budget gets a relative slack of 1e-12 (a prox point may exceed it by rounding); this value
  // only steers stopping rules, certificates come from the dual side.
  const double Keff = K * (1.0 + 1e-12);
  if (lowSum > Keff) return std::numeric_limits<double>::infinity();
  // Σ_j clamp(|θ_j|·w, lo_j, 1) (w = 1/r) is piecewise linear and nondecreasing in w: walk its
  // sorted breakpoints w = 1/M_j (leaves lo_j) and w = 1/|θ_j| (reaches 1) to the w where it
  // meets the budget (it does: m > K).
  events_.clear();
  double slope = 0.0, constant = lowSum;
  for (Index j : idx_) {
    const double at = std::abs(theta[j]);
    if (at >= M[j]) continue;  // z_j = 1 throughout
    if (std::isfinite(M[j])) events_.emplace_back(1.0 / M[j], j);
    else slope += at;  // starts at w = 0
    events_.emplace_back(1.0 / at, ~j);
  }
  std::sort(events_.begin(), events_.end());
  double w = events_.empty() ? 0.0 : events_.back().first;
  for (const auto& [at, code] : events_) {
    if (constant + slope * at >= Keff) {
      w = slope > 0.0 ? (Keff - constant) / slope : at;
      w = std::min(w, at);
      break;
    }
    if (code >= 0) {
      slope += std::abs(theta[code]);
      constant -= std::abs(theta[code]) / M[code];
    } else {
      slope -= std::abs(theta[~code]);
      constant += 1.0;
    }
  }
  auto zOf = [&](Index j, double ww) {
    const double a = std::abs(theta[j]);
    return std::clamp(a * ww, std::min(1.0, a / M[j]), 1.0);
  };
  const double hi = w;
  double val = 0.0;
  for (Index j : idx_) {
    const double zj = zOf(j, hi);
    val += theta[j] * theta[j] / zj;
    if (z) (*z)[j] = zj;
  }
  return inPart + val;
}

void PerspectivePenalty::proxBox(Vec& v, double a, const std::vector<VarState>& state, Index budget) {
  // For fixed z, θ_j = sign(v_j)·min(|v_j| z_j/(z_j + 2a), M_j z_j) and the cost c_j(z_j) is
  // convex and decreasing; with a multiplier s on Σz ≤ K, c_j'(z) = −s gives
  //   z_j(s) = |v_j|√(a/s) − 2a            when s ≤ aM_j² (box inactive),
  //   z_j(s) = |v_j|/M_j − a − s/M_j²      otherwise (θ_j = M_j z_j),
  // clipped to [0, 1]; Σ z_j(s) is continuous and decreasing: bisection, feasible end kept.
  const Vec& M = *box_;
  const double shrink = 1.0 / (1.0 + 2.0 * a);
  idx_.clear();
  for (Index j = 0; j < v.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::In) v[j] = std::clamp(v[j] * shrink, -M[j], M[j]);
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
    for (Index j : idx_) v[j] = std::clamp(v[j] * shrink, -M[j], M[j]);
    return;
  }
  auto zOf = [&](Index j, double s) {
    const double av = std::abs(v[j]);
    const double Mj = M[j];
    const double zj = s <= a * Mj * Mj ? av * std::sqrt(a / s) - 2.0 * a : av / Mj - a - s / (Mj * Mj);
    return std::clamp(zj, 0.0, 1.0);
  };
  double hi = 0.0;
  for (Index j : idx_) {
    const double av = std::abs(v[j]);
    hi = std::max(hi, av * av / (4.0 * a));
    if (std::isfinite(M[j])) hi = std::max(hi, M[j] * av);
  }
  hi *= 1.0 + 1e-12;
  const double K = static_cast<double>(budget);
  // g(s) = Σ z_j(s) − K is continuous and decreasing, g(0+) = m − K > 0 ≥ g(hi): regula falsi
  // with the Illinois modification, bisection when it stalls, first trial at the last multiplier
  // (successive proximal steps move it little); the feasible end (g ≤ 0) is kept.
  auto g = [&](double sv) {
    double acc = -K;
    for (Index j : idx_) acc += zOf(j, sv);
    return acc;
  };
  double lo = 0.0, glo = static_cast<double>(m) - K, ghi = -K;
  int side = 0;
  for (int it = 0; it < 100; ++it) {
    double trial;
    if (it == 0 && lastMultiplier_ > lo && lastMultiplier_ < hi) trial = lastMultiplier_;
    else if (it % 8 == 7) trial = 0.5 * (lo + hi);
    else trial = hi - ghi * (hi - lo) / (ghi - glo);
    if (!(trial > lo && trial < hi)) trial = 0.5 * (lo + hi);
    const double gt = g(trial);
    if (gt > 0.0) {
      lo = trial;
      glo = gt;
      if (side == -1) ghi *= 0.5;
      side = -1;
    } else {
      hi = trial;
      ghi = gt;
      if (side == 1) glo *= 0.5;
      side = 1;
      if (gt > -1e-13 * K) break;  // the budget is met to rounding
    }
    if (hi - lo <= 1e-15 * hi) break;
  }
  lastMultiplier_ = hi;
  for (Index j : idx_) {
    const double zj = zOf(j, hi);
    const double av = std::abs(v[j]);
    const double mag = zj > 0.0 ? std::min(av * zj / (zj + 2.0 * a), M[j] * zj) : 0.0;
    v[j] = std::copysign(mag, v[j]);
  }
}

double PerspectivePenalty::conjugate(const Vec& v, double lambda, const std::vector<VarState>& state,
                                     Index budget) {
  if (!box_) return dualTerm(v, state, budget) / (4.0 * lambda);
  const Vec& M = *box_;
  auto phi = [&](Index j) {
    const double av = std::abs(v[j]);
    return av <= 2.0 * lambda * M[j] ? av * av / (4.0 * lambda) : M[j] * av - lambda * M[j] * M[j];
  };
  double inPart = 0.0;
  abs_.clear();
  for (Index j = 0; j < v.size(); ++j) {
    const VarState s = state[static_cast<std::size_t>(j)];
    if (s == VarState::In) inPart += phi(j);
    else if (s == VarState::Free) abs_.push_back(phi(j));
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
      step_(problem.features()),
      tv_(problem.features()),
      etaX_(problem.samples()),
      etaXPrev_(problem.samples()),
      etaY_(problem.samples()) {
  active_.reserve(static_cast<std::size_t>(problem.features()));
}

double PerspectiveRelaxation::boundFrom(const LossEval& e, const Vec& v,
                                        const std::vector<VarState>& state, Index budget) {
  const double lam = problem_.ridge();
  if (penalty_.box() && problem_.loss() == L0Loss::Squared) return boxRayBound(e, v, state, budget);
  const double q = penalty_.conjugate(v, lam, state, budget);
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

double PerspectiveRelaxation::boxRayBound(const LossEval& e, const Vec& v,
                                          const std::vector<VarState>& state, Index budget) {
  // D(t·u) = t·A − t²·B − Σ_S φ_j(t v_j), S = in ∪ the top-K free φ_j(t v_j), is concave in t.
  // For a fixed S its maximiser is found exactly by walking the breakpoints t_j = 2λM_j/|v_j|
  // where φ_j turns linear; S depends on t, so every candidate t is evaluated with the true
  // conjugate (each t ≥ 0 gives a valid bound; the choice of t only affects its strength).
  const double lam = problem_.ridge();
  const double A = e.dualLinear;
  const double B = e.dualQuadratic;
  if (!(A > 0.0)) return 0.0;
  const Vec& M = *penalty_.box();
  auto exact = [&](double t) {
    tv_ = t * v;
    return t * A - t * t * B - penalty_.conjugate(tv_, lam, state, budget);
  };
  auto solveFor = [&](double t) {
    // S at t: in ∪ the K free features with the largest φ_j(t v_j).
    active_.clear();
    std::vector<std::pair<double, Index>>& free = scratch_;
    free.clear();
    for (Index j = 0; j < v.size(); ++j) {
      const VarState s = state[static_cast<std::size_t>(j)];
      if (s == VarState::In) active_.push_back(j);
      else if (s == VarState::Free) {
        const double av = std::abs(t * v[j]);
        const double ph = av <= 2.0 * lam * M[j] ? av * av / (4.0 * lam) : M[j] * av - lam * M[j] * M[j];
        free.emplace_back(-ph, j);
      }
    }
    const std::size_t K = std::min<std::size_t>(static_cast<std::size_t>(std::max<Index>(budget, 0)), free.size());
    std::partial_sort(free.begin(), free.begin() + static_cast<std::ptrdiff_t>(K), free.end());
    for (std::size_t i = 0; i < K; ++i) active_.push_back(free[i].second);
    // ψ'(t) = A − t·(2B + Σ_{quadratic} v_j²/(2λ)) − Σ_{linear} M_j|v_j|, decreasing in t.
    free.clear();
    double slope = 2.0 * B, constant = A;
    for (Index j : active_) {
      const double av = std::abs(v[j]);
      if (av == 0.0) continue;
      slope += av * av / (2.0 * lam);
      if (std::isfinite(M[j])) free.emplace_back(2.0 * lam * M[j] / av, j);
    }
    std::sort(free.begin(), free.end());
    for (const auto& [at, j] : free) {
      if (!(slope > 0.0)) return at;
      const double root = constant / slope;
      if (root <= at) return root;
      const double av = std::abs(v[j]);
      slope -= av * av / (2.0 * lam);
      constant -= M[j] * av;
    }
    return slope > 0.0 ? std::max(0.0, constant / slope) : 0.0;
  };
  const double q = penalty_.dualTerm(v, state, budget) / (4.0 * lam);
  double t = A / (2.0 * (B + q));
  double best = exact(t);
  for (int round = 0; round < 3; ++round) {
    const double next = solveFor(t);
    if (!(next >= 0.0) || next == t) break;
    t = next;
    best = std::max(best, exact(t));
  }
  return best;
}

double PerspectiveRelaxation::dualBoundAt(const Vec& theta, double intercept,
                                          const std::vector<VarState>& state, Index budget,
                                          const Vec* box) {
  LossEval e;
  problem_.evaluate(theta, intercept, nullptr, &e, ws_, true, &v_);
  const Vec* saved = penalty_.box();
  penalty_.setBox(box);
  const double b = boundFrom(e, v_, state, budget);
  penalty_.setBox(saved);
  return b;
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

  penalty_.setBox(options.box);
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
  // Logistic: X̃y is a combination of the last two X̃x, so each iteration needs one product X̃·θ
  // (the trial point's) besides X̃ᵀu, not two.
  if (logistic) {
    etaX_.noalias() = problem_.design() * x_;
    etaY_ = etaX_;
  }

  for (int it = 1; it <= options.maxIterations; ++it) {
    out.iterations = it;
    // The bound costs O(p) for least squares but an entropy per sample for logistic: there,
    // every few iterations (and at the end).
    const bool withDual = !logistic || it % kLogisticDualEvery == 1;
    double fy = 0.0;
    if (logistic) {
      ws_.eta = etaY_;
      fy = problem_.evaluateLogisticAt(yb, &grad_, &ey, ws_, withDual, &v_);
    } else {
      fy = problem_.evaluate(y_, yb, &grad_, &ey, ws_, withDual, &v_);
    }
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
    if (logistic) {
      etaXPrev_.swap(etaX_);
      etaX_ = ws_.eta;  // the accepted trial point's predictor (the last evaluate)
    }
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
    if (logistic) etaY_ = etaX_ + beta * (etaX_ - etaXPrev_);
    t = tNext;
  }
  out.lowerBound = std::max(out.lowerBound, dualBoundAt(x_, xb, state, budget, options.box));
  out.theta = x_;
  out.intercept = xb;
  penalty_.value(x_, state, budget, &out.z);
  penalty_.setBox(nullptr);
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
