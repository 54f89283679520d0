#pragma once
// BnbPlot: branch-and-bound live — incumbent and global lower bound against time, the relative
// gap on a log right axis, nodes explored in the title.

#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::l0 {

class L0Model;

class BnbPlot : public lambdascope::ui::PlotWidget {
  Q_OBJECT

 public:
  explicit BnbPlot(const L0Model* model, QWidget* parent = nullptr);
  QCPGraph* incumbentGraph() const { return incumbent_; }
  QCPGraph* boundGraph() const { return bound_; }
  QCPGraph* gapGraph() const { return gap_; }
  QString titleText() const;

 protected:
  void sync() override;

 private:
  const L0Model* model_;
  QCPTextElement* title_;
  QCPGraph* incumbent_;
  QCPGraph* bound_;
  QCPGraph* gap_;
};

}  // namespace lambdascope::ui::l0
