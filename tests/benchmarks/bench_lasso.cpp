// bench_lasso: time Lambdascope's regularisation path in-process on one dataset.
//
// A plain timing driver (no Google Benchmark loop: one path takes from microseconds to minutes,
// and tests/benchmarks/run_peers.py needs the solutions to re-check their accuracy). The file is
// loaded once, outside the timing; each repeat then calls computePath() and its wall time
// (PathResult::totalSeconds: model set-up, λ_max, P(0) and every solve) is recorded. Prints one
// JSON object on stdout; with --coef-out, also writes the solutions of the last repeat.
//
//   bench_lasso --data FILE [--name NAME] [--model lasso] [--solver ws-cd|cd] [--tol 1e-6]
//               [--n-lambdas 100] [--lambda-min-ratio 1e-3] [--lambdas L1,L2,...]
//               [--lambdas-file FILE] [--cold] [--repeat 5] [--max-epochs N]
//               [--storage auto|dense|sparse] [--zero-based] [--coef-out FILE.json]
//
// --cold solves each λ of the grid on its own from w = 0 (benchopt's single points) instead of
// warm-starting along the grid; the time reported is then the sum over the λs.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/io/dataset_io.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"
#include "core/progress.hpp"

namespace {

using namespace lambdascope;

struct Args {
  std::string data;
  std::string name;
  std::string coefOut;
  ModelSpec spec;
  PathOptions path;
  bool cold = false;
  int repeat = 5;
  LoadOptions load;
};

[[noreturn]] void usage(const std::string& msg) {
  std::cerr << "bench_lasso: " << msg << "\n"
            << "usage: bench_lasso --data FILE [--name NAME] [--model lasso] [--solver ws-cd|cd]\n"
               "       [--tol 1e-6] [--n-lambdas 100] [--lambda-min-ratio 1e-3]\n"
               "       [--lambdas L1,L2,...] [--lambdas-file FILE] [--cold] [--repeat 5]\n"
               "       [--max-epochs N] [--storage auto|dense|sparse] [--zero-based]\n"
               "       [--coef-out FILE.json]\n";
  std::exit(2);
}

double toDouble(const std::string& opt, const std::string& s) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    usage(opt + ": not a number: '" + s + "'");
  }
}

std::vector<double> parseList(const std::string& opt, const std::string& text) {
  std::vector<double> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(toDouble(opt, item));
  }
  return out;
}

std::vector<double> readLambdaFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) usage("--lambdas-file: cannot read '" + path + "'");
  std::vector<double> out;
  std::string tok;
  while (in >> tok) out.push_back(toDouble("--lambdas-file", tok));
  return out;
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(opt + " needs a value");
      return argv[++i];
    };
    if (opt == "--data") a.data = value();
    else if (opt == "--name") a.name = value();
    else if (opt == "--model") a.spec.model = value();
    else if (opt == "--solver") a.spec.solver = value();
    else if (opt == "--tol") a.spec.tol = toDouble(opt, value());
    else if (opt == "--max-epochs") a.spec.maxEpochs = static_cast<int>(toDouble(opt, value()));
    else if (opt == "--n-lambdas") a.path.nLambdas = static_cast<int>(toDouble(opt, value()));
    else if (opt == "--lambda-min-ratio") a.path.lambdaMinRatio = toDouble(opt, value());
    else if (opt == "--lambdas") a.path.lambdas = parseList(opt, value());
    else if (opt == "--lambdas-file") a.path.lambdas = readLambdaFile(value());
    else if (opt == "--cold") a.cold = true;
    else if (opt == "--repeat") a.repeat = std::max(1, static_cast<int>(toDouble(opt, value())));
    else if (opt == "--coef-out") a.coefOut = value();
    else if (opt == "--zero-based") a.load.zeroBasedIndices = true;
    else if (opt == "--no-intercept") a.spec.preprocessing.fitIntercept = false;
    else if (opt == "--standardize") a.spec.preprocessing.standardize = true;
    else if (opt == "--storage") {
      const std::string s = value();
      if (s == "auto") a.load.storage = StorageChoice::Auto;
      else if (s == "dense") a.load.storage = StorageChoice::Dense;
      else if (s == "sparse") a.load.storage = StorageChoice::Sparse;
      else usage("--storage: expected auto, dense or sparse, got '" + s + "'");
    } else if (opt == "--help" || opt == "-h") usage("help");
    else usage("unknown option '" + opt + "'");
  }
  if (a.data.empty()) usage("--data is required");
  if (a.cold && a.path.lambdas.empty()) usage("--cold needs --lambdas or --lambdas-file");
  if (a.name.empty()) {
    std::string base = a.data.substr(a.data.find_last_of('/') + 1);
    a.name = base.substr(0, base.find_last_of('.'));
  }
  return a;
}

/// One timed run: the path (warm starts) or the λs one by one from zero (cold).
struct Run {
  double seconds = 0.0;
  double lambdaMax = 0.0;
  double nullObjective = 0.0;
  std::vector<PathPoint> points;
};

Run runOnce(const Dataset& data, const Args& a) {
  NullObserver quiet;
  Run run;
  if (!a.cold) {
    PathResult r = computePath(data, a.spec, a.path, quiet);
    run.seconds = r.totalSeconds;
    run.lambdaMax = r.lambdaMax;
    run.nullObjective = r.nullObjective;
    run.points = std::move(r.points);
    return run;
  }
  for (std::size_t k = 0; k < a.path.lambdas.size(); ++k) {
    PathOptions one;
    one.lambdas = {a.path.lambdas[k]};
    PathResult r = computePath(data, a.spec, one, quiet);
    run.seconds += r.totalSeconds;
    run.lambdaMax = r.lambdaMax;
    run.nullObjective = r.nullObjective;
    for (PathPoint& pt : r.points) {
      pt.index = static_cast<Index>(k);
      run.points.push_back(std::move(pt));
    }
  }
  return run;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

void writeCoefficients(const std::string& path, const Run& run) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
  out << "{\"lambda_max\": " << num(run.lambdaMax) << ", \"null_objective\": "
      << num(run.nullObjective) << ", \"path\": [";
  for (std::size_t k = 0; k < run.points.size(); ++k) {
    const PathPoint& pt = run.points[k];
    out << (k ? ",\n" : "\n") << "{\"lambda\": " << num(pt.lambda)
        << ", \"intercept\": " << num(pt.intercept) << ", \"index\": [";
    for (std::size_t j = 0; j < pt.support.size(); ++j) out << (j ? "," : "") << pt.support[j];
    out << "], \"value\": [";
    for (std::size_t j = 0; j < pt.values.size(); ++j) out << (j ? "," : "") << num(pt.values[j]);
    out << "]}";
  }
  out << "]}\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  try {
    const Dataset data = loadDataset(a.data, a.load);
    makeModel(a.spec);  // an unknown model or solver fails here, before any timing

    std::vector<double> seconds;
    Run last;
    for (int r = 0; r < a.repeat; ++r) {
      last = runOnce(data, a);
      seconds.push_back(last.seconds);
    }

    long epochs = 0;
    double maxRelGap = 0.0;
    bool certified = true;
    for (const PathPoint& pt : last.points) {
      epochs += pt.epochs;
      maxRelGap = std::max(maxRelGap, pt.dualityGap / last.nullObjective);
      certified = certified && pt.certified();
    }
    const auto storage = data.storageKind() == StorageKind::Sparse ? "sparse" : "dense";
    const double nnz = data.density() * static_cast<double>(data.samples()) *
                       static_cast<double>(data.features());

    std::ostringstream js;
    js << "{\"dataset\": \"" << a.name << "\", \"n\": " << data.samples()
       << ", \"p\": " << data.features() << ", \"nnz\": " << num(std::round(nnz))
       << ", \"storage\": \"" << storage << "\", \"model\": \"" << a.spec.model
       << "\", \"solver\": \"" << a.spec.solver << "\", \"tol\": " << num(a.spec.tol)
       << ", \"mode\": \"" << (a.cold ? "cold" : "path") << "\", \"n_lambdas\": "
       << last.points.size() << ", \"repeat\": " << a.repeat
       << ", \"seconds\": " << num(median(seconds)) << ", \"seconds_all\": [";
    for (std::size_t k = 0; k < seconds.size(); ++k) js << (k ? ", " : "") << num(seconds[k]);
    js << "], \"epochs\": " << epochs << ", \"max_relative_gap\": " << num(maxRelGap)
       << ", \"all_certified\": " << (certified ? "true" : "false")
       << ", \"lambda_max\": " << num(last.lambdaMax)
       << ", \"null_objective\": " << num(last.nullObjective) << ", \"points\": [";
    // Per-λ cost of the last repeat: where the time goes along the grid.
    for (std::size_t k = 0; k < last.points.size(); ++k) {
      const PathPoint& pt = last.points[k];
      js << (k ? ", " : "") << "[" << num(pt.lambda / last.lambdaMax) << ", " << num(pt.seconds)
         << ", " << pt.epochs << ", " << pt.support.size() << "]";
    }
    js << "], \"points_columns\": [\"lambda_ratio\", \"seconds\", \"epochs\", \"support\"]}";
    std::cout << js.str() << std::endl;

    if (!a.coefOut.empty()) writeCoefficients(a.coefOut, last);
  } catch (const DataError& e) {
    std::cerr << "bench_lasso: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "bench_lasso: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "bench_lasso: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
