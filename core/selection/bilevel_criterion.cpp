#include "core/selection/bilevel_criterion.hpp"

#include <tbb/parallel_for.h>

#include <Eigen/Cholesky>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>

#include "core/selection/cross_validation.hpp"
#include "core/selection/hyper_cancelled.hpp"

namespace lambdascope {

namespace {
using Clock = std::chrono::steady_clock;

/// Portable standard normal draws (Box–Muller on mt19937_64's specified output).
Vec seededGaussian(Index n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  Vec out(n);
  for (Index i = 0; i < n; i += 2) {
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double a = 2.0 * M_PI * uniform();
    out[i] = r * std::cos(a);
    if (i + 1 < n) out[i + 1] = r * std::sin(a);
  }
  return out;
}
}  // namespace

CriterionKind criterionKindFromString(const std::string& name) {
  if (name == "holdout" || name == "hold-out") return CriterionKind::Holdout;
  if (name == "cv") return CriterionKind::Cv;
  if (name == "sure") return CriterionKind::Sure;
  throw std::invalid_argument("unknown criterion '" + name + "' (holdout, cv, sure)");
}
HyperMethod hyperMethodFromString(const std::string& name) {
  if (name == "implicit") return HyperMethod::Implicit;
  if (name == "forward") return HyperMethod::Forward;
  if (name == "reverse" || name == "backward") return HyperMethod::Reverse;
  throw std::invalid_argument("unknown method '" + name + "' (implicit, forward, reverse)");
}
SplitKind splitKindFromString(const std::string& name) {
  if (name == "first-half") return SplitKind::FirstHalf;
  if (name == "random") return SplitKind::Random;
  if (name == "user") return SplitKind::User;
  throw std::invalid_argument("unknown split '" + name + "' (first-half, random, user)");
}
const char* toString(CriterionKind kind) {
  switch (kind) {
    case CriterionKind::Holdout: return "holdout";
    case CriterionKind::Cv: return "cv";
    case CriterionKind::Sure: return "sure";
  }
  return "?";
}
const char* toString(HyperMethod method) {
  switch (method) {
    case HyperMethod::Implicit: return "implicit";
    case HyperMethod::Forward: return "forward";
    case HyperMethod::Reverse: return "reverse";
  }
  return "?";
}
const char* toString(SplitKind split) {
  switch (split) {
    case SplitKind::FirstHalf: return "first-half";
    case SplitKind::Random: return "random";
    case SplitKind::User: return "user";
  }
  return "?";
}

NoiseEstimate estimateNoise(const Dataset& data, const ModelSpec& spec) {
  const Index n = data.samples();
  const Index p = data.features();
  const Vec& y = data.target();
  const bool intercept = spec.preprocessing.fitIntercept;
  const Index dof = n - p - (intercept ? 1 : 0);
  if (dof > 0 && p <= 2000) {
    const DesignMatrix X = data.design({intercept, false});
    Mat A = Mat::Zero(n, p);
    for (Index j = 0; j < p; ++j) {
      Eigen::Ref<Vec> col = A.col(j);
      X.colAxpy(j, 1.0, col);
    }
    const Vec yc = intercept ? Vec(y.array() - y.mean()) : y;
    const Eigen::LDLT<Mat> ldlt(A.transpose() * A);
    const Vec beta = ldlt.solve(A.transpose() * yc);
    if (beta.allFinite()) {
      const double rss = (yc - A * beta).squaredNorm();
      return {std::sqrt(rss / static_cast<double>(dof)), "ols"};
    }
  }
  ModelSpec lasso = spec;
  lasso.model = "lasso";
  CvOptions cv;
  cv.nFolds = static_cast<int>(std::min<Index>(5, n));
  NullObserver none;
  class Quiet final : public CvObserver {} quiet;
  PathOptions grid;
  const CvResult r = crossValidate(data, lasso, grid, cv, quiet);
  const PathPoint* pt = r.refitAtMin();
  if (pt == nullptr) throw std::invalid_argument("cannot estimate the noise level: give --sigma");
  const Vec eta = [&] {
    Vec beta = pt->denseCoefficients(p);
    Vec out(n);
    data.design({false, false}).apply(beta, out);
    return Vec(out.array() + pt->intercept);
  }();
  const double denom = static_cast<double>(n - static_cast<Index>(pt->support.size()) - (intercept ? 1 : 0));
  if (!(denom > 0.0)) throw std::invalid_argument("cannot estimate the noise level: give --sigma");
  return {std::sqrt((y - eta).squaredNorm() / denom), "lasso-cv residual (Reid, Tibshirani & Friedman 2016)"};
}

BilevelCriterion::BilevelCriterion(const Dataset& data, const ModelSpec& spec, const CriterionOptions& options)
    : space_(HyperSpace::forModel(spec, data.features())), options_(options) {
  if (auto err = spec.validate(); !err.empty() && !(spec.model == "wlasso" && spec.weights.empty()))
    throw std::invalid_argument(err);
  const ValidationLoss loss = options.loss.value_or(defaultValidationLoss(spec));
  if (loss == ValidationLoss::Misclassification)
    throw std::invalid_argument("the misclassification rate has no gradient: use deviance for hypergradients");
  if ((loss == ValidationLoss::Mse) != (spec.model != "logreg"))
    throw std::invalid_argument("least-squares models are scored by mse, the logistic one by deviance");
  ModelSpec s = spec;
  if (s.model == "wlasso" && s.weights.empty()) s.weights.assign(static_cast<std::size_t>(data.features()), 1.0);
  const Vec y = makeModel(s, data.features()).datafit->canonicalTarget(data.target());
  const Index n = data.samples();
  switch (options.kind) {
    case CriterionKind::Holdout: {
      const Split split = options.split == SplitKind::FirstHalf ? firstHalfSplit(n)
                          : options.split == SplitKind::Random  ? randomSplit(n, options.seed, options.trainFraction)
                                                                : userSplit(n, options.validationRows);
      tasks_.push_back(makeInnerTask(data, y, s, split.train, split.validation, OuterTerm::Validation, 1.0, loss));
      break;
    }
    case CriterionKind::Cv: {
      const auto folds = makeFolds(n, options.nFolds, options.scheme, options.seed, &y);
      const double weight = 1.0 / static_cast<double>(folds.size());
      for (const Split& split : foldSplits(n, folds))
        tasks_.push_back(makeInnerTask(data, y, s, split.train, split.validation, OuterTerm::Validation, weight, loss));
      break;
    }
    case CriterionKind::Sure: {
      if (spec.model == "logreg") throw std::invalid_argument("SURE is for least-squares models, not logreg");
      if (options.sigma) {
        if (!(*options.sigma > 0.0)) throw std::invalid_argument("sigma must be > 0");
        sigma_ = *options.sigma;
        sigmaMethod_ = "user";
      } else {
        const NoiseEstimate est = estimateNoise(data, s);
        sigma_ = est.sigma;
        sigmaMethod_ = est.method;
      }
      epsilon_ = 2.0 * sigma_ / std::pow(static_cast<double>(n), 0.3);
      const Vec delta = seededGaussian(n, options.seed);
      std::vector<Index> all(static_cast<std::size_t>(n));
      for (Index i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
      tasks_.push_back(makeInnerTask(data, y, s, all, {}, OuterTerm::SureFit, 1.0, loss));
      const Vec yPerturbed = y + epsilon_ * delta;
      tasks_.push_back(makeInnerTask(data, yPerturbed, s, all, {}, OuterTerm::SureDof, 1.0, loss));
      for (auto& t : tasks_) {
        t->delta = delta;
        t->sigma = sigma_;
        t->epsilon = epsilon_;
        t->yEval = y;  // both terms compare with the observed y
      }
      break;
    }
  }
  for (const auto& t : tasks_) lambdaMax_ = std::max(lambdaMax_, t->lambdaMax);
}

void BilevelCriterion::resetWarmStarts() {
  for (auto& t : tasks_) {
    t->warm = {t->nullW, t->nullIntercept};
    t->hasWarm = true;
  }
}

void BilevelCriterion::box(double lowRatio, Vec& lo, Vec& hi) const {
  HyperObjective::box(lowRatio, lo, hi);
  if (space().l2Index() >= 0) hi[space().l2Index()] = std::log(lambdaMax()) + std::log(1e3);
}

HyperEvaluation BilevelCriterion::evaluate(const Vec& theta, HyperMethod method, const HypergradientOptions& options,
                                           std::stop_token stop) {
  return run(theta, static_cast<int>(method), options, stop);
}

HyperEvaluation BilevelCriterion::value(const Vec& theta, const HypergradientOptions& options, std::stop_token stop) {
  return run(theta, -1, options, stop);
}

HyperEvaluation BilevelCriterion::run(const Vec& theta, int method, const HypergradientOptions& options,
                                      std::stop_token stop) {
  if (theta.size() != space_.dimension())
    throw std::invalid_argument("expected " + std::to_string(space_.dimension()) + " hyperparameters, got " +
                                std::to_string(theta.size()));
  const auto t0 = Clock::now();
  std::vector<TaskResult> results(tasks_.size());
  std::vector<std::exception_ptr> errors(tasks_.size());
  auto one = [&](std::size_t k) {
    try {
      InnerTask& task = *tasks_[k];
      switch (method) {
        case static_cast<int>(HyperMethod::Implicit): results[k] = implicitHypergradient(task, space_, theta, options, stop); break;
        case static_cast<int>(HyperMethod::Forward): results[k] = forwardHypergradient(task, space_, theta, options, stop); break;
        case static_cast<int>(HyperMethod::Reverse): results[k] = reverseHypergradient(task, space_, theta, options, stop); break;
        default: results[k] = solveTask(task, space_, theta, options, stop); break;
      }
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  if (options_.parallel && tasks_.size() > 1)
    tbb::parallel_for(std::size_t{0}, tasks_.size(), one);
  else
    for (std::size_t k = 0; k < tasks_.size(); ++k) one(k);
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  HyperEvaluation out;
  out.theta = theta;
  out.grad = Vec::Zero(space_.dimension());
  out.hasGradient = method >= 0;
  for (const TaskResult& r : results) {
    out.value += r.value;
    if (r.grad.size() == out.grad.size()) out.grad += r.grad;
    out.supports.push_back(r.solution.support);
    out.innerEpochs += r.solution.epochs;
    ++out.innerSolves;
  }
  out.gradLogLambda = space_.alongLogLambda(out.grad);
  out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

}  // namespace lambdascope
