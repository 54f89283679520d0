#pragma once
// SupportPlot: which features are non-zero at which λ (features × λ heat map).

#include <vector>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui {

class PathModel;

/// A QCPColorMap with one column per grid λ (largest on the left, like the path plot) and one
/// row per feature: red where the coefficient is positive, blue where negative, white where
/// zero, light grey where that λ is not solved (yet). With more than kMaxRows features, only
/// those that ever enter the support get a row, in order of entry. Rebuilt by sync() (throttled).
class SupportPlot : public PlotWidget {
  Q_OBJECT

 public:
  static constexpr Index kMaxRows = 200;
  static constexpr Index kMaxLabelledRows = 60;

  explicit SupportPlot(QWidget* parent = nullptr);

  void setModel(const PathModel* model);
  void setCursorIndex(int k);

  QCPColorMap* colorMap() const { return map_; }
  /// Feature index of each row (top to bottom).
  const std::vector<Index>& rowFeatures() const { return rows_; }
  /// Cell value at (grid index k, row r): −1, 0, +1, or NaN when not solved.
  double cell(int k, int r) const;

 protected:
  void sync() override;

 private:
  void onModelReset();

  const PathModel* model_ = nullptr;
  std::vector<Index> rows_;
  int cursor_ = -1;
  QCPColorMap* map_;
  QCPColorScale* scale_;
  QCPItemStraightLine* cursorLine_;
  QSharedPointer<QCPAxisTickerText> lambdaTicker_;
  QSharedPointer<QCPAxisTickerText> featureTicker_;
};

}  // namespace lambdascope::ui
