#include "core/solvers/cyclic_cd.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/solvers/duality_gap.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
constexpr Index kStopPollStride = 256;  // coordinates between cancellation polls inside an epoch
}  // namespace

std::optional<std::string> CyclicCd::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().separable)
    return "coordinate descent needs a separable penalty; '" + penalty.name() + "' is not";
  return std::nullopt;
}

SolveResult CyclicCd::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                            const SolverOptions& options, ProgressObserver& observer,
                            std::stop_token stop) const {
  const auto t0 = Clock::now();
  const DesignMatrix& X = problem.X;
  const Index n = X.rows();
  const Index p = X.cols();

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;
  Vec& w = result.w;

  ShiftedVector eta(n);
  if (w.any()) {
    Vec xw(n);
    X.apply(w, xw);
    eta.assign(xw);
  }
  eta.addConstant(result.intercept);

  Vec lipschitz(p);
  for (Index j = 0; j < p; ++j) lipschitz[j] = problem.datafit.coordinateLipschitz(X, j);

  GapWorkspace ws;
  ws.resize(n, p);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.termination = Termination::MaxIterations;
  result.stopCriterion = nan;

  for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    bool cancelled = false;
    for (Index j = 0; j < p; ++j) {
      if (j % kStopPollStride == 0 && stop.stop_requested()) {
        cancelled = true;
        break;
      }
      const double L = lipschitz[j];
      if (L <= 0.0) continue;  // constant column: its coefficient stays at zero
      const double g = problem.datafit.coordinateGradient(X, problem.y, eta, j);
      const double old = w[j];
      const double updated = penalty.prox1d(old - g / L, 1.0 / L, j);
      if (updated != old) {
        X.colAxpy(j, updated - old, eta);
        w[j] = updated;
      }
    }
    if (problem.fitIntercept) {
      const double step = problem.datafit.interceptStep(problem.y, eta);
      result.intercept += step;
      eta.addConstant(step);
    }
    result.epochs = epoch;

    IterationReport report;
    report.lambdaIndex = options.lambdaIndex;
    report.lambda = penalty.lambda();
    report.epoch = epoch;
    report.threshold = options.stopThreshold;
    report.objective = nan;
    report.stopCriterion = nan;
    const bool check = cancelled || epoch == 1 || epoch % options.checkEvery == 0 ||
                       epoch == options.maxEpochs;
    if (check) {
      const GapEvaluation gap = evaluateDualityGap(problem, penalty, w, eta, ws);
      result.objective = gap.primal;
      result.stopCriterion = gap.gap();
      report.objective = gap.primal;
      report.stopCriterion = gap.gap();
    }
    report.seconds = secondsSince(t0);
    if (cancelled) {
      result.termination = Termination::Cancelled;
      break;
    }
    if (check && result.stopCriterion <= options.stopThreshold) {
      result.termination = Termination::Converged;
      observer.onIteration(report);
      break;
    }
    if (observer.onIteration(report) == Control::Stop || stop.stop_requested()) {
      if (!check) {
        const GapEvaluation gap = evaluateDualityGap(problem, penalty, w, eta, ws);
        result.objective = gap.primal;
        result.stopCriterion = gap.gap();
      }
      result.termination = Termination::Cancelled;
      break;
    }
  }
  if (result.termination == Termination::MaxIterations && std::isnan(result.stopCriterion)) {
    const GapEvaluation gap = evaluateDualityGap(problem, penalty, w, eta, ws);
    result.objective = gap.primal;
    result.stopCriterion = gap.gap();
  }
  result.seconds = secondsSince(t0);
  return result;
}

}  // namespace lambdascope
