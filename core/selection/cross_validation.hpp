#pragma once
// K-fold cross-validation along a regularisation path (glmnet's cv.glmnet conventions).

#include <cstdint>
#include <optional>
#include <stop_token>
#include <vector>

#include "core/path/regularization_path.hpp"
#include "core/selection/folds.hpp"
#include "core/selection/losses.hpp"

namespace lambdascope {

struct CvOptions {
  int nFolds = 10;
  FoldScheme scheme = FoldScheme::Contiguous;
  std::uint64_t seed = 0;
  /// Default: Mse for least-squares models, Deviance for the logistic one.
  std::optional<ValidationLoss> loss;
  /// Validation rows of each fold, instead of the scheme (glmnet's foldid).
  std::vector<std::vector<Index>> folds;
  bool parallel = true;  ///< folds (and the full-data path) as TBB tasks
};

struct CvResult {
  std::vector<double> lambdas;  ///< the full-data grid every fold is fitted on
  double lambdaMax = 0.0;       ///< of the full data
  ValidationLoss loss = ValidationLoss::Mse;
  std::vector<std::vector<Index>> folds;  ///< validation rows of each fold
  Mat foldLoss;               ///< K × n_λ mean validation loss; NaN where not computed (cancelled)
  std::vector<double> mean;   ///< plain average over folds
  std::vector<double> se;     ///< sample standard deviation over folds (ddof 1) / √K
  Index indexMin = -1;        ///< the largest λ among those with the smallest mean
  Index index1se = -1;        ///< the largest λ whose mean ≤ mean[indexMin] + se[indexMin]
  double lambdaMin = 0.0;
  double lambda1se = 0.0;
  PathResult full;            ///< the path on all the data over the same grid (the refit)
  std::vector<double> foldSeconds;
  double totalSeconds = 0.0;
  bool cancelled = false;

  /// The refit at λ_min (nullptr when it was not solved).
  const PathPoint* refitAtMin() const;
};

/// Receives results as they form. Called from TBB worker threads: implementations must be
/// thread-safe. Returning Control::Stop from any callback cancels the whole run.
class CvObserver {
 public:
  virtual ~CvObserver() = default;
  virtual void onGrid(const std::vector<double>& /*lambdas*/, double /*lambdaMax*/, int /*folds*/) {}
  virtual Control onFoldPoint(int /*fold*/, Index /*lambdaIndex*/, double /*loss*/) { return Control::Continue; }
  virtual Control onFullPoint(const PathPoint&) { return Control::Continue; }
  virtual void onFoldFinished(int /*fold*/, double /*seconds*/) {}
};

/// Fit every fold's training rows on the full-data λ grid (warm-started paths, computePath with
/// explicit lambdas), score each λ on the fold's rows, and refit the path on all rows. Folds run
/// in parallel (TBB); the numbers do not depend on the scheduling. Throws std::invalid_argument on
/// invalid options.
CvResult crossValidate(const Dataset& data, const ModelSpec& spec, const PathOptions& grid,
                       const CvOptions& options, CvObserver& observer, std::stop_token stop = {});

/// mean, se, indexMin, index1se, lambdaMin, lambda1se from foldLoss and lambdas (columns with a
/// NaN are skipped). Public for tests and for partial (live) summaries.
void summarizeCv(CvResult& result);

/// The loss a model is scored with by default.
ValidationLoss defaultValidationLoss(const ModelSpec& spec);

}  // namespace lambdascope
