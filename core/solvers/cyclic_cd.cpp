#include "core/solvers/cyclic_cd.hpp"

#include <numeric>
#include <vector>

#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

std::optional<std::string> CyclicCd::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().separable)
    return "coordinate descent needs a separable penalty; '" + penalty.name() + "' is not";
  return std::nullopt;
}

SolveResult CyclicCd::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                            const SolverOptions& options, ProgressObserver& observer,
                            std::stop_token stop) const {
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
  EpochMonitor monitor(penalty.lambda(), options, observer, stop, result, [&] {
    cd::refreshPredictor(problem.X, result.w, result.intercept, eta);  // the certificate of (w, b0), not of drift
    const Certificate c = evaluateCertificate(problem, penalty, result.w, eta, ws);
    result.objective = c.primal;
    result.stopCriterion = c.value;
  });
  for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    const bool finished = cd::epoch(problem, penalty, lipschitz, all, result.w, result.intercept, eta, stop);
    if (monitor.afterEpoch(epoch, finished)) break;
  }
  result.seconds = monitor.seconds();
  return result;
}

}  // namespace lambdascope
