#pragma once
// ButterflyPlot: every sensor's trace over time, measured M, predicted G·B and residual M − G·B,
// stacked on one time axis with one amplitude scale, and the explained variance.

#include <QString>
#include <array>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class LineSetPlottable;

/// Three axis rects (measured, predicted, residual) sharing the time axis (s) and one value
/// range (that of M, so the residual reads against the data). Gradiometers, magnetometers and
/// EEG get their own colour when channel types are given. A dashed line marks the current time;
/// clicking a panel sets it (timeClicked). Data are copied in; the residual is M − predicted.
class ButterflyPlot : public PlotWidget {
  Q_OBJECT

 public:
  enum Panel { Measured = 0, Predicted = 1, Residual = 2 };

  explicit ButterflyPlot(QWidget* parent = nullptr);

  /// The measured data (n × T), its time axis and channel types (may be empty). Clears the
  /// prediction.
  void setMeasured(const Vec& times, const Mat& M, const std::vector<std::string>& channelTypes);
  /// G·B for the current solution (n × T; an empty matrix means B = 0).
  void setPredicted(const Mat& predicted, const QString& caption);
  void setCurrentTime(double t);

  const Vec& times() const { return times_; }
  const Mat& measured() const { return M_; }
  const Mat& predicted() const { return predicted_; }
  const Mat& residual() const { return residual_; }
  /// 1 − ‖M − G·B‖²_F / ‖M‖²_F of what is drawn.
  double explainedVariance() const { return explained_; }
  QCPAxisRect* panelRect(Panel p) const { return rects_[static_cast<std::size_t>(p)]; }
  double currentTime() const { return time_; }
  /// Traces drawn in one panel (all channel types).
  int traceCount(Panel p) const;

 Q_SIGNALS:
  void timeClicked(double seconds);

 protected:
  void sync() override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void fillPanel(Panel p, const Mat& values);

  Vec times_;
  Mat M_, predicted_, residual_;
  std::vector<int> typeOf_;  ///< per channel: 0 grad, 1 mag, 2 eeg/other
  double explained_ = 0.0;
  double time_ = 0.0;
  QString caption_;
  std::array<QCPAxisRect*, 3> rects_{};
  std::array<std::array<LineSetPlottable*, 3>, 3> traces_{};  ///< [panel][type]
  std::array<QCPItemStraightLine*, 3> cursors_{};
  std::array<QCPTextElement*, 3> titles_{};
  bool dirty_ = false;
};

}  // namespace lambdascope::ui::meeg
