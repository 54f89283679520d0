#pragma once
// Hyperparameter optimisation: first-order outer loops on the bilevel criterion, and the grid and
// random search baselines, all reporting every evaluation (inner solves and seconds so far).

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/selection/bilevel_criterion.hpp"

namespace lambdascope {

enum class OuterOptimizer {
  GradientDescent,  ///< step 1/L̂ (secant estimate of the hypergradient's Lipschitz constant), halved on any increase
  LineSearch,       ///< Barzilai–Borwein initial step, Armijo backtracking
  Adam,             ///< Kingma & Ba 2015, restarted from the best point with half the rate on a blow-up
  Lbfgs,            ///< limited-memory BFGS (two-loop), Armijo backtracking, curvature-checked pairs
  Grid,             ///< baseline: a geometric grid of the common λ, from λ_max down, warm-started
  Random,           ///< baseline: seeded uniform draws in the log-λ box
};
OuterOptimizer outerOptimizerFromString(const std::string& name);  ///< gd, linesearch, adam, lbfgs, grid, random
const char* toString(OuterOptimizer optimizer);

struct HpoOptions {
  OuterOptimizer optimizer = OuterOptimizer::GradientDescent;
  HyperMethod method = HyperMethod::Implicit;
  int maxOuter = 50;            ///< outer iterations (grid/random: evaluations)
  double gradTol = 1e-5;        ///< stop: ‖projected gradient‖∞ ≤ gradTol·max(|value|, 1e-12)
  double stepTol = 1e-5;        ///< stop: accepted step ‖Δθ‖∞ ≤ stepTol (log λ units)
  double valueTol = 1e-9;       ///< stop: relative decrease over the last 5 accepted steps ≤ this
  double lowRatio = 1e-6;       ///< guard: every λ stays in [λ_max·lowRatio, λ_max]
  double maxStep = 1.0;         ///< guard: no step moves a log λ by more than this
  double learningRate = 0.1;    ///< Adam
  int memory = 10;              ///< L-BFGS pairs
  std::uint64_t seed = 0;       ///< random search
  HypergradientOptions inner;
};

/// One evaluation of the criterion.
struct HpoStep {
  int iteration = 0;        ///< outer iteration it belongs to
  Vec theta;
  double logLambda = 0.0;   ///< the common log λ (HyperObjective::logLambda)
  double l1Ratio = 1.0;     ///< enet
  double value = 0.0;
  Vec grad;                 ///< empty for grid/random
  double gradLogLambda = 0.0;
  bool accepted = true;     ///< became the outer iterate (false: a rejected trial)
  int innerSolves = 0;      ///< so far, including this one
  double seconds = 0.0;     ///< so far
  double bestValue = 0.0;   ///< best value so far
  Index support = 0;        ///< of the first task
};

struct HpoResult {
  std::vector<HpoStep> evaluations;  ///< every evaluation, in order
  std::vector<HpoStep> trajectory;   ///< the accepted outer iterates
  Vec theta;                         ///< the best point
  double value = 0.0;
  std::string stopReason;
  int innerSolves = 0;
  double seconds = 0.0;
  bool cancelled = false;
};

class HpoObserver {
 public:
  virtual ~HpoObserver() = default;
  virtual Control onStep(const HpoStep&) { return Control::Continue; }
};

/// The log-λ box [log(λ_max·lowRatio), log λ_max] (λ₂ of the elastic net: up to λ_max·10³).
inline void hyperBox(const HyperObjective& criterion, double lowRatio, Vec& lo, Vec& hi) {
  criterion.box(lowRatio, lo, hi);
}

/// Run the optimiser from θ₀ (clamped into the box). Stops on the rules above, the budget, the
/// observer or `stop` (then cancelled is true, the best point so far is returned).
HpoResult runHpo(HyperObjective& criterion, const Vec& theta0, const HpoOptions& options, HpoObserver& observer,
                 std::stop_token stop = {});

}  // namespace lambdascope
