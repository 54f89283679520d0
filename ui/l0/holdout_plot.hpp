#pragma once
// HoldoutPlot: hold-out loss of the k-sparse model against k (fitted on the training rows).

#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::l0 {

class L0Model;

class HoldoutPlot : public lambdascope::ui::PlotWidget {
  Q_OBJECT

 public:
  explicit HoldoutPlot(const L0Model* model, QWidget* parent = nullptr);
  QCPGraph* validationGraph() const { return validation_; }
  /// k with the smallest hold-out loss (0 when there is none).
  int bestK() const { return bestK_; }

 protected:
  void sync() override;

 private:
  const L0Model* model_;
  QCPGraph* validation_;
  QCPGraph* best_;
  QCPItemText* empty_;
  int bestK_ = 0;
};

}  // namespace lambdascope::ui::l0
