#include "core/meeg/meeg_hypergrad.hpp"

#include <atomic>
#include <cmath>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "core/meeg/meeg_case.hpp"
#include "core/meeg/row_support_system.hpp"
#include "core/selection/hyper_cancelled.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

std::string MeegCriterionOptions::validate() const {
  if (criterion != "sure" && criterion != "holdout") return "criterion must be sure or holdout (got '" + criterion + "')";
  if (holdoutEvery < 2) return "hold-out: every must be >= 2";
  if (sureEpsilon < 0.0) return "sure epsilon must be >= 0";
  return {};
}

/// One inner MxNE problem and what the criterion takes from its solution.
struct MeegCriterion::Task {
  enum class Role { SureFit, SureDof, Holdout };
  Role role = Role::SureFit;
  std::unique_ptr<MxneProblem> owned;  // the perturbed or training problem
  const MxneProblem* problem = nullptr;
  RowMat B;  // the last solution, the next warm start
  int epochs = 0;
  bool cancelled = false;
};

MeegCriterion::MeegCriterion(const Mat& G, const Mat& M, const MeegCriterionOptions& options) : options_(options) {
  if (auto err = options.validate(); !err.empty()) throw std::invalid_argument(err);
  problem_ = std::make_unique<MxneProblem>(G, M);
  alphaMax_ = meegAlphaMax(G, M);
  const Index T = M.cols();
  auto add = [&](Task::Role role, std::unique_ptr<MxneProblem> owned) {
    auto task = std::make_unique<Task>();
    task->role = role;
    task->owned = std::move(owned);
    task->problem = task->owned ? task->owned.get() : problem_.get();
    task->B = RowMat::Zero(G.cols(), task->problem->timePoints());
    boxTop_ = std::max(boxTop_, task->problem->alphaMax());
    tasks_.push_back(std::move(task));
  };
  if (options.criterion == "sure") {
    delta_ = numpyLegacyRandn(options.sureSeed, G.rows(), T);
    epsilon_ = options.sureEpsilon > 0.0 ? options.sureEpsilon : sureEpsilon(G.rows());
    add(Task::Role::SureFit, nullptr);
    add(Task::Role::SureDof, problem_->withMeasurements(M + epsilon_ * delta_));
  } else {
    split_ = holdoutSplit(T, options.holdoutEvery);
    if (split_.test.empty()) throw std::invalid_argument("hold-out: too few time samples to hold any out");
    add(Task::Role::Holdout, problem_->withMeasurements(selectColumns(M, split_.train)));
  }
}

MeegCriterion::~MeegCriterion() = default;

Index MeegCriterion::dimension() const { return options_.perSource ? problem_->sources() : 1; }

Vec MeegCriterion::thetaAt(double logLambda, double) const { return Vec::Constant(dimension(), logLambda); }

double MeegCriterion::logLambda(const Vec& theta) const { return theta.mean(); }

Vec MeegCriterion::alphas(const Vec& theta) const {
  if (theta.size() != dimension())
    throw std::invalid_argument("expected " + std::to_string(dimension()) + " log alphas, got " +
                                std::to_string(theta.size()));
  if (!theta.allFinite()) throw std::invalid_argument("log alpha must be finite");
  return options_.perSource ? Vec(theta.array().exp()) : Vec::Constant(problem_->sources(), std::exp(theta[0]));
}

const RowMat& MeegCriterion::lastSolution() const { return tasks_.front()->B; }

MxneResult MeegCriterion::solveAt(const Vec& theta, double tol, std::stop_token stop) const {
  const Vec alpha = alphas(theta);
  MxneOptions mo;
  mo.alpha = alpha.maxCoeff();
  if (options_.perSource) mo.weights = alpha / mo.alpha;
  mo.gapThreshold = tol * problem_->M().squaredNorm();
  // The hold-out task solves on fewer time samples: its solution has the wrong shape.
  const RowMat* warm = options_.criterion == "sure" ? &tasks_.front()->B : nullptr;
  NullObserver quiet;
  return problem_->solve(mo, warm, quiet, std::move(stop));
}

void MeegCriterion::resetWarmStarts() {
  for (auto& t : tasks_) t->B.setZero();
}

HyperEvaluation MeegCriterion::evaluate(const Vec& theta, HyperMethod method, const HypergradientOptions& options,
                                        std::stop_token stop) {
  if (method != HyperMethod::Implicit)
    throw std::invalid_argument(
        "M/EEG hypergradients use implicit differentiation (forward and reverse modes differentiate the "
        "single-task coordinate descent)");
  return run(theta, true, options, std::move(stop));
}

HyperEvaluation MeegCriterion::value(const Vec& theta, const HypergradientOptions& options, std::stop_token stop) {
  return run(theta, false, options, std::move(stop));
}

HyperEvaluation MeegCriterion::run(const Vec& theta, bool gradient, const HypergradientOptions& options,
                                   std::stop_token stop) {
  const Stopwatch clock;
  const Vec alpha = alphas(theta);
  const Mat& G = problem_->G();
  const Mat& M = problem_->M();

  // The inner solves: SURE's two problems are independent and run side by side.
  const double scale = alpha.maxCoeff();
  auto solve = [&](Task& task) {
    MxneOptions mo;
    mo.alpha = scale;
    if (options_.perSource) mo.weights = alpha / scale;
    mo.gapThreshold = options.tol * task.problem->M().squaredNorm();
    mo.maxIter = options.maxEpochs;
    NullObserver quiet;
    MxneResult r = task.problem->solve(mo, &task.B, quiet, stop);
    task.cancelled = r.termination == Termination::Cancelled;
    task.epochs = r.nIter;
    task.B = std::move(r.B);
    // Newton polishing makes the implicit derivative exact to rounding; a value alone (grid and
    // random search) does not need it.
    if (!task.cancelled && gradient && options.polish) polishRows(G, task.problem->M(), alpha, task.B, options);
  };
  const auto n = static_cast<int>(tasks_.size());
  if (options_.parallel && n > 1)
    tbb::parallel_for(0, n, [&](int k) { solve(*tasks_[static_cast<std::size_t>(k)]); });
  else
    for (auto& t : tasks_) solve(*t);
  for (auto& t : tasks_)
    if (t->cancelled || stop.stop_requested()) throw HyperCancelled();

  HyperEvaluation e;
  e.theta = theta;
  e.innerSolves = n;
  for (auto& t : tasks_) {
    e.innerEpochs += t->epochs;
    Index s = 0;
    for (Index j = 0; j < t->B.rows(); ++j) s += t->B.row(j).isZero(0.0) ? 0 : 1;
    e.supports.push_back(s);
  }
  e.value = options_.criterion == "sure" ? fdmcSure(G, M, tasks_[0]->B, tasks_[1]->B, delta_, epsilon_).sure
                                         : holdoutScore(G, M, split_, tasks_[0]->B);
  if (gradient) {
    e.grad = Vec::Zero(dimension());
    for (auto& t : tasks_) {
      const RowSupportSystem sys = buildRowSupportSystem(G, t->B, alpha);
      if (sys.S.empty()) continue;
      const auto s = static_cast<Index>(sys.S.size());
      RowMat BS(s, t->B.cols());
      for (Index k = 0; k < s; ++k) BS.row(k) = t->B.row(sys.S[static_cast<std::size_t>(k)]);
      // ∇_{B_S} of this task's term of the criterion (σ = 1).
      RowMat g;
      switch (t->role) {
        case Task::Role::SureFit:
          g = -2.0 * sys.GS.transpose() * (M - sys.GS * BS) - (2.0 / epsilon_) * sys.GS.transpose() * delta_;
          break;
        case Task::Role::SureDof:
          g = (2.0 / epsilon_) * sys.GS.transpose() * delta_;
          break;
        case Task::Role::Holdout: {
          // The score interpolates each held-out column between its two training neighbours.
          g = RowMat::Zero(s, t->B.cols());
          const double w = -2.0 / (static_cast<double>(G.rows()) * static_cast<double>(split_.test.size()));
          std::size_t k = 0;
          for (const Index time : split_.test) {
            while (k < split_.train.size() && split_.train[k] < time) ++k;
            const Index t0 = split_.train[k - 1], t1 = split_.train[k];
            const double w1 = static_cast<double>(time - t0) / static_cast<double>(t1 - t0);
            const auto c0 = static_cast<Index>(k - 1), c1 = static_cast<Index>(k);
            const Vec b = (1.0 - w1) * BS.col(c0) + w1 * BS.col(c1);
            const Vec q = sys.GS.transpose() * (M.col(time) - sys.GS * b);
            g.col(c0) += w * (1.0 - w1) * q;
            g.col(c1) += w * w1 * q;
          }
          break;
        }
      }
      const RowMat V = solveRowJacobian(sys, g, options);
      for (Index k = 0; k < s; ++k) {
        const double d = -sys.alpha[k] * V.row(k).dot(sys.U.row(k));
        e.grad[options_.perSource ? sys.S[static_cast<std::size_t>(k)] : 0] += d;
      }
    }
    e.gradLogLambda = e.grad.sum();
    e.hasGradient = true;
  }
  e.seconds = clock.seconds();
  return e;
}

}  // namespace lambdascope
