#include "core/solvers/gram_cd.hpp"

#include <algorithm>
#include <cmath>

#include "core/solvers/anderson.hpp"
#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"
#include "core/solvers/support_newton.hpp"

namespace lambdascope {

std::optional<std::string> GramCd::incompatibility(const Datafit& datafit, const Penalty& penalty) const {
  if (!datafit.isQuadratic())
    return "Gram coordinate descent needs a least-squares datafit; '" + datafit.name() + "' is not";
  if (datafit.weighted()) return "Gram coordinate descent does not take sample weights; use ws-cd or cd";
  if (!penalty.traits().separable)
    return "Gram coordinate descent needs a separable penalty; '" + penalty.name() + "' is not";
  return std::nullopt;
}

void GramCd::prepare(const Problem& problem) const {
  const DesignMatrix& X = problem.X;
  const void* storage = &X.storage();
  const auto same = [](const Vec& a, const Vec& b) { return a.size() == b.size() && a == b; };
  if (cache_.storage == storage && cache_.rows == X.rows() && same(cache_.center, X.center()) &&
      same(cache_.scale, X.scale()))
    return;
  const double n = static_cast<double>(X.rows());
  cache_ = Cache{};
  cache_.storage = storage;
  cache_.rows = X.rows();
  cache_.center = X.center();
  cache_.scale = X.scale();
  cache_.columns.assign(static_cast<std::size_t>(X.cols()), Vec());
  cache_.q.resize(X.cols());
  X.applyTransposed(problem.y, cache_.q);
  cache_.q /= n;
  // Centred columns (an intercept is fitted): b0 = ȳ exactly and q = X̃ᵀ(y − ȳ)/n.
  cache_.intercept = problem.fitIntercept ? problem.y.mean() : 0.0;
  cache_.yy = (problem.y.array() - cache_.intercept).square().sum() / n;
  scratch_.resize(X.rows());
}

const Vec& GramCd::column(const Problem& problem, Index j) const {
  Vec& g = cache_.columns[static_cast<std::size_t>(j)];
  if (g.size() == 0) {
    scratch_.setZero();
    problem.X.colAxpy(j, 1.0, scratch_);
    g.resize(problem.X.cols());
    problem.X.applyTransposed(scratch_, g);
    g /= static_cast<double>(problem.X.rows());
  }
  return g;
}

SolveResult GramCd::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                          const SolverOptions& options, ProgressObserver& observer,
                          std::stop_token stop) const {
  const std::lock_guard lock(mutex_);
  const DesignMatrix& X = problem.X;
  const Index p = X.cols();
  const double n = static_cast<double>(X.rows());
  prepare(problem);
  // The Gram shortcut assumes centred columns when an intercept is fitted (so that b0 = ȳ).
  bool centred = true;
  if (problem.fitIntercept)
    for (Index j = 0; j < p && centred; ++j)
      centred = std::abs(X.colSum(j)) <= 1e-9 * std::sqrt(n * X.colSquaredNorm(j)) + 1e-300;

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = cache_.intercept;
  Vec& w = result.w;
  const Vec lipschitz = cd::lipschitzConstants(problem, penalty);
  Vec h = Vec::Zero(p);  // G·w
  for (Index j = 0; j < p; ++j)
    if (w[j] != 0.0) h += column(problem, j) * w[j];

  bool anyUnpenalized = false;
  for (Index j = 0; j < p && !anyUnpenalized; ++j) anyUnpenalized = !penalty.isPenalized(j);
  const bool convex = penalty.traits().convex;
  // The O(p) certificate needs centred columns and no unpenalised feature (whose dual
  // constraint needs a projection); otherwise every check is the exact one.
  bool exact = !centred || anyUnpenalized;

  Vec grad(p);
  Vec z(p);
  GapWorkspace ws;
  ws.resize(X.rows(), p);
  const auto exactCertificate = [&] {
    const ShiftedVector eta = cd::initialPredictor(X, w, result.intercept);
    const Certificate c = evaluateCertificate(problem, penalty, w, eta, ws);
    result.objective = c.primal;
    result.stopCriterion = c.value;
  };
  // ‖r‖²/n at v with gv = G·v, from the Gram form (clamped: rounding can make it negative).
  const auto residualSquared = [&](const Vec& v, const Vec& gv) {
    return std::max(0.0, cache_.yy - 2.0 * cache_.q.dot(v) + v.dot(gv));
  };
  const auto gramCertificate = [&] {
    const double qw = cache_.q.dot(w);
    const double residual = residualSquared(w, h);
    result.objective = 0.5 * residual + penalty.value(w);
    grad = h - cache_.q;
    if (!convex) {
      result.stopCriterion = penalty.stationarity(w, grad);
      return;
    }
    z = -grad;  // X̃ᵀu with u = r/n
    const double s = penalty.dualScale(z);
    z /= s;
    const double dual = (cache_.yy - qw) / s - residual / (2.0 * s * s) - penalty.conjugate(z);
    result.stopCriterion = result.objective - dual;
  };

  // Anderson extrapolation of the epochs (Bertrand & Massias 2021): kept only when it lowers the
  // objective, which the Gram form gives in O(p·|support|).
  AndersonAccelerator anderson(5);
  anderson.reset(p);
  Vec extrapolated(p);
  Vec hCandidate(p);
  const auto gramObjective = [&](const Vec& v, const Vec& gv) {
    return 0.5 * residualSquared(v, gv) + penalty.value(v);
  };

  // Newton steps on the support once its signs have been stable for a while; each failed try
  // doubles the wait, so a try costs at most a fraction of the epochs already spent.
  SupportNewton newton;
  const auto gramColumn = [&](Index j) -> const Vec& { return column(problem, j); };

  EpochMonitor monitor(penalty.lambda(), options, observer, stop, result, [&] {
    if (exact) exactCertificate();
    else gramCertificate();
  });
  for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    bool finished = true;
    for (Index j = 0; j < p; ++j) {
      if ((j & 255) == 0 && stop.stop_requested()) {
        finished = false;
        break;
      }
      const double L = lipschitz[j];
      if (L <= 0.0) continue;
      const double old = w[j];
      const double updated = penalty.prox1d(old - (h[j] - cache_.q[j]) / L, 1.0 / L, j);
      if (updated == old) continue;
      h += column(problem, j) * (updated - old);
      w[j] = updated;
    }
    if (finished && anderson.push(w) && anderson.extrapolate(extrapolated)) {
      hCandidate.setZero();
      for (Index j = 0; j < p; ++j)
        if (extrapolated[j] != 0.0) hCandidate += column(problem, j) * extrapolated[j];
      if (gramObjective(extrapolated, hCandidate) < gramObjective(w, h)) {
        w.swap(extrapolated);
        h.swap(hCandidate);
      }
    }
    if (finished && newton.due(w)) newton.tried(newton.step(penalty, gramColumn, cache_.q, gramObjective, w, h));
    if (!monitor.afterEpoch(epoch, finished)) continue;
    if (result.termination != Termination::Converged || exact) break;
    // Converged on the Gram certificate: confirm it on the exact residual.
    exactCertificate();
    if (result.stopCriterion <= options.stopThreshold) break;
    exact = true;  // rounding in the O(p) formula: go on with exact checks
    result.termination = Termination::MaxIterations;
  }
  if (!exact && result.termination != Termination::Converged) exactCertificate();
  result.seconds = monitor.seconds();
  return result;
}

}  // namespace lambdascope
