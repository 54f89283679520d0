#include "core/solvers/cyclic_cd.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
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
  const Index p = problem.X.cols();

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;
  ShiftedVector eta = cd::initialPredictor(problem.X, result.w, result.intercept);
  const Vec lipschitz = cd::lipschitzConstants(problem, penalty);
  std::vector<Index> all(static_cast<std::size_t>(p));
  std::iota(all.begin(), all.end(), Index{0});

  GapWorkspace ws;
  ws.resize(problem.X.rows(), p);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.termination = Termination::MaxIterations;
  result.stopCriterion = nan;
  auto evaluate = [&] {
    const Certificate c = evaluateCertificate(problem, penalty, result.w, eta, ws);
    result.objective = c.primal;
    result.stopCriterion = c.value;
  };

  for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    const bool finished = cd::epoch(problem, penalty, lipschitz, all, result.w, result.intercept, eta, stop);
    result.epochs = epoch;
    IterationReport report{options.lambdaIndex, penalty.lambda(), epoch, nan, nan, options.stopThreshold, 0.0};
    const bool check = !finished || epoch == 1 || epoch % options.checkEvery == 0 || epoch == options.maxEpochs;
    if (check) {
      evaluate();
      report.objective = result.objective;
      report.stopCriterion = result.stopCriterion;
    }
    report.seconds = secondsSince(t0);
    if (!finished) {
      result.termination = Termination::Cancelled;
      break;
    }
    if (check && result.stopCriterion <= options.stopThreshold) {
      result.termination = Termination::Converged;
      observer.onIteration(report);
      break;
    }
    if (observer.onIteration(report) == Control::Stop || stop.stop_requested()) {
      if (!check) evaluate();
      result.termination = Termination::Cancelled;
      break;
    }
  }
  result.seconds = secondsSince(t0);
  return result;
}

}  // namespace lambdascope
