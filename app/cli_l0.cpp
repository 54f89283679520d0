#include "app/cli_l0.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "core/io/dataset_io.hpp"
#include "core/l0/l0_json.hpp"
#include "core/l0/l0_solver.hpp"

namespace lambdascope::cli {
namespace {

std::atomic<bool> gL0Interrupted{false};
extern "C" void onL0Sigint(int) { gL0Interrupted.store(true); }

std::vector<OptionSpec> l0Options() {
  std::vector<OptionSpec> specs = dataOptions();  // l0 densifies X whatever --storage says
  const std::vector<OptionSpec> more = {
      {"k", true, "K", "support size budget, 1 <= K <= p (required)"},
      {"ridge", true, "L2", "lambda_2 >= 0 in loss + L2*||theta||_2^2 (required; > 0 for logistic)"},
      {"loss", true, "NAME", "squared (default) or logistic"},
      {"method", true, "NAME", "bnb (default: certified optimum), swaps, iht"},
      {"time-limit", true, "S", "bnb: seconds (default: none); the incumbent and its gap are kept"},
      {"max-nodes", true, "N", "bnb: node budget (default: 50000000)"},
      {"gap-tol", true, "T", "bnb: stop at relative gap <= T (default 1e-7)"},
      {"standardize", false, "", "scale features to unit population variance (default: off)"},
      {"no-lasso-start", false, "", "do not seed the heuristics with Lasso supports"},
      {"trace", false, "", "bnb: add the incumbent/bound history to the JSON"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

}  // namespace

std::string l0Help() { return formatHelp(l0Options()); }

int runL0(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, l0Options());
  if (!args.has("data")) throw UsageError("--data FILE is required");
  if (!args.has("k")) throw UsageError("--k K is required");
  if (!args.has("ridge")) throw UsageError("--ridge L2 is required (use 0 for no ridge, least squares only)");

  l0::L0Settings settings;
  const std::string lossName = args.getOr("loss", "squared");
  const auto loss = l0::lossFromString(lossName);
  if (!loss) throw UsageError("--loss: unknown loss '" + lossName + "' (available: squared, logistic)");
  settings.loss = *loss;
  settings.ridge = args.getDouble("ridge", 0.0);
  settings.standardize = args.has("standardize");
  if (auto err = settings.validate(); !err.empty()) throw UsageError(err);

  l0::L0SolveOptions opt;
  const std::string methodName = args.getOr("method", "bnb");
  const auto method = l0::methodFromString(methodName);
  if (!method) throw UsageError("--method: unknown method '" + methodName + "' (available: iht, swaps, bnb)");
  opt.method = *method;
  const int k = args.getInt("k", 0);
  if (k < 1) throw UsageError("--k: must be >= 1, got " + std::to_string(k));
  opt.k = k;
  if (args.has("time-limit")) {
    opt.timeLimit = args.getDouble("time-limit", 0.0);
    if (!(opt.timeLimit > 0.0)) throw UsageError("--time-limit: must be > 0 seconds, got " + *args.get("time-limit"));
  }
  if (args.has("max-nodes")) {
    const int nodes = args.getInt("max-nodes", 0);
    if (nodes < 1) throw UsageError("--max-nodes: must be >= 1, got " + std::to_string(nodes));
    opt.maxNodes = nodes;
  }
  opt.relGapTol = args.getDouble("gap-tol", opt.relGapTol);
  if (!(opt.relGapTol >= 0.0 && opt.relGapTol < 1.0))
    throw UsageError("--gap-tol: must be in [0, 1), got " + *args.get("gap-tol"));
  opt.lassoWarmStart = !args.has("no-lasso-start");

  const Dataset data = loadFrom(args, /*oneTarget=*/true);
  if (k > data.features())
    throw UsageError("--k: must be <= the number of features (" + std::to_string(data.features()) + "), got " +
                     std::to_string(k));
  const l0::L0Problem problem(data, settings);

  // Ctrl+C: the handler only sets a flag; a watcher thread turns it into a stop request, which
  // every phase (heuristics, relaxations, branch-and-bound) honours, keeping the incumbent.
  std::signal(SIGINT, onL0Sigint);
  std::stop_source interrupt;
  std::jthread watcher([&interrupt](std::stop_token done) {
    while (!done.stop_requested()) {
      if (gL0Interrupted.load()) {
        interrupt.request_stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const l0::L0Result result = l0::solveL0(problem, &data, opt, {}, interrupt.get_token());
  watcher.request_stop();
  std::ostringstream json;
  l0::writeL0Json(json, problem, opt.k, result, args.has("trace"));
  emit(args, json.str());
  return gL0Interrupted.load() ? 130 : 0;
}

}  // namespace lambdascope::cli
