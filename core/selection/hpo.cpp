#include "core/selection/hpo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <random>
#include <stdexcept>

#include "core/selection/hyper_cancelled.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Stop {};  // unwinds the optimiser when the observer or the token says stop

/// Shared bookkeeping of every optimiser: evaluation, the box, records and the stop rules.
class Runner {
 public:
  Runner(HyperObjective& c, const HpoOptions& o, HpoObserver& obs, std::stop_token stop)
      : c_(c), o_(o), obs_(obs), stop_(std::move(stop)), t0_(Clock::now()) {
    hyperBox(c, o.lowRatio, lo_, hi_);
  }

  Vec clamp(const Vec& theta) const { return theta.cwiseMax(lo_).cwiseMin(hi_); }
  const Vec& lo() const { return lo_; }
  const Vec& hi() const { return hi_; }

  /// Gradient with the components that push out of the box at an active bound zeroed.
  Vec projected(const Vec& theta, const Vec& g) const {
    Vec pg = g;
    for (Index k = 0; k < g.size(); ++k)
      if ((theta[k] <= lo_[k] && g[k] > 0.0) || (theta[k] >= hi_[k] && g[k] < 0.0)) pg[k] = 0.0;
    return pg;
  }
  /// Scale a step so that no log λ moves by more than maxStep.
  Vec limited(const Vec& step) const {
    const double m = step.lpNorm<Eigen::Infinity>();
    return m > o_.maxStep ? Vec(step * (o_.maxStep / m)) : step;
  }

  HyperEvaluation eval(const Vec& theta, bool gradient) {
    if (stop_.stop_requested()) throw Stop{};
    try {
      return gradient ? c_.evaluate(theta, o_.method, o_.inner, stop_) : c_.value(theta, o_.inner, stop_);
    } catch (const HyperCancelled&) {
      throw Stop{};
    }
  }

  void record(const HyperEvaluation& e, bool accepted) {
    HpoStep s;
    s.iteration = iteration_;
    s.theta = e.theta;
    s.logLambda = c_.logLambda(e.theta);
    s.l1Ratio = c_.l1Ratio(e.theta);
    s.value = e.value;
    if (e.hasGradient) {
      s.grad = e.grad;
      s.gradLogLambda = e.gradLogLambda;
    }
    s.accepted = accepted;
    solves_ += e.innerSolves;
    s.innerSolves = solves_;
    s.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
    if (std::isfinite(e.value) && e.value < best_) {
      best_ = e.value;
      bestTheta_ = e.theta;
    }
    s.bestValue = best_;
    s.support = e.supports.empty() ? 0 : e.supports.front();
    result_.evaluations.push_back(s);
    if (accepted) result_.trajectory.push_back(s);
    if (obs_.onStep(s) == Control::Stop) throw Stop{};
  }

  /// The stop rules on an accepted iterate; sets the reason and returns true when one holds.
  bool converged(const Vec& theta, const HyperEvaluation& e, double lastStep) {
    const Vec pg = projected(theta, e.grad);
    if (pg.lpNorm<Eigen::Infinity>() <= o_.gradTol * std::max(std::abs(e.value), 1e-12)) return reason("gradient");
    if (lastStep >= 0.0 && lastStep <= o_.stepTol) return reason("step");
    const auto& t = result_.trajectory;
    if (t.size() >= 6) {
      const double old = t[t.size() - 6].value;
      if (old - e.value <= o_.valueTol * std::max(std::abs(e.value), 1e-300) && old - e.value >= 0.0)
        return reason("value");
    }
    return false;
  }
  bool reason(const char* why) {
    result_.stopReason = why;
    return true;
  }
  bool budgetLeft() {
    ++iteration_;
    if (iteration_ > o_.maxOuter) {
      if (result_.stopReason.empty()) result_.stopReason = "max_outer";
      return false;
    }
    return true;
  }

  HpoResult finish(bool cancelled) {
    result_.cancelled = cancelled;
    if (cancelled) result_.stopReason = "cancelled";
    result_.theta = bestTheta_;
    result_.value = best_;
    result_.innerSolves = solves_;
    result_.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
    return std::move(result_);
  }

  const HpoOptions& options() const { return o_; }
  HyperObjective& criterion() { return c_; }
  double best() const { return best_; }
  const Vec& bestTheta() const { return bestTheta_; }
  int iteration() const { return iteration_; }

 private:
  HyperObjective& c_;
  const HpoOptions& o_;
  HpoObserver& obs_;
  std::stop_token stop_;
  Clock::time_point t0_;
  Vec lo_, hi_;
  HpoResult result_;
  int iteration_ = 0;
  int solves_ = 0;
  double best_ = kInf;
  Vec bestTheta_;
};

/// Gradient descent with a safe step: α = 1/L̂ from the secant of successive hypergradients
/// (growing at most 2× per step), and any step that increases the criterion is rejected and
/// retried with half the step (the blow-ups of fixed-step descent on a non-smooth criterion).
void gradientDescent(Runner& r, Vec theta) {
  HyperEvaluation e = r.eval(theta, true);
  r.record(e, true);
  double alpha = 0.5 * r.options().maxStep / std::max(r.projected(theta, e.grad).lpNorm<Eigen::Infinity>(), 1e-300);
  double lastStep = -1.0;
  while (r.budgetLeft()) {
    if (r.converged(theta, e, lastStep)) return;
    const Vec step = r.limited(-alpha * r.projected(theta, e.grad));
    const Vec next = r.clamp(theta + step);
    const HyperEvaluation en = r.eval(next, true);
    if (!(en.value <= e.value)) {
      r.record(en, false);
      alpha *= 0.5;
      lastStep = (next - theta).lpNorm<Eigen::Infinity>();
      if (lastStep <= r.options().stepTol) {
        r.reason("step");
        return;
      }
      continue;
    }
    r.record(en, true);
    const Vec s = next - theta;
    const Vec y = en.grad - e.grad;
    lastStep = s.lpNorm<Eigen::Infinity>();
    if (s.norm() > 0.0 && y.norm() > 0.0) alpha = std::min(s.norm() / y.norm(), 2.0 * alpha);
    else alpha *= 2.0;
    theta = next;
    e = en;
  }
}

/// Armijo backtracking from `alpha` along d; returns false when 20 halvings did not decrease.
bool backtrack(Runner& r, Vec& theta, HyperEvaluation& e, const Vec& d, double alpha, double& lastStep) {
  // Start inside the step guard: halving a step that the guard still caps would evaluate the
  // same point again (each evaluation is an inner solve or two).
  const double dmax = d.lpNorm<Eigen::Infinity>();
  if (dmax > 0.0) alpha = std::min(alpha, r.options().maxStep / dmax);
  for (int t = 0; t < 20; ++t) {
    const Vec next = r.clamp(theta + r.limited(alpha * d));
    const HyperEvaluation en = r.eval(next, true);
    if (en.value <= e.value + 1e-4 * e.grad.dot(next - theta)) {
      r.record(en, true);
      lastStep = (next - theta).lpNorm<Eigen::Infinity>();
      theta = next;
      e = en;
      return true;
    }
    r.record(en, false);
    alpha *= 0.5;
    if ((next - theta).lpNorm<Eigen::Infinity>() <= r.options().stepTol) break;
  }
  return false;
}

/// Steepest descent with a Barzilai–Borwein first trial and Armijo backtracking.
void lineSearch(Runner& r, Vec theta) {
  HyperEvaluation e = r.eval(theta, true);
  r.record(e, true);
  double alpha = 0.5 * r.options().maxStep / std::max(r.projected(theta, e.grad).lpNorm<Eigen::Infinity>(), 1e-300);
  double lastStep = -1.0;
  while (r.budgetLeft()) {
    if (r.converged(theta, e, lastStep)) return;
    const Vec before = theta;
    const Vec gBefore = e.grad;
    if (!backtrack(r, theta, e, -r.projected(theta, e.grad), alpha, lastStep)) {
      r.reason("line_search");
      return;
    }
    const Vec s = theta - before;
    const Vec y = e.grad - gBefore;
    const double sy = s.dot(y);
    alpha = sy > 0.0 ? s.squaredNorm() / sy : 2.0 * alpha;
  }
}

/// Adam on θ; a non-finite value or one above best + |best| restarts from the best point with
/// half the learning rate and fresh moments.
void adam(Runner& r, Vec theta) {
  HyperEvaluation e = r.eval(theta, true);
  r.record(e, true);
  const Index d = theta.size();
  Vec m = Vec::Zero(d), v = Vec::Zero(d);
  double lr = r.options().learningRate;
  int t = 0;
  double lastStep = -1.0;
  while (r.budgetLeft()) {
    if (r.converged(theta, e, lastStep)) return;
    ++t;
    const Vec g = r.projected(theta, e.grad);
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g.cwiseProduct(g);
    const Vec mhat = m / (1.0 - std::pow(0.9, t));
    const Vec vhat = v / (1.0 - std::pow(0.999, t));
    const Vec step = r.limited(-lr * mhat.cwiseQuotient((vhat.array().sqrt() + 1e-8).matrix()));
    const Vec next = r.clamp(theta + step);
    const HyperEvaluation en = r.eval(next, true);
    if (!std::isfinite(en.value) || en.value > r.best() + std::abs(r.best())) {
      r.record(en, false);
      theta = r.bestTheta();
      e = r.eval(theta, true);
      r.record(e, true);
      lr *= 0.5;
      m.setZero();
      v.setZero();
      t = 0;
      continue;
    }
    r.record(en, true);
    lastStep = (next - theta).lpNorm<Eigen::Infinity>();
    theta = next;
    e = en;
  }
}

/// L-BFGS (Nocedal & Wright, Alg. 7.4) with Armijo backtracking; pairs with sᵀy ≤ 0 are skipped,
/// and a non-descent direction falls back to the projected gradient.
void lbfgs(Runner& r, Vec theta) {
  HyperEvaluation e = r.eval(theta, true);
  r.record(e, true);
  std::deque<std::pair<Vec, Vec>> pairs;
  double lastStep = -1.0;
  while (r.budgetLeft()) {
    if (r.converged(theta, e, lastStep)) return;
    const Vec g = r.projected(theta, e.grad);
    Vec q = g;
    std::vector<double> alphas(pairs.size());
    for (std::size_t i = pairs.size(); i-- > 0;) {
      const auto& [s, y] = pairs[i];
      alphas[i] = s.dot(q) / y.dot(s);
      q -= alphas[i] * y;
    }
    if (!pairs.empty()) q *= pairs.back().first.dot(pairs.back().second) / pairs.back().second.squaredNorm();
    else q *= 0.5 * r.options().maxStep / std::max(g.lpNorm<Eigen::Infinity>(), 1e-300);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto& [s, y] = pairs[i];
      const double beta = y.dot(q) / y.dot(s);
      q += (alphas[i] - beta) * s;
    }
    Vec d = -q;
    for (Index k = 0; k < d.size(); ++k)
      if ((theta[k] <= r.lo()[k] && d[k] < 0.0) || (theta[k] >= r.hi()[k] && d[k] > 0.0)) d[k] = 0.0;
    if (!(d.dot(g) < 0.0)) {
      d = -g * (0.5 * r.options().maxStep / std::max(g.lpNorm<Eigen::Infinity>(), 1e-300));
      pairs.clear();
    }
    const Vec before = theta;
    const Vec gBefore = e.grad;
    if (!backtrack(r, theta, e, d, 1.0, lastStep)) {
      r.reason("line_search");
      return;
    }
    const Vec s = theta - before;
    const Vec y = e.grad - gBefore;
    if (s.dot(y) > 1e-12 * s.norm() * y.norm()) {
      pairs.emplace_back(s, y);
      if (static_cast<int>(pairs.size()) > r.options().memory) pairs.pop_front();
    }
  }
}

/// Baselines: a geometric grid of the common λ from λ_max down (warm starts follow the path), or
/// seeded uniform draws in the box (the common log λ; both levels for the elastic net).
void search(Runner& r, const Vec& theta0, bool random) {
  const HyperObjective& c = r.criterion();
  const double rho = c.l1Ratio(theta0);
  const double top = std::log(c.lambdaMax());
  const double bottom = top + std::log(r.options().lowRatio);
  const int n = std::max(1, r.options().maxOuter);
  std::mt19937_64 rng(r.options().seed);
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  for (int k = 0; k < n; ++k) {
    r.budgetLeft();
    Vec theta;
    if (!random) {
      const double t = n == 1 ? 0.0 : static_cast<double>(k) / (n - 1);
      theta = c.thetaAt(top + t * (bottom - top), rho);
    } else if (c.drawsEachLevel()) {
      theta = r.lo() + (r.hi() - r.lo()).cwiseProduct(Vec::NullaryExpr(c.dimension(), [&] { return uniform(); }));
    } else {
      theta = c.thetaAt(bottom + uniform() * (top - bottom), rho);
    }
    theta = r.clamp(theta);
    r.record(r.eval(theta, false), true);
  }
  r.reason(random ? "samples" : "grid");
}
}  // namespace

OuterOptimizer outerOptimizerFromString(const std::string& name) {
  if (name == "gd") return OuterOptimizer::GradientDescent;
  if (name == "linesearch" || name == "line-search") return OuterOptimizer::LineSearch;
  if (name == "adam") return OuterOptimizer::Adam;
  if (name == "lbfgs" || name == "l-bfgs") return OuterOptimizer::Lbfgs;
  if (name == "grid") return OuterOptimizer::Grid;
  if (name == "random") return OuterOptimizer::Random;
  throw std::invalid_argument("unknown optimizer '" + name + "' (gd, linesearch, adam, lbfgs, grid, random)");
}

const char* toString(OuterOptimizer optimizer) {
  switch (optimizer) {
    case OuterOptimizer::GradientDescent: return "gd";
    case OuterOptimizer::LineSearch: return "linesearch";
    case OuterOptimizer::Adam: return "adam";
    case OuterOptimizer::Lbfgs: return "lbfgs";
    case OuterOptimizer::Grid: return "grid";
    case OuterOptimizer::Random: return "random";
  }
  return "?";
}

void HyperObjective::box(double lowRatio, Vec& lo, Vec& hi) const {
  const double top = std::log(lambdaMax());
  lo = Vec::Constant(dimension(), top + std::log(lowRatio));
  hi = Vec::Constant(dimension(), top);
}

HpoResult runHpo(HyperObjective& criterion, const Vec& theta0, const HpoOptions& options, HpoObserver& observer,
                 std::stop_token stop) {
  if (theta0.size() != criterion.dimension())
    throw std::invalid_argument("expected " + std::to_string(criterion.dimension()) +
                                " initial hyperparameters, got " + std::to_string(theta0.size()));
  if (!(criterion.lambdaMax() > 0.0)) throw std::invalid_argument("lambda_max is 0: nothing to tune");
  if (options.maxOuter < 1) throw std::invalid_argument("max-outer must be at least 1");
  Runner r(criterion, options, observer, stop);
  const Vec theta = r.clamp(theta0);
  try {
    switch (options.optimizer) {
      case OuterOptimizer::GradientDescent: gradientDescent(r, theta); break;
      case OuterOptimizer::LineSearch: lineSearch(r, theta); break;
      case OuterOptimizer::Adam: adam(r, theta); break;
      case OuterOptimizer::Lbfgs: lbfgs(r, theta); break;
      case OuterOptimizer::Grid: search(r, theta, false); break;
      case OuterOptimizer::Random: search(r, theta, true); break;
    }
  } catch (const Stop&) {
    return r.finish(true);
  }
  return r.finish(false);
}

}  // namespace lambdascope
