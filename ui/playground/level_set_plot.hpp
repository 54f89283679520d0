#pragma once
// The playground's main picture: F's level sets (a colour map of log(F − F*) and contour
// polylines computed in core), the problem's decorations (ℓ1 ball, least-squares point, x*), and
// each method's iterates up to the shown iteration, with the sampled and true gradients of
// stochastic methods drawn as arrows at the current iterate. A click sets the start point.

#include <QColor>
#include <QPoint>
#include <vector>

#include "core/playground/contours.hpp"
#include "core/playground/methods.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::playground {

using lambdascope::playground::Trace;
using lambdascope::playground::Vec2;

class LevelSetPlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit LevelSetPlot(QWidget* parent = nullptr);

  /// Sample F on `box` and compute `levels` contour levels (the slow part: call on problem change).
  void setProblem(const lambdascope::playground::Problem& problem, const lambdascope::playground::ViewBox& box,
                  int levels);
  void setRuns(const std::vector<Trace>& runs, const std::vector<QColor>& colors);
  void setStart(const Vec2& start);
  /// Draw iterates 0..k of every run (clamped to each run's length).
  void setShownIteration(int k);
  void setLargeFonts(bool on);
  /// Margins that make one unit of x as long as one unit of y on a canvas of `size` (the
  /// widget's when empty): circles stay round, rotations look like rotations.
  void fitAspect(QSize size = {});

  int contourLineCount() const;
  /// The curve drawn for run i (its data are the iterates shown).
  QCPCurve* runCurve(int i) const;
  int runCount() const { return static_cast<int>(runCurves_.size()); }

 Q_SIGNALS:
  void startPicked(double x, double y);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rebuild();
  void updateRuns();

  lambdascope::playground::Grid grid_;
  std::vector<lambdascope::playground::Contour> contours_;
  std::vector<lambdascope::playground::Decoration> decorations_;
  Vec2 minimizer_ = Vec2::Zero();
  double fStar_ = 0.0;
  Vec2 start_ = Vec2::Zero();
  std::vector<Trace> runs_;
  std::vector<QColor> colors_;
  int shown_ = 0;
  bool large_ = false;
  QPoint pressPos_;

  QCPColorMap* map_ = nullptr;
  std::vector<QCPCurve*> runCurves_;
  std::vector<QCPCurve*> headMarkers_;
  std::vector<QCPItemLine*> arrows_;
  QCPCurve* startMarker_ = nullptr;
  int contourLines_ = 0;
};

}  // namespace lambdascope::ui::playground
