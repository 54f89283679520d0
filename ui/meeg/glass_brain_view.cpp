#include "ui/meeg/glass_brain_view.hpp"

#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

#include "ui/meeg/line_set_plottable.hpp"
#include "ui/meeg/meeg_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

namespace {

constexpr double kPickRadiusPx = 9.0;
constexpr double kPaddingMm = 6.0;

/// Horizontal and vertical coordinate (0 x, 1 y, 2 z) of each projection.
constexpr std::array<std::pair<int, int>, 3> kAxes{{{1, 2}, {0, 2}, {0, 1}}};

QColor hemisphereMeshColor(int hemi) {
  return hemi == 0 ? QColor(40, 90, 170, 34) : QColor(200, 100, 30, 34);
}

}  // namespace

/// Every candidate source as a faint dot, the active ones as discs coloured by amplitude on the
/// view's gradient (strongest drawn last, so on top), the selected one ringed.
class SourceScatter : public QCPAbstractPlottable {
 public:
  SourceScatter(QCPAxis* key, QCPAxis* value, int h, int v) : QCPAbstractPlottable(key, value), h_(h), v_(v) {
    setSelectable(QCP::stNone);
  }

  const Mat* positions = nullptr;
  const std::vector<Index>* active = nullptr;
  const std::vector<double>* amplitudes = nullptr;
  Index selected = -1;
  double maxAmplitude = 1.0;
  QCPColorGradient gradient;

  double selectTest(const QPointF&, bool, QVariant*) const override { return -1.0; }
  QCPRange getKeyRange(bool& found, QCP::SignDomain) const override { return range(h_, found); }
  QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override { return range(v_, found); }

 protected:
  void draw(QCPPainter* painter) override {
    if (!positions || positions->rows() == 0) return;
    painter->setRenderHint(QPainter::Antialiasing, true);
    const Mat& P = *positions;
    auto px = [&](Index j) {
      return QPointF(keyAxis()->coordToPixel(P(j, h_)), valueAxis()->coordToPixel(P(j, v_)));
    };
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(110, 110, 110, 90));
    for (Index j = 0; j < P.rows(); ++j) painter->drawEllipse(px(j), 1.3, 1.3);
    if (active && amplitudes && !active->empty()) {
      std::vector<std::size_t> order(active->size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(),
                [&](std::size_t a, std::size_t b) { return (*amplitudes)[a] < (*amplitudes)[b]; });
      const QCPRange range(0.0, maxAmplitude > 0.0 ? maxAmplitude : 1.0);
      for (std::size_t k : order) {
        const double a = (*amplitudes)[k];
        const double t = std::clamp(a / range.upper, 0.0, 1.0);
        const QColor c = QColor::fromRgb(gradient.color(a, range));
        const double r = 3.0 + 4.0 * std::sqrt(t);
        painter->setPen(QPen(c.darker(160), 0.8));
        painter->setBrush(c);
        painter->drawEllipse(px((*active)[k]), r, r);
      }
    }
    if (selected >= 0 && selected < P.rows()) {
      painter->setBrush(Qt::NoBrush);
      painter->setPen(QPen(QColor(0, 0, 0), 1.8));
      painter->drawEllipse(px(selected), 8.5, 8.5);
      painter->setPen(QPen(QColor(255, 255, 255), 1.0));
      painter->drawEllipse(px(selected), 10.0, 10.0);
    }
  }
  void drawLegendIcon(QCPPainter*, const QRectF&) const override {}

 private:
  QCPRange range(int c, bool& found) const {
    found = positions && positions->rows() > 0;
    if (!found) return {};
    return QCPRange(positions->col(c).minCoeff(), positions->col(c).maxCoeff());
  }

  int h_, v_;
};

GlassBrainView::GlassBrainView(QWidget* parent) : PlotWidget(QStringLiteral("glass-brain"), parent) {
  setObjectName(QStringLiteral("glassBrainView"));
  setMouseTracking(true);
  setInteractions({});
  plotLayout()->clear();
  plotLayout()->setRowSpacing(0);
  const std::array<QString, 3> titles{tr("Sagittal (from the right)"), tr("Coronal (from behind)"),
                                      tr("Axial (from above)")};
  const std::array<QString, 3> names{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
  const QCPColorGradient gradient = amplitudeGradient();
  for (int view = 0; view < 3; ++view) {
    auto* title = new QCPTextElement(this, titles[static_cast<std::size_t>(view)], style::labelFont());
    plotLayout()->addElement(0, view, title);
    auto* rect = new QCPAxisRect(this, true);
    plotLayout()->addElement(1, view, rect);
    rect->setAutoMargins(QCP::msNone);
    rect->setMargins(QMargins(50, 4, 6, 42));
    for (QCPAxis* axis : rect->axes()) style::styleAxis(axis);
    const auto [h, v] = kAxes[static_cast<std::size_t>(view)];
    rect->axis(QCPAxis::atBottom)->setLabel(tr("%1 (mm)").arg(names[static_cast<std::size_t>(h)]));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("%1 (mm)").arg(names[static_cast<std::size_t>(v)]));
    rect->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    rect->axis(QCPAxis::atLeft)->grid()->setVisible(false);
    for (QCPAxis* axis : rect->axes()) {
      axis->setSubTicks(false);
      axis->ticker()->setTickCount(4);
    }
    rects_[static_cast<std::size_t>(view)] = rect;
    for (int hemi = 0; hemi < 2; ++hemi) {
      auto* mesh = new LineSetPlottable(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      mesh->setPen(QPen(hemisphereMeshColor(hemi), 0.8));
      mesh->setAntialiased(true);
      mesh->setName(hemi == 0 ? tr("left hemisphere") : tr("right hemisphere"));
      meshes_[static_cast<std::size_t>(view)][static_cast<std::size_t>(hemi)] = mesh;
    }
    auto* scatter = new SourceScatter(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft), h, v);
    scatter->positions = &positionsMm_;
    scatter->active = &active_;
    scatter->amplitudes = &amplitudes_;
    scatter->gradient = gradient;
    scatters_[static_cast<std::size_t>(view)] = scatter;
    // Which side is which, in the corners of each projection.
    auto corner = [&](const QString& text, Qt::Alignment align, double x, double y) {
      auto* label = new QCPItemText(this);
      label->setClipAxisRect(rect);
      label->setClipToAxisRect(true);
      label->position->setAxisRect(rect);
      label->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      label->position->setType(QCPItemPosition::ptAxisRectRatio);
      label->position->setCoords(x, y);
      label->setPositionAlignment(align);
      label->setText(text);
      QFont f = style::labelFont();
      f.setBold(true);
      label->setFont(f);
      label->setColor(QColor(90, 90, 90));
      sideLabels_[static_cast<std::size_t>(view)].push_back(label);
    };
    if (view == 0) {
      corner(tr("P"), Qt::AlignLeft | Qt::AlignTop, 0.02, 0.02);
      corner(tr("A"), Qt::AlignRight | Qt::AlignTop, 0.98, 0.02);
    } else {
      corner(tr("L"), Qt::AlignLeft | Qt::AlignTop, 0.02, 0.02);
      corner(tr("R"), Qt::AlignRight | Qt::AlignTop, 0.98, 0.02);
    }
  }
  scale_ = new QCPColorScale(this);
  plotLayout()->addElement(1, 3, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->setGradient(gradient);
  scale_->setDataRange(QCPRange(0.0, 1.0));
  scale_->setBarWidth(10);
  scale_->setRangeDrag(false);
  scale_->setRangeZoom(false);
  style::styleAxis(scale_->axis());
  scale_->axis()->setLabel(tr("amplitude"));
  scale_->setMinimumMargins(QMargins(4, 4, 4, 42));
  auto* group = new QCPMarginGroup(this);
  for (QCPAxisRect* r : rects_) r->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  plotLayout()->setColumnStretchFactor(3, 0.01);
  setGeometry(Mat(0, 3), {}, nullptr, nullptr);
}

GlassBrainView::~GlassBrainView() = default;

void GlassBrainView::setGeometry(const Mat& sourcePositions, const std::vector<int>& hemisphere,
                                 const CorticalMesh* lh, const CorticalMesh* rh) {
  positionsMm_ = sourcePositions * 1000.0;
  hemisphere_ = hemisphere;
  active_.clear();
  amplitudes_.clear();
  selected_ = -1;
  for (auto* s : scatters_) s->selected = -1;
  rebuildMeshes(lh, rh);
  // Bounds from everything drawn (mesh vertices and sources), per coordinate.
  for (int c = 0; c < 3; ++c) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto take = [&](const Mat& P, double s) {
      if (P.rows() == 0) return;
      lo = std::min(lo, s * P.col(c).minCoeff());
      hi = std::max(hi, s * P.col(c).maxCoeff());
    };
    take(positionsMm_, 1.0);
    if (lh) take(lh->vertices, 1000.0);
    if (rh) take(rh->vertices, 1000.0);
    if (!std::isfinite(lo)) {
      lo = -80.0;
      hi = 80.0;
    }
    lo_[static_cast<std::size_t>(c)] = lo - kPaddingMm;
    hi_[static_cast<std::size_t>(c)] = hi + kPaddingMm;
  }
  // Columns as wide as their horizontal extent, so one mm is one scale in every view.
  for (int view = 0; view < 3; ++view) {
    const int h = kAxes[static_cast<std::size_t>(view)].first;
    plotLayout()->setColumnStretchFactor(view, hi_[static_cast<std::size_t>(h)] - lo_[static_cast<std::size_t>(h)]);
  }
  scale_->setDataRange(QCPRange(0.0, 1.0));
  throttle()->request();
}

void GlassBrainView::rebuildMeshes(const CorticalMesh* lh, const CorticalMesh* rh) {
  std::array<const CorticalMesh*, 2> meshes{lh, rh};
  for (std::size_t hemi = 0; hemi < 2; ++hemi) {
    const CorticalMesh* mesh = meshes[hemi];
    std::vector<std::pair<int, int>> edges;
    if (mesh && !mesh->empty()) {
      std::set<std::pair<int, int>> unique;
      for (Index t = 0; t < mesh->triangles.rows(); ++t)
        for (int e = 0; e < 3; ++e) {
          const int a = mesh->triangles(t, e), b = mesh->triangles(t, (e + 1) % 3);
          unique.emplace(std::min(a, b), std::max(a, b));
        }
      edges.assign(unique.begin(), unique.end());
    }
    for (std::size_t view = 0; view < 3; ++view) {
      const auto [h, v] = kAxes[view];
      std::vector<QPointF> ends;
      ends.reserve(edges.size() * 2);
      for (const auto& [a, b] : edges) {
        ends.emplace_back(1000.0 * mesh->vertices(a, h), 1000.0 * mesh->vertices(a, v));
        ends.emplace_back(1000.0 * mesh->vertices(b, h), 1000.0 * mesh->vertices(b, v));
      }
      meshes_[view][hemi]->setSegments(std::move(ends));
    }
  }
}

int GlassBrainView::meshEdgeCount() const { return meshes_[0][0]->segmentCount() + meshes_[0][1]->segmentCount(); }

void GlassBrainView::setActive(std::vector<Index> sources, std::vector<double> amplitudes, const QString& label) {
  if (amplitudes.size() != sources.size()) amplitudes.assign(sources.size(), 1.0);
  active_ = std::move(sources);
  amplitudes_ = std::move(amplitudes);
  double maxAmp = 0.0;
  for (double a : amplitudes_) maxAmp = std::max(maxAmp, a);
  if (!(maxAmp > 0.0)) maxAmp = 1.0;
  for (auto* s : scatters_) s->maxAmplitude = maxAmp;
  scale_->setDataRange(QCPRange(0.0, maxAmp));
  scale_->axis()->setLabel(label);
  throttle()->request();
}

void GlassBrainView::setSelectedSource(Index j) {
  selected_ = (j >= 0 && j < sourceCount()) ? j : -1;
  for (auto* s : scatters_) s->selected = selected_;
  throttle()->request();
}

void GlassBrainView::updateLayout() {
  QCustomPlot::updateLayout();
  fitRanges();
}

void GlassBrainView::fitRanges() {
  // One mm-per-pixel for all three views and both axes (equal aspect), the largest any view
  // needs to show its whole extent; each view is centred on its data.
  double scale = 0.0;
  for (std::size_t view = 0; view < 3; ++view) {
    const QRect r = rects_[view]->rect();
    if (r.width() < 2 || r.height() < 2) return;
    const auto [h, v] = kAxes[view];
    scale = std::max(scale, (hi_[static_cast<std::size_t>(h)] - lo_[static_cast<std::size_t>(h)]) / r.width());
    scale = std::max(scale, (hi_[static_cast<std::size_t>(v)] - lo_[static_cast<std::size_t>(v)]) / r.height());
  }
  for (std::size_t view = 0; view < 3; ++view) {
    const QRect r = rects_[view]->rect();
    const auto [h, v] = kAxes[view];
    const double ch = 0.5 * (lo_[static_cast<std::size_t>(h)] + hi_[static_cast<std::size_t>(h)]);
    const double cv = 0.5 * (lo_[static_cast<std::size_t>(v)] + hi_[static_cast<std::size_t>(v)]);
    rects_[view]->axis(QCPAxis::atBottom)->setRange(ch - 0.5 * scale * r.width(), ch + 0.5 * scale * r.width());
    rects_[view]->axis(QCPAxis::atLeft)->setRange(cv - 0.5 * scale * r.height(), cv + 0.5 * scale * r.height());
  }
}

QPointF GlassBrainView::sourcePixel(Index j, BrainProjection view) const {
  if (j < 0 || j >= sourceCount()) return {};
  const auto idx = static_cast<std::size_t>(view);
  const auto [h, v] = kAxes[idx];
  return QPointF(rects_[idx]->axis(QCPAxis::atBottom)->coordToPixel(positionsMm_(j, h)),
                 rects_[idx]->axis(QCPAxis::atLeft)->coordToPixel(positionsMm_(j, v)));
}

Index GlassBrainView::sourceAt(const QPointF& pixel) const {
  for (std::size_t view = 0; view < 3; ++view) {
    if (!rects_[view]->rect().contains(pixel.toPoint())) continue;
    const auto projection = static_cast<BrainProjection>(view);
    auto nearest = [&](auto&& indices) {
      Index best = -1;
      double bestD = kPickRadiusPx * kPickRadiusPx;
      for (Index j : indices) {
        const QPointF d = sourcePixel(j, projection) - pixel;
        const double d2 = d.x() * d.x() + d.y() * d.y();
        if (d2 <= bestD) {
          bestD = d2;
          best = j;
        }
      }
      return best;
    };
    const Index a = nearest(active_);
    if (a >= 0) return a;
    std::vector<Index> all(static_cast<std::size_t>(sourceCount()));
    std::iota(all.begin(), all.end(), Index{0});
    return nearest(all);
  }
  return -1;
}

QString GlassBrainView::describeSource(Index j) const {
  if (j < 0 || j >= sourceCount()) return {};
  QString hemi;
  if (static_cast<std::size_t>(j) < hemisphere_.size()) hemi = hemisphere_[static_cast<std::size_t>(j)] == 0 ? QStringLiteral(" lh") : QStringLiteral(" rh");
  return tr("#%1%2 (%3, %4, %5) mm")
      .arg(j)
      .arg(hemi)
      .arg(positionsMm_(j, 0), 0, 'f', 1)
      .arg(positionsMm_(j, 1), 0, 'f', 1)
      .arg(positionsMm_(j, 2), 0, 'f', 1);
}

void GlassBrainView::mousePressEvent(QMouseEvent* event) {
  pressPos_ = event->pos();
  PlotWidget::mousePressEvent(event);
}

void GlassBrainView::mouseMoveEvent(QMouseEvent* event) {
  PlotWidget::mouseMoveEvent(event);
  const Index j = sourceAt(event->position());
  Q_EMIT sourceHovered(j);
  if (j < 0) {
    QToolTip::hideText();
    return;
  }
  QString text = describeSource(j);
  const auto it = std::find(active_.begin(), active_.end(), j);
  if (it != active_.end())
    text += tr("\n%1 = %2").arg(scale_->axis()->label()).arg(amplitudes_[static_cast<std::size_t>(it - active_.begin())], 0, 'g', 4);
  else
    text += tr("\ninactive");
  QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void GlassBrainView::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton || (event->pos() - pressPos_).manhattanLength() > 4) return;
  const Index j = sourceAt(event->position());
  if (j < 0) return;
  setSelectedSource(j);
  Q_EMIT sourceClicked(j);
}

}  // namespace lambdascope::ui::meeg
