#include "ui/meeg/alpha_support_heatmap.hpp"

#include <QMouseEvent>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/meeg/meeg_path_model.hpp"
#include "ui/meeg/meeg_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

namespace {
constexpr int kMaxLabelledRows = 25;
constexpr double kActiveFloor = 0.12;  // the weakest active cell is still visibly not white
}  // namespace

AlphaSupportHeatmap::AlphaSupportHeatmap(QWidget* parent)
    : PlotWidget(QStringLiteral("meeg-support-vs-alpha"), parent),
      map_(new QCPColorMap(xAxis, yAxis)),
      scale_(new QCPColorScale(this)),
      cursor_(new QCPItemStraightLine(this)),
      rowTicker_(new QCPAxisTickerText) {
  setObjectName(QStringLiteral("alphaSupportHeatmap"));
  setInteractions({});
  const QCPColorGradient gradient = magnitudeGradient();
  map_->setGradient(gradient);
  map_->setInterpolate(false);
  map_->setTightBoundary(true);
  map_->setDataRange(QCPRange(0.0, 1.0));
  plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->setGradient(gradient);
  scale_->setDataRange(QCPRange(0.0, 1.0));
  scale_->setBarWidth(8);
  scale_->setRangeDrag(false);
  scale_->setRangeZoom(false);
  style::styleAxis(scale_->axis());
  scale_->axis()->setLabel(tr("‖B_i‖ / max"));
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  xAxis->setLabel(tr("α (% of α_max, log scale)"));
  xAxis->setRangeReversed(true);
  xAxis->grid()->setVisible(false);
  xAxis->setSubTicks(false);
  yAxis->setLabel(tr("ever-active source"));
  yAxis->setRangeReversed(true);
  yAxis->grid()->setVisible(false);
  yAxis->setSubTicks(false);
  yAxis->setTicker(rowTicker_);
  cursor_->setPen(QPen(style::cursorColor(), 1.4, Qt::DashLine));
  cursor_->setSelectable(false);
  cursor_->setVisible(false);
}

void AlphaSupportHeatmap::setModel(const MeegPathModel* model, const std::vector<int>* hemisphere) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  hemisphere_ = hemisphere;
  if (model_) {
    connect(model_, &MeegPathModel::modelReset, throttle(), &PlotThrottle::request);
    connect(model_, &MeegPathModel::entryAppended, throttle(), &PlotThrottle::request);
    connect(model_, &MeegPathModel::selectionChanged, throttle(), &PlotThrottle::request);
  }
  throttle()->request();
}

int AlphaSupportHeatmap::columnOf(int k) const {
  return k >= 0 && k < static_cast<int>(columns_.size()) ? columns_[static_cast<std::size_t>(k)] : -1;
}

void AlphaSupportHeatmap::sync() {
  map_->data()->clear();
  rows_.clear();
  columns_.clear();
  rowTicker_->clear();
  if (!model_) return;
  const auto [lo, hi] = model_->logPercentRange();
  xAxis->setTicker(percentTicker(lo, hi));
  const auto& entries = model_->entries();
  const int nCols = std::max<int>(static_cast<int>(model_->planned().size()), model_->size());
  rows_ = model_->everActive();
  const int nRows = static_cast<int>(rows_.size());
  const double halfCell = nCols > 1 ? 0.5 * (hi - lo) / (nCols - 1) : 0.05;
  xAxis->setRange(lo - halfCell, hi + halfCell);
  if (nCols == 0 || nRows == 0) {
    yAxis->setRange(-0.5, 0.5);
    cursor_->setVisible(false);
    return;
  }
  QCPColorMapData* cells = map_->data();
  cells->setSize(nCols, nRows);
  cells->setRange(QCPRange(lo, hi), QCPRange(0.0, nRows - 1.0));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int c = 0; c < nCols; ++c)
    for (int r = 0; r < nRows; ++r) cells->setCell(c, r, nan);
  std::vector<int> rowOf;
  for (int r = 0; r < nRows; ++r) {
    const auto j = static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)]);
    if (j >= rowOf.size()) rowOf.resize(j + 1, -1);
    rowOf[j] = r;
  }
  for (const PathEntry& e : entries) {
    const MeegSolution& s = e.solution;
    int col = 0;
    if (nCols > 1 && s.alphaPercent > 0.0)
      col = static_cast<int>(std::lround((std::log10(s.alphaPercent) - lo) / (hi - lo) * (nCols - 1)));
    col = std::clamp(col, 0, nCols - 1);
    columns_.push_back(col);
    for (int r = 0; r < nRows; ++r) cells->setCell(col, r, 0.0);
    double maxNorm = 0.0;
    for (Index r = 0; r < s.rows.rows(); ++r) maxNorm = std::max(maxNorm, s.rows.row(r).norm());
    for (std::size_t k = 0; k < s.activeSet.size(); ++k) {
      const auto j = static_cast<std::size_t>(s.activeSet[k]);
      if (j >= rowOf.size() || rowOf[j] < 0) continue;
      const double norm = static_cast<Index>(k) < s.rows.rows() ? s.rows.row(static_cast<Index>(k)).norm() : 0.0;
      const double rel = maxNorm > 0.0 ? norm / maxNorm : 1.0;
      cells->setCell(col, rowOf[j], kActiveFloor + (1.0 - kActiveFloor) * rel);
    }
  }
  yAxis->setRange(-0.5, nRows - 0.5);
  const int step = std::max(1, (nRows + kMaxLabelledRows - 1) / kMaxLabelledRows);
  for (int r = 0; r < nRows; r += step) {
    const auto j = static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)]);
    QString hemi;
    if (hemisphere_ && j < hemisphere_->size()) hemi = (*hemisphere_)[j] == 0 ? QStringLiteral("lh ") : QStringLiteral("rh ");
    rowTicker_->addTick(r, hemi + QString::number(j));
  }
  const PathEntry* sel = model_->selectedEntry();
  cursor_->setVisible(sel != nullptr);
  if (sel) {
    const double x = std::log10(std::max(sel->solution.alphaPercent, 1e-12));
    cursor_->point1->setCoords(x, 0.0);
    cursor_->point2->setCoords(x, 1.0);
  }
}

void AlphaSupportHeatmap::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() == Qt::LeftButton && axisRect()->rect().contains(event->pos()))
    Q_EMIT alphaClicked(std::pow(10.0, xAxis->pixelToCoord(event->position().x())));
}

}  // namespace lambdascope::ui::meeg
