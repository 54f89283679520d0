#include "ui/convergence_model.hpp"

namespace lambdascope::ui {

void ConvergenceModel::beginRace(quint64 raceId, const RaceContext& context,
                                 const QStringList& solvers) {
  raceId_ = raceId;
  context_ = context;
  lanes_.assign(static_cast<std::size_t>(solvers.size()), Lane{});
  for (qsizetype i = 0; i < solvers.size(); ++i) lanes_[static_cast<std::size_t>(i)].solver = solvers[i];
  state_ = State::Running;
  Q_EMIT reset();
  Q_EMIT stateChanged(state_);
}

void ConvergenceModel::appendBatch(quint64 raceId, int lane, const ConvergenceBatch& batch) {
  if (raceId != raceId_ || lane < 0 || lane >= laneCount()) return;
  Lane& l = lanes_[static_cast<std::size_t>(lane)];
  l.threshold = batch.threshold;
  l.points.insert(l.points.end(), batch.points.begin(), batch.points.end());
  Q_EMIT pointsAppended(lane);
}

void ConvergenceModel::finishLane(quint64 raceId, int lane, const RaceLaneSummary& summary) {
  if (raceId != raceId_ || lane < 0 || lane >= laneCount()) return;
  Lane& l = lanes_[static_cast<std::size_t>(lane)];
  l.finished = true;
  l.summary = summary;
  if (summary.threshold > 0.0) l.threshold = summary.threshold;
  Q_EMIT laneFinished(lane);
}

void ConvergenceModel::finishRace(quint64 raceId, bool cancelled) {
  if (raceId != raceId_ || state_ != State::Running) return;
  state_ = cancelled ? State::Cancelled : State::Finished;
  Q_EMIT stateChanged(state_);
}

void ConvergenceModel::clear() {
  raceId_ = 0;
  context_ = RaceContext{};
  lanes_.clear();
  state_ = State::Empty;
  Q_EMIT reset();
  Q_EMIT stateChanged(state_);
}

double ConvergenceModel::threshold() const {
  for (const Lane& l : lanes_)
    if (l.threshold > 0.0) return l.threshold;
  return 0.0;
}

}  // namespace lambdascope::ui
