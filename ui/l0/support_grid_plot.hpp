#pragma once
// SupportGridPlot: features × k support grids side by side — the k-sparse models, then the Lasso
// (ℓ1-logistic) and MCP supports of the same size — with the Jaccard agreement per k on top.

#include <vector>

#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::l0 {

class L0Model;

class SupportGridPlot : public lambdascope::ui::PlotWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxLabelledRows = 25;
  explicit SupportGridPlot(const L0Model* model, QWidget* parent = nullptr);

  /// Panel 0: k-sparse, 1: Lasso, 2: MCP. Cell (k, feature): 1 in the support, 0 not, NaN unknown.
  double cell(int panel, int k, int feature) const;
  int panelCount() const { return static_cast<int>(maps_.size()); }

 protected:
  void sync() override;

 private:
  const L0Model* model_;
  std::vector<QCPAxisRect*> rects_;
  std::vector<QCPColorMap*> maps_;
  std::vector<QCPTextElement*> titles_;
};

}  // namespace lambdascope::ui::l0
