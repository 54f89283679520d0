#pragma once
// PathPlot: coefficient paths against λ (log scale, decreasing to the right, as in glmnet),
// the support size on the top axis, and a draggable λ cursor.

#include <vector>

#include "core/progress.hpp"
#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui {

class PathModel;

/// One QCPGraph per feature, named after it (created lazily, on entering the support, when the
/// dataset has more than kMaxEagerCurves features). New points are appended by sync(), which the
/// throttle calls at most every 40 ms. The cursor selects a solved point: mouse press/drag on the
/// plot, Left/Right/Home/End with the keyboard, or setCursorIndex(). Until the user moves it, the
/// cursor follows the newest point of a running job.
///
/// A row of markers along the bottom of the plot gives each solved λ's certificate: a small
/// green dot when the solver reached its threshold (termination Converged and gap ≤ threshold),
/// a red cross when it stopped early (epoch budget, or gap above the threshold). They are two
/// QCPCurves (scatter only) on a hidden [0, 1] axis, appended by sync() like the paths.
class PathPlot : public PlotWidget {
  Q_OBJECT

 public:
  static constexpr Index kMaxEagerCurves = 1000;
  static constexpr Index kMaxLegendEntries = 20;
  static constexpr int kTopAxisTicks = 8;

  explicit PathPlot(QWidget* parent = nullptr);

  void setModel(const PathModel* model);

  int cursorIndex() const { return cursor_; }
  /// Select solved point k (clamped); stops following the newest point. Emits cursorIndexChanged.
  void setCursorIndex(int k);
  bool followsNewest() const { return follow_; }

  /// The curve of feature j, or nullptr while it has none (see kMaxEagerCurves).
  QCPGraph* curve(Index j) const;
  QCPItemStraightLine* cursorLine() const { return cursorLine_; }
  /// Certificate markers: one data point per certified / not certified solved λ.
  QCPCurve* certifiedMarkers() const { return certified_; }
  QCPCurve* uncertifiedMarkers() const { return uncertified_; }
  /// Whether a path point counts as certified (what the markers show).
  static bool isCertified(const PathPoint& point);
  /// Solved points drawn so far (lags the model by at most one throttle interval).
  int plottedPoints() const { return plotted_; }
  /// The solved point nearest (in log λ) to a horizontal pixel position; -1 when none.
  int indexAtPixel(double x) const;
  /// Horizontal pixel position of solved point k.
  double pixelForIndex(int k) const;

 Q_SIGNALS:
  void cursorIndexChanged(int index);

 protected:
  void sync() override;
  void keyPressEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void onModelReset();
  void onGridChanged();
  void onMousePress(QMouseEvent* event);
  void onMouseMove(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);
  QCPGraph* ensureCurve(Index j);
  void moveCursor(int k);
  void placeCursor();
  void updateTopAxis();
  void updateValueRange();
  void showHoverTip(const QPoint& pos);
  bool showCertificateTip(const QPoint& pos);

  const PathModel* model_ = nullptr;
  std::vector<QCPGraph*> curves_;
  int plotted_ = 0;
  int cursor_ = -1;
  bool follow_ = true;
  bool dragging_ = false;
  double minCoef_ = 0.0;
  double maxCoef_ = 0.0;
  QCPItemStraightLine* cursorLine_;
  QCPItemText* cursorLabel_;
  QCPItemStraightLine* zeroLine_;
  QSharedPointer<QCPAxisTickerText> topTicker_;
  QCPAxis* certificateAxis_;
  QCPCurve* certified_;
  QCPCurve* uncertified_;
  std::vector<int> certifiedIndex_;    // path point of each certified marker
  std::vector<int> uncertifiedIndex_;  // and of each cross
};

}  // namespace lambdascope::ui
