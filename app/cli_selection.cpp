// lambdascope-cli cv / hypergrad / hpo.

#include "app/cli_selection.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "core/io/dataset_io.hpp"
#include "core/io/json_writer.hpp"
#include "core/io/weights_io.hpp"
#include "core/selection/cross_validation.hpp"
#include "core/selection/hpo.hpp"
#include "core/selection/hyper_cancelled.hpp"
#include "core/selection/information_criteria.hpp"
#include "core/version.hpp"

namespace lambdascope::cli {
namespace {

std::atomic<bool> gSelInterrupted{false};
extern "C" void onSelectionSigint(int) { gSelInterrupted.store(true); }

// The data and model flags mirror `path` (app/cli_main.cpp), so models mean the same everywhere.
std::vector<OptionSpec> commonOptions() {
  std::vector<OptionSpec> specs = dataOptions();
  const std::vector<OptionSpec> model = {
      {"model", true, "NAME", "lasso (default), enet, wlasso, logreg (cv: also group, mcp, scad)"},
      {"l1-ratio", true, "R", "enet: rho (default 0.5)"},
      {"weights", true, "FILE", "wlasso: one weight >= 0 per feature (hypergrad/hpo: default all 1)"},
      {"gamma", true, "G", "mcp/scad concavity"},
      {"positive", false, "", "constrain coefficients to be >= 0"},
      {"groups", true, "FILE", "group: one integer label per feature"},
      {"group-size", true, "K", "group: contiguous groups of K features"},
      {"solver", true, "NAME", "auto (default), ws-cd, cd, bcd, prox-newton, fista, ista"},
      {"tol", true, "T", "inner stop: duality gap <= T * P(0) (cv default 1e-6, hypergrad/hpo 1e-12)"},
      {"max-epochs", true, "N", "inner epoch budget (default 100000)"},
      {"no-intercept", false, "", "do not fit an intercept"},
      {"standardize", false, "", "scale features to unit population variance"},
      {"seed", true, "S", "seed of shuffled/stratified folds, the random split, SURE's delta, random search (default 0)"},
      {"serial", false, "", "no parallel folds"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
  };
  specs.insert(specs.end(), model.begin(), model.end());
  return specs;
}

std::vector<OptionSpec> cvOptions() {
  auto specs = commonOptions();
  const std::vector<OptionSpec> more = {
      {"n-lambdas", true, "N", "grid size (default 100)"},
      {"lambda-min-ratio", true, "R", "smallest lambda / lambda_max (default 1e-3)"},
      {"lambdas", true, "L1,L2,...", "explicit lambda grid"},
      {"n-folds", true, "K", "number of folds (default 10)"},
      {"folds", true, "S", "contiguous (default), shuffled, stratified"},
      {"loss", true, "L", "mse (least squares), deviance (logreg default), misclassification"},
      {"sigma", true, "S", "noise level for the SURE column of \"criteria\" (default: estimated)"},
      {"no-criteria", false, "", "leave out SURE/AIC/BIC/EBIC"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

std::vector<OptionSpec> criterionOptions() {
  auto specs = commonOptions();
  const std::vector<OptionSpec> more = {
      {"criterion", true, "C", "holdout (default), cv, sure"},
      {"split", true, "S", "holdout: first-half (default), random, user"},
      {"validation-rows", true, "FILE", "--split user: 0-based validation row indices"},
      {"train-fraction", true, "F", "--split random: training fraction (default 0.5)"},
      {"n-folds", true, "K", "--criterion cv: number of folds (default 5)"},
      {"folds", true, "S", "--criterion cv: contiguous (default), shuffled, stratified"},
      {"sigma", true, "S", "--criterion sure: noise level (default: estimated, see output)"},
      {"method", true, "M", "implicit (default), forward, reverse"},
      {"linear-solver", true, "L", "implicit: auto (default), cholesky, cg"},
      {"no-polish", false, "", "implicit: do not Newton-refine the inner solution on its support"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

std::vector<OptionSpec> hypergradOptions() {
  auto specs = criterionOptions();
  specs.push_back({"log-lambda", true, "V", "log of lambda (required unless --lambda)"});
  specs.push_back({"lambda", true, "L", "or lambda itself"});
  specs.push_back({"fd-step", true, "H", "also a central finite difference in log lambda with this step"});
  specs.push_back({"repeat", true, "N", "evaluate N times from the same cold start; seconds = median (default 1)"});
  return specs;
}

std::vector<OptionSpec> hpoOptions() {
  auto specs = criterionOptions();
  const std::vector<OptionSpec> more = {
      {"optimizer", true, "O", "gd (default), linesearch, adam, lbfgs; baselines grid, random"},
      {"init-log-lambda", true, "V", "starting log lambda (default log(0.1 * lambda_max))"},
      {"max-outer", true, "N", "outer iterations (grid/random: evaluations) (default 50)"},
      {"grad-tol", true, "T", "stop when |projected grad| <= T * |value| (default 1e-5)"},
      {"step-tol", true, "T", "stop when a step moves log lambda by <= T (default 1e-5)"},
      {"learning-rate", true, "R", "adam (default 0.1)"},
      {"low-ratio", true, "R", "lambda stays >= R * lambda_max (default 1e-6)"},
      {"repeat", true, "N", "run the search N times from the same start; seconds = median (default 1)"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

ModelSpec modelSpecFrom(const ParsedArgs& args, double defaultTol, bool needWeights) {
  ModelSpec spec;
  spec.model = args.getOr("model", "lasso");
  requireOneOf("model", spec.model, availableModels());
  spec.solver = args.getOr("solver", spec.solver);
  requireOneOf("solver", spec.solver, availableSolvers());
  spec.tol = args.getDouble("tol", defaultTol);
  spec.maxEpochs = args.getInt("max-epochs", spec.maxEpochs);
  spec.preprocessing.fitIntercept = !args.has("no-intercept");
  spec.preprocessing.standardize = args.has("standardize");
  spec.l1Ratio = args.getDouble("l1-ratio", spec.l1Ratio);
  spec.gamma = args.getDouble("gamma", spec.gamma);
  spec.positive = args.has("positive");
  if (auto w = args.get("weights")) spec.weights = loadWeights(*w);
  if (auto g = args.get("groups")) spec.groupLabels = loadGroupLabels(*g);
  spec.groupSize = args.getInt("group-size", 0);
  if (spec.model == "group" && spec.groupLabels.empty() && spec.groupSize < 1)
    throw UsageError("--model group needs --groups FILE or --group-size K");
  if (needWeights && spec.model == "wlasso" && spec.weights.empty()) throw UsageError("--model wlasso needs --weights FILE");
  if (auto err = spec.validate(); !err.empty() && !(spec.model == "wlasso" && spec.weights.empty())) throw UsageError(err);
  return spec;
}

std::uint64_t seedFrom(const ParsedArgs& args) {
  const auto s = args.get("seed");
  if (!s) return 0;
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(*s, &used);
    if (used != s->size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    throw UsageError("--seed: expected a non-negative integer, got '" + *s + "'");
  }
}

void writePoint(JsonWriter& j, const PathPoint& p) {
  j.beginObject();
  j.key("lambda").value(p.lambda);
  j.key("index").value(static_cast<long long>(p.index));
  j.key("intercept").value(p.intercept);
  j.key("coef").beginObject();
  std::vector<long long> idx(p.support.begin(), p.support.end());
  j.key("index").array(idx);
  j.key("value").array(p.values);
  j.endObject();
  j.key("n_nonzero").value(static_cast<long long>(p.support.size()));
  j.key("objective").value(p.objective);
  j.key("stop_criterion").value(p.criterion);
  j.key("duality_gap").value(p.dualityGap);
  j.key("gap_threshold").value(p.gapThreshold);
  j.key("certified").value(p.certified());
  j.key("n_iter").value(p.epochs);
  j.endObject();
}

void writeVec(JsonWriter& j, const Vec& v) {
  j.array(std::vector<double>(v.data(), v.data() + v.size()));
}

class CliCvObserver final : public CvObserver {
 public:
  Control onFoldPoint(int, Index, double) override { return gSelInterrupted.load() ? Control::Stop : Control::Continue; }
  Control onFullPoint(const PathPoint&) override { return gSelInterrupted.load() ? Control::Stop : Control::Continue; }
};

class CliHpoObserver final : public HpoObserver {
 public:
  Control onStep(const HpoStep&) override { return gSelInterrupted.load() ? Control::Stop : Control::Continue; }
};

std::vector<Index> loadRows(const std::string& path) {
  const std::vector<double> values = loadWeights(path);  // same format: numbers separated by , space or newline
  std::vector<Index> rows;
  for (const double v : values) {
    if (v != std::floor(v) || v < 0) throw UsageError("--validation-rows: expected 0-based row indices, got " + std::to_string(v));
    rows.push_back(static_cast<Index>(v));
  }
  return rows;
}

CriterionOptions criterionFrom(const ParsedArgs& args) {
  CriterionOptions c;
  c.kind = criterionKindFromString(args.getOr("criterion", "holdout"));
  c.split = splitKindFromString(args.getOr("split", "first-half"));
  if (c.split == SplitKind::User) {
    const auto file = args.get("validation-rows");
    if (!file) throw UsageError("--split user needs --validation-rows FILE");
    c.validationRows = loadRows(*file);
  }
  c.trainFraction = args.getDouble("train-fraction", 0.5);
  c.nFolds = args.getInt("n-folds", 5);
  c.scheme = foldSchemeFromString(args.getOr("folds", "contiguous"));
  c.seed = seedFrom(args);
  if (args.has("sigma")) c.sigma = args.getDouble("sigma", 0.0);
  c.parallel = !args.has("serial");
  return c;
}

HypergradientOptions innerFrom(const ParsedArgs& args, const ModelSpec& spec) {
  HypergradientOptions o;
  o.tol = spec.tol;
  o.maxEpochs = spec.maxEpochs;
  o.polish = !args.has("no-polish");
  const std::string lin = args.getOr("linear-solver", "auto");
  requireOneOf("linear-solver", lin, {"auto", "cholesky", "cg"});
  o.linear = lin == "cholesky" ? HypergradientOptions::Linear::Cholesky
             : lin == "cg"     ? HypergradientOptions::Linear::Cg
                               : HypergradientOptions::Linear::Auto;
  return o;
}

void writeCriterionContext(JsonWriter& j, const ModelSpec& spec, const BilevelCriterion& c, const Dataset& data) {
  j.key("model").value(spec.model);
  if (spec.model == "enet") j.key("l1_ratio_init").value(spec.l1Ratio);
  j.key("criterion_name").value(toString(c.options().kind));
  if (c.options().kind == CriterionKind::Holdout) j.key("split").value(toString(c.options().split));
  if (c.options().kind == CriterionKind::Cv) {
    j.key("n_folds").value(c.taskCount());
    j.key("folds").value(toString(c.options().scheme));
  }
  if (c.options().kind == CriterionKind::Sure) {
    j.key("sigma").value(c.sigma());
    j.key("sigma_method").value(c.sigmaMethod());
    j.key("epsilon").value(c.epsilon());
  }
  j.key("seed").value(static_cast<long long>(c.options().seed));
  j.key("n_samples").value(static_cast<long long>(data.samples()));
  j.key("n_features").value(static_cast<long long>(data.features()));
  j.key("n_train").value(static_cast<long long>(c.task(0).X.rows()));
  if (c.options().kind != CriterionKind::Sure) j.key("n_validation").value(static_cast<long long>(c.task(0).Xeval.rows()));
  j.key("lambda_max").value(c.lambdaMax());
  j.key("hyperparameters").array(c.space().names(data.featureNames()));
}

// --repeat N: runs repeated from the same cold start (warm starts reset) time the steady state of a
// running program (an HPO loop, the GUI) rather than a fresh process's first touches of memory.
int repeatFrom(const ParsedArgs& args) {
  const int repeat = args.getInt("repeat", 1);
  if (repeat < 1) throw UsageError("--repeat must be at least 1");
  return repeat;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

int runCv(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, cvOptions());
  const ModelSpec spec = modelSpecFrom(args, 1e-6, true);
  PathOptions grid;
  grid.nLambdas = args.getInt("n-lambdas", grid.nLambdas);
  grid.lambdaMinRatio = args.getDouble("lambda-min-ratio", grid.lambdaMinRatio);
  grid.lambdas = args.getDoubleList("lambdas");
  if (auto err = grid.validate(); !err.empty()) throw UsageError(err);
  CvOptions cv;
  cv.nFolds = args.getInt("n-folds", 10);
  cv.scheme = foldSchemeFromString(args.getOr("folds", "contiguous"));
  cv.seed = seedFrom(args);
  if (auto l = args.get("loss")) cv.loss = validationLossFromString(*l);
  cv.parallel = !args.has("serial");
  const Dataset data = loadFrom(args, /*oneTarget=*/true);

  std::signal(SIGINT, onSelectionSigint);
  CliCvObserver observer;
  const CvResult r = crossValidate(data, spec, grid, cv, observer);

  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("model").value(spec.model);
  if (spec.model == "enet") j.key("l1_ratio").value(spec.l1Ratio);
  j.key("solver").value(r.full.solver);
  j.key("n_samples").value(static_cast<long long>(data.samples()));
  j.key("n_features").value(static_cast<long long>(data.features()));
  j.key("fit_intercept").value(spec.preprocessing.fitIntercept);
  j.key("standardize").value(spec.preprocessing.standardize);
  j.key("tol").value(spec.tol);
  j.key("n_folds").value(static_cast<long long>(r.folds.size()));
  j.key("folds").value(toString(cv.scheme));
  j.key("seed").value(static_cast<long long>(cv.seed));
  j.key("loss").value(toString(r.loss));
  j.key("lambda_max").value(r.lambdaMax);
  j.key("lambdas").array(r.lambdas);
  j.key("fold_loss").beginArray();
  for (Index f = 0; f < r.foldLoss.rows(); ++f) {
    const Vec row = r.foldLoss.row(f).transpose();
    writeVec(j, row);
  }
  j.endArray();
  j.key("mean").array(r.mean);
  j.key("se").array(r.se);
  if (r.indexMin >= 0) {
    j.key("lambda_min").value(r.lambdaMin);
    j.key("lambda_1se").value(r.lambda1se);
    j.key("index_min").value(static_cast<long long>(r.indexMin));
    j.key("index_1se").value(static_cast<long long>(r.index1se));
  } else {
    j.key("lambda_min").null();
    j.key("lambda_1se").null();
    j.key("index_min").null();
    j.key("index_1se").null();
  }
  j.key("refit");
  if (const PathPoint* p = r.refitAtMin()) writePoint(j, *p);
  else j.null();
  j.key("refit_1se");
  const PathPoint* p1 = nullptr;
  for (const PathPoint& p : r.full.points)
    if (p.index == r.index1se) p1 = &p;
  if (p1 != nullptr) writePoint(j, *p1);
  else j.null();
  std::vector<long long> nnz;
  for (const PathPoint& p : r.full.points) nnz.push_back(static_cast<long long>(p.support.size()));
  j.key("n_nonzero").array(nnz);
  std::vector<long long> sizes;
  for (const auto& f : r.folds) sizes.push_back(static_cast<long long>(f.size()));
  j.key("fold_sizes").array(sizes);
  if (!args.has("no-criteria") && !r.full.points.empty() && spec.model != "group" && spec.model != "mcp" &&
      spec.model != "scad") {
    std::optional<double> sigma;
    if (args.has("sigma")) sigma = args.getDouble("sigma", 0.0);
    const PathCriteria c = pathCriteria(data, spec, r.full, sigma);
    j.key("criteria").beginObject();
    j.key("df").array(c.df);
    if (!c.sure.empty()) {
      j.key("sigma").value(c.sigma);
      j.key("sigma_method").value(c.sigmaMethod);
      j.key("sure").array(c.sure);
      j.key("index_sure").value(static_cast<long long>(c.indexSure));
    }
    j.key("aic").array(c.aic);
    j.key("bic").array(c.bic);
    j.key("ebic").array(c.ebic);
    j.key("ebic_gamma").value(c.ebicGamma);
    j.key("index_aic").value(static_cast<long long>(c.indexAic));
    j.key("index_bic").value(static_cast<long long>(c.indexBic));
    j.key("index_ebic").value(static_cast<long long>(c.indexEbic));
    j.endObject();
  }
  j.key("fold_seconds").array(r.foldSeconds);
  j.key("cancelled").value(r.cancelled);
  j.key("total_seconds").value(r.totalSeconds);
  j.key("version").value(kVersion);
  j.endObject();
  out << '\n';
  emit(args, out.str());
  return gSelInterrupted.load() ? 130 : 0;
}

int runHypergrad(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, hypergradOptions());
  const ModelSpec spec = modelSpecFrom(args, 1e-12, false);
  if (args.has("log-lambda") == args.has("lambda")) throw UsageError("give exactly one of --log-lambda V or --lambda L");
  const double logLambda = args.has("lambda") ? std::log(args.getDouble("lambda", 1.0)) : args.getDouble("log-lambda", 0.0);
  if (!std::isfinite(logLambda)) throw UsageError("--lambda must be > 0");
  const HyperMethod method = hyperMethodFromString(args.getOr("method", "implicit"));
  const CriterionOptions copt = criterionFrom(args);
  const HypergradientOptions inner = innerFrom(args, spec);
  const Dataset data = loadFrom(args, /*oneTarget=*/true);
  std::signal(SIGINT, onSelectionSigint);

  const int repeat = repeatFrom(args);

  BilevelCriterion criterion(data, spec, copt);
  const Vec theta = criterion.space().fromLogLambda(logLambda, spec.l1Ratio);
  HyperEvaluation e;
  std::vector<double> seconds;
  for (int r = 0; r < repeat; ++r) {
    criterion.resetWarmStarts();
    e = criterion.evaluate(theta, method, inner);
    seconds.push_back(e.seconds);
  }
  e.seconds = median(seconds);

  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("value").value(e.value);
  j.key("grad_log_lambda").value(e.gradLogLambda);
  j.key("support_size").value(static_cast<long long>(e.supports.empty() ? 0 : e.supports.front()));
  j.key("seconds").value(e.seconds);
  j.key("lambda").value(std::exp(logLambda));
  j.key("log_lambda").value(logLambda);
  j.key("method").value(toString(method));
  writeCriterionContext(j, spec, criterion, data);
  j.key("theta");
  writeVec(j, theta);
  j.key("grad");
  writeVec(j, e.grad);
  std::vector<long long> supports(e.supports.begin(), e.supports.end());
  j.key("supports").array(supports);
  j.key("inner_epochs").value(e.innerEpochs);
  j.key("tol").value(inner.tol);
  if (repeat > 1) j.key("seconds_each").array(seconds);
  if (auto h = args.get("fd-step")) {
    // Central difference of the criterion in the common log λ (cold-started solves each side).
    const double step = parseDouble(*h, "fd-step");
    if (!(step > 0.0)) throw UsageError("--fd-step must be > 0");
    criterion.resetWarmStarts();
    const double up = criterion.value(criterion.space().fromLogLambda(logLambda + step, spec.l1Ratio), inner).value;
    const double down = criterion.value(criterion.space().fromLogLambda(logLambda - step, spec.l1Ratio), inner).value;
    j.key("fd_step").value(step);
    j.key("fd_grad_log_lambda").value((up - down) / (2.0 * step));
  }
  j.key("version").value(kVersion);
  j.endObject();
  out << '\n';
  emit(args, out.str());
  return 0;
}

int runHpo(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, hpoOptions());
  const ModelSpec spec = modelSpecFrom(args, 1e-12, false);
  HpoOptions o;
  o.optimizer = outerOptimizerFromString(args.getOr("optimizer", "gd"));
  o.method = hyperMethodFromString(args.getOr("method", "implicit"));
  o.maxOuter = args.getInt("max-outer", o.maxOuter);
  if (o.maxOuter < 1) throw UsageError("--max-outer must be at least 1");
  o.gradTol = args.getDouble("grad-tol", o.gradTol);
  o.stepTol = args.getDouble("step-tol", o.stepTol);
  o.learningRate = args.getDouble("learning-rate", o.learningRate);
  o.lowRatio = args.getDouble("low-ratio", o.lowRatio);
  if (!(o.lowRatio > 0.0 && o.lowRatio < 1.0)) throw UsageError("--low-ratio must be in (0, 1)");
  o.seed = seedFrom(args);
  o.inner = innerFrom(args, spec);
  const CriterionOptions copt = criterionFrom(args);
  const Dataset data = loadFrom(args, /*oneTarget=*/true);
  std::signal(SIGINT, onSelectionSigint);

  BilevelCriterion criterion(data, spec, copt);
  const double init = args.has("init-log-lambda") ? args.getDouble("init-log-lambda", 0.0)
                                                  : std::log(0.1 * criterion.lambdaMax());
  const int repeat = repeatFrom(args);
  HpoResult r;
  std::vector<double> seconds;
  for (int k = 0; k < repeat; ++k) {
    criterion.resetWarmStarts();
    CliHpoObserver observer;
    r = runHpo(criterion, criterion.space().fromLogLambda(init, spec.l1Ratio), o, observer);
    seconds.push_back(r.seconds);
  }
  r.seconds = median(seconds);

  const bool multi = criterion.space().dimension() > 1;
  auto writeStep = [&](JsonWriter& j, const HpoStep& s, bool withAccepted) {
    j.beginObject();
    j.key("iteration").value(s.iteration);
    j.key("log_lambda").value(s.logLambda);
    j.key("lambda").value(std::exp(s.logLambda));
    j.key("value").value(s.value);
    if (s.grad.size() > 0) j.key("grad").value(s.gradLogLambda);
    else j.key("grad").null();
    if (spec.model == "enet") j.key("l1_ratio").value(s.l1Ratio);
    if (multi) {
      j.key("theta");
      writeVec(j, s.theta);
      if (s.grad.size() > 0) {
        j.key("grad_theta");
        writeVec(j, s.grad);
      }
    }
    if (withAccepted) j.key("accepted").value(s.accepted);
    j.key("support_size").value(static_cast<long long>(s.support));
    j.key("inner_solves").value(s.innerSolves);
    j.key("seconds").value(s.seconds);
    j.key("best_value").value(s.bestValue);
    j.endObject();
  };

  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("optimizer").value(toString(o.optimizer));
  j.key("method").value(toString(o.method));
  writeCriterionContext(j, spec, criterion, data);
  j.key("init_log_lambda").value(init);
  j.key("trajectory").beginArray();
  for (const HpoStep& s : r.trajectory) writeStep(j, s, false);
  j.endArray();
  j.key("evaluations").beginArray();
  for (const HpoStep& s : r.evaluations) writeStep(j, s, true);
  j.endArray();
  const double finalLog = r.theta.size() > 0 ? criterion.space().logLambda(r.theta) : init;
  j.key("lambda").value(std::exp(finalLog));
  j.key("log_lambda").value(finalLog);
  if (spec.model == "enet" && r.theta.size() > 0) j.key("l1_ratio").value(criterion.space().l1Ratio(r.theta));
  if (multi && r.theta.size() > 0) {
    j.key("theta");
    writeVec(j, r.theta);
  }
  j.key("criterion").value(r.value);
  j.key("value").value(r.value);
  j.key("stop_reason").value(r.stopReason);
  j.key("inner_solves").value(r.innerSolves);
  j.key("n_outer").value(static_cast<long long>(r.trajectory.size()));
  j.key("cancelled").value(r.cancelled);
  j.key("seconds").value(r.seconds);
  if (repeat > 1) j.key("seconds_each").array(seconds);
  j.key("version").value(kVersion);
  j.endObject();
  out << '\n';
  emit(args, out.str());
  return r.cancelled ? 130 : 0;
}

std::string selectionHelp() {
  std::ostringstream s;
  s << "  cv:        " << "--data F --model M [--lambdas L,...|--n-lambdas N] --n-folds K --folds contiguous|shuffled\n"
    << formatHelp(cvOptions()) << "\n  hypergrad/hpo:\n" << formatHelp(hpoOptions())
    << formatHelp({{"log-lambda", true, "V", "hypergrad: log of lambda"},
                   {"lambda", true, "L", "hypergrad: or lambda itself"},
                   {"fd-step", true, "H", "hypergrad: also a central finite difference"}});
  return s.str();
}

}  // namespace lambdascope::cli
