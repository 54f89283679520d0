#pragma once
// GlassBrainView: the cortical meshes and the candidate sources in three orthogonal projections
// (a "glass brain"), with the active sources coloured by amplitude and a colour scale.

#include <QString>
#include <array>
#include <vector>

#include "core/meeg/meeg_case.hpp"
#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class LineSetPlottable;
class SourceScatter;

enum class BrainProjection { Sagittal = 0, Coronal = 1, Axial = 2 };

/// One PlotWidget with three axis rects (sagittal seen from the right, coronal seen from behind,
/// axial seen from above; millimetres of the MRI frame, equal scale in every view and on both
/// axes) and a colour scale. Mesh edges are faint and tinted per hemisphere (lh blue, rh orange),
/// every candidate source is a faint dot, active sources are discs coloured (and sized) by
/// amplitude, strongest drawn last. Hover shows a source's index, hemisphere, position and
/// amplitude; a click selects it (sourceClicked). Data arrive through setters; nothing here
/// computes a solution.
class GlassBrainView : public PlotWidget {
  Q_OBJECT

 public:
  explicit GlassBrainView(QWidget* parent = nullptr);
  ~GlassBrainView() override;

  /// Source positions (p × 3, meters), hemispheres (p: 0 lh, 1 rh; may be empty) and the
  /// meshes (may be null). Clears the active set and the selection.
  void setGeometry(const Mat& sourcePositions, const std::vector<int>& hemisphere, const CorticalMesh* lh,
                   const CorticalMesh* rh);
  /// Active sources and their amplitudes (≥ 0, same length); `label` names the colour scale.
  void setActive(std::vector<Index> sources, std::vector<double> amplitudes, const QString& label);
  void setSelectedSource(Index j);  ///< −1: none

  Index sourceCount() const { return static_cast<Index>(positionsMm_.rows()); }
  const std::vector<Index>& activeSources() const { return active_; }
  const std::vector<double>& activeAmplitudes() const { return amplitudes_; }
  Index selectedSource() const { return selected_; }
  int meshEdgeCount() const;  ///< edges drawn in one projection, both hemispheres
  QCPAxisRect* projectionRect(BrainProjection view) const { return rects_[static_cast<std::size_t>(view)]; }
  QCPColorScale* colorScale() const { return scale_; }
  /// Widget pixel of source j in one projection (for tests and tooltips).
  QPointF sourcePixel(Index j, BrainProjection view) const;
  /// The source under a widget pixel (active ones win within the pick radius); −1 when none.
  Index sourceAt(const QPointF& pixel) const;
  /// "#123 lh (−52.1, −20.3, 8.9) mm" for source j.
  QString describeSource(Index j) const;

 Q_SIGNALS:
  void sourceClicked(lambdascope::Index source);
  void sourceHovered(lambdascope::Index source);  ///< −1 when the cursor leaves every source

 protected:
  void updateLayout() override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void rebuildMeshes(const CorticalMesh* lh, const CorticalMesh* rh);
  void fitRanges();

  Mat positionsMm_;  ///< p × 3
  std::vector<int> hemisphere_;
  std::vector<Index> active_;
  std::vector<double> amplitudes_;
  Index selected_ = -1;
  std::array<double, 3> lo_{}, hi_{};  ///< data bounds (mm) per coordinate
  std::array<QCPAxisRect*, 3> rects_{};
  std::array<SourceScatter*, 3> scatters_{};
  std::array<std::array<LineSetPlottable*, 2>, 3> meshes_{};  ///< [view][hemisphere]
  std::array<std::vector<QCPItemText*>, 3> sideLabels_{};
  QCPColorScale* scale_ = nullptr;
  QPoint pressPos_;
};

}  // namespace lambdascope::ui::meeg
