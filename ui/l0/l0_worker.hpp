#pragma once
// L0Worker: runs k-paths and branch-and-bound on the k-sparse worker thread.

#include <QObject>
#include <stop_token>

#include "core/dataset.hpp"
#include "core/l0/k_path.hpp"
#include "core/l0/l0_problem.hpp"
#include "ui/l0/l0_types.hpp"

namespace lambdascope::ui::l0 {

/// Lives on L0Controller's thread; its run methods are invoked there through queued calls and
/// talk back only through signals. Branch-and-bound progress is throttled at the source (at most
/// one report per kProgressIntervalMs, plus every new incumbent); every k-path point is sent.
class L0Worker : public QObject {
  Q_OBJECT

 public:
  static constexpr int kProgressIntervalMs = 50;
  using QObject::QObject;

  /// Convex paths for the matched supports first, then the k-path; always ends with kPathFinished.
  void runKPath(quint64 jobId, const Dataset& data, const lambdascope::l0::L0Settings& settings,
                const lambdascope::l0::KPathOptions& options, std::stop_token stop);
  /// Branch-and-bound for one k; always ends with bnbFinished (with the incumbent and its
  /// certified gap, also when cancelled).
  void runBnb(quint64 jobId, const Dataset& data, const lambdascope::l0::L0Settings& settings, Index k,
              double timeLimit, std::stop_token stop);

 Q_SIGNALS:
  void convexReady(quint64 jobId, lambdascope::ui::l0::ConvexSupports supports);
  void kPathPoint(quint64 jobId, lambdascope::l0::KPathPoint point);
  void kPathFinished(quint64 jobId, lambdascope::ui::l0::L0JobSummary summary);
  void bnbProgress(quint64 jobId, lambdascope::l0::BnbProgress progress);
  void bnbFinished(quint64 jobId, lambdascope::l0::L0Result result, lambdascope::ui::l0::L0JobSummary summary);
};

}  // namespace lambdascope::ui::l0
