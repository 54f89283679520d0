#include "ui/meeg/line_set_plottable.hpp"

#include <QPolygonF>
#include <algorithm>
#include <cmath>

namespace lambdascope::ui::meeg {

LineSetPlottable::LineSetPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis) {
  setSelectable(QCP::stNone);
  setBrush(Qt::NoBrush);
}

void LineSetPlottable::setSegments(std::vector<QPointF> endpoints) {
  points_ = std::move(endpoints);
  if (points_.size() % 2 == 1) points_.pop_back();
  starts_.clear();
  segments_ = true;
  updateBounds();
}

void LineSetPlottable::setPolylines(std::vector<QPointF> points, std::vector<int> starts) {
  points_ = std::move(points);
  starts_ = std::move(starts);
  segments_ = false;
  updateBounds();
}

void LineSetPlottable::clearData() {
  points_.clear();
  starts_.clear();
  updateBounds();
}

int LineSetPlottable::segmentCount() const {
  if (segments_) return static_cast<int>(points_.size() / 2);
  int n = 0;
  for (std::size_t k = 0; k + 1 < starts_.size(); ++k) n += std::max(0, starts_[k + 1] - starts_[k] - 1);
  return n;
}

void LineSetPlottable::updateBounds() {
  hasBounds_ = false;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  for (const QPointF& p : points_) {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    if (!hasBounds_) {
      x0 = x1 = p.x();
      y0 = y1 = p.y();
      hasBounds_ = true;
    } else {
      x0 = std::min(x0, p.x());
      x1 = std::max(x1, p.x());
      y0 = std::min(y0, p.y());
      y1 = std::max(y1, p.y());
    }
  }
  bounds_ = QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

double LineSetPlottable::selectTest(const QPointF&, bool, QVariant*) const { return -1.0; }

QCPRange LineSetPlottable::getKeyRange(bool& foundRange, QCP::SignDomain) const {
  foundRange = hasBounds_;
  return QCPRange(bounds_.left(), bounds_.right());
}

QCPRange LineSetPlottable::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const {
  foundRange = hasBounds_;
  return QCPRange(bounds_.top(), bounds_.bottom());
}

void LineSetPlottable::draw(QCPPainter* painter) {
  QCPAxis* key = keyAxis();
  QCPAxis* value = valueAxis();
  if (!key || !value || points_.empty()) return;
  applyDefaultAntialiasingHint(painter);
  painter->setPen(pen());
  painter->setBrush(Qt::NoBrush);
  // Axis coordinate transforms are affine on linear axes: compute them once, not per point.
  const double kx0 = key->coordToPixel(0.0), kx1 = key->coordToPixel(1.0) - kx0;
  const double vy0 = value->coordToPixel(0.0), vy1 = value->coordToPixel(1.0) - vy0;
  const bool vertical = key->orientation() == Qt::Vertical;
  auto toPixel = [&](const QPointF& p) {
    const double a = kx0 + kx1 * p.x();
    const double b = vy0 + vy1 * p.y();
    return vertical ? QPointF(b, a) : QPointF(a, b);
  };
  if (segments_) {
    QVector<QLineF> lines;
    lines.reserve(static_cast<int>(points_.size() / 2));
    for (std::size_t k = 0; k + 1 < points_.size(); k += 2)
      lines.append(QLineF(toPixel(points_[k]), toPixel(points_[k + 1])));
    painter->drawLines(lines);
    return;
  }
  QPolygonF line;
  for (std::size_t k = 0; k + 1 < starts_.size(); ++k) {
    line.clear();
    for (int i = starts_[k]; i < starts_[k + 1]; ++i) line.append(toPixel(points_[static_cast<std::size_t>(i)]));
    if (line.size() > 1) painter->drawPolyline(line);
  }
}

void LineSetPlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
  painter->setPen(pen());
  const double y = rect.center().y();
  painter->drawLine(QLineF(rect.left(), y, rect.right(), y));
}

}  // namespace lambdascope::ui::meeg
