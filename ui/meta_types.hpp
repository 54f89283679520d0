#pragma once
// Value types that cross threads through queued signals, and their Qt metatype declarations.
//
// Only this header declares metatypes for core structs, so every queued connection agrees on the
// type names. registerMetaTypes() is idempotent; JobController and DatasetLoader call it.

#include <QMetaType>
#include <QString>
#include <vector>

#include "core/dataset.hpp"
#include "core/progress.hpp"

namespace lambdascope::ui {

using lambdascope::PathGrid;  // announced by computePath before the first λ

/// How a job ended.
struct PathJobSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;          ///< when failed
  double seconds = 0.0;   ///< wall time of computePath
  int points = 0;         ///< number of solved λ (all were sent before this summary)
};

/// One evaluation of the stopping criterion during a convergence race (an IterationReport with a
/// finite stopCriterion).
struct ConvergencePoint {
  int epoch = 0;
  double seconds = 0.0;     ///< since the solve started
  double criterion = 0.0;   ///< duality gap or stationarity
  double objective = 0.0;   ///< primal objective (NaN when not computed)
  // Solver internals at this evaluation (0 where the solver has none).
  long long workingSet = 0;      ///< features the solver iterates on
  long long screened = 0;        ///< features removed by gap-safe screening
  long long extrapolations = 0;  ///< Anderson extrapolations accepted so far
};

/// The points a race lane collected since its previous batch (sent every ~40 ms, none dropped).
struct ConvergenceBatch {
  double threshold = 0.0;  ///< the value criterion must reach (tol × P(0), or tol × λ_max)
  std::vector<ConvergencePoint> points;
};

/// How one lane (one solver) of a race ended.
struct RaceLaneSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;
  bool trivial = false;          ///< λ ≥ λ_max: w = 0 is exact, nothing was iterated
  int epochs = 0;
  double seconds = 0.0;          ///< solver time for the λ (what the legend reports)
  double criterion = 0.0;        ///< final stopping criterion
  double threshold = 0.0;
  Termination termination = Termination::Cancelled;
  int points = 0;                ///< points sent (all batches precede this summary)
};

/// Register the types above and the core structs for queued connections.
void registerMetaTypes();

}  // namespace lambdascope::ui

Q_DECLARE_METATYPE(lambdascope::PathPoint)
Q_DECLARE_METATYPE(lambdascope::IterationReport)
Q_DECLARE_METATYPE(lambdascope::Dataset)
Q_DECLARE_METATYPE(lambdascope::PathGrid)
Q_DECLARE_METATYPE(lambdascope::ui::PathJobSummary)
Q_DECLARE_METATYPE(lambdascope::ui::ConvergenceBatch)
Q_DECLARE_METATYPE(lambdascope::ui::RaceLaneSummary)
