#include "ui/path_model.hpp"

#include <algorithm>

namespace lambdascope::ui {

void PathModel::beginJob(quint64 jobId, const Dataset& data, const ModelSpec& spec,
                         int expectedLambdas) {
  jobId_ = jobId;
  data_ = data;
  spec_ = spec;
  featureNames_ = data.featureNames();
  expected_ = expectedLambdas;
  grid_ = PathGrid{};
  points_.clear();
  points_.reserve(static_cast<std::size_t>(std::max(expectedLambdas, 0)));
  summary_ = PathJobSummary{};
  state_ = State::Running;
  Q_EMIT reset();
  Q_EMIT stateChanged(state_);
}

void PathModel::setGrid(quint64 jobId, const PathGrid& grid) {
  if (jobId != jobId_ || state_ != State::Running) return;
  grid_ = grid;
  expected_ = static_cast<int>(grid.lambdas.size());
  Q_EMIT gridChanged();
}

void PathModel::appendPoint(quint64 jobId, const PathPoint& point) {
  if (jobId != jobId_ || state_ != State::Running) return;
  points_.push_back(point);
  const int k = pointCount() - 1;
  Q_EMIT pointsAppended(k, 1);
}

void PathModel::finishJob(quint64 jobId, const PathJobSummary& summary) {
  if (jobId != jobId_ || state_ != State::Running) return;
  summary_ = summary;
  state_ = summary.failed ? State::Failed : summary.cancelled ? State::Cancelled : State::Finished;
  Q_EMIT stateChanged(state_);
}

void PathModel::clear() {
  jobId_ = 0;
  data_.reset();
  featureNames_.clear();
  expected_ = 0;
  grid_ = PathGrid{};
  points_.clear();
  summary_ = PathJobSummary{};
  state_ = State::Empty;
  Q_EMIT reset();
  Q_EMIT stateChanged(state_);
}

double PathModel::coefficient(int k, Index j) const {
  const PathPoint& pt = points_.at(static_cast<std::size_t>(k));
  const auto it = std::lower_bound(pt.support.begin(), pt.support.end(), j);
  if (it == pt.support.end() || *it != j) return 0.0;
  return pt.displayValue(static_cast<std::size_t>(it - pt.support.begin()));
}

PathResult PathModel::toPathResult() const {
  PathResult r;
  r.lambdaMax = grid_.lambdaMax;
  r.nullObjective = grid_.nullObjective;
  r.lambdas = grid_.lambdas;
  r.points = points_;
  r.totalSeconds = summary_.seconds;
  r.cancelled = state_ == State::Cancelled;
  return r;
}

}  // namespace lambdascope::ui
