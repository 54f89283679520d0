#pragma once
// ConvergenceModel: the UI thread's store of one solver race (per-lane convergence traces).

#include <QObject>
#include <QString>
#include <vector>

#include "core/types.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// What a race solves, for titles and labels.
struct RaceContext {
  double lambda = 0.0;
  int lambdaIndex = -1;     ///< grid point of the path the λ came from
  double lambdaMax = 0.0;
  QString model;            ///< preset name ("lasso", "mcp", ...)
  QString criterion;        ///< "duality gap" or "stationarity"
  double tol = 0.0;         ///< the race's relative tolerance (may be tighter than the path's)
  QString start;            ///< how it starts, e.g. "cold start (w = 0)"
};

/// Fed only by RaceController's (already de-staled) signals. Each lane keeps every criterion
/// evaluation of its solver, in order.
class ConvergenceModel : public QObject {
  Q_OBJECT

 public:
  enum class State { Empty, Running, Finished, Cancelled };
  Q_ENUM(State)

  struct Lane {
    QString solver;
    std::vector<ConvergencePoint> points;
    double threshold = 0.0;
    bool finished = false;
    RaceLaneSummary summary;
  };

  using QObject::QObject;

  void beginRace(quint64 raceId, const RaceContext& context, const QStringList& solvers);
  void appendBatch(quint64 raceId, int lane, const ConvergenceBatch& batch);
  void finishLane(quint64 raceId, int lane, const RaceLaneSummary& summary);
  void finishRace(quint64 raceId, bool cancelled);
  void clear();

  quint64 raceId() const { return raceId_; }
  State state() const { return state_; }
  bool isRunning() const { return state_ == State::Running; }
  const RaceContext& context() const { return context_; }
  int laneCount() const { return static_cast<int>(lanes_.size()); }
  const Lane& lane(int i) const { return lanes_[static_cast<std::size_t>(i)]; }
  /// The threshold of the race (the same for every lane), 0 until the first batch.
  double threshold() const;

 Q_SIGNALS:
  void reset();
  void pointsAppended(int lane);
  void laneFinished(int lane);
  void stateChanged(lambdascope::ui::ConvergenceModel::State state);

 private:
  quint64 raceId_ = 0;
  State state_ = State::Empty;
  RaceContext context_;
  std::vector<Lane> lanes_;
};

}  // namespace lambdascope::ui
