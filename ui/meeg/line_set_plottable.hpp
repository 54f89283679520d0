#pragma once
// LineSetPlottable: thousands of line segments or polylines in one QCustomPlot plottable
// (mesh edges of the glass brain, the sensor traces of a butterfly plot). One QCPGraph per
// trace would cost a layout and a legend entry each; this draws them all with one pen.

#include <QPointF>
#include <vector>

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui::meeg {

class LineSetPlottable : public QCPAbstractPlottable {
  Q_OBJECT

 public:
  LineSetPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis);

  /// Independent segments: points (2k, 2k+1) form segment k.
  void setSegments(std::vector<QPointF> endpoints);
  /// Polylines: polyline k is points [starts[k], starts[k+1]) (starts.back() = points.size()).
  void setPolylines(std::vector<QPointF> points, std::vector<int> starts);
  void clearData();

  int segmentCount() const;
  int polylineCount() const { return starts_.empty() ? 0 : static_cast<int>(starts_.size()) - 1; }
  const std::vector<QPointF>& points() const { return points_; }

  double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
  QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
  QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                         const QCPRange& inKeyRange = QCPRange()) const override;

 protected:
  void draw(QCPPainter* painter) override;
  void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

 private:
  void updateBounds();

  std::vector<QPointF> points_;
  std::vector<int> starts_;  ///< empty: segments mode
  bool segments_ = true;
  QRectF bounds_;
  bool hasBounds_ = false;
};

}  // namespace lambdascope::ui::meeg
