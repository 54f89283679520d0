#include "core/selection/inner_task.hpp"

#include <stdexcept>

#include "core/path/regularization_path.hpp"
#include "core/penalties/l1.hpp"
#include "core/selection/hyper_cancelled.hpp"
#include "core/selection/row_subset.hpp"
#include "core/selection/support_system.hpp"

namespace lambdascope {

namespace {
class StopOnToken final : public ProgressObserver {
 public:
  explicit StopOnToken(std::stop_token stop) : stop_(std::move(stop)) {}
  Control onIteration(const IterationReport&) override {
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

 private:
  std::stop_token stop_;
};
}  // namespace

double InnerTask::termValue(CVecRef etaEval, VecRef gradEta) const {
  const double n = static_cast<double>(etaEval.size());
  switch (term) {
    case OuterTerm::Validation: {
      const double v = validationLossGradient(loss, yEval, etaEval, gradEta);
      gradEta *= weight;
      return weight * v;
    }
    case OuterTerm::SureFit: {
      const double c = 2.0 * sigma * sigma / epsilon;
      gradEta = (-2.0 * (yEval - etaEval) - c * delta) / n;
      gradEta *= weight;
      return weight * (((yEval - etaEval).squaredNorm() - c * delta.dot(etaEval)) / n - sigma * sigma);
    }
    case OuterTerm::SureDof: {
      const double c = 2.0 * sigma * sigma / epsilon;
      gradEta = (weight * c / n) * delta;
      return weight * c * delta.dot(etaEval) / n;
    }
  }
  return 0.0;
}

std::unique_ptr<InnerTask> makeInnerTask(const Dataset& data, const Vec& yCanonical, const ModelSpec& specIn,
                                         std::span<const Index> trainRows, std::span<const Index> evalRows,
                                         OuterTerm term, double weight, ValidationLoss loss) {
  ModelSpec spec = specIn;
  if (spec.model == "wlasso" && spec.weights.empty()) spec.weights.assign(static_cast<std::size_t>(data.features()), 1.0);
  Model model = makeModel(spec, data.features(), static_cast<Index>(trainRows.size()));
  auto task = std::make_unique<InnerTask>();
  task->train = subsetRows(data, yCanonical, trainRows);
  task->X = task->train.design(spec.preprocessing, model.datafit->cheapSparseCentering());
  task->y = task->train.target();
  task->datafit = std::move(model.datafit);
  task->datafit->prepare(task->X, task->y);
  task->solver = std::move(model.solver);
  task->fitIntercept = spec.preprocessing.fitIntercept;
  task->term = term;
  task->weight = weight;
  task->loss = loss;
  if (evalRows.empty()) {
    task->Xeval = task->X;
    task->yEval = task->y;
  } else {
    auto storage = shareStorage(subsetStorage(*data.storage(), evalRows));
    task->Xeval = DesignMatrix(storage, task->X.center(), task->X.scale());
    task->yEval = gatherRows(yCanonical, evalRows);
  }
  const Problem problem{task->X, task->y, *task->datafit, task->fitIntercept};
  const L1 l1(1.0);
  const NullModel null = nullModel(problem, l1, *task->solver, 1e-12);
  task->nullObjective = null.objective;
  task->lambdaMax = null.lambdaMax;
  task->nullW = null.w;
  task->nullIntercept = null.intercept;
  task->warm = {null.w, null.intercept};
  task->hasWarm = true;
  return task;
}

TaskResult solveTask(InnerTask& task, const HyperSpace& space, const Vec& theta,
                     const HypergradientOptions& options, std::stop_token stop) {
  Vec l1;
  double l2 = 0.0;
  space.levels(theta, l1, l2);
  const auto penalty = space.makePenalty(theta);
  const Problem problem{task.X, task.y, *task.datafit, task.fitIntercept};
  SolverOptions so;
  so.stopThreshold = options.tol * task.nullObjective;
  so.maxEpochs = options.maxEpochs;
  StopOnToken observer(stop);
  SolveResult r = task.solver->solve(problem, *penalty, task.hasWarm ? &task.warm : nullptr, so, observer, stop);
  if (r.termination == Termination::Cancelled) throw HyperCancelled();
  TaskResult out;
  out.solution.w = std::move(r.w);
  out.solution.intercept = r.intercept;
  out.solution.epochs = r.epochs;
  if (options.polish)
    out.solution.polished = detail::polishOnSupport(task, l1, l2, space.positive(), out.solution.w, out.solution.intercept);
  out.value = acceptSolution(task, out.solution, out.gradEta);
  out.grad = Vec::Zero(space.dimension());
  return out;
}

double acceptSolution(InnerTask& task, InnerSolution& solution, Vec& gradEta) {
  solution.support = static_cast<Index>((solution.w.array() != 0.0).count());
  task.warm = {solution.w, solution.intercept};
  task.hasWarm = true;
  Vec eta(task.Xeval.rows());
  task.Xeval.apply(solution.w, eta);
  eta.array() += solution.intercept;
  gradEta.resize(eta.size());
  return task.termValue(eta, gradEta);
}

}  // namespace lambdascope
