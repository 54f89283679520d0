#pragma once
// KPathPlot: objective and certified lower bound against k, the relative gap on a log right axis.

#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::l0 {

class L0Model;

class KPathPlot : public lambdascope::ui::PlotWidget {
  Q_OBJECT

 public:
  explicit KPathPlot(const L0Model* model, QWidget* parent = nullptr);
  QCPGraph* objectiveGraph() const { return objective_; }
  QCPGraph* boundGraph() const { return bound_; }
  QCPGraph* gapGraph() const { return gap_; }

 protected:
  void sync() override;

 private:
  const L0Model* model_;
  QCPGraph* objective_;
  QCPGraph* bound_;
  QCPGraph* gap_;
  QCPItemStraightLine* cursor_;
};

}  // namespace lambdascope::ui::l0
