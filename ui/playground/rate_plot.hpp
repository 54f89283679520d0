#pragma once
// The convergence plot: F(x_k) − F* against k on a log scale for every run, each run's
// theoretical bound dashed in its colour, and the reference rates (1/k, 1/k², linear,
// accelerated) in grey, so that students see which bound is tight.

#include <QColor>
#include <vector>

#include "core/playground/methods.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::playground {

class RatePlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit RatePlot(QWidget* parent = nullptr);

  void setData(const std::vector<lambdascope::playground::Trace>& runs, const std::vector<QColor>& colors,
               const std::vector<lambdascope::playground::RateBound>& references, double fStar);
  void setShownIteration(int k);
  void setLogScale(bool on);
  void setShowRates(bool on);
  void setLargeFonts(bool on);

  /// The suboptimality graph of run i (NaN where F(x_k) − F* ≤ 0, i.e. at machine precision).
  QCPGraph* runGraph(int i) const;
  QCPGraph* boundGraph(int i) const;  ///< nullptr when no bound applies to run i

 private:
  void rebuild();

  std::vector<lambdascope::playground::Trace> runs_;
  std::vector<QColor> colors_;
  std::vector<lambdascope::playground::RateBound> references_;
  double fStar_ = 0.0;
  bool log_ = true, showRates_ = true, large_ = false;
  int shown_ = 0;
  std::vector<QCPGraph*> runGraphs_, boundGraphs_;
  QCPItemStraightLine* cursor_ = nullptr;
};

}  // namespace lambdascope::ui::playground
