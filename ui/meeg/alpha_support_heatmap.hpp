#pragma once
// AlphaSupportHeatmap: which sources are active at which α (sources × α), only the sources that
// are ever active along the path, in order of entry; the selected α marked.

#include <vector>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class MeegPathModel;

/// Columns are the path's α on a log axis in % of α_max (largest on the left, as the path
/// plot); rows are sources, first to enter on top. A cell is ‖B_i‖₂ relative to the largest row
/// norm at that α (white: inactive; light grey: not solved yet). Clicking picks α (alphaClicked).
/// Rebuilt by sync() (throttled) as points arrive.
class AlphaSupportHeatmap : public PlotWidget {
  Q_OBJECT

 public:
  explicit AlphaSupportHeatmap(QWidget* parent = nullptr);

  void setModel(const MeegPathModel* model, const std::vector<int>* hemisphere);

  QCPColorMap* colorMap() const { return map_; }
  const std::vector<Index>& rowSources() const { return rows_; }
  /// Column of path entry k in the colour map (−1 when none).
  int columnOf(int k) const;
  /// Cell value (column, row); NaN when not solved.
  double cell(int column, int row) const { return map_->data()->cell(column, row); }

 Q_SIGNALS:
  void alphaClicked(double alphaPercent);

 protected:
  void sync() override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  const MeegPathModel* model_ = nullptr;
  const std::vector<int>* hemisphere_ = nullptr;
  std::vector<Index> rows_;
  std::vector<int> columns_;
  QCPColorMap* map_;
  QCPColorScale* scale_;
  QCPItemStraightLine* cursor_;
  QSharedPointer<QCPAxisTickerText> rowTicker_;
};

}  // namespace lambdascope::ui::meeg
