#pragma once
// PathModel: the UI thread's store of one path job (grid, solved points, outcome).

#include <QObject>
#include <QString>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// Fed only by JobController's (already de-staled) signals, on the UI thread; plots and panels
/// read it. Points are kept in grid order, so point k solves lambdas()[k].
class PathModel : public QObject {
  Q_OBJECT

 public:
  enum class State { Empty, Running, Finished, Cancelled, Failed };
  Q_ENUM(State)

  using QObject::QObject;

  /// Start storing job `jobId`, run on `data` with `spec` (kept for export).
  void beginJob(quint64 jobId, const Dataset& data, const ModelSpec& spec, int expectedLambdas);
  void setGrid(quint64 jobId, const PathGrid& grid);
  void appendPoint(quint64 jobId, const PathPoint& point);
  void finishJob(quint64 jobId, const PathJobSummary& summary);
  void clear();

  State state() const { return state_; }
  bool isRunning() const { return state_ == State::Running; }
  quint64 jobId() const { return jobId_; }
  Index featureCount() const { return static_cast<Index>(featureNames_.size()); }
  const std::vector<std::string>& featureNames() const { return featureNames_; }
  /// The grid (empty until gridReady arrived); expectedLambdas() is known from the start.
  const std::vector<double>& lambdas() const { return grid_.lambdas; }
  int expectedLambdas() const { return expected_; }
  double lambdaMax() const { return grid_.lambdaMax; }
  double nullObjective() const { return grid_.nullObjective; }
  const std::vector<PathPoint>& points() const { return points_; }
  int pointCount() const { return static_cast<int>(points_.size()); }
  /// Seconds reported by the solver (when finished), else 0.
  double seconds() const { return summary_.seconds; }
  const QString& error() const { return summary_.error; }
  const std::optional<Dataset>& dataset() const { return data_; }
  const ModelSpec& spec() const { return spec_; }

  /// Coefficient of feature j at point k (0 outside the support).
  double coefficient(int k, Index j) const;
  /// The solved part as a core PathResult, for export.
  PathResult toPathResult() const;

 Q_SIGNALS:
  /// A new job (or clear()): everything previously read is invalid.
  void reset();
  void gridChanged();
  /// Points [first, first + count) were appended.
  void pointsAppended(int first, int count);
  void stateChanged(lambdascope::ui::PathModel::State state);

 private:
  quint64 jobId_ = 0;
  State state_ = State::Empty;
  std::optional<Dataset> data_;
  ModelSpec spec_;
  std::vector<std::string> featureNames_;
  int expected_ = 0;
  PathGrid grid_;
  std::vector<PathPoint> points_;
  PathJobSummary summary_;
};

}  // namespace lambdascope::ui
