#include "app/cli_meeg.hpp"

#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <sstream>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "core/meeg/irmxne.hpp"
#include "core/meeg/meeg_case.hpp"
#include "core/meeg/meeg_json.hpp"
#include "core/meeg/meeg_path.hpp"
#include "core/meeg/mxne.hpp"
#include "core/meeg/tf_mxne.hpp"

namespace lambdascope::cli {
namespace {

std::atomic<bool> gMeegInterrupted{false};
extern "C" void onMeegSigint(int) { gMeegInterrupted.store(true); }

/// Ctrl+C stops the solver; what finished is written and the exit code is 130.
class MeegInterrupt final : public ProgressObserver {
 public:
  Control onIteration(const IterationReport&) override { return verdict(); }
  Control onPathPoint(const PathPoint&) override { return verdict(); }

 private:
  static Control verdict() { return gMeegInterrupted.load() ? Control::Stop : Control::Continue; }
};

std::vector<OptionSpec> meegOptions() {
  return {
      {"data", true, "FILE.npz|DIR", "the case: an .npz, or a CSV folder (README: M/EEG data layout)"},
      {"solver", true, "NAME", "mxne (default), irmxne, tfmxne"},
      {"alpha-percent", true, "A", "lambda = A/100 * alpha_max (MNE's alpha); default 40 unless --alpha"},
      {"alpha", true, "L", "or lambda itself (> 0)"},
      {"n-reweight", true, "K", "irmxne: maximum number of MxNE stages (default 10)"},
      {"wsize", true, "W", "tfmxne: STFT window length (default 64)"},
      {"tstep", true, "S", "tfmxne: STFT hop (default 4)"},
      {"l1-ratio", true, "R", "tfmxne: alpha_time / (alpha_space + alpha_time), [0, 1) (default 0.03)"},
      {"tol", true, "T", "stop when the duality gap <= T * ||M||_F^2 (default 1e-8)"},
      {"max-iter", true, "N", "epoch budget per solve (default 100000; tfmxne 10000)"},
      {"path", true, "N", "mxne/irmxne: also solve N alphas, log-spaced from --max-percent to --min-percent"},
      {"min-percent", true, "P", "smallest alpha of the path, % of alpha_max (default 10)"},
      {"max-percent", true, "P", "largest alpha of the path (default 100)"},
      {"select", true, "NAME", "sure or holdout: choose alpha on the path (20 alphas unless --path)"},
      {"seed", true, "S", "seed of the SURE probe (NumPy RandomState, default 0)"},
      {"holdout-every", true, "K", "hold out every K-th time sample (default 4)"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
  };
}

MeegSolution runTfMxne(const ParsedArgs& args, const MeegCase& meeg, double tol, ProgressObserver& observer) {
  if (args.has("path") || args.has("select")) throw UsageError("--path and --select are for mxne and irmxne");
  TfMxneOptions o;
  o.wsize = args.getInt("wsize", o.wsize);
  o.tstep = args.getInt("tstep", o.tstep);
  o.tol = tol;
  o.maxIter = args.getInt("max-iter", o.maxIter);
  const double rho = args.getDouble("l1-ratio", 0.03);
  if (!(rho >= 0.0 && rho < 1.0)) throw UsageError("--l1-ratio must be in [0, 1)");
  const double alphaMax = tfMxneAlphaMax(meeg.G, meeg.M, o.wsize, o.tstep, rho);
  double percent = 0.0;
  if (auto a = args.get("alpha")) {
    const double total = parseDouble(*a, "alpha");
    if (!(total > 0.0)) throw UsageError("--alpha must be > 0");
    o.alphaSpace = total * (1.0 - rho);
    o.alphaTime = total * rho;
    percent = 100.0 * total / alphaMax;
  } else {
    percent = args.getDouble("alpha-percent", 40.0);
    if (!(percent > 0.0)) throw UsageError("--alpha-percent must be > 0");
    tfMxneAlphasFromPercent(percent, rho, alphaMax, o);
  }
  const TfMxneResult r = solveTfMxne(meeg.G, meeg.M, o, observer);
  MeegSolution s;
  s.solver = "tfmxne";
  s.alpha = o.alphaSpace + o.alphaTime;
  s.alphaMax = alphaMax;
  s.alphaPercent = percent;
  s.alphaSpace = o.alphaSpace;
  s.alphaTime = o.alphaTime;
  s.l1Ratio = rho;
  s.wsize = o.wsize;
  s.tstep = o.tstep;
  s.activeSet = r.activeSet;
  s.timeCourses = r.timeCourses;
  s.objective = r.objective;
  s.dualityGap = r.dualityGap;
  s.gapThreshold = r.gapThreshold;
  s.nIter = r.nIter;
  s.seconds = r.seconds;
  s.termination = r.termination;
  return s;
}

}  // namespace

std::string meegHelp() { return formatHelp(meegOptions()); }

int runMeeg(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, meegOptions());
  if (!args.has("data")) throw UsageError("--data FILE.npz|CSV_DIR is required");
  const std::string solver = args.getOr("solver", "mxne");
  requireOneOf("solver", solver, {"mxne", "irmxne", "tfmxne"});
  if (args.has("alpha") && args.has("alpha-percent")) throw UsageError("give at most one of --alpha and --alpha-percent");
  const double tol = args.getDouble("tol", 1e-8);
  if (!(tol > 0.0)) throw UsageError("--tol must be > 0");
  if (args.has("select")) requireOneOf("select", *args.get("select"), {"sure", "holdout"});

  const MeegCase meeg = loadMeegCase(*args.get("data"));
  std::signal(SIGINT, onMeegSigint);
  MeegInterrupt observer;
  std::ostringstream json;

  if (solver == "tfmxne") {
    const MeegSolution s = runTfMxne(args, meeg, tol, observer);
    writeMeegJson(json, meeg, s, nullptr);
    emit(args, json.str());
    return gMeegInterrupted.load() ? 130 : 0;
  }

  MeegPathOptions po;
  po.solver = solver;
  po.tol = tol;
  po.nReweight = args.getInt("n-reweight", po.nReweight);
  po.maxIter = args.getInt("max-iter", po.maxIter);
  po.minPercent = args.getDouble("min-percent", 10.0);
  po.maxPercent = args.getDouble("max-percent", 100.0);
  po.sureSeed = static_cast<unsigned>(args.getInt("seed", 0));
  po.holdoutEvery = args.getInt("holdout-every", po.holdoutEvery);
  po.select = args.getOr("select", "");
  po.computeSure = po.select == "sure";
  po.computeHoldout = po.select == "holdout";
  const bool wantPath = args.has("path") || args.has("select");
  po.nAlphas = args.getInt("path", 20);
  const bool explicitAlpha = args.has("alpha") || args.has("alpha-percent");
  double percent = 40.0;
  if (auto a = args.get("alpha")) {
    const double lambda = parseDouble(*a, "alpha");
    if (!(lambda > 0.0)) throw UsageError("--alpha must be > 0");
    percent = 100.0 * lambda / meeg.alphaMax;
  } else if (auto ap = args.get("alpha-percent")) {
    percent = parseDouble(*ap, "alpha-percent");
    if (!(percent > 0.0)) throw UsageError("--alpha-percent must be > 0");
  }
  if (auto err = po.validate(); !err.empty()) throw UsageError(err);

  std::optional<MeegPath> path;
  if (wantPath) path = computeMeegPath(meeg, po, observer);
  MeegSolution solution;
  if (path && !path->points.empty() && (po.select.empty() ? !explicitAlpha : path->selected.has_value())) {
    // The selected α, or the path's last point when no α was asked for.
    const std::size_t k = po.select.empty() ? path->points.size() - 1 : *path->selected;
    solution = solutionFromPathPoint(*path, path->points[k]);
  } else {
    // One α: a one-point path (the same code, no SURE) at exactly the requested λ.
    MeegPathOptions one = po;
    one.percents = {percent};
    one.computeSure = one.computeHoldout = false;
    one.select = "";
    const MeegPath single = computeMeegPath(meeg, one, observer);
    if (single.points.empty()) {
      if (!gMeegInterrupted.load()) throw std::runtime_error("no alpha was solved");
      std::cerr << "lambdascope-cli: interrupted before the first alpha was solved\n";
      return 130;
    }
    solution = solutionFromPathPoint(single, single.points.front());
  }
  writeMeegJson(json, meeg, solution, path ? &*path : nullptr);
  emit(args, json.str());
  return gMeegInterrupted.load() ? 130 : 0;
}

}  // namespace lambdascope::cli
