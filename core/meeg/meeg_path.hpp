#pragma once
// The α path of an M/EEG inverse problem: MxNE or irMxNE solved on a log-spaced grid of α in
// percent of α_max (MNE's convention), warm-started from the previous α, each point reported as
// soon as it is solved (the GUI draws the path live), with FDMC-SURE and hold-out scores per α
// and the α they select (core/meeg/meeg_selection).

#include <functional>
#include <limits>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/meeg/meeg_case.hpp"
#include "core/progress.hpp"

namespace lambdascope {

struct MeegPathPoint;

struct MeegPathOptions {
  std::string solver = "mxne";      ///< "mxne" or "irmxne"
  int nAlphas = 20;                 ///< grid size (ignored when `percents` is given)
  double maxPercent = 100.0;        ///< first α, % of α_max
  double minPercent = 1.0;          ///< last α, % of α_max (log-spaced in between)
  std::vector<double> percents;     ///< explicit grid in % of α_max (solved in decreasing order)
  int nReweight = 10;               ///< irMxNE stages
  double tol = 1e-6;                ///< duality gap ≤ tol·‖M‖²_F at every α (and irMxNE's change test)
  int maxIter = 100000;             ///< BCD epochs per solve
  bool computeSure = true;          ///< FDMC-SURE per α (one extra solve on perturbed data per α)
  bool computeHoldout = false;      ///< hold-out score per α (one extra path on the training columns)
  std::string select = "sure";      ///< "sure", "holdout" or "" (none)
  unsigned sureSeed = 0;            ///< seed of the FDMC-SURE probe δ
  double sureEpsilon = 0.0;         ///< finite-difference step; 0: MNE's 2σ/n^0.3 with σ = 1
  int holdoutEvery = 4;             ///< hold-out: every k-th time sample is held out (k ≥ 2)
  /// Called with each finished point, from the solving thread, before observer.onPathPoint;
  /// answering Stop ends the path (what was solved is returned).
  std::function<Control(const MeegPathPoint&)> onPoint;

  /// Empty when valid, else a message.
  std::string validate() const;
};

struct MeegPathPoint {
  std::size_t index = 0;            ///< position in the grid
  double alpha = 0.0;               ///< λ
  double alphaPercent = 0.0;        ///< 100·λ/α_max
  std::vector<Index> activeSet;     ///< 0-based sources, increasing
  RowMat activeRows;                ///< |activeSet| × T rows of B (units of the given G)
  double objective = 0.0;           ///< MxNE: 1/2‖M−GB‖²+λ‖B‖₂,₁; irMxNE: the ℓ2,0.5 objective
  double dualityGap = 0.0;          ///< MxNE gap (irMxNE: the last stage's weighted-MxNE gap)
  double gapThreshold = 0.0;        ///< what the gap had to reach
  int nIter = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;
  double residualNorm2 = 0.0;       ///< ‖M − GB‖²_F
  double explainedVariance = 0.0;   ///< 1 − ‖M − GB‖²/‖M‖²
  double sure = std::numeric_limits<double>::quiet_NaN();     ///< FDMC-SURE (σ = 1)
  double sureDof = std::numeric_limits<double>::quiet_NaN();  ///< its degrees-of-freedom term
  double holdout = std::numeric_limits<double>::quiet_NaN();  ///< mean squared error on held-out columns
  std::vector<double> stageObjectives;  ///< irMxNE: the ℓ2,0.5 objective after each stage
};

struct MeegPath {
  std::string solver;
  double alphaMax = 0.0;
  double gapThreshold = 0.0;        ///< tol·‖M‖²_F
  std::vector<MeegPathPoint> points;  ///< in solve order (decreasing α)
  std::optional<std::size_t> selected;  ///< index into points chosen by `selection`
  std::string selection;            ///< "sure", "holdout" or ""
  double totalSeconds = 0.0;
  bool cancelled = false;
};

/// The α grid in % of α_max, in solve order (decreasing).
std::vector<double> meegPercentGrid(const MeegPathOptions& options);

/// Solve the path. Reports observer.onPathStart (λ grid), onIteration (solver epochs) and
/// onPathPoint (each α, values = activeRows row-major, tasks = T). Throws std::invalid_argument
/// on invalid options. Returns what was solved when cancelled.
MeegPath computeMeegPath(const MeegCase& meeg, const MeegPathOptions& options, ProgressObserver& observer,
                         std::stop_token stop = {});

}  // namespace lambdascope
