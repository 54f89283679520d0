#pragma once
// SelectionWorker: runs a cross-validation or a bilevel λ search on a worker thread and reports
// each result as it forms (fold losses, outer iterates, baseline evaluations, map cells).

#include <QMetaType>
#include <QObject>
#include <QString>
#include <memory>
#include <stop_token>
#include <vector>

#include "core/selection/cross_validation.hpp"
#include "core/selection/hpo.hpp"

namespace lambdascope::ui {

/// What to run. Cv: crossValidate over `grid`. Hpo: on `criterion`, optionally a grid baseline
/// first (it draws the validation curve the search moves on), a (λ, ρ) map for the elastic net,
/// then the optimiser, then a random-search baseline.
struct SelectionRequest {
  enum class Kind { Cv, Hpo };
  Kind kind = Kind::Cv;
  Dataset data;
  ModelSpec spec;
  PathOptions grid;
  CvOptions cv;
  CriterionOptions criterion;
  HpoOptions hpo;
  double initLogLambda = std::numeric_limits<double>::quiet_NaN();  ///< NaN: log(0.1·λ_max)
  bool baselines = true;
  int baselinePoints = 40;
  int mapLambdas = 24;  ///< enet map resolution (log λ × ρ)
  int mapRatios = 12;
};

/// One fold loss.
struct FoldLossPoint {
  int fold = 0;
  int index = 0;
  double loss = 0.0;
};

/// Which series an HPO evaluation belongs to.
enum class HpoSeries { Optimizer = 0, Grid = 1, Random = 2 };

struct MapCell {
  double logLambda = 0.0;
  double rho = 0.0;
  double value = 0.0;
};

/// How a run ended.
struct SelectionSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;
  double seconds = 0.0;
  std::shared_ptr<const CvResult> cv;    ///< Cv runs
  std::shared_ptr<const HpoResult> hpo;  ///< Hpo runs: the optimiser's result
  double lambdaMax = 0.0;
  std::vector<std::string> hyperNames;
};

void registerSelectionMetaTypes();

class SelectionWorker : public QObject {
  Q_OBJECT

 public:
  static constexpr int kBatchIntervalMs = 40;
  using QObject::QObject;

  void run(quint64 id, const SelectionRequest& request, std::stop_token stop);

 Q_SIGNALS:
  void cvGridReady(quint64 id, std::vector<double> lambdas, int folds);
  void foldLosses(quint64 id, std::vector<lambdascope::ui::FoldLossPoint> batch);
  void hpoBoxReady(quint64 id, double lambdaMax, double lowRatio);
  void hpoStep(quint64 id, int series, lambdascope::HpoStep step);
  void mapCell(quint64 id, lambdascope::ui::MapCell cell);
  void finished(quint64 id, lambdascope::ui::SelectionSummary summary);
};

}  // namespace lambdascope::ui

Q_DECLARE_METATYPE(lambdascope::HpoStep)
Q_DECLARE_METATYPE(lambdascope::ui::FoldLossPoint)
Q_DECLARE_METATYPE(std::vector<lambdascope::ui::FoldLossPoint>)
Q_DECLARE_METATYPE(lambdascope::ui::MapCell)
Q_DECLARE_METATYPE(lambdascope::ui::SelectionSummary)
