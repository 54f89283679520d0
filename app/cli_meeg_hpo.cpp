#include "app/cli_meeg_hpo.hpp"

#include <atomic>
#include <cmath>
#include <csignal>
#include <sstream>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "core/meeg/meeg_case.hpp"
#include "core/meeg/meeg_hypergrad.hpp"
#include "core/meeg/meeg_json.hpp"
#include "core/selection/hpo.hpp"
#include "core/version.hpp"

namespace lambdascope::cli {
namespace {

std::atomic<bool> gInterrupted{false};
extern "C" void onMeegHpoSigint(int) { gInterrupted.store(true); }

class InterruptibleHpo final : public HpoObserver {
 public:
  Control onStep(const HpoStep&) override { return gInterrupted.load() ? Control::Stop : Control::Continue; }
};

std::vector<OptionSpec> commonOptions() {
  return {
      {"data", true, "FILE.npz|DIR", "the M/EEG case (README: M/EEG data layout)"},
      {"criterion", true, "NAME", "sure (FDMC-SURE, default) or holdout (every K-th time sample)"},
      {"per-source", false, "", "one alpha per source (weighted MxNE): the gradient has one entry per source"},
      {"seed", true, "S", "seed of the SURE probe (NumPy RandomState, default 0)"},
      {"holdout-every", true, "K", "hold out every K-th time sample (default 4)"},
      {"tol", true, "T", "inner MxNE: duality gap <= T * ||M||_F^2 (default 1e-10)"},
      {"linear", true, "NAME", "support system: auto (default), cholesky or cg"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
  };
}

std::vector<OptionSpec> hypergradOptions() {
  auto o = commonOptions();
  o.push_back({"alpha-percent", true, "A", "alpha = A/100 * alpha_max (default 40 unless --alpha)"});
  o.push_back({"alpha", true, "L", "or alpha itself (> 0)"});
  o.push_back({"fd-step", true, "H", "also a central difference of the criterion in log alpha with step H"});
  return o;
}

std::vector<OptionSpec> hpoOptions() {
  auto o = commonOptions();
  o.push_back({"optimizer", true, "NAME", "gd, linesearch, adam, lbfgs (default), grid or random"});
  o.push_back({"init-alpha-percent", true, "A", "starting alpha, % of alpha_max (default 50)"});
  o.push_back({"min-percent", true, "P", "no alpha goes below P % of the box top (default 5)"});
  o.push_back({"max-outer", true, "N", "outer iterations (grid/random: evaluations; default 50)"});
  o.push_back({"learning-rate", true, "R", "adam's rate in log alpha (default 0.1)"});
  return o;
}

struct Setup {
  MeegCase meeg;
  MeegCriterionOptions criterion;
  HypergradientOptions inner;
};

Setup setupFrom(const ParsedArgs& args) {
  if (!args.has("data")) throw UsageError("--data FILE.npz|CSV_DIR is required");
  Setup s;
  s.criterion.criterion = args.getOr("criterion", "sure");
  requireOneOf("criterion", s.criterion.criterion, {"sure", "holdout"});
  s.criterion.perSource = args.has("per-source");
  const int seed = args.getInt("seed", 0);
  if (seed < 0) throw UsageError("--seed must be >= 0");
  s.criterion.sureSeed = static_cast<unsigned>(seed);
  s.criterion.holdoutEvery = args.getInt("holdout-every", 4);
  if (auto err = s.criterion.validate(); !err.empty()) throw UsageError(err);
  s.inner.tol = args.getDouble("tol", 1e-10);
  if (!(s.inner.tol > 0.0)) throw UsageError("--tol must be > 0");
  const std::string linear = args.getOr("linear", "auto");
  requireOneOf("linear", linear, {"auto", "cholesky", "cg"});
  s.inner.linear = linear == "cholesky" ? HypergradientOptions::Linear::Cholesky
                   : linear == "cg"     ? HypergradientOptions::Linear::Cg
                                        : HypergradientOptions::Linear::Auto;
  s.meeg = loadMeegCase(*args.get("data"));
  return s;
}

void writeContext(JsonWriter& j, const MeegCriterion& c) {
  j.key("criterion").value(c.options().criterion);
  j.key("per_source").value(c.options().perSource);
  j.key("method").value("implicit");
  j.key("alpha_max").value(c.alphaMax());
  j.key("box_top_alpha").value(c.lambdaMax());
  if (c.options().criterion == "sure") j.key("seed").value(static_cast<long long>(c.options().sureSeed));
  else j.key("holdout_every").value(c.options().holdoutEvery);
}

double percentOf(const MeegCriterion& c, double logAlpha) { return 100.0 * std::exp(logAlpha) / c.alphaMax(); }

}  // namespace

std::string meegHpoHelp() {
  return "meeg-hypergrad:\n" + formatHelp(hypergradOptions()) + "meeg-hpo:\n" + formatHelp(hpoOptions());
}

int runMeegHypergrad(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, hypergradOptions());
  if (args.has("alpha") && args.has("alpha-percent")) throw UsageError("give at most one of --alpha and --alpha-percent");
  const Setup s = setupFrom(args);
  MeegCriterion c(s.meeg.G, s.meeg.M, s.criterion);
  double alpha = 0.4 * c.alphaMax();
  if (args.has("alpha")) alpha = args.getDouble("alpha", alpha);
  else if (args.has("alpha-percent")) alpha = args.getDouble("alpha-percent", 40.0) / 100.0 * c.alphaMax();
  if (!(alpha > 0.0) || !std::isfinite(alpha)) throw UsageError("alpha must be > 0");
  const double logAlpha = std::log(alpha);
  const Vec theta = c.thetaAt(logAlpha, 1.0);
  const HyperEvaluation e = c.evaluate(theta, HyperMethod::Implicit, s.inner);

  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("value").value(e.value);
  j.key("grad_log_alpha").value(e.gradLogLambda);
  j.key("support_size").value(static_cast<long long>(e.supports.front()));
  j.key("seconds").value(e.seconds);
  j.key("alpha").value(alpha);
  j.key("alpha_percent").value(percentOf(c, logAlpha));
  j.key("log_alpha").value(logAlpha);
  writeContext(j, c);
  std::vector<long long> supports(e.supports.begin(), e.supports.end());
  j.key("supports").array(supports);
  j.key("inner_epochs").value(e.innerEpochs);
  j.key("tol").value(s.inner.tol);
  if (s.criterion.perSource) {
    // d value / d log α_i: non-zero only on the active sources.
    j.key("grad").array(std::vector<double>(e.grad.data(), e.grad.data() + e.grad.size()));
  }
  if (auto h = args.get("fd-step")) {
    const double step = parseDouble(*h, "fd-step");
    if (!(step > 0.0)) throw UsageError("--fd-step must be > 0");
    c.resetWarmStarts();
    const double up = c.value(c.thetaAt(logAlpha + step, 1.0), s.inner).value;
    c.resetWarmStarts();
    const double down = c.value(c.thetaAt(logAlpha - step, 1.0), s.inner).value;
    j.key("fd_step").value(step);
    j.key("fd_grad_log_alpha").value((up - down) / (2.0 * step));
  }
  j.key("version").value(kVersion);
  j.endObject();
  out << '\n';
  emit(args, out.str());
  return 0;
}

int runMeegHpo(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, hpoOptions());
  const Setup s = setupFrom(args);
  HpoOptions o;
  o.optimizer = outerOptimizerFromString(args.getOr("optimizer", "lbfgs"));
  o.method = HyperMethod::Implicit;
  o.maxOuter = args.getInt("max-outer", o.maxOuter);
  if (o.maxOuter < 1) throw UsageError("--max-outer must be at least 1");
  o.learningRate = args.getDouble("learning-rate", o.learningRate);
  const double minPercent = args.getDouble("min-percent", 5.0);
  if (!(minPercent > 0.0 && minPercent < 100.0)) throw UsageError("--min-percent must be in (0, 100)");
  o.lowRatio = minPercent / 100.0;
  o.inner = s.inner;
  const double initPercent = args.getDouble("init-alpha-percent", 50.0);
  if (!(initPercent > 0.0)) throw UsageError("--init-alpha-percent must be > 0");

  MeegCriterion c(s.meeg.G, s.meeg.M, s.criterion);
  const double initLog = std::log(initPercent / 100.0 * c.alphaMax());
  std::signal(SIGINT, onMeegHpoSigint);
  InterruptibleHpo observer;
  const HpoResult r = runHpo(c, c.thetaAt(initLog, 1.0), o, observer);

  // The MxNE solution on all the data at the chosen α (or α_i).
  const Vec alphas = c.alphas(r.theta);
  const MxneResult fit = c.solveAt(r.theta, s.inner.tol);
  MeegSolution sol;
  sol.solver = "mxne";
  sol.alpha = std::exp(c.logLambda(r.theta));
  sol.alphaMax = c.alphaMax();
  sol.alphaPercent = 100.0 * sol.alpha / sol.alphaMax;
  sol.activeSet = fit.activeSet;
  sol.timeCourses = fit.activeRows;
  sol.objective = fit.objective;
  sol.dualityGap = fit.dualityGap;
  sol.gapThreshold = s.inner.tol * s.meeg.M.squaredNorm();
  sol.nIter = fit.nIter;
  sol.seconds = fit.seconds;
  sol.termination = fit.termination;

  auto writeStep = [&](JsonWriter& j, const HpoStep& st, bool withAccepted) {
    j.beginObject();
    j.key("iteration").value(st.iteration);
    j.key("log_alpha").value(st.logLambda);
    j.key("alpha_percent").value(percentOf(c, st.logLambda));
    j.key("value").value(st.value);
    if (st.grad.size() > 0) j.key("grad_log_alpha").value(st.gradLogLambda);
    else j.key("grad_log_alpha").null();
    if (withAccepted) j.key("accepted").value(st.accepted);
    j.key("support_size").value(static_cast<long long>(st.support));
    j.key("inner_solves").value(st.innerSolves);
    j.key("seconds").value(st.seconds);
    j.key("best_value").value(st.bestValue);
    j.endObject();
  };
  std::ostringstream out;
  writeMeegJson(out, s.meeg, sol, nullptr, [&](JsonWriter& j) {
    j.key("hpo").beginObject();
    writeContext(j, c);
    j.key("optimizer").value(toString(o.optimizer));
    j.key("init_alpha_percent").value(initPercent);
    j.key("min_percent").value(minPercent);
    j.key("trajectory").beginArray();
    for (const HpoStep& st : r.trajectory) writeStep(j, st, false);
    j.endArray();
    j.key("evaluations").beginArray();
    for (const HpoStep& st : r.evaluations) writeStep(j, st, true);
    j.endArray();
    j.key("value").value(r.value);
    j.key("alpha").value(sol.alpha);
    j.key("alpha_percent").value(sol.alphaPercent);
    if (s.criterion.perSource) {
      std::vector<double> percents(static_cast<std::size_t>(alphas.size()));
      for (Index i = 0; i < alphas.size(); ++i) percents[static_cast<std::size_t>(i)] = 100.0 * alphas[i] / c.alphaMax();
      j.key("alphas_percent").array(percents);
    }
    j.key("stop_reason").value(r.stopReason);
    j.key("inner_solves").value(r.innerSolves);
    j.key("seconds").value(r.seconds);
    j.key("cancelled").value(r.cancelled);
    j.endObject();
    j.key("version").value(kVersion);
  });
  emit(args, out.str());
  return gInterrupted.load() ? 130 : 0;
}

}  // namespace lambdascope::cli
