#include "app/cli_playground.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "app/cli_args.hpp"
#include "core/playground/playground_json.hpp"
#include "core/playground/preset.hpp"
#include "core/playground/problem.hpp"

namespace lambdascope::cli {

namespace {

using namespace lambdascope::playground;

const std::vector<OptionSpec>& playgroundOptions() {
  static const std::vector<OptionSpec> specs = {
      {"preset", true, "FILE", "run a lesson file (versioned JSON; see README); --start/--iters override it"},
      {"problem", true, "NAME", "quadratic|logistic|lasso2d|enet2d|rosenbrock|nonsmooth"},
      {"condition", true, "K", "quadratic: condition number (default 10): f = (x² + K·y²)/2"},
      {"rotation", true, "DEG", "quadratic: rotate the eigenvectors by DEG degrees (default 0)"},
      {"lambda", true, "L", "lasso2d/enet2d: penalty (default 0.1); logistic: ridge (default 0.01)"},
      {"l1-ratio", true, "R", "enet2d: rho in [0, 1] (default 0.5)"},
      {"features", true, "A,B", "logistic/lasso2d/enet2d: two diabetes columns (default bmi,s5 / s1,s2)"},
      {"method", true, "NAME",
       "gd|gd-armijo|subgradient|heavy-ball|nesterov|ista|fista|cd|cd-random|newton|bfgs|sgd|minibatch|svrg"},
      {"step", true, "S", "step size (default: 1/L, or the method's textbook choice)"},
      {"momentum", true, "B", "heavy-ball/nesterov momentum in [0, 1) (default: optimal for the problem)"},
      {"batch-size", true, "B", "minibatch size (default 10)"},
      {"epoch-length", true, "M", "svrg: inner steps per snapshot (default n)"},
      {"seed", true, "S", "random seed of sgd/minibatch/svrg/cd-random (default 1)"},
      {"iters", true, "N", "iterations (default 50)"},
      {"start", true, "X,Y", "starting point (default: the problem's)"},
      {"out", true, "FILE.json", "write JSON here instead of stdout"},
  };
  return specs;
}

Vec2 parsePoint(const std::string& text) {
  ParsedArgs one;
  one.values_["start"] = text;
  const std::vector<double> v = one.getDoubleList("start");
  if (v.size() != 2) throw UsageError("--start: expected X,Y (two numbers), got '" + text + "'");
  return {v[0], v[1]};
}

ProblemSpec problemFrom(const ParsedArgs& args) {
  ProblemSpec spec;
  spec.name = args.getOr("problem", "");
  if (spec.name.empty()) throw UsageError("--problem NAME (or --preset FILE) is required");
  const auto uses = [&](const char* option, std::initializer_list<const char*> problems) {
    if (!args.has(option)) return;
    for (const char* p : problems)
      if (spec.name == p) return;
    throw UsageError(std::string("--") + option + ": not a parameter of problem '" + spec.name + "'");
  };
  uses("condition", {"quadratic"});
  uses("rotation", {"quadratic"});
  uses("lambda", {"lasso2d", "enet2d", "logistic"});
  uses("l1-ratio", {"enet2d"});
  uses("features", {"lasso2d", "enet2d", "logistic"});
  spec.condition = args.getDouble("condition", spec.condition);
  spec.rotationDeg = args.getDouble("rotation", spec.rotationDeg);
  if (args.has("lambda")) spec.lambda = args.getDouble("lambda", 0.0);
  spec.l1Ratio = args.getDouble("l1-ratio", spec.l1Ratio);
  if (auto f = args.get("features")) {
    std::stringstream ss(*f);
    std::string item;
    while (std::getline(ss, item, ',')) spec.features.push_back(item);
    if (spec.features.size() != 2) throw UsageError("--features: expected two column names A,B, got '" + *f + "'");
  }
  if (auto err = spec.validate(); !err.empty()) throw UsageError("--problem: " + err);
  return spec;
}

MethodSpec methodFrom(const ParsedArgs& args) {
  MethodSpec m;
  const auto name = args.get("method");
  if (!name) throw UsageError("--method NAME is required (e.g. --method gd)");
  m.method = *name;
  if (args.has("step")) m.step = args.getDouble("step", 0.0);
  if (args.has("momentum")) m.momentum = args.getDouble("momentum", 0.0);
  m.batchSize = args.getInt("batch-size", m.batchSize);
  m.epochLength = args.getInt("epoch-length", 0);
  if (m.epochLength < 0) throw UsageError("--epoch-length: must be >= 1, got " + std::to_string(m.epochLength));
  const int seed = args.getInt("seed", 1);
  if (seed < 0) throw UsageError("--seed: must be >= 0, got " + std::to_string(seed));
  m.seed = static_cast<std::uint64_t>(seed);
  return m;
}

void write(const ParsedArgs& args, const std::string& text) {
  if (auto out = args.get("out")) {
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    if (!f || !(f << text) || !f.flush()) throw UsageError("--out: cannot write '" + *out + "'");
  } else {
    std::cout << text << std::flush;
  }
}

}  // namespace

std::string playgroundHelp() { return formatHelp(playgroundOptions()); }

int runPlayground(const std::vector<std::string>& argv) {
  const ParsedArgs args = parseArgs(argv, playgroundOptions());
  Preset preset;
  if (auto file = args.get("preset")) {
    for (const char* o : {"problem", "condition", "rotation", "lambda", "l1-ratio", "features", "method", "step",
                          "momentum", "batch-size", "epoch-length", "seed"})
      if (args.has(o)) throw UsageError(std::string("--") + o + ": not allowed with --preset (edit the preset, or drop --preset)");
    try {
      preset = loadPreset(*file);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    if (preset.methods.empty()) throw UsageError(*file + ": the preset has no methods to run");
  } else {
    preset.problem = problemFrom(args);
    preset.methods.push_back(methodFrom(args));
  }
  if (args.has("iters")) {
    preset.iterations = args.getInt("iters", 0);
    if (preset.iterations < 0 || preset.iterations > 1000000)
      throw UsageError("--iters: expected an integer in [0, 1000000], got " + std::to_string(preset.iterations));
  }
  if (auto s = args.get("start")) preset.start = parsePoint(*s);

  std::unique_ptr<Problem> problem;
  try {
    problem = makeProblem(preset.problem);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--problem: ") + e.what());
  }
  const Vec2 start = preset.start.value_or(problem->defaultStart());
  std::vector<Trace> runs;
  for (const MethodSpec& m : preset.methods) {
    try {
      runs.push_back(runMethod(*problem, m, start, preset.iterations));
    } catch (const std::invalid_argument& e) {
      throw UsageError("--method " + m.method + ": " + e.what());
    }
  }
  std::ostringstream out;
  writePlaygroundJson(out, {*problem, start, preset.iterations, runs, referenceRates(*problem, start, preset.iterations),
                            preset.prox, preset.title});
  write(args, out.str());
  return 0;
}

}  // namespace lambdascope::cli
