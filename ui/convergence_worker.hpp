#pragma once
// ConvergenceWorker: solves one λ with one solver on a worker thread and reports every evaluation
// of its stopping criterion (one lane of a solver race).

#include <QObject>
#include <stop_token>

#include "core/dataset.hpp"
#include "core/model.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// One lane of a race: the data, the model (its `solver` and `tol` already set) and the λ.
struct RaceLaneRequest {
  Dataset data;
  ModelSpec spec;
  double lambda = 0.0;
};

/// Lives on one of RaceController's threads; run() is invoked there through a queued call.
/// Unlike PathWorker (which throttles iteration reports to one per 50 ms for a progress bar),
/// every report with a finite stopping criterion is kept: they are buffered on this thread and
/// sent as a ConvergenceBatch at most every kBatchIntervalMs, so the queue carries ~25 signals a
/// second whatever the solver's speed, and no point is lost. The λ is solved cold, from w = 0
/// (the null model), through computePath with a one-value grid.
class ConvergenceWorker : public QObject {
  Q_OBJECT

 public:
  static constexpr int kBatchIntervalMs = 40;

  using QObject::QObject;

  /// Solve to completion or cancellation; sends the remaining batch, then always laneFinished.
  void run(quint64 raceId, int lane, const RaceLaneRequest& request, std::stop_token stop);

 Q_SIGNALS:
  void pointsReady(quint64 raceId, int lane, lambdascope::ui::ConvergenceBatch batch);
  void laneFinished(quint64 raceId, int lane, lambdascope::ui::RaceLaneSummary summary);
};

}  // namespace lambdascope::ui
