#pragma once
// A model = datafit × penalty × solver, built by name (the presets users pick).

#include <memory>
#include <string>
#include <vector>

#include "core/datafits/datafit.hpp"
#include "core/dataset.hpp"
#include "core/multitask/multitask_solver.hpp"
#include "core/penalties/penalty.hpp"
#include "core/solvers/solver.hpp"

namespace lambdascope {

struct ModelSpec {
  std::string model = "lasso";  ///< preset name, see availableModels()
  double l1Ratio = 0.5;         ///< enet: ρ in λ(ρ‖w‖₁ + (1−ρ)/2‖w‖²), scikit-learn's l1_ratio
  double gamma = 0.0;           ///< mcp/scad concavity; 0 = the model's default (3 / 3.7)
  std::vector<double> weights;  ///< wlasso: one weight ≥ 0 per feature (0 = unpenalised);
                                ///< mtl: one weight > 0 per feature (row)
  bool positive = false;        ///< constrain coefficients to be ≥ 0 (lasso, enet, wlasso, logreg)
  std::vector<double> sampleWeights;  ///< one weight > 0 per sample (empty: unweighted); the
                                      ///< datafit rescales them to sum n (scikit-learn, glmnet)
  std::vector<long> groupLabels;  ///< group: one label per feature (same label, same group)
  Index groupSize = 0;            ///< group: or contiguous groups of this size
  bool groupSqrtWeights = true;   ///< group: weight each group by √(its size)
  std::string solver = "auto";  ///< see availableSolvers(); auto: ws-cd, bcd for groups,
                                ///< prox-newton for non-quadratic datafits
  Preprocessing preprocessing;
  double tol = 1e-6;       ///< stop when duality gap ≤ tol × P(0)
  int maxEpochs = 100000;
  int checkEvery = 5;      ///< epochs between gap evaluations

  /// Empty when valid; otherwise a message naming the offending value.
  std::string validate() const;
  double effectiveGamma() const;
};

struct Model {
  std::unique_ptr<Datafit> datafit;
  std::unique_ptr<Penalty> penalty;
  std::unique_ptr<Solver> solver;
};

/// The same trio for multitask models (Y is n × T; penalties act on rows of B).
struct MultitaskModel {
  std::unique_ptr<MultitaskDatafit> datafit;
  std::unique_ptr<MultitaskPenalty> penalty;
  std::unique_ptr<MultitaskSolver> solver;
};

std::vector<std::string> availableModels();
/// Models whose coefficients are a p × T matrix (several targets): "mtl".
bool isMultitask(const std::string& model);
std::vector<std::string> availableSolvers();

/// One line describing a preset, for help texts and the GUI.
std::string describeModel(const std::string& name);

/// Build the trio for a spec. Throws std::invalid_argument on an unknown name or an
/// incompatible pair (the message says why).
/// `features` is p, needed by penalties that are laid out over features (groups).
/// `samples` (n) lets "auto" pick Gram coordinate descent for least squares when n ≥ p.
Model makeModel(const ModelSpec& spec, Index features = 0, Index samples = 0);
/// The multitask trio for a multitask spec (isMultitask(spec.model)). Same errors as makeModel.
MultitaskModel makeMultitaskModel(const ModelSpec& spec, Index features = 0);

}  // namespace lambdascope
