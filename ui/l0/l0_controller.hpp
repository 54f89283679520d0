#pragma once
// L0Controller: one long-lived worker thread for k-sparse jobs (k-paths, branch-and-bound).

#include <QObject>
#include <QThread>
#include <stop_token>

#include "core/dataset.hpp"
#include "core/l0/k_path.hpp"
#include "ui/l0/l0_types.hpp"

namespace lambdascope::ui::l0 {

class L0Worker;

/// Lives on the UI thread (worker-object pattern, like RaceController). Each job gets a fresh id
/// and its own std::stop_source; starting a job while one runs stops the old one first (the new
/// one is queued behind it on the same thread). Signals of superseded jobs are dropped here, so
/// receivers only ever see the current job. No method waits, except shutdown().
class L0Controller : public QObject {
  Q_OBJECT

 public:
  enum class JobKind { None, KPath, Bnb };

  explicit L0Controller(QObject* parent = nullptr);
  ~L0Controller() override;

  quint64 startKPath(const Dataset& data, const lambdascope::l0::L0Settings& settings,
                     const lambdascope::l0::KPathOptions& options);
  quint64 startBnb(const Dataset& data, const lambdascope::l0::L0Settings& settings, Index k, double timeLimit);
  /// Ask the current job to stop (branch-and-bound keeps its incumbent and certified gap).
  void cancel();

  bool isRunning() const { return running_; }
  JobKind currentKind() const { return kind_; }
  quint64 currentJobId() const { return current_; }
  bool shutdown(int timeoutMs);

 Q_SIGNALS:
  void runningChanged(bool running);
  void convexReady(quint64 jobId, lambdascope::ui::l0::ConvexSupports supports);
  void kPathPoint(quint64 jobId, lambdascope::l0::KPathPoint point);
  void kPathFinished(quint64 jobId, lambdascope::ui::l0::L0JobSummary summary);
  void bnbProgress(quint64 jobId, lambdascope::l0::BnbProgress progress);
  void bnbFinished(quint64 jobId, lambdascope::l0::L0Result result, lambdascope::ui::l0::L0JobSummary summary);

 private:
  quint64 begin(JobKind kind);
  void end(quint64 jobId);

  QThread thread_;
  L0Worker* worker_ = nullptr;
  std::stop_source stop_;
  quint64 nextId_ = 0;
  quint64 current_ = 0;
  JobKind kind_ = JobKind::None;
  bool running_ = false;
};

}  // namespace lambdascope::ui::l0
