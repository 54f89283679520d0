#include "core/multitask/multitask_path.hpp"

#include <chrono>
#include <stdexcept>

#include "core/multitask/multitask_gap.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;

PathPoint toPathPoint(const DesignMatrix& X, const MultitaskSolveResult& r, Index index, double lambda,
                      double threshold) {
  PathPoint pt;
  pt.index = index;
  pt.lambda = lambda;
  pt.tasks = r.B.cols();
  Vec intercepts = r.intercept;
  for (Index j = 0; j < r.B.rows(); ++j) {
    if (r.B.row(j).isZero(0.0)) continue;
    pt.support.push_back(j);
    for (Index t = 0; t < pt.tasks; ++t) {
      const double beta = r.B(j, t) / X.scale()[j];
      pt.values.push_back(beta);
      intercepts[t] -= X.center()[j] * beta;  // E = X̃B + 1b0ᵀ = XB' + 1(b0 − B'ᵀμ)ᵀ
    }
  }
  pt.intercepts.assign(intercepts.data(), intercepts.data() + intercepts.size());
  pt.intercept = pt.intercepts.front();
  pt.objective = r.objective;
  pt.dualityGap = r.stopCriterion;
  pt.gapThreshold = threshold;
  pt.epochs = r.epochs;
  pt.seconds = r.seconds;
  pt.termination = r.termination;
  return pt;
}
}  // namespace

MultitaskNullModel multitaskNullModel(const MultitaskProblem& problem, const MultitaskPenalty& penalty) {
  const Index p = problem.X.cols();
  const Index T = problem.Y.cols();
  MultitaskNullModel out;
  out.intercept = Vec::Zero(T);
  ShiftedMatrix E(problem.X.rows(), T);
  if (problem.fitIntercept) {
    problem.datafit.interceptStep(E, out.intercept);  // exact for least squares
    E.addConstantRow(out.intercept.transpose());
  }
  MultitaskGapWorkspace ws;
  ws.resize(problem.X.rows(), p, T);
  const RowMat zero = RowMat::Zero(p, T);
  evaluateMultitaskGap(problem, penalty, zero, E, ws);
  out.lambdaMax = penalty.lambdaMax(ws.z);  // ws.z = X̃ᵀ(−∇F) at B = 0
  out.objective = problem.datafit.value(problem.Y, E);
  return out;
}

PathResult computeMultitaskPath(const Dataset& data, const ModelSpec& spec, const PathOptions& options,
                                ProgressObserver& observer, std::stop_token stop) {
  if (auto err = options.validate(); !err.empty()) throw std::invalid_argument(err);
  const auto t0 = Clock::now();
  MultitaskModel model = makeMultitaskModel(spec, data.features());
  const DesignMatrix X = data.design(spec.preprocessing, true);
  const Mat Y = data.targets();
  model.datafit->prepare(X, Y);
  const MultitaskProblem problem{X, Y, *model.datafit, spec.preprocessing.fitIntercept};

  PathResult result;
  result.solver = model.solver->name();
  const MultitaskNullModel null = multitaskNullModel(problem, *model.penalty);
  result.lambdaMax = null.lambdaMax;
  result.nullObjective = null.objective;

  const double threshold = spec.tol * null.objective;
  SolverOptions solverOptions;
  solverOptions.stopThreshold = threshold;
  solverOptions.maxEpochs = spec.maxEpochs;
  solverOptions.checkEvery = spec.checkEvery;

  MultitaskWarmStart warm{RowMat::Zero(X.cols(), Y.cols()), null.intercept};
  MultitaskGapWorkspace ws;
  ws.resize(X.rows(), X.cols(), Y.cols());
  walkGrid(result, options, observer, stop, [&](std::size_t k, double lambda) -> std::optional<PathPoint> {
    model.penalty->setLambda(lambda);
    solverOptions.lambdaIndex = static_cast<Index>(k);
    const auto tk = Clock::now();
    MultitaskSolveResult r;
    if (lambda >= null.lambdaMax) {
      // Exactly the null model (no rounding-level rows on the boundary); the gap certifies it.
      r.B = RowMat::Zero(X.cols(), Y.cols());
      r.intercept = null.intercept;
      ShiftedMatrix E(X.rows(), Y.cols());
      E.addConstantRow(r.intercept.transpose());
      const MultitaskGap g = evaluateMultitaskGap(problem, *model.penalty, r.B, E, ws);
      r.objective = g.primal;
      r.stopCriterion = std::max(0.0, g.gap());
    } else {
      r = model.solver->solve(problem, *model.penalty, &warm, solverOptions, observer, stop);
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - tk).count();
    if (r.termination == Termination::Cancelled) return std::nullopt;
    PathPoint pt = toPathPoint(X, r, static_cast<Index>(k), lambda, threshold);
    warm.B = std::move(r.B);
    warm.intercept = std::move(r.intercept);
    return pt;
  });
  result.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

}  // namespace lambdascope
