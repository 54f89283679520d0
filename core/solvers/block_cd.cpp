#include "core/solvers/block_cd.hpp"

#include <algorithm>

#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

std::optional<std::string> BlockCd::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().blockSeparable || !penalty.groups())
    return "block coordinate descent needs a group penalty; '" + penalty.name() + "' is not one";
  return std::nullopt;
}

SolveResult BlockCd::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                           const SolverOptions& options, ProgressObserver& observer,
                           std::stop_token stop) const {
  const DesignMatrix& X = problem.X;
  const auto& groups = *penalty.groups();

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(X.cols());
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;
  Vec& w = result.w;
  ShiftedVector eta = cd::initialPredictor(X, w, result.intercept);

  Vec blockL(static_cast<Index>(groups.size()));
  std::size_t largest = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    blockL[static_cast<Index>(g)] = problem.datafit.blockLipschitz(X, groups[g]);
    largest = std::max(largest, groups[g].size());
  }
  Vec block(static_cast<Index>(largest));

  GapWorkspace ws;
  ws.resize(X.rows(), X.cols());
  EpochMonitor monitor(penalty.lambda(), options, observer, stop, result, [&] {
    const Certificate c = evaluateCertificate(problem, penalty, w, eta, ws);
    result.objective = c.primal;
    result.stopCriterion = c.value;
  });

  for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
    bool cancelled = false;
    for (std::size_t g = 0; g < groups.size() && !cancelled; ++g) {
      if (g % 64 == 0 && stop.stop_requested()) {
        cancelled = true;
        break;
      }
      const double L = blockL[static_cast<Index>(g)];
      if (L <= 0.0) continue;
      const auto& cols = groups[g];
      const auto k = static_cast<Index>(cols.size());
      auto v = block.head(k);
      for (Index a = 0; a < k; ++a) {
        const Index j = cols[static_cast<std::size_t>(a)];
        v[a] = w[j] - problem.datafit.coordinateGradient(X, problem.y, eta, j) / L;
      }
      penalty.proxGroup(v, 1.0 / L, static_cast<Index>(g));
      for (Index a = 0; a < k; ++a) {
        const Index j = cols[static_cast<std::size_t>(a)];
        if (v[a] != w[j]) {
          X.colAxpy(j, v[a] - w[j], eta);
          w[j] = v[a];
        }
      }
    }
    if (!cancelled && problem.fitIntercept) {
      const double step = problem.datafit.interceptStep(problem.y, eta);
      result.intercept += step;
      eta.addConstant(step);
    }
    if (monitor.afterEpoch(epoch, !cancelled)) break;
  }
  result.seconds = monitor.seconds();
  return result;
}

}  // namespace lambdascope
