#pragma once
// An outer criterion of the penalty levels θ (hold-out, K-fold CV or FDMC-SURE), its value and
// hypergradient by implicit, forward or reverse differentiation. Tasks (folds, the two SURE
// problems) are evaluated in parallel (TBB) and keep their inner solution as the next warm start.

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/selection/folds.hpp"
#include "core/selection/inner_task.hpp"

namespace lambdascope {

enum class CriterionKind { Holdout, Cv, Sure };
enum class SplitKind { FirstHalf, Random, User };

CriterionKind criterionKindFromString(const std::string& name);  ///< holdout, cv, sure
HyperMethod hyperMethodFromString(const std::string& name);      ///< implicit, forward, reverse
SplitKind splitKindFromString(const std::string& name);          ///< first-half, random, user
const char* toString(CriterionKind kind);
const char* toString(HyperMethod method);
const char* toString(SplitKind split);

struct CriterionOptions {
  CriterionKind kind = CriterionKind::Holdout;
  // Hold-out.
  SplitKind split = SplitKind::FirstHalf;
  double trainFraction = 0.5;          ///< random split
  std::vector<Index> validationRows;   ///< user split
  // CV.
  int nFolds = 5;
  FoldScheme scheme = FoldScheme::Contiguous;
  std::uint64_t seed = 0;              ///< random split, shuffled folds, SURE's δ
  // Scoring (hold-out, CV): Mse for least squares, Deviance for logistic.
  std::optional<ValidationLoss> loss;
  // SURE.
  std::optional<double> sigma;         ///< noise level; estimated when absent (see estimateNoise)
  bool parallel = true;
};

/// σ estimate for SURE: ordinary least squares' residual variance when n > p + 1; otherwise
/// Reid, Tibshirani & Friedman (2016): the residual of the 5-fold-CV Lasso at λ_min over
/// n − |S| − 1. `method` names which.
struct NoiseEstimate {
  double sigma = 0.0;
  std::string method;
};
NoiseEstimate estimateNoise(const Dataset& data, const ModelSpec& spec);

class BilevelCriterion final : public HyperObjective {
 public:
  /// Throws std::invalid_argument on options the model cannot use (SURE for logreg, ...).
  BilevelCriterion(const Dataset& data, const ModelSpec& spec, const CriterionOptions& options);

  const HyperSpace& space() const { return space_; }
  const CriterionOptions& options() const { return options_; }
  /// The largest Lasso λ_max over the tasks' training rows: above it w = 0 on every task.
  double lambdaMax() const override { return lambdaMax_; }
  Index dimension() const override { return space_.dimension(); }
  Vec thetaAt(double logLambda, double l1Ratio) const override { return space_.fromLogLambda(logLambda, l1Ratio); }
  double logLambda(const Vec& theta) const override { return space_.logLambda(theta); }
  double l1Ratio(const Vec& theta) const override { return space_.l1Ratio(theta); }
  bool drawsEachLevel() const override { return space_.l2Index() >= 0; }
  /// λ₂ of the elastic net may go up to λ_max·10³.
  void box(double lowRatio, Vec& lo, Vec& hi) const override;
  int taskCount() const { return static_cast<int>(tasks_.size()); }
  const InnerTask& task(int k) const { return *tasks_[static_cast<std::size_t>(k)]; }
  double sigma() const { return sigma_; }
  const std::string& sigmaMethod() const { return sigmaMethod_; }
  /// SURE's finite-difference step ε = 2σ / n^0.3 (Deledalle et al. 2014).
  double epsilon() const { return epsilon_; }

  /// Value and hypergradient. Throws HyperCancelled when `stop` fires.
  HyperEvaluation evaluate(const Vec& theta, HyperMethod method, const HypergradientOptions& options,
                           std::stop_token stop = {}) override;
  /// Value only (inner solves, no derivative): grid and random search.
  HyperEvaluation value(const Vec& theta, const HypergradientOptions& options, std::stop_token stop = {}) override;
  /// Forget the warm starts (back to the null models).
  void resetWarmStarts();

 private:
  HyperEvaluation run(const Vec& theta, int method, const HypergradientOptions& options, std::stop_token stop);

  HyperSpace space_;
  CriterionOptions options_;
  std::vector<std::unique_ptr<InnerTask>> tasks_;
  double lambdaMax_ = 0.0;
  double sigma_ = 0.0;
  std::string sigmaMethod_;
  double epsilon_ = 0.0;
};

}  // namespace lambdascope
