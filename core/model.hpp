#pragma once
// A model = datafit × penalty × solver, built by name (the presets users pick).

#include <memory>
#include <string>
#include <vector>

#include "core/datafits/datafit.hpp"
#include "core/dataset.hpp"
#include "core/penalties/penalty.hpp"
#include "core/solvers/solver.hpp"

namespace lambdascope {

struct ModelSpec {
  std::string model = "lasso";  ///< preset name, see availableModels()
  std::string solver = "ws-cd";  ///< see availableSolvers()
  Preprocessing preprocessing;
  double tol = 1e-6;       ///< stop when duality gap ≤ tol × P(0)
  int maxEpochs = 100000;
  int checkEvery = 5;      ///< epochs between gap evaluations

  /// Empty when valid; otherwise a message naming the offending value.
  std::string validate() const;
};

struct Model {
  std::unique_ptr<Datafit> datafit;
  std::unique_ptr<Penalty> penalty;
  std::unique_ptr<Solver> solver;
};

std::vector<std::string> availableModels();
std::vector<std::string> availableSolvers();

/// Build the trio for a spec. Throws std::invalid_argument on an unknown name or an
/// incompatible pair (the message says why).
Model makeModel(const ModelSpec& spec);

}  // namespace lambdascope
