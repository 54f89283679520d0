#pragma once
// PathWorker: the QObject that computes regularisation paths on the worker thread.

#include <QObject>
#include <stop_token>

#include "core/dataset.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// Everything a path job needs, copied into the job (the dataset's X is shared read-only).
struct PathJobRequest {
  Dataset data;
  ModelSpec spec;
  PathOptions options;
};

/// Lives on JobController's worker thread. run() is invoked there through a queued call; it
/// implements the Qt-free ProgressObserver and turns each report into a signal carrying the job
/// id. Receivers live on the UI thread, so every connection is queued. Every PathPoint is sent;
/// iteration reports at most every kIterationIntervalMs.
class PathWorker : public QObject {
  Q_OBJECT

 public:
  static constexpr int kIterationIntervalMs = 50;

  using QObject::QObject;

  /// Runs one job to completion or cancellation; always ends with jobFinished(jobId, ...).
  void run(quint64 jobId, const PathJobRequest& request, std::stop_token stop);

 Q_SIGNALS:
  void gridReady(quint64 jobId, lambdascope::PathGrid grid);
  void pathPointReady(quint64 jobId, lambdascope::PathPoint point);
  void iterationProgress(quint64 jobId, lambdascope::IterationReport report);
  void jobFinished(quint64 jobId, lambdascope::ui::PathJobSummary summary);
};

}  // namespace lambdascope::ui
