// bench_path: Google Benchmark timings of the 100-λ Lasso path (glmnet's grid, tol 1e-6) and of
// single cold-started points, one benchmark per real dataset found under the shared data folder.
// Quick regression checks for developers; the comparison with peers is run_peers.py.
//
//   bench_path [--benchmark_filter=diabetes] [--benchmark_repetitions=5] [DATA_DIR]
//
// Counters: epochs (summed over the grid), max_rel_gap (largest duality gap / P(0)).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/io/dataset_io.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"

namespace {

using namespace lambdascope;

void reportPath(benchmark::State& state, const PathResult& r) {
  double epochs = 0.0;
  double gap = 0.0;
  for (const PathPoint& pt : r.points) {
    epochs += pt.epochs;
    gap = std::max(gap, pt.dualityGap / r.nullObjective);
  }
  state.counters["epochs"] = epochs;
  state.counters["max_rel_gap"] = gap;
}

/// BM_LassoPath: 100 λ from λ_max to 1e-3·λ_max, warm starts, gap ≤ 1e-6·P(0).
void BM_LassoPath(benchmark::State& state, const Dataset* data) {
  ModelSpec spec;
  spec.tol = 1e-6;
  PathOptions options;
  NullObserver quiet;
  PathResult r;
  for (auto _ : state) {
    r = computePath(*data, spec, options, quiet);
    benchmark::DoNotOptimize(r.points.data());
  }
  reportPath(state, r);
}

/// BM_LassoPoint: one λ = fraction·λ_max from w = 0 (benchopt's points), gap ≤ 1e-8·P(0).
void BM_LassoPoint(benchmark::State& state, const Dataset* data, double fraction) {
  ModelSpec spec;
  spec.tol = 1e-8;
  NullObserver quiet;
  PathOptions probe;
  probe.lambdas = {1e300};  // λ ≥ λ_max: nothing solved, only λ_max computed
  const double lambdaMax = computePath(*data, spec, probe, quiet).lambdaMax;
  PathOptions options;
  options.lambdas = {fraction * lambdaMax};
  PathResult r;
  for (auto _ : state) {
    r = computePath(*data, spec, options, quiet);
    benchmark::DoNotOptimize(r.points.data());
  }
  reportPath(state, r);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::filesystem::path dir =
      argc > 1 ? std::filesystem::path(argv[1])
               : std::filesystem::path(LAMBDASCOPE_SHARED_DATA) / "tabular";
  if (!std::filesystem::is_directory(dir)) {
    std::cerr << "bench_path: " << dir << " absent: nothing to benchmark\n";
    return 0;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".libsvm") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  static std::vector<Dataset> datasets;  // outlives the registered benchmarks
  datasets.reserve(files.size());
  for (const auto& f : files) {
    datasets.push_back(loadDataset(f.string()));
    const Dataset* d = &datasets.back();
    const std::string name = f.stem().string();
    benchmark::RegisterBenchmark(("BM_LassoPath/" + name).c_str(), BM_LassoPath, d)
        ->Unit(benchmark::kMillisecond);
    for (double fraction : {0.5, 0.1, 0.05}) {
      benchmark::RegisterBenchmark(
          ("BM_LassoPoint/" + name + "/" + std::to_string(fraction).substr(0, 4)).c_str(),
          BM_LassoPoint, d, fraction)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
