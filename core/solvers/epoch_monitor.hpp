#pragma once
// The bookkeeping every epoch-based solver does after an epoch: evaluate the certificate on
// schedule, report progress, and decide whether to stop. One copy, shared by the solvers.

#include <chrono>
#include <functional>
#include <limits>
#include <stop_token>

#include "core/solvers/solver.hpp"

namespace lambdascope {

/// Wall-clock time since construction.
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// Checks the certificate after epoch 1, every `checkEvery` epochs, at the last epoch and on a
/// stop; reports every epoch (NaN where not evaluated); ends the solve on convergence, a stop
/// token, or the observer's Control::Stop.
/// `Result` is SolveResult or the multitask one: anything with epochs, objective,
/// stopCriterion and termination.
template <typename Result>
class EpochMonitor {
 public:
  /// `evaluate` fills result.objective and result.stopCriterion at the current iterate.
  EpochMonitor(double lambda, const SolverOptions& options, ProgressObserver& observer,
               const std::stop_token& stop, Result& result, std::function<void()> evaluate)
      : lambda_(lambda), options_(options), observer_(observer), stop_(stop), result_(result),
        evaluate_(std::move(evaluate)) {
    result_.termination = Termination::MaxIterations;
    result_.stopCriterion = std::numeric_limits<double>::quiet_NaN();
  }

  /// After epoch `epoch`; `finished` is false when the epoch was interrupted by a stop request.
  /// Returns true when the solve must end (result.termination says why).
  bool afterEpoch(int epoch, bool finished) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    result_.epochs = epoch;
    IterationReport report{options_.lambdaIndex, lambda_, epoch, nan, nan, options_.stopThreshold, 0.0};
    const bool check = !finished || epoch == 1 || epoch % options_.checkEvery == 0 || epoch >= options_.maxEpochs;
    if (check) {
      evaluate_();
      report.objective = result_.objective;
      report.stopCriterion = result_.stopCriterion;
    }
    report.seconds = clock_.seconds();
    if (!finished) {
      result_.termination = Termination::Cancelled;
      return true;
    }
    if (check && result_.stopCriterion <= options_.stopThreshold) {
      result_.termination = Termination::Converged;
      observer_.onIteration(report);
      return true;
    }
    if (observer_.onIteration(report) == Control::Stop || stop_.stop_requested()) {
      if (!check) evaluate_();
      result_.termination = Termination::Cancelled;
      return true;
    }
    return false;
  }

  double seconds() const { return clock_.seconds(); }

 private:
  double lambda_;
  const SolverOptions& options_;
  ProgressObserver& observer_;
  const std::stop_token& stop_;
  Result& result_;
  std::function<void()> evaluate_;
  Stopwatch clock_;
};

}  // namespace lambdascope
