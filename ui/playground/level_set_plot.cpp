#include "ui/playground/level_set_plot.hpp"

#include <QMouseEvent>
#include <QResizeEvent>
#include <algorithm>
#include <cmath>

#include "ui/playground/slide_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::playground {

using namespace lambdascope::playground;

namespace {
constexpr int kGridSize = 161;  // 161² evaluations of F: < 50 ms even for logistic (n = 442)
}

LevelSetPlot::LevelSetPlot(QWidget* parent) : PlotWidget(QStringLiteral("playground-level-sets"), parent) {
  setObjectName(QStringLiteral("levelSetPlot"));
  xAxis->setLabel(QStringLiteral("x₁"));
  yAxis->setLabel(QStringLiteral("x₂"));
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  setMinimumSize(320, 280);
}

void LevelSetPlot::setProblem(const Problem& problem, const ViewBox& box, int levels) {
  fStar_ = problem.optimalValue();
  minimizer_ = problem.minimizer();
  decorations_ = problem.decorations();
  grid_ = sampleGrid([&](const Vec2& x) { return problem.value(x); }, box, kGridSize, kGridSize);
  contours_.clear();
  for (double level : chooseLevels(grid_, fStar_, levels)) contours_.push_back(contourAt(grid_, level));
  rebuild();
}

void LevelSetPlot::setRuns(const std::vector<Trace>& runs, const std::vector<QColor>& colors) {
  runs_ = runs;
  colors_ = colors;
  rebuild();
}

void LevelSetPlot::setStart(const Vec2& start) {
  start_ = start;
  if (startMarker_) {
    startMarker_->data()->clear();
    startMarker_->addData(start[0], start[1]);
    throttle()->request();
  }
}

void LevelSetPlot::setShownIteration(int k) {
  shown_ = std::max(0, k);
  updateRuns();
}

void LevelSetPlot::setLargeFonts(bool on) {
  large_ = on;
  applySlideFonts(this, on);
  rebuild();
}

int LevelSetPlot::contourLineCount() const { return contourLines_; }

QCPCurve* LevelSetPlot::runCurve(int i) const {
  return i >= 0 && i < runCount() ? runCurves_[static_cast<std::size_t>(i)] : nullptr;
}

void LevelSetPlot::rebuild() {
  clearPlottables();
  clearItems();
  runCurves_.clear();
  headMarkers_.clear();
  arrows_.clear();
  map_ = nullptr;
  startMarker_ = nullptr;
  contourLines_ = 0;
  if (grid_.nx < 2) {
    throttle()->request();
    return;
  }
  const ViewBox& b = grid_.box;
  xAxis->setRange(b.xMin, b.xMax);
  yAxis->setRange(b.yMin, b.yMax);
  fitAspect();

  // Colour map of log10(F − F*): light, so that curves on top stay readable when projected.
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->removeFromLegend();
  map_->data()->setSize(grid_.nx, grid_.ny);
  map_->data()->setRange(QCPRange(b.xMin, b.xMax), QCPRange(b.yMin, b.yMax));
  double lo = std::numeric_limits<double>::infinity();
  for (double v : grid_.values)
    if (v - fStar_ > 0) lo = std::min(lo, v - fStar_);
  const double floor = std::isfinite(lo) ? lo : 1e-12;
  for (int iy = 0; iy < grid_.ny; ++iy)
    for (int ix = 0; ix < grid_.nx; ++ix)
      map_->data()->setCell(ix, iy, std::log10(std::max(grid_.at(ix, iy) - fStar_, floor)));
  QCPColorGradient gradient;
  gradient.setColorStopAt(0.0, QColor(120, 160, 205));
  gradient.setColorStopAt(0.5, QColor(205, 222, 240));
  gradient.setColorStopAt(1.0, QColor(252, 252, 255));
  map_->setGradient(gradient);
  map_->setInterpolate(true);
  map_->rescaleDataRange(true);

  const QPen contourPen(QColor(70, 90, 120, 170), large_ ? 1.4 : 0.9);
  for (const Contour& c : contours_) {
    for (const auto& line : c.lines) {
      auto* curve = new QCPCurve(xAxis, yAxis);
      curve->removeFromLegend();
      curve->setPen(contourPen);
      QVector<double> t, x, y;
      for (std::size_t i = 0; i < line.size(); ++i) {
        t << double(i);
        x << line[i][0];
        y << line[i][1];
      }
      curve->setData(t, x, y, true);
      ++contourLines_;
    }
  }

  // Decorations: the penalty ball through x* (dashed), the least-squares point.
  for (const Decoration& d : decorations_) {
    auto* curve = new QCPCurve(xAxis, yAxis);
    curve->setName(QString::fromStdString(d.label));
    QVector<double> t, x, y;
    auto pts = d.points;
    if (d.closed && !pts.empty()) pts.push_back(pts.front());
    for (std::size_t i = 0; i < pts.size(); ++i) {
      t << double(i);
      x << pts[i][0];
      y << pts[i][1];
    }
    curve->setData(t, x, y, true);
    if (pts.size() == 1) {
      curve->setLineStyle(QCPCurve::lsNone);
      curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(QColor(60, 60, 60), 2), Qt::NoBrush, large_ ? 14 : 9));
    } else {
      curve->setPen(QPen(QColor(40, 40, 40), large_ ? 2.4 : 1.5, Qt::DashLine));
    }
  }
  auto* star = new QCPCurve(xAxis, yAxis);
  star->setName(QStringLiteral("x*"));
  star->addData(minimizer_[0], minimizer_[1]);
  star->setLineStyle(QCPCurve::lsNone);
  star->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(0, 0, 0), 1.5), QColor(255, 215, 0), large_ ? 22 : 15));

  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const QColor c = i < colors_.size() ? colors_[i] : style::seriesColor(static_cast<int>(i));
    auto* curve = new QCPCurve(xAxis, yAxis);
    curve->setName(QString::fromStdString(runs_[i].label));
    curve->setPen(QPen(c, curveWidth(large_)));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, large_ ? 7 : 5));
    runCurves_.push_back(curve);
    auto* head = new QCPCurve(xAxis, yAxis);
    head->removeFromLegend();
    head->setLineStyle(QCPCurve::lsNone);
    head->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(c, 2.0), Qt::white, large_ ? 15 : 11));
    headMarkers_.push_back(head);
  }
  startMarker_ = new QCPCurve(xAxis, yAxis);
  startMarker_->setName(tr("start (click to move)"));
  startMarker_->setLineStyle(QCPCurve::lsNone);
  startMarker_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(Qt::black, 1.5), QColor(255, 255, 255), large_ ? 12 : 9));
  startMarker_->addData(start_[0], start_[1]);
  updateRuns();
}

void LevelSetPlot::updateRuns() {
  for (QCPItemLine* a : arrows_) removeItem(a);
  arrows_.clear();
  for (std::size_t i = 0; i < runCurves_.size() && i < runs_.size(); ++i) {
    const Trace& t = runs_[i];
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(shown_) + 1, t.iterates.size());
    QVector<double> k, x, y;
    for (std::size_t j = 0; j < n; ++j) {
      k << double(j);
      x << t.iterates[j][0];
      y << t.iterates[j][1];
    }
    runCurves_[i]->setData(k, x, y, true);
    headMarkers_[i]->data()->clear();
    if (n > 0) headMarkers_[i]->addData(t.iterates[n - 1][0], t.iterates[n - 1][1]);
    // Stochastic runs: at the current iterate, the step along the sampled gradient (solid) and
    // along the true gradient (dashed); their difference is the noise.
    if (n > 0 && n - 1 < t.fullGradients.size()) {
      const Vec2 from = t.iterates[n - 1];
      const double s = t.steps[n - 1];
      const QColor c = runCurves_[i]->pen().color();
      const std::pair<Vec2, Qt::PenStyle> dirs[2] = {{t.gradients[n - 1], Qt::SolidLine},
                                                     {t.fullGradients[n - 1], Qt::DashLine}};
      for (const auto& [g, penStyle] : dirs) {
        auto* arrow = new QCPItemLine(this);
        arrow->start->setCoords(from[0], from[1]);
        arrow->end->setCoords(from[0] - s * g[0], from[1] - s * g[1]);
        arrow->setPen(QPen(c.darker(140), large_ ? 2.5 : 1.6, penStyle));
        arrow->setHead(QCPLineEnding::esSpikeArrow);
        arrows_.push_back(arrow);
      }
    }
  }
  throttle()->request();
}

void LevelSetPlot::fitAspect(QSize size) {
  if (size.isEmpty()) size = this->size();
  if (grid_.nx < 2 || size.width() < 100 || size.height() < 100) {
    axisRect()->setAutoMargins(QCP::msAll);
    return;
  }
  // Room for tick labels and axis labels, then centre a rectangle of the box's aspect.
  const int left = large_ ? 96 : 62, bottom = large_ ? 84 : 50, top = large_ ? 18 : 12, right = large_ ? 18 : 12;
  const double w = size.width() - left - right, h = size.height() - top - bottom;
  const double aspect = (grid_.box.xMax - grid_.box.xMin) / (grid_.box.yMax - grid_.box.yMin);
  QMargins m(left, top, right, bottom);
  if (w / h > aspect) {
    const int extra = static_cast<int>((w - h * aspect) / 2);
    m.setLeft(left + extra);
    m.setRight(right + extra);
  } else {
    const int extra = static_cast<int>((h - w / aspect) / 2);
    m.setTop(top + extra);
    m.setBottom(bottom + extra);
  }
  axisRect()->setAutoMargins(QCP::msNone);
  axisRect()->setMargins(m);
}

void LevelSetPlot::resizeEvent(QResizeEvent* event) {
  fitAspect(event->size());
  PlotWidget::resizeEvent(event);
}

void LevelSetPlot::mousePressEvent(QMouseEvent* event) {
  pressPos_ = event->pos();
  PlotWidget::mousePressEvent(event);
}

void LevelSetPlot::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton || (event->pos() - pressPos_).manhattanLength() > 4) return;
  if (!axisRect()->rect().contains(event->pos())) return;
  Q_EMIT startPicked(xAxis->pixelToCoord(event->pos().x()), yAxis->pixelToCoord(event->pos().y()));
}

}  // namespace lambdascope::ui::playground
