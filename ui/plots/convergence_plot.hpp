#pragma once
// ConvergencePlot: the stopping criterion (log scale) against epochs or seconds for the lanes of
// a solver race, with the threshold the solvers must reach as a dashed line.

#include <array>
#include <vector>

#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui {

class ConvergenceModel;

/// One QCPGraph per lane (line + markers, a distinct colour and marker shape each, so the figure
/// also reads in grey). sync() copies the model's traces into the graphs; the throttle calls it
/// at most every 40 ms while batches arrive. Values ≤ 0 (a gap that rounding made non-positive)
/// are drawn at the bottom of the axis, not dropped.
class ConvergencePlot : public PlotWidget {
  Q_OBJECT

 public:
  enum class XAxis { Epochs, Seconds };

  explicit ConvergencePlot(QWidget* parent = nullptr);

  void setModel(const ConvergenceModel* model);

  XAxis xAxisMode() const { return mode_; }
  void setXAxisMode(XAxis mode);

  /// The trace of lane i, or nullptr.
  QCPGraph* trace(int lane) const;
  int traceCount() const { return static_cast<int>(traces_.size()); }
  QCPItemStraightLine* thresholdLine() const { return thresholdLine_; }
  /// The legend text of lane i ("ws-cd: 0.8 ms, 37 epochs" once finished).
  QString traceName(int lane) const;

  /// Solver internals under the criterion, same x axis: per lane the working-set size, the
  /// features removed by gap-safe screening and the accepted Anderson extrapolations.
  enum class Internal { WorkingSet = 0, Screened = 1, Extrapolations = 2 };
  QCPAxisRect* internalsRect() const { return internals_; }
  QCPGraph* internalsTrace(int lane, Internal kind) const;

 protected:
  void sync() override;

 private:
  void onModelReset();
  void rebuildTraces();
  void updateTitle();
  void onMouseMove(QMouseEvent* event);

  const ConvergenceModel* model_ = nullptr;
  XAxis mode_ = XAxis::Epochs;
  double timeScale_ = 1e3;  // seconds → displayed unit (ms or s)
  std::vector<QCPGraph*> traces_;
  QCPAxisRect* internals_;
  QCPLegend* internalsLegend_;
  std::vector<std::array<QCPGraph*, 3>> internalsTraces_;
  QCPTextElement* title_;
  QCPItemStraightLine* thresholdLine_;
  QCPItemText* thresholdLabel_;
  QCPItemText* emptyText_;
};

}  // namespace lambdascope::ui
