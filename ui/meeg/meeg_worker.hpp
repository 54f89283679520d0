#pragma once
// MeegWorker / MeegController: loading an M/EEG case, its α path (MxNE / irMxNE, SURE), TF-MxNE
// and the hypergradient search for α on one long-lived worker thread, talking to the window only through queued signals.

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <memory>
#include <stop_token>
#include <vector>

#include "core/meeg/meeg_case.hpp"
#include "ui/meeg/meeg_path_model.hpp"
#include "ui/meeg/meeg_solution.hpp"
#include "ui/meeg/meeg_tuning.hpp"

namespace lambdascope::ui::meeg {

using CasePtr = std::shared_ptr<const MeegCase>;

/// What the window asks of a path (mapped onto core MeegPathOptions in the worker).
struct PathRequest {
  QString solver = QStringLiteral("mxne");  ///< "mxne" or "irmxne"
  int nAlphas = 20;
  double maxPercent = 90.0;  ///< first (largest) α, % of α_max
  double minPercent = 10.0;  ///< last (smallest) α
  int nReweight = 10;        ///< irMxNE stages
  double tol = 1e-6;         ///< duality gap ≤ tol·‖M‖²_F
  QString criterion = QStringLiteral("sure");  ///< how α is chosen: "sure", "holdout" or "none"
};

/// TF-MxNE at one α in MNE's parameterisation (α in % of the TF α_max for this l1 ratio).
struct TfRequest {
  double alphaPercent = 40.0;
  double l1Ratio = 0.05;
  int wsize = 64;
  int tstep = 4;
  double tol = 1e-6;
};

/// TF-MxNE result as the views use it.
struct TfSolution {
  MeegSolution solution;  ///< solver "tfmxne", alpha = α_space + α_time, alphaMax the TF one
  Eigen::MatrixXcd activeZ;  ///< |A| × (n_freqs·n_steps), column f·n_steps + s
  int nFreqs = 0, nSteps = 0, wsize = 0, tstep = 0;
  double alphaSpace = 0.0, alphaTime = 0.0, l1Ratio = 0.0;
  /// |Z| of active row r as n_freqs × n_steps.
  Mat magnitude(Index r) const;
};

struct MeegJobSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;
  double seconds = 0.0;
  int points = 0;                 ///< path points sent
  int chosenIndex = -1;           ///< the criterion's choice among the points (−1: none)
  std::vector<double> plannedPercents;  ///< the path's α grid, % of α_max
};

void registerMeegMetaTypes();

/// Lives on MeegController's thread; its run methods are invoked there through queued calls.
class MeegWorker : public QObject {
  Q_OBJECT

 public:
  static constexpr int kProgressIntervalMs = 50;
  using QObject::QObject;

  void runLoad(quint64 jobId, const QString& path, std::stop_token stop);
  void runPath(quint64 jobId, const CasePtr& data, const PathRequest& request, std::stop_token stop);
  void runTf(quint64 jobId, const CasePtr& data, const TfRequest& request, std::stop_token stop);
  void runTune(quint64 jobId, const CasePtr& data, const TuneRequest& request, std::stop_token stop);

 Q_SIGNALS:
  void loaded(quint64 jobId, lambdascope::ui::meeg::CasePtr data, QString error);
  void pathStarted(quint64 jobId, lambdascope::ui::meeg::MeegJobSummary plan);
  void pathPoint(quint64 jobId, lambdascope::ui::meeg::PathEntry point);
  void progress(quint64 jobId, double fraction, QString text);
  void pathFinished(quint64 jobId, lambdascope::ui::meeg::MeegJobSummary summary);
  void tfFinished(quint64 jobId, lambdascope::ui::meeg::TfSolution result, lambdascope::ui::meeg::MeegJobSummary summary);
  void tuneStep(quint64 jobId, lambdascope::ui::meeg::TuneStep step);
  void tuneFinished(quint64 jobId, lambdascope::ui::meeg::TuneResult result, lambdascope::ui::meeg::MeegJobSummary summary);
};

/// UI-thread side (worker-object pattern, like L0Controller): one job at a time, a fresh id and
/// std::stop_source per job; starting a job stops the current one; signals of superseded jobs
/// are dropped. No method waits, except shutdown().
class MeegController : public QObject {
  Q_OBJECT

 public:
  enum class JobKind { None, Load, Path, Tf, Tune };

  explicit MeegController(QObject* parent = nullptr);
  ~MeegController() override;

  quint64 startLoad(const QString& path);
  quint64 startPath(const CasePtr& data, const PathRequest& request);
  quint64 startTf(const CasePtr& data, const TfRequest& request);
  quint64 startTune(const CasePtr& data, const TuneRequest& request);
  void cancel();
  /// Stop the current job and drop everything it still sends (a session is being restored).
  void abandon();
  bool isRunning() const { return running_; }
  JobKind currentKind() const { return kind_; }
  bool shutdown(int timeoutMs);

 Q_SIGNALS:
  void runningChanged(bool running);
  void loaded(lambdascope::ui::meeg::CasePtr data, QString error);
  void pathStarted(lambdascope::ui::meeg::MeegJobSummary plan);
  void pathPoint(lambdascope::ui::meeg::PathEntry point);
  void progress(double fraction, QString text);
  void pathFinished(lambdascope::ui::meeg::MeegJobSummary summary);
  void tfFinished(lambdascope::ui::meeg::TfSolution result, lambdascope::ui::meeg::MeegJobSummary summary);
  void tuneStep(lambdascope::ui::meeg::TuneStep step);
  void tuneFinished(lambdascope::ui::meeg::TuneResult result, lambdascope::ui::meeg::MeegJobSummary summary);

 private:
  quint64 begin(JobKind kind);
  void end(quint64 jobId);

  QThread thread_;
  MeegWorker* worker_ = nullptr;
  std::stop_source stop_;
  quint64 nextId_ = 0;
  quint64 current_ = 0;
  JobKind kind_ = JobKind::None;
  bool running_ = false;
};

}  // namespace lambdascope::ui::meeg

Q_DECLARE_METATYPE(lambdascope::ui::meeg::CasePtr)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::MeegSolution)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::PathEntry)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::TfSolution)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::MeegJobSummary)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::TuneStep)
Q_DECLARE_METATYPE(lambdascope::ui::meeg::TuneResult)
