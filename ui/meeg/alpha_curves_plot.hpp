#pragma once
// AlphaCurvesPlot: along the α path, the number of active sources (with the explained variance)
// and the SURE curve with its minimum, the selected α marked in both.

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

  QCPGraph* activeCountGraph() const { return count_; }
  QCPGraph* explainedGraph() const { return explained_; }
  QCPGraph* sureGraph() const { return sure_; }
  QCPGraph* sureMinimumGraph() const { return sureMin_; }
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
};

}  // namespace lambdascope::ui::meeg
