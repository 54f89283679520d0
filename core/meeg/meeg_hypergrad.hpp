#pragma once
// Choosing MxNE's α by first-order bilevel optimisation: FDMC-SURE or the time-sample hold-out
// of meeg_selection.hpp as a function of θ = log α (one level) or θ_i = log α_i (one level per
// source: the weighted MxNE 1/2‖M − GB‖² + Σ_i α_i‖B_i‖₂), with the hypergradient by implicit
// differentiation on the active rows (row_support_system.hpp). Any optimiser of hpo.hpp runs on
// it (runHpo), the grid and random baselines included.

#include <memory>
#include <string>
#include <vector>

#include "core/meeg/meeg_selection.hpp"
#include "core/meeg/mxne.hpp"
#include "core/selection/hyper_objective.hpp"

namespace lambdascope {

struct MeegCriterionOptions {
  std::string criterion = "sure";  ///< "sure" (FDMC-SURE, σ = 1 on whitened data) or "holdout"
  bool perSource = false;          ///< one α per source (θ has p entries) instead of one α
  unsigned sureSeed = 0;           ///< the SURE probe δ (NumPy RandomState, as the path's)
  double sureEpsilon = 0.0;        ///< 0: 2σ/n^0.3
  int holdoutEvery = 4;            ///< every k-th time sample is held out
  bool parallel = true;            ///< SURE's two solves (M and M + εδ) side by side
  /// Empty when valid, else a message.
  std::string validate() const;
};

class MeegCriterion final : public HyperObjective {
 public:
  /// Throws std::invalid_argument on bad options or shapes.
  MeegCriterion(const Mat& G, const Mat& M, const MeegCriterionOptions& options);
  ~MeegCriterion() override;

  Index dimension() const override;
  /// The largest α_max of the inner problems (M, M + εδ or the training columns).
  double lambdaMax() const override { return boxTop_; }
  Vec thetaAt(double logLambda, double l1Ratio) const override;
  /// θ₀, or the mean of the log α_i.
  double logLambda(const Vec& theta) const override;

  HyperEvaluation evaluate(const Vec& theta, HyperMethod method, const HypergradientOptions& options,
                           std::stop_token stop = {}) override;
  HyperEvaluation value(const Vec& theta, const HypergradientOptions& options, std::stop_token stop = {}) override;

  /// α_i of every source at θ.
  Vec alphas(const Vec& theta) const;
  /// α_max of the full measurements (the percentage convention).
  double alphaMax() const { return alphaMax_; }
  const MeegCriterionOptions& options() const { return options_; }
  const MxneProblem& problem() const { return *problem_; }
  /// The last inner solution on M itself (SURE) or on the training columns (hold-out), p × T.
  const RowMat& lastSolution() const;
  /// MxNE on all the data at θ (α, or the α_i as weights of their largest) to a duality gap
  /// ≤ tol·‖M‖²_F: what a search hands the user. Warm-started from SURE's last fit on M.
  MxneResult solveAt(const Vec& theta, double tol, std::stop_token stop = {}) const;
  void resetWarmStarts();

 private:
  struct Task;
  HyperEvaluation run(const Vec& theta, bool gradient, const HypergradientOptions& options, std::stop_token stop);

  MeegCriterionOptions options_;
  std::unique_ptr<MxneProblem> problem_;
  std::vector<std::unique_ptr<Task>> tasks_;
  Mat delta_;
  double epsilon_ = 0.0;
  TimeSplit split_;
  double alphaMax_ = 0.0;
  double boxTop_ = 0.0;
};

}  // namespace lambdascope
