#pragma once
// AlphaCurvesPlot: along the α path, the number of active sources (with the explained variance)
// and the SURE curve with its minimum, the selected α marked in both; a hypergradient search for α
// drawn on top of that curve as it runs (each evaluation a point, its tangent, the trajectory).

#include <vector>

#include "ui/meeg/meeg_tuning.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class MeegPathModel;

/// Two axis rects sharing the log-α axis (in % of α_max, largest on the left): top |A| (steps,
/// left axis) and explained variance in % (right axis); bottom SURE (or a note when it was not
/// computed) with its minimum starred. Clicking either sets α (alphaClicked).
class AlphaCurvesPlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit AlphaCurvesPlot(QWidget* parent = nullptr);

  void setModel(const MeegPathModel* model);
  /// The hypergradient search on the criterion curve (empty: none). Per source, α is the
  /// geometric mean of the α_i and the value is the weighted model's criterion.
  void setTuning(std::vector<TuneStep> steps, bool perSource);
  const std::vector<TuneStep>& tuning() const { return tuning_; }

  QCPGraph* activeCountGraph() const { return count_; }
  QCPGraph* explainedGraph() const { return explained_; }
  QCPGraph* sureGraph() const { return sure_; }
  QCPGraph* sureMinimumGraph() const { return sureMin_; }
  QCPGraph* tuningGraph() const { return tunePoints_; }  ///< the accepted iterates
  QCPGraph* tuningRejectedGraph() const { return tuneRejected_; }
  int tangentCount() const;
  double cursorAlphaPercent() const;

 Q_SIGNALS:
  void alphaClicked(double alphaPercent);

 protected:
  void sync() override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  const MeegPathModel* model_ = nullptr;
  QCPAxisRect* top_;
  QCPAxisRect* bottom_;
  QCPGraph* count_;
  QCPGraph* explained_;
  QCPGraph* sure_;
  QCPGraph* sureMin_;
  QCPItemStraightLine* cursorTop_;
  QCPItemStraightLine* cursorBottom_;
  QCPItemText* sureNote_;
  QCPCurve* tuneTrajectory_;  // the accepted iterates in order (a curve: not sorted by α)
  QCPGraph* tunePoints_;
  QCPGraph* tuneRejected_;
  std::vector<QCPItemLine*> tangents_;
  std::vector<TuneStep> tuning_;
  bool tuningPerSource_ = false;
};

}  // namespace lambdascope::ui::meeg
