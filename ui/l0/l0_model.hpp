#pragma once
// L0Model: the k-sparse results shown by the k-sparse view (UI thread only).

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <optional>
#include <ostream>
#include <vector>

#include "ui/l0/l0_types.hpp"

namespace lambdascope::ui::l0 {

/// Holds the k-path points (in k order), the matched convex supports, the branch-and-bound
/// history and result, and the selected k. Emits one signal per kind of change; plots listen
/// through their PlotThrottle.
class L0Model : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  void setFeatureNames(const QStringList& names);
  const QStringList& featureNames() const { return names_; }
  void setLossName(const QString& loss) { loss_ = loss; }
  const QString& lossName() const { return loss_; }

  // k-path.
  void clearKPath();
  void addPoint(const lambdascope::l0::KPathPoint& point);
  const std::vector<lambdascope::l0::KPathPoint>& points() const { return points_; }
  /// The point for k, or null.
  const lambdascope::l0::KPathPoint* pointFor(int k) const;
  void setConvex(const ConvexSupports& supports);
  const ConvexSupports& convex() const { return convex_; }
  /// Jaccard agreement of the k-sparse support with the Lasso (which = 0) or MCP (which = 1)
  /// support of the same size; NaN when either is missing.
  double jaccardAt(int k, int which) const;

  // Branch-and-bound.
  void clearBnb(int k);
  void addProgress(const lambdascope::l0::BnbProgress& progress);
  void setBnbResult(const lambdascope::l0::L0Result& result);
  int bnbK() const { return bnbK_; }
  const std::vector<lambdascope::l0::BnbProgress>& trace() const { return trace_; }
  const std::optional<lambdascope::l0::L0Result>& bnbResult() const { return bnbResult_; }

  void setSelectedK(int k);
  int selectedK() const { return selectedK_; }

  /// Every result the view shows (k-path, matched convex supports, branch-and-bound result and
  /// trace, selected k), for sessions: exact doubles, ±inf/NaN as the strings "inf", "-inf", "nan".
  QJsonObject toSessionJson() const;
  /// Replace the results by a toSessionJson() object without recomputing; on a malformed object
  /// nothing changes and *error says why.
  bool restoreSessionJson(const QJsonObject& o, QString* error);

  /// Everything as JSON: settings note, k-path (with Jaccard), branch-and-bound result and trace.
  void writeJson(std::ostream& out, const QString& settingsText) const;
  /// k,objective,lower_bound,gap,certified,validation_loss,jaccard_lasso,jaccard_mcp,support.
  void writeKPathCsv(std::ostream& out) const;

 Q_SIGNALS:
  void kPathChanged();
  void convexChanged();
  void bnbChanged();
  void selectedKChanged(int k);

 private:
  QStringList names_;
  QString loss_ = QStringLiteral("squared");
  std::vector<lambdascope::l0::KPathPoint> points_;
  ConvexSupports convex_;
  int bnbK_ = 0;
  std::vector<lambdascope::l0::BnbProgress> trace_;
  std::optional<lambdascope::l0::L0Result> bnbResult_;
  int selectedK_ = 1;
};

}  // namespace lambdascope::ui::l0
