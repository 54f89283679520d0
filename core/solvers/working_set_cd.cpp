#include "core/solvers/working_set_cd.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <vector>

#include "core/solvers/anderson.hpp"
#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/support_newton.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

namespace {
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
}  // namespace

std::optional<std::string> WorkingSetCd::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().separable)
    return "working-set coordinate descent needs a separable penalty; '" + penalty.name() + "' is not";
  return std::nullopt;
}

SolveResult WorkingSetCd::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                                const SolverOptions& options, ProgressObserver& observer,
                                std::stop_token stop) const {
  const Stopwatch clock;
  const DesignMatrix& X = problem.X;
  const Index p = X.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;
  Vec& w = result.w;
  ShiftedVector eta = cd::initialPredictor(X, w, result.intercept);
  const Vec lipschitz = cd::lipschitzConstants(problem, penalty);

  GapWorkspace gws;
  gws.resize(X.rows(), p);
  std::vector<Index> ws;
  AndersonAccelerator anderson(options_.andersonDepth);
  Vec andersonState;   // (w_ws, b0) stacked
  Vec extrapolated;
  Vec wCandidate;
  ShiftedVector etaCandidate;
  cd::WorkingSetPolicy policy(p, options_.initialSize);

  // Least squares: Newton steps on the support once its signs are stable (see SupportNewton);
  // each failed try doubles the wait. Buffers grow once, never per epoch.
  const bool newtonApplies = problem.datafit.isQuadratic();
  SupportNewton newton;
  Mat newtonColumns, newtonHessian;
  Vec newtonGrad, newtonStep, sampleG, sampleH;
  // P at (v, predictor e), through the gap workspace's buffer.
  const auto objectiveAt = [&](const ShiftedVector& e, const Vec& v) {
    e.materialize(gws.eta);
    return problem.datafit.value(problem.y, gws.eta) + penalty.value(v);
  };
  // The candidate (wCandidate, etaCandidate, intercept b0) becomes the iterate.
  const auto adoptCandidate = [&](double b0) {
    w.swap(wCandidate);
    std::swap(eta, etaCandidate);
    result.intercept = b0;
  };
  const auto trySupportNewton = [&]() -> bool {
    const std::span<const Index> support = newton.supportOf(w, ws);
    const auto m = static_cast<Index>(support.size());
    const Index k = m + (problem.fitIntercept ? 1 : 0);
    const Index n = X.rows();
    if (m == 0 || k > n || n * k > (Index{1} << 22)) return false;
    // The step materialises X̃ on the support densely (n × k). On sparse data that block soon
    // outweighs X itself, in memory and in time (movielens, cold at 0.1·λ_max: 99 ms with it,
    // 33 ms without).
    if (X.isSparse() && 2 * n * k > X.nonZeros()) return false;
    if (newtonColumns.rows() != n || newtonColumns.cols() < k) newtonColumns.resize(n, std::max(k, 2 * newtonColumns.cols()));
    auto C = newtonColumns.leftCols(k);
    X.denseColumns(support, C.leftCols(m));
    if (problem.fitIntercept) C.col(m).setOnes();
    sampleG.resize(n);
    sampleH.resize(n);
    eta.materialize(gws.eta);
    problem.datafit.sampleGradient(problem.y, gws.eta, sampleG);
    problem.datafit.sampleHessianDiag(problem.y, gws.eta, sampleH);
    newtonGrad.noalias() = C.transpose() * sampleG;
    newtonHessian.noalias() = C.transpose() * (sampleH.asDiagonal() * C);
    if (!newton.direction(penalty, support, w, newtonHessian, newtonGrad, newtonStep)) return false;
    wCandidate = w;
    etaCandidate = eta;
    for (Index a = 0; a < m; ++a) {
      const Index j = support[static_cast<std::size_t>(a)];
      wCandidate[j] = newtonStep[a] == -w[j] ? 0.0 : w[j] + newtonStep[a];
      X.colAxpy(j, newtonStep[a], etaCandidate);
    }
    const double b0 = result.intercept + (problem.fitIntercept ? newtonStep[m] : 0.0);
    etaCandidate.addConstant(b0 - result.intercept);
    // Ties up to rounding are accepted: near the optimum on a collinear support the objective no
    // longer resolves progress that the gap still sees, and coordinate steps round to nothing.
    const double current = objectiveAt(eta, w);
    if (!(objectiveAt(etaCandidate, wCandidate) <= current + 8.0 * kEpsilon * std::abs(current))) return false;
    adoptCandidate(b0);
    return true;
  };
  result.termination = Termination::MaxIterations;

  // Features not (yet) screened out; the gap is evaluated on these only once some are gone.
  std::vector<Index> active(static_cast<std::size_t>(p));
  std::iota(active.begin(), active.end(), Index{0});
  const bool screening = options_.screening && penalty.traits().convex;
  const double smoothness = problem.datafit.sampleSmoothness(X.rows());
  auto activeColumns = [&]() -> std::span<const Index> {
    if (static_cast<Index>(active.size()) == p) return {};
    return active;
  };

  Index accepted = 0;  // Anderson extrapolations kept (they lowered the objective)
  auto report = [&](int epoch, double objective, double gap) {
    IterationReport r{options.lambdaIndex, penalty.lambda(), epoch, objective, gap,
                      options.stopThreshold, clock.seconds()};
    r.workingSetSize = static_cast<Index>(ws.size());
    r.screened = p - static_cast<Index>(active.size());
    r.extrapolations = accepted;
    return observer.onIteration(r);
  };

  while (true) {
    // Outer: the full certificate, and the gradient for scoring, at η recomputed from (w, b0).
    cd::refreshPredictor(X, w, result.intercept, eta);
    const Certificate full = evaluateCertificate(problem, penalty, w, eta, gws, activeColumns());
    result.objective = full.primal;
    result.stopCriterion = full.value;
    if (result.stopCriterion <= options.stopThreshold) {
      result.termination = Termination::Converged;
      report(result.epochs, full.primal, full.value);
      break;
    }
    if (result.epochs >= options.maxEpochs) break;
    if (report(result.epochs, full.primal, full.value) == Control::Stop || stop.stop_requested()) {
      result.termination = Termination::Cancelled;
      break;
    }
    if (screening && full.value > 0.0) {
      const double radius = std::sqrt(2.0 * smoothness * full.value);
      std::erase_if(active, [&](Index j) {
        return w[j] == 0.0 && penalty.screensOut(gws.z[j], radius * std::sqrt(X.colSquaredNorm(j)), j);
      });
    }

    policy.select(penalty, w, gws.grad, lipschitz, activeColumns(), full.value, ws);
    const Index m = static_cast<Index>(ws.size());

    // Inner: CD on the working set until its own gap is small next to the outer one.
    const double innerThreshold = std::max(options_.innerRatio * full.value, 0.5 * options.stopThreshold);
    const bool useAnderson = options_.andersonDepth > 0;
    if (useAnderson) {
      anderson.reset(m + 1);
      andersonState.resize(m + 1);
      extrapolated.resize(m + 1);
    }
    bool cancelled = false;
    for (int inner = 1; result.epochs < options.maxEpochs; ++inner) {
      if (!cd::epoch(problem, penalty, lipschitz, ws, w, result.intercept, eta, stop)) {
        cancelled = true;
        break;
      }
      ++result.epochs;

      if (useAnderson) {
        for (Index k = 0; k < m; ++k) andersonState[k] = w[ws[static_cast<std::size_t>(k)]];
        andersonState[m] = result.intercept;
        if (anderson.push(andersonState) && anderson.extrapolate(extrapolated)) {
          // Keep the extrapolation only if it lowers the objective (it is not a descent step).
          wCandidate = w;
          for (Index k = 0; k < m; ++k) wCandidate[ws[static_cast<std::size_t>(k)]] = extrapolated[k];
          const double b0 = problem.fitIntercept ? extrapolated[m] : 0.0;
          // The candidate differs from w on the working set only: update η there, O(n·|ws|),
          // instead of recomputing Xw over all p columns.
          etaCandidate = eta;
          for (Index k = 0; k < m; ++k) {
            const Index j = ws[static_cast<std::size_t>(k)];
            if (const double delta = wCandidate[j] - w[j]; delta != 0.0) X.colAxpy(j, delta, etaCandidate);
          }
          etaCandidate.addConstant(b0 - result.intercept);
          if (objectiveAt(etaCandidate, wCandidate) < objectiveAt(eta, w)) {
            ++accepted;
            adoptCandidate(b0);
          }
        }
      }

      if (newtonApplies && newton.due(w, ws)) newton.tried(trySupportNewton());

      if (inner % options.checkEvery == 0) {
        cd::refreshPredictor(X, w, result.intercept, eta, ws);
        const Certificate sub = evaluateCertificate(problem, penalty, w, eta, gws, ws);
        if (report(result.epochs, sub.primal, nan) == Control::Stop) {
          cancelled = true;
          break;
        }
        if (sub.value <= innerThreshold) break;
      } else if (stop.stop_requested()) {
        cancelled = true;
        break;
      }
    }
    if (cancelled) {
      const Certificate last = evaluateCertificate(problem, penalty, w, eta, gws, activeColumns());
      result.objective = last.primal;
      result.stopCriterion = last.value;
      result.termination = Termination::Cancelled;
      break;
    }
  }
  result.seconds = clock.seconds();
  return result;
}

}  // namespace lambdascope
