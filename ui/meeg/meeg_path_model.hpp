#pragma once
// MeegPathModel: the α path of the M/EEG window (UI thread), fed point by point by the worker.
// The slider, the support heat map and the α curves read it; only setSelectedIndex() moves α.

#include <QObject>
#include <limits>
#include <vector>

#include "ui/meeg/meeg_solution.hpp"
#include "ui/plots/qcp.hpp"

namespace lambdascope::ui::meeg {

struct PathEntry {
  MeegSolution solution;
  double sure = std::numeric_limits<double>::quiet_NaN();       ///< FDMC-SURE at this α (NaN: none)
  double holdout = std::numeric_limits<double>::quiet_NaN();    ///< hold-out MSE at this α (NaN: none)
  double explained = std::numeric_limits<double>::quiet_NaN();  ///< 1 − ‖M − GB‖²/‖M‖²
};

class MeegPathModel : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  /// Forget the path; `planned` are the grid's α in % of α_max (decreasing), possibly empty.
  void reset(double alphaMax, std::vector<double> planned);
  void append(PathEntry entry);
  /// The criterion the α curves show and select with: "sure" or "holdout".
  void setCriterion(const QString& criterion);
  /// The α the criterion chose (index into entries(), −1: none), once the path is done.
  void setChosenIndex(int k);
  /// The point shown (−1: none). Emits selectionChanged when it changes.
  void setSelectedIndex(int k);

  double alphaMax() const { return alphaMax_; }
  const std::vector<double>& planned() const { return planned_; }
  const std::vector<PathEntry>& entries() const { return entries_; }
  int size() const { return static_cast<int>(entries_.size()); }
  int selectedIndex() const { return selected_; }
  int sureIndex() const { return sureIndex_; }  ///< the criterion's choice (−1: none)
  const QString& criterion() const { return criterion_; }
  /// The criterion's value at entry k (NaN when not computed).
  double score(int k) const;
  const PathEntry* selectedEntry() const;
  /// The solved point nearest to α (in log α): what the slider shows while dragging.
  int nearestIndex(double alphaPercent) const;
  /// Sources active at some α of the path, in order of entry (largest α first).
  std::vector<Index> everActive() const;
  /// log10 range of α in % covered by the plan (or the solved points): [lo, hi].
  std::pair<double, double> logPercentRange() const;

 Q_SIGNALS:
  void modelReset();
  void entryAppended(int index);
  void sureChanged();
  void selectionChanged(int index);

 private:
  double alphaMax_ = 0.0;
  std::vector<double> planned_;
  std::vector<PathEntry> entries_;
  int selected_ = -1;
  int sureIndex_ = -1;
  QString criterion_ = QStringLiteral("sure");
};

/// Ticks at round percentages (1, 2, 5 × 10^k) for an axis whose coordinate is log10(α %).
QSharedPointer<QCPAxisTickerText> percentTicker(double logLo, double logHi);

}  // namespace lambdascope::ui::meeg
