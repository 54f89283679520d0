#pragma once
// What the outer (bilevel) optimisers need from a criterion of log penalty levels θ: its value and
// hypergradient at θ, the box θ lives in, and how θ maps to one common level. The single-task
// models (BilevelCriterion) and the M/EEG inverse problem (MeegCriterion) both provide it, so the
// gradient descent, line search, Adam, L-BFGS, grid and random search of hpo.hpp serve both.

#include <stop_token>
#include <vector>

#include "core/types.hpp"

namespace lambdascope {

enum class HyperMethod { Implicit, Forward, Reverse };

/// Inner accuracy and linear algebra of a hypergradient evaluation.
struct HypergradientOptions {
  double tol = 1e-12;          ///< inner stop: duality gap ≤ tol · P(0)
  int maxEpochs = 100000;      ///< inner epoch budget (forward/reverse: their own CD)
  double derivativeTol = 1e-10;  ///< forward: stop when the Jacobian's change per epoch ≤ this (relative)
  bool polish = true;          ///< implicit: Newton-refine the inner solution on its support
  enum class Linear { Auto, Cholesky, Cg } linear = Linear::Auto;
  double cgTol = 1e-12;
  Index choleskyMaxSize = 2000;  ///< Auto: Cholesky up to this system size, CG beyond
};

/// The criterion and its derivatives at one θ.
struct HyperEvaluation {
  Vec theta;
  double value = 0.0;
  Vec grad;                   ///< d value / dθ
  double gradLogLambda = 0.0; ///< derivative along the common log λ (Σ grad)
  std::vector<Index> supports;  ///< support size of each task's inner solution
  int innerEpochs = 0;        ///< summed over tasks
  int innerSolves = 0;        ///< tasks solved (one per task per evaluation)
  double seconds = 0.0;
  bool hasGradient = false;
};

class HyperObjective {
 public:
  virtual ~HyperObjective() = default;

  virtual Index dimension() const = 0;
  /// The common level at and above which every estimate is zero: the top of the search box.
  virtual double lambdaMax() const = 0;
  /// θ with the common level exp(logLambda); `l1Ratio` splits it where the model has two levels.
  virtual Vec thetaAt(double logLambda, double l1Ratio) const = 0;
  /// The common log λ of θ, and the l1 ratio (1 for one-level models).
  virtual double logLambda(const Vec& theta) const = 0;
  virtual double l1Ratio(const Vec&) const { return 1.0; }
  /// Random search draws every level independently in the box (rather than along the common level).
  virtual bool drawsEachLevel() const { return false; }
  /// The box: every log level in [log(λ_max·lowRatio), log λ_max].
  virtual void box(double lowRatio, Vec& lo, Vec& hi) const;

  /// Value and hypergradient. Throws HyperCancelled when `stop` fires.
  virtual HyperEvaluation evaluate(const Vec& theta, HyperMethod method, const HypergradientOptions& options,
                                   std::stop_token stop = {}) = 0;
  /// Value only (inner solves, no derivative): grid and random search.
  virtual HyperEvaluation value(const Vec& theta, const HypergradientOptions& options, std::stop_token stop = {}) = 0;
};

}  // namespace lambdascope
