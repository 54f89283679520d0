#include "core/path/regularization_path.hpp"

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/multitask/multitask_path.hpp"
#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;

/// Turn a solution on the design's scale into a path point on the original feature scale.
PathPoint toPathPoint(const DesignMatrix& X, const SolveResult& r, Index index, double lambda,
                      double threshold, const char* criterion) {
  PathPoint pt;
  pt.criterion = criterion;
  pt.index = index;
  pt.lambda = lambda;
  double intercept = r.intercept;
  for (Index j = 0; j < r.w.size(); ++j) {
    if (r.w[j] == 0.0) continue;
    const double beta = r.w[j] / X.scale()[j];
    pt.support.push_back(j);
    pt.values.push_back(beta);
    intercept -= X.center()[j] * beta;  // η = X̃w + b0 = Xβ + (b0 − μᵀβ)
  }
  pt.intercept = intercept;
  pt.objective = r.objective;
  pt.dualityGap = r.stopCriterion;
  pt.gapThreshold = threshold;
  pt.epochs = r.epochs;
  pt.seconds = r.seconds;
  pt.termination = r.termination;
  return pt;
}
/// For λ ≥ λ_max the solution is w = 0 with the null intercept: exact, not solved, so no
/// rounding-level coefficient appears on the boundary. The gap still certifies it.
SolveResult nullSolution(const Problem& problem, const Penalty& penalty, const NullModel& null) {
  SolveResult r;
  r.w = null.w;
  r.intercept = null.intercept;
  ShiftedVector eta = cd::initialPredictor(problem.X, r.w, r.intercept);
  GapWorkspace ws;
  ws.resize(problem.X.rows(), problem.X.cols());
  const Certificate c = evaluateCertificate(problem, penalty, r.w, eta, ws);
  r.objective = c.primal;
  r.stopCriterion = std::max(0.0, c.value);
  r.epochs = 0;
  r.termination = Termination::Converged;
  return r;
}
}  // namespace

std::string PathOptions::validate() const {
  std::ostringstream err;
  if (lambdas.empty()) {
    if (nLambdas < 1) err << "the number of lambdas must be at least 1, got " << nLambdas;
    else if (!(lambdaMinRatio > 0.0 && lambdaMinRatio <= 1.0))
      err << "lambda-min-ratio must be in (0, 1], got " << lambdaMinRatio;
  } else {
    for (std::size_t i = 0; i < lambdas.size(); ++i) {
      if (!(lambdas[i] > 0.0) || !std::isfinite(lambdas[i])) {
        err << "lambda #" << (i + 1) << " must be a positive finite number, got " << lambdas[i];
        break;
      }
    }
  }
  return err.str();
}

std::vector<double> geometricGrid(double lambdaMax, int n, double ratio) {
  std::vector<double> grid;
  if (n <= 0) return grid;
  grid.reserve(static_cast<std::size_t>(n));
  if (n == 1) {
    grid.push_back(lambdaMax);
    return grid;
  }
  const double logStep = std::log(ratio) / static_cast<double>(n - 1);
  for (int k = 0; k < n; ++k) grid.push_back(lambdaMax * std::exp(logStep * k));
  grid.back() = lambdaMax * ratio;
  return grid;
}

NullModel nullModel(const Problem& problem, const Penalty& penalty, const Solver& solver, double tol) {
  const DesignMatrix& X = problem.X;
  const Index n = X.rows();
  NullModel out;
  out.w = Vec::Zero(X.cols());
  ShiftedVector eta(n);
  if (problem.fitIntercept) {
    // Exact in one step for least squares; a few Newton steps for other datafits.
    for (int it = 0; it < 100; ++it) {
      const double step = problem.datafit.interceptStep(problem.y, eta);
      out.intercept += step;
      eta.addConstant(step);
      if (std::abs(step) <= 1e-14 * (1.0 + std::abs(out.intercept))) break;
    }
  }
  bool anyUnpenalized = false;
  for (Index j = 0; j < X.cols() && !anyUnpenalized; ++j) anyUnpenalized = !penalty.isPenalized(j);
  if (anyUnpenalized) {
    // Unpenalised features join the intercept: solve with every penalised feature held at 0 by
    // an overwhelming λ, to the path's tolerance.
    auto held = penalty.clone();
    held->setLambda(1e300);
    SolverOptions opt;
    opt.stopThreshold = tol * problem.datafit.value(problem.y, eta.materialized());
    NullObserver none;
    const WarmStart start{out.w, out.intercept};
    SolveResult r = solver.solve(problem, *held, &start, opt, none, {});
    out.w = std::move(r.w);
    out.intercept = r.intercept;
    eta = cd::initialPredictor(X, out.w, out.intercept);
  }
  const Vec etaDense = eta.materialized();
  Vec sampleGrad(n);
  problem.datafit.sampleGradient(problem.y, etaDense, sampleGrad);
  Vec grad(X.cols());
  X.applyTransposed(sampleGrad, grad);
  out.lambdaMax = penalty.lambdaMax(grad);
  out.objective = problem.datafit.value(problem.y, etaDense) + penalty.value(out.w);
  return out;
}

PathResult computePath(const Dataset& data, const ModelSpec& spec, const PathOptions& options,
                       ProgressObserver& observer, std::stop_token stop) {
  if (auto err = spec.validate(); !err.empty()) throw std::invalid_argument(err);
  if (auto err = options.validate(); !err.empty()) throw std::invalid_argument(err);
  if (isMultitask(spec.model)) return computeMultitaskPath(data, spec, options, observer, stop);
  if (data.tasks() > 1)
    throw std::invalid_argument("the data has " + std::to_string(data.tasks()) + " target columns; model '" +
                                spec.model + "' takes one (use the multitask model mtl, or one target)");
  const auto t0 = Clock::now();

  Model model = makeModel(spec, data.features(), data.samples());
  if (!spec.weights.empty() && static_cast<Index>(spec.weights.size()) != data.features())
    throw std::invalid_argument("weights: expected one per feature (" + std::to_string(data.features()) +
                                "), got " + std::to_string(spec.weights.size()));
  const DesignMatrix X = data.design(spec.preprocessing, model.datafit->cheapSparseCentering(),
                                     model.datafit->weighted() ? &model.datafit->sampleWeights() : nullptr);
  const Vec y = model.datafit->canonicalTarget(data.target());
  model.datafit->prepare(X, y);
  const bool intercept = spec.preprocessing.fitIntercept;

  PathResult result;
  result.solver = model.solver->name();
  const Problem problem{X, y, *model.datafit, intercept};
  const NullModel null = nullModel(problem, *model.penalty, *model.solver, spec.tol);
  result.lambdaMax = null.lambdaMax;
  result.nullObjective = null.objective;

  SolverOptions solverOptions;
  // Relative so the tolerance means the same on every dataset: the gap against P(0) (celer's and
  // skglm's rule); stationarity, a gradient, against λ_max, the gradient's scale at w = 0.
  const bool convex = model.penalty->traits().convex;
  const double threshold = spec.tol * (convex ? null.objective : std::max(null.lambdaMax, 1e-300));
  const char* criterion = certificateName(*model.penalty);
  solverOptions.stopThreshold = threshold;
  solverOptions.maxEpochs = spec.maxEpochs;
  solverOptions.checkEvery = spec.checkEvery;

  WarmStart warm{null.w, null.intercept};
  walkGrid(result, options, observer, stop, [&](std::size_t k, double lambda) -> std::optional<PathPoint> {
    model.penalty->setLambda(lambda);
    solverOptions.lambdaIndex = static_cast<Index>(k);
    const auto tk = Clock::now();
    SolveResult r =
        lambda >= null.lambdaMax
            ? nullSolution(problem, *model.penalty, null)
            : model.solver->solve(problem, *model.penalty, &warm, solverOptions, observer, stop);
    r.seconds = std::chrono::duration<double>(Clock::now() - tk).count();
    if (r.termination == Termination::Cancelled) return std::nullopt;
    PathPoint pt = toPathPoint(X, r, static_cast<Index>(k), lambda, threshold, criterion);
    warm.w = std::move(r.w);
    warm.intercept = r.intercept;
    return pt;
  });
  result.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

void walkGrid(PathResult& result, const PathOptions& options, ProgressObserver& observer,
              const std::stop_token& stop,
              const std::function<std::optional<PathPoint>(std::size_t k, double lambda)>& solveAt) {
  if (options.lambdas.empty() && !(result.lambdaMax > 0.0))
    throw std::invalid_argument(
        "lambda_max is 0: the null model is already optimal for every lambda (e.g. with --positive "
        "and no feature positively correlated with the target), so there is no path from lambda_max; "
        "give explicit lambdas");
  result.lambdas = options.lambdas.empty()
                       ? geometricGrid(result.lambdaMax, options.nLambdas, options.lambdaMinRatio)
                       : options.lambdas;
  if (observer.onPathStart({result.lambdas, result.lambdaMax, result.nullObjective}) == Control::Stop)
    result.cancelled = true;
  for (std::size_t k = 0; k < result.lambdas.size() && !result.cancelled; ++k) {
    if (stop.stop_requested()) {
      result.cancelled = true;
      break;
    }
    std::optional<PathPoint> point = solveAt(k, result.lambdas[k]);
    if (!point) {
      // An interrupted λ is not a path point: the path keeps only what was finished.
      result.cancelled = true;
      break;
    }
    result.points.push_back(std::move(*point));
    if (observer.onPathPoint(result.points.back()) == Control::Stop) result.cancelled = true;
  }
}

double PathPoint::displayValue(std::size_t k) const {
  if (tasks <= 1) return values[k];
  const auto T = static_cast<std::size_t>(tasks);
  return Eigen::Map<const Vec>(values.data() + k * T, tasks).norm();
}

Vec PathPoint::denseCoefficients(Index p) const {
  Vec beta = Vec::Zero(p);
  for (std::size_t k = 0; k < support.size(); ++k) beta[support[k]] = displayValue(k);
  return beta;
}

}  // namespace lambdascope
