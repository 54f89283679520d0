#pragma once
// Warm-started regularisation paths on a λ grid.

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/model.hpp"
#include "core/progress.hpp"

namespace lambdascope {

struct PathOptions {
  int nLambdas = 100;             ///< glmnet's default grid size
  double lambdaMinRatio = 1e-3;   ///< last λ = ratio · λ_max
  std::vector<double> lambdas;    ///< explicit grid (used as given) instead of the geometric one

  std::string validate() const;
};

struct PathResult {
  std::string solver;           ///< the solver that ran (resolves "auto")
  double lambdaMax = 0.0;
  double nullObjective = 0.0;  ///< P(0): objective at w = 0 with the intercept fitted
  std::vector<double> lambdas;  ///< the whole grid, even when cancelled early
  std::vector<PathPoint> points;  ///< solved points, in grid order
  double totalSeconds = 0.0;
  bool cancelled = false;
};

/// Geometric grid of n values from lambdaMax down to ratio·lambdaMax (one value if n = 1).
std::vector<double> geometricGrid(double lambdaMax, int n, double ratio);

/// λ_max and P(0) of a model on a design: the smallest λ whose solution is w = 0.
/// Unpenalised features (weight 0) are fitted first: they are part of the null model.
struct NullModel {
  double lambdaMax = 0.0;
  double objective = 0.0;
  double intercept = 0.0;
  Vec w;  ///< zero except unpenalised features
};
NullModel nullModel(const Problem& problem, const Penalty& penalty, const Solver& solver,
                    double tol);

/// The part of a path every model family shares. Sets the grid (geometric from λ_max unless
/// `options` gives one), announces it, then solves each λ in order with `solveAt(k, λ)`, which
/// returns the point, or nothing when its solve was cancelled (an interrupted λ is not a path
/// point). Stops on the token or the observer's Control::Stop. `result.lambdaMax` and
/// `result.nullObjective` must be set; throws std::invalid_argument when λ_max is 0 and no grid
/// is given.
void walkGrid(PathResult& result, const PathOptions& options, ProgressObserver& observer,
              const std::stop_token& stop,
              const std::function<std::optional<PathPoint>(std::size_t k, double lambda)>& solveAt);

/// Solve along the grid with warm starts; each solved point goes to observer.onPathPoint.
/// Returns what was solved when cancelled (stop token or observer's Control::Stop).
/// Throws std::invalid_argument on invalid options.
PathResult computePath(const Dataset& data, const ModelSpec& spec, const PathOptions& options,
                       ProgressObserver& observer, std::stop_token stop = {});

}  // namespace lambdascope
