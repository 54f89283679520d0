#include "ui/meeg/meeg_worker.hpp"

#include <QDeadlineTimer>
#include <QMetaObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <stdexcept>

#include "core/meeg/meeg_path.hpp"
#include "core/meeg/tf_mxne.hpp"

namespace lambdascope::ui::meeg {

Mat TfSolution::magnitude(Index r) const {
  if (r < 0 || r >= activeZ.rows() || nFreqs <= 0 || nSteps <= 0) return {};
  Mat out(nFreqs, nSteps);
  for (int f = 0; f < nFreqs; ++f)
    for (int s = 0; s < nSteps; ++s) out(f, s) = std::abs(activeZ(r, static_cast<Index>(f) * nSteps + s));
  return out;
}

void registerMeegMetaTypes() {
  qRegisterMetaType<lambdascope::ui::meeg::CasePtr>("lambdascope::ui::meeg::CasePtr");
  qRegisterMetaType<lambdascope::ui::meeg::MeegSolution>("lambdascope::ui::meeg::MeegSolution");
  qRegisterMetaType<lambdascope::ui::meeg::PathEntry>("lambdascope::ui::meeg::PathEntry");
  qRegisterMetaType<lambdascope::ui::meeg::TfSolution>("lambdascope::ui::meeg::TfSolution");
  qRegisterMetaType<lambdascope::ui::meeg::MeegJobSummary>("lambdascope::ui::meeg::MeegJobSummary");
  qRegisterMetaType<lambdascope::ui::meeg::TuneStep>("lambdascope::ui::meeg::TuneStep");
  qRegisterMetaType<lambdascope::ui::meeg::TuneResult>("lambdascope::ui::meeg::TuneResult");
}

namespace {

using Clock = std::chrono::steady_clock;

/// Forwards core progress to the worker's signals (worker thread only); iteration reports at
/// most every kProgressIntervalMs, every path point.
class SignalObserver final : public ProgressObserver {
 public:
  SignalObserver(MeegWorker& worker, quint64 jobId, std::stop_token stop, int planned, double alphaMax,
                 QString solver)
      : worker_(worker),
        jobId_(jobId),
        stop_(std::move(stop)),
        planned_(planned),
        alphaMax_(alphaMax),
        solver_(std::move(solver)) {}

  Control onIteration(const IterationReport& r) override {
    const auto now = Clock::now();
    if (now - last_ >= std::chrono::milliseconds(MeegWorker::kProgressIntervalMs)) {
      last_ = now;
      const double fraction = planned_ > 0 ? std::min(1.0, static_cast<double>(points_) / planned_) : -1.0;
      QString text = QStringLiteral("epoch %1").arg(r.epoch);
      if (std::isfinite(r.stopCriterion))
        text += QStringLiteral(", gap %1 (target %2)").arg(r.stopCriterion, 0, 'g', 3).arg(r.threshold, 0, 'g', 3);
      if (planned_ > 0) text = QStringLiteral("α %1/%2: ").arg(points_ + 1).arg(planned_) + text;
      Q_EMIT worker_.progress(jobId_, fraction, text);
    }
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  /// One solved α (called by computeMeegPath's onPoint, on the solving thread).
  Control onMeegPoint(const MeegPathPoint& p) {
    PathEntry e;
    MeegSolution& s = e.solution;
    s.solver = solver_;
    s.alpha = p.alpha;
    s.alphaMax = alphaMax_;
    s.alphaPercent = p.alphaPercent;
    s.activeSet = p.activeSet;
    s.rows = p.activeRows;
    s.objective = p.objective;
    s.dualityGap = p.dualityGap;
    s.nIter = p.nIter;
    s.seconds = p.seconds;
    s.valid = true;
    e.sure = p.sure;
    e.holdout = p.holdout;
    e.explained = p.explainedVariance;
    ++points_;
    Q_EMIT worker_.pathPoint(jobId_, e);
    Q_EMIT worker_.progress(jobId_, planned_ > 0 ? static_cast<double>(points_) / planned_ : -1.0,
                            QStringLiteral("α %1 %: |A| = %2").arg(s.alphaPercent, 0, 'f', 1).arg(s.activeSet.size()));
    return stop_.stop_requested() ? Control::Stop : Control::Continue;
  }

  int points() const { return points_; }

 private:
  MeegWorker& worker_;
  quint64 jobId_;
  std::stop_token stop_;
  int planned_;
  double alphaMax_;
  QString solver_;
  Clock::time_point last_{};
  int points_ = 0;
};

}  // namespace

void MeegWorker::runLoad(quint64 jobId, const QString& path, std::stop_token stop) {
  if (stop.stop_requested()) {
    Q_EMIT loaded(jobId, nullptr, QStringLiteral("cancelled"));
    return;
  }
  try {
    auto data = std::make_shared<const MeegCase>(loadMeegCase(path.toStdString()));
    Q_EMIT loaded(jobId, data, QString());
  } catch (const std::exception& e) {
    Q_EMIT loaded(jobId, nullptr, QString::fromStdString(e.what()));
  }
}

void MeegWorker::runPath(quint64 jobId, const CasePtr& data, const PathRequest& request, std::stop_token stop) {
  MeegJobSummary summary;
  if (!data || stop.stop_requested()) {
    summary.cancelled = true;
    Q_EMIT pathFinished(jobId, summary);
    return;
  }
  MeegPathOptions options;
  options.solver = request.solver.toStdString();
  options.nAlphas = request.nAlphas;
  options.maxPercent = request.maxPercent;
  options.minPercent = request.minPercent;
  options.nReweight = request.nReweight;
  options.tol = request.tol;
  options.computeSure = request.criterion == QStringLiteral("sure");
  options.computeHoldout = request.criterion == QStringLiteral("holdout");
  options.select = options.computeSure ? "sure" : options.computeHoldout ? "holdout" : "";
  MeegJobSummary plan;
  const auto start = Clock::now();
  try {
    const std::string invalid = options.validate();
    if (!invalid.empty()) throw std::invalid_argument(invalid);
    for (double p : meegPercentGrid(options)) plan.plannedPercents.push_back(p);
    Q_EMIT pathStarted(jobId, plan);
    SignalObserver observer(*this, jobId, stop, static_cast<int>(plan.plannedPercents.size()), data->alphaMax,
                            request.solver);
    options.onPoint = [&observer](const MeegPathPoint& p) { return observer.onMeegPoint(p); };
    try {
      const MeegPath path = computeMeegPath(*data, options, observer, stop);
      summary.cancelled = path.cancelled || stop.stop_requested();
      summary.points = static_cast<int>(path.points.size());
      if (path.selected) summary.chosenIndex = static_cast<int>(*path.selected);
    } catch (const std::exception& e) {
      summary.failed = true;
      summary.error = QString::fromStdString(e.what());
      summary.points = observer.points();
    }
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
  }
  summary.plannedPercents = plan.plannedPercents;
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Q_EMIT pathFinished(jobId, summary);
}

void MeegWorker::runTf(quint64 jobId, const CasePtr& data, const TfRequest& request, std::stop_token stop) {
  MeegJobSummary summary;
  TfSolution out;
  if (!data || stop.stop_requested()) {
    summary.cancelled = true;
    Q_EMIT tfFinished(jobId, out, summary);
    return;
  }
  const auto start = Clock::now();
  try {
    TfMxneOptions options;
    options.wsize = request.wsize;
    options.tstep = request.tstep;
    options.tol = request.tol;
    Q_EMIT progress(jobId, -1.0, QStringLiteral("TF-MxNE: α_max for l1_ratio %1…").arg(request.l1Ratio));
    const double alphaMax = tfMxneAlphaMax(data->G, data->M, request.wsize, request.tstep, request.l1Ratio);
    tfMxneAlphasFromPercent(request.alphaPercent, request.l1Ratio, alphaMax, options);
    SignalObserver observer(*this, jobId, stop, 0, alphaMax, QStringLiteral("tfmxne"));
    const TfMxneResult r = solveTfMxne(data->G, data->M, options, observer, stop);
    out.solution.solver = QStringLiteral("tfmxne");
    out.solution.alpha = options.alphaSpace + options.alphaTime;
    out.solution.alphaMax = alphaMax;
    out.solution.alphaPercent = request.alphaPercent;
    out.solution.activeSet = r.activeSet;
    out.solution.rows = r.timeCourses;
    out.solution.objective = r.objective;
    out.solution.dualityGap = r.dualityGap;
    out.solution.nIter = r.nIter;
    out.solution.seconds = r.seconds;
    out.solution.valid = true;
    out.activeZ = r.activeZ;
    out.nFreqs = r.nFreqs;
    out.nSteps = r.nSteps;
    out.wsize = request.wsize;
    out.tstep = request.tstep;
    out.alphaSpace = options.alphaSpace;
    out.alphaTime = options.alphaTime;
    out.l1Ratio = request.l1Ratio;
    summary.cancelled = r.termination == Termination::Cancelled;
    summary.points = 1;
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Q_EMIT tfFinished(jobId, out, summary);
}

void MeegWorker::runTune(quint64 jobId, const CasePtr& data, const TuneRequest& request, std::stop_token stop) {
  MeegJobSummary summary;
  TuneResult result;
  result.request = request;
  if (!data || stop.stop_requested()) {
    summary.cancelled = true;
    Q_EMIT tuneFinished(jobId, result, summary);
    return;
  }
  const auto start = Clock::now();
  try {
    Q_EMIT progress(jobId, -1.0, QStringLiteral("Choosing α by hypergradient (%1)…").arg(request.criterion));
    int evaluations = 0;
    auto onStep = [&](const TuneStep& step) {
      ++evaluations;
      Q_EMIT tuneStep(jobId, step);
      Q_EMIT progress(jobId, std::min(1.0, static_cast<double>(evaluations) / std::max(1, request.maxOuter)),
                      QStringLiteral("evaluation %1: α = %2 %, criterion %3")
                          .arg(evaluations)
                          .arg(step.alphaPercent, 0, 'f', 2)
                          .arg(step.value, 0, 'g', 8));
    };
    result = runTuning(*data, request, onStep, stop);
    summary.cancelled = result.cancelled;
    summary.points = static_cast<int>(result.steps.size());
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromStdString(e.what());
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Q_EMIT tuneFinished(jobId, result, summary);
}

MeegController::MeegController(QObject* parent) : QObject(parent) {
  registerMeegMetaTypes();
  worker_ = new MeegWorker;
  thread_.setObjectName(QStringLiteral("lambdascope-meeg"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &MeegWorker::loaded, this, [this](quint64 id, const CasePtr& data, const QString& error) {
    if (id != current_) return;
    end(id);
    Q_EMIT loaded(data, error);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::pathStarted, this, [this](quint64 id, const MeegJobSummary& plan) {
    if (id == current_) Q_EMIT pathStarted(plan);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::pathPoint, this, [this](quint64 id, const PathEntry& s) {
    if (id == current_) Q_EMIT pathPoint(s);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::progress, this, [this](quint64 id, double fraction, const QString& text) {
    if (id == current_ && running_) Q_EMIT progress(fraction, text);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::pathFinished, this, [this](quint64 id, const MeegJobSummary& s) {
    if (id != current_) return;
    end(id);
    Q_EMIT pathFinished(s);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::tfFinished, this, [this](quint64 id, const TfSolution& r, const MeegJobSummary& s) {
    if (id != current_) return;
    end(id);
    Q_EMIT tfFinished(r, s);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::tuneStep, this, [this](quint64 id, const TuneStep& step) {
    if (id == current_) Q_EMIT tuneStep(step);
  }, Qt::QueuedConnection);
  connect(worker_, &MeegWorker::tuneFinished, this, [this](quint64 id, const TuneResult& r, const MeegJobSummary& s) {
    if (id != current_) return;
    end(id);
    Q_EMIT tuneFinished(r, s);
  }, Qt::QueuedConnection);
  thread_.start();
}

MeegController::~MeegController() {
  if (!shutdown(5000)) thread_.wait();  // a QThread must not die while it runs
}

quint64 MeegController::begin(JobKind kind) {
  if (running_) stop_.request_stop();
  stop_ = std::stop_source();
  current_ = ++nextId_;
  kind_ = kind;
  if (!running_) {
    running_ = true;
    Q_EMIT runningChanged(true);
  }
  return current_;
}

void MeegController::end(quint64 jobId) {
  if (jobId != current_ || !running_) return;
  running_ = false;
  kind_ = JobKind::None;
  Q_EMIT runningChanged(false);
}

quint64 MeegController::startLoad(const QString& path) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::Load);
  QMetaObject::invokeMethod(worker_, [w = worker_, id, path, token = stop_.get_token()] { w->runLoad(id, path, token); },
                            Qt::QueuedConnection);
  return id;
}

quint64 MeegController::startPath(const CasePtr& data, const PathRequest& request) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::Path);
  QMetaObject::invokeMethod(
      worker_, [w = worker_, id, data, request, token = stop_.get_token()] { w->runPath(id, data, request, token); },
      Qt::QueuedConnection);
  return id;
}

quint64 MeegController::startTf(const CasePtr& data, const TfRequest& request) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::Tf);
  QMetaObject::invokeMethod(
      worker_, [w = worker_, id, data, request, token = stop_.get_token()] { w->runTf(id, data, request, token); },
      Qt::QueuedConnection);
  return id;
}

quint64 MeegController::startTune(const CasePtr& data, const TuneRequest& request) {
  if (!thread_.isRunning()) return 0;
  const quint64 id = begin(JobKind::Tune);
  QMetaObject::invokeMethod(
      worker_, [w = worker_, id, data, request, token = stop_.get_token()] { w->runTune(id, data, request, token); },
      Qt::QueuedConnection);
  return id;
}

void MeegController::cancel() {
  if (running_) stop_.request_stop();
}

void MeegController::abandon() {
  if (!running_) return;
  stop_.request_stop();
  current_ = ++nextId_;  // the old job's signals no longer match
  end(current_);
}

bool MeegController::shutdown(int timeoutMs) {
  stop_.request_stop();
  if (thread_.isRunning()) {
    thread_.quit();
    return thread_.wait(QDeadlineTimer(timeoutMs));
  }
  return true;
}

}  // namespace lambdascope::ui::meeg
