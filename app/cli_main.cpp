// lambdascope-cli: every GUI computation, headless, with JSON output.
//
// Exit codes: 0 success; 2 bad input (usage, data file, parameter value) with one line on
// stderr; 1 unexpected internal error; 130 interrupted (SIGINT), after writing the partial result.

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "app/cli_selection.hpp"
#include "app/cli_l0.hpp"
#include "app/cli_meeg.hpp"
#include "app/cli_meeg_hpo.hpp"
#include "app/cli_playground.hpp"
#include "app/cli_session.hpp"
#include "app/heap_reuse.hpp"
#include "core/io/dataset_io.hpp"
#include "core/io/json_writer.hpp"
#include "core/io/path_json.hpp"
#include "core/io/weights_io.hpp"
#include "core/path/regularization_path.hpp"
#include "core/version.hpp"

namespace lambdascope::cli {
namespace {

std::atomic<bool> gInterrupted{false};
extern "C" void onSigint(int) { gInterrupted.store(true); }

/// Stops the solver on Ctrl+C; the path then returns what it finished.
class InterruptObserver final : public ProgressObserver {
 public:
  Control onIteration(const IterationReport&) override {
    return gInterrupted.load() ? Control::Stop : Control::Continue;
  }
  Control onPathPoint(const PathPoint&) override {
    return gInterrupted.load() ? Control::Stop : Control::Continue;
  }
};


std::vector<OptionSpec> pathOptions() {
  std::vector<OptionSpec> specs = dataOptions();
  const std::vector<OptionSpec> more = {
      {"model", true, "NAME", "lasso (default), enet, wlasso, group, mtl, mcp, scad, logreg (see below)"},
      {"l1-ratio", true, "R", "enet: rho in lambda*(rho*|w|_1 + (1-rho)/2*|w|^2), (0, 1] (default 0.5)"},
      {"weights", true, "FILE", "wlasso: one weight >= 0 per feature (0 = unpenalized); mtl: > 0"},
      {"gamma", true, "G", "mcp (> 1, default 3) / scad (> 2, default 3.7) concavity"},
      {"positive", false, "", "constrain coefficients to be >= 0 (lasso, enet, wlasso, logreg)"},
      {"sample-weights", true, "FILE", "one weight > 0 per sample (rescaled to sum n, as sklearn/glmnet)"},
      {"groups", true, "FILE", "group: one integer label per feature (equal labels, one group)"},
      {"group-size", true, "K", "group: or contiguous groups of K features"},
      {"group-weights", true, "W", "group: sqrt (weight sqrt(group size), default) or none"},
      {"solver", true, "NAME", "auto (default), ws-cd, cd, bcd, ws-bcd (mtl), prox-newton, fista, ista"},
      {"n-lambdas", true, "N", "grid size (default 100)"},
      {"lambda-min-ratio", true, "R", "smallest lambda / lambda_max (default 1e-3)"},
      {"lambdas", true, "L1,L2,...", "explicit lambda grid, used in the given order"},
      {"tol", true, "T", "stop when duality gap <= T * P(0) (default 1e-6)"},
      {"max-epochs", true, "N", "epoch budget per lambda (default 100000)"},
      {"no-intercept", false, "", "do not fit an intercept (default: fit it, unpenalized)"},
      {"standardize", false, "", "scale features to unit population variance"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
      {"csv", true, "FILE.csv", "also write the coefficient path as CSV"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

ModelSpec modelSpecFrom(const ParsedArgs& args) {
  ModelSpec spec;
  spec.model = args.getOr("model", "lasso");
  spec.solver = args.getOr("solver", spec.solver);
  spec.tol = args.getDouble("tol", spec.tol);
  spec.maxEpochs = args.getInt("max-epochs", spec.maxEpochs);
  spec.preprocessing.fitIntercept = !args.has("no-intercept");
  spec.preprocessing.standardize = args.has("standardize");
  spec.l1Ratio = args.getDouble("l1-ratio", spec.l1Ratio);
  spec.gamma = args.getDouble("gamma", spec.gamma);
  spec.positive = args.has("positive");
  if (auto w = args.get("weights")) spec.weights = loadWeights(*w);
  if (auto sw = args.get("sample-weights")) spec.sampleWeights = loadWeights(*sw);
  if (auto g = args.get("groups")) spec.groupLabels = loadGroupLabels(*g);
  spec.groupSize = args.getInt("group-size", 0);
  if (auto gw = args.get("group-weights")) {
    if (*gw != "sqrt" && *gw != "none") throw UsageError("--group-weights: expected sqrt or none, got '" + *gw + "'");
    spec.groupSqrtWeights = *gw == "sqrt";
  }
  if (spec.model == "group" && spec.groupLabels.empty() && spec.groupSize < 1)
    throw UsageError("--model group needs --groups FILE or --group-size K");
  requireOneOf("model", spec.model, availableModels());
  requireOneOf("solver", spec.solver, availableSolvers());
  if (spec.model == "wlasso" && spec.weights.empty()) throw UsageError("--model wlasso needs --weights FILE");
  if (auto err = spec.validate(); !err.empty()) throw UsageError(err);
  return spec;
}

/// Solve the grid (Ctrl+C stops it and keeps what finished) and write the path JSON.
PathResult solveAndEmit(const ParsedArgs& args, const Dataset& data, const ModelSpec& spec,
                        const PathOptions& options) {
  std::signal(SIGINT, onSigint);
  InterruptObserver observer;
  PathResult path = computePath(data, spec, options, observer);
  std::ostringstream json;
  writePathJson(json, {data, spec, path});
  emit(args, json.str());
  return path;
}

int runPath(const std::vector<std::string>& argv) {
  const auto specs = pathOptions();
  const ParsedArgs args = parseArgs(argv, specs);
  const ModelSpec spec = modelSpecFrom(args);

  PathOptions popt;
  popt.nLambdas = args.getInt("n-lambdas", popt.nLambdas);
  popt.lambdaMinRatio = args.getDouble("lambda-min-ratio", popt.lambdaMinRatio);
  popt.lambdas = args.getDoubleList("lambdas");
  if (auto err = popt.validate(); !err.empty()) throw UsageError(err);

  const Dataset data = loadFrom(args);
  const PathResult path = solveAndEmit(args, data, spec, popt);
  if (auto csv = args.get("csv")) {
    std::ofstream f(*csv, std::ios::binary | std::ios::trunc);
    if (!f) throw UsageError("--csv: cannot write '" + *csv + "'");
    writePathCsv(f, data, path);
  }
  return gInterrupted.load() ? 130 : 0;
}

/// One λ: the path machinery with a one-point grid (λ_max and P(0) are still computed).
int runSolve(const std::vector<std::string>& argv) {
  auto specs = pathOptions();
  specs.erase(std::remove_if(specs.begin(), specs.end(),
                             [](const OptionSpec& o) {
                               return o.name == "n-lambdas" || o.name == "lambda-min-ratio" ||
                                      o.name == "lambdas" || o.name == "csv";
                             }),
              specs.end());
  specs.push_back({"lambda", true, "L", "the regularization strength (> 0)"});
  specs.push_back({"lambda-ratio", true, "R", "or lambda as a fraction of lambda_max, in (0, 1]"});
  const ParsedArgs args = parseArgs(argv, specs);
  const ModelSpec spec = modelSpecFrom(args);
  if (args.has("lambda") == args.has("lambda-ratio"))
    throw UsageError("give exactly one of --lambda L or --lambda-ratio R");
  PathOptions popt;
  double ratio = 0.0;
  if (auto l = args.get("lambda")) {
    popt.lambdas = {parseDouble(*l, "lambda")};
  } else {
    ratio = args.getDouble("lambda-ratio", 1.0);
    if (!(ratio > 0.0 && ratio <= 1.0)) throw UsageError("--lambda-ratio must be in (0, 1]");
    popt.nLambdas = 1;
  }
  if (auto err = popt.validate(); !err.empty()) throw UsageError(err);
  const Dataset data = loadFrom(args);
  if (ratio > 0.0) {
    // λ_max first: a one-point grid is the exact null solution, so this costs one gradient.
    NullObserver none;
    popt.lambdas = {ratio * computePath(data, spec, popt, none).lambdaMax};
  }
  solveAndEmit(args, data, spec, popt);
  return gInterrupted.load() ? 130 : 0;
}

int runInfo(const std::vector<std::string>& argv) {
  auto specs = dataOptions();
  specs.push_back({"out", true, "FILE.json", "write JSON here instead of stdout"});
  const ParsedArgs args = parseArgs(argv, specs);
  const Dataset data = loadFrom(args);
  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("source").value(data.source());
  j.key("n_samples").value(static_cast<long long>(data.samples()));
  j.key("n_features").value(static_cast<long long>(data.features()));
  j.key("storage").value(data.storageKind() == StorageKind::Sparse ? "sparse" : "dense");
  j.key("density").value(data.density());
  j.key("target").value(data.targetName());
  j.key("feature_names").array(data.featureNames());
  j.endObject();
  emit(args, out.str());
  return 0;
}

void printHelp() {
  std::cout << "lambdascope-cli " << kVersion
            << " - sparse models from the command line, JSON out\n\n"
               "Usage:\n"
               "  lambdascope-cli path --data FILE [options]   regularization path (JSON)\n"
               "  lambdascope-cli solve --data FILE --lambda L  one lambda (the path JSON, one point)\n"
               "  lambdascope-cli info --data FILE [options]   dataset summary (JSON)\n"
               "  lambdascope-cli l0 --data FILE --k K --ridge L2  k-sparse model, certified gap (JSON)\n"
               "  lambdascope-cli meeg --data FILE.npz|DIR --solver mxne|irmxne|tfmxne [options]\n"
               "                                               M/EEG source imaging, alpha path, SURE (JSON)\n"
               "  lambdascope-cli meeg-hypergrad --data FILE.npz|DIR --alpha-percent A [options]\n"
               "                                               SURE / hold-out and its gradient in log alpha\n"
               "  lambdascope-cli meeg-hpo --data FILE.npz|DIR --optimizer O [options]\n"
               "                                               choose alpha (or one alpha per source) by hypergradient\n"
               "  lambdascope-cli playground --problem P --method M [options] | --preset FILE\n"
               "                                               2-D optimization picture (JSON)\n"
               "  lambdascope-cli cv --data FILE --n-folds K [options]   cross-validation curve (JSON)\n"
               "  lambdascope-cli hypergrad --data FILE --log-lambda V [options]  criterion + hypergradient\n"
               "  lambdascope-cli hpo --data FILE --optimizer O [options]  choose lambda by bilevel optimization\n"
               "  lambdascope-cli replay FILE.json [--out F]   re-run a session's (or Copy as Command's)\n"
               "                                               command, check the stored results (exit 4: differ)\n"
               "  lambdascope-cli --help | --version\n\n"
               "path options:\n"
            << formatHelp(pathOptions()) << "\nModels:\n";
  for (const auto& m : availableModels())
    std::cout << "  " << m << std::string(10 - std::min<std::size_t>(m.size(), 9), ' ') << describeModel(m) << '\n';
  std::cout << "\nl0 options:\n" << l0Help();
  std::cout << "\nmeeg options:\n" << meegHelp();
  std::cout << "\n" << meegHpoHelp();
  std::cout << "\nplayground options:\n" << playgroundHelp();
  std::cout << "\ncv / hypergrad / hpo options:\n" << selectionHelp();
  std::cout << "\nreplay options:\n" << replayHelp();
  std::cout
            << "\nExit codes: 0 ok, 2 bad input (one line on stderr), 1 internal error,\n"
               "130 interrupted (partial path written).\n";
}

}  // namespace
}  // namespace lambdascope::cli

int main(int argc, char** argv) {
  using namespace lambdascope;
  using namespace lambdascope::cli;
  keepFreedMemoryForReuse();
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      printHelp();
      return 2;
    }
    const std::string command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
      printHelp();
      return 0;
    }
    if (command == "--version" || command == "-V") {
      std::cout << "lambdascope-cli " << kVersion << '\n';
      return 0;
    }
    for (const auto& a : rest) {
      if (a == "--help" || a == "-h") {
        printHelp();
        return 0;
      }
    }
    if (command == "path") return runPath(rest);
    if (command == "solve") return runSolve(rest);
    if (command == "info") return runInfo(rest);
    if (command == "cv") return runCv(rest);
    if (command == "hypergrad") return runHypergrad(rest);
    if (command == "hpo") return runHpo(rest);
    if (command == "playground") return runPlayground(rest);
    if (command == "l0") return runL0(rest);
    if (command == "meeg") return runMeeg(rest);
    if (command == "meeg-hypergrad") return runMeegHypergrad(rest);
    if (command == "meeg-hpo") return runMeegHpo(rest);
    if (command == "replay") return runReplay(rest);
    throw UsageError("unknown command '" + command + "' (commands: path, solve, info, l0, meeg, meeg-hypergrad, meeg-hpo, playground, cv, hypergrad, hpo, replay; see --help)");
  } catch (const DataError& e) {
    std::cerr << "lambdascope-cli: error: " << e.what() << '\n';
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "lambdascope-cli: error: " << e.what() << '\n';
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "lambdascope-cli: error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "lambdascope-cli: internal error: " << e.what() << '\n';
    return 1;
  }
}
