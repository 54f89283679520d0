#include "ui/playground/rate_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/playground/slide_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::playground {

using namespace lambdascope::playground;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

RatePlot::RatePlot(QWidget* parent) : PlotWidget(QStringLiteral("playground-convergence"), parent) {
  setObjectName(QStringLiteral("ratePlot"));
  xAxis->setLabel(tr("iteration k"));
  yAxis->setLabel(tr("F(x_k) − F*"));
  legend->setVisible(true);
  // Suboptimality falls from the top left: the bottom left stays free for the legend.
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
  setMinimumSize(320, 240);
  setLogScale(true);
}

void RatePlot::setData(const std::vector<Trace>& runs, const std::vector<QColor>& colors,
                       const std::vector<RateBound>& references, double fStar) {
  runs_ = runs;
  colors_ = colors;
  references_ = references;
  fStar_ = fStar;
  rebuild();
}

void RatePlot::setShownIteration(int k) {
  shown_ = k;
  if (cursor_) {
    cursor_->point1->setCoords(k, 1.0);
    cursor_->point2->setCoords(k, 2.0);
    throttle()->request();
  }
}

void RatePlot::setLogScale(bool on) {
  log_ = on;
  if (on) {
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    yAxis->setNumberFormat(QStringLiteral("eb"));
    yAxis->setNumberPrecision(0);
  } else {
    yAxis->setScaleType(QCPAxis::stLinear);
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    yAxis->setNumberFormat(QStringLiteral("g"));
    yAxis->setNumberPrecision(4);
  }
  rebuild();
}

void RatePlot::setShowRates(bool on) {
  showRates_ = on;
  rebuild();
}

void RatePlot::setLargeFonts(bool on) {
  large_ = on;
  applySlideFonts(this, on);
  rebuild();
}

QCPGraph* RatePlot::runGraph(int i) const {
  return i >= 0 && i < static_cast<int>(runGraphs_.size()) ? runGraphs_[static_cast<std::size_t>(i)] : nullptr;
}

QCPGraph* RatePlot::boundGraph(int i) const {
  return i >= 0 && i < static_cast<int>(boundGraphs_.size()) ? boundGraphs_[static_cast<std::size_t>(i)] : nullptr;
}

void RatePlot::rebuild() {
  clearGraphs();
  clearItems();
  runGraphs_.clear();
  boundGraphs_.clear();
  cursor_ = nullptr;
  double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
  int kMax = 1;
  const double tiny = 1e-16 * std::max(1.0, std::abs(fStar_));
  auto add = [&](const std::vector<double>& ys, bool isGap) {
    QVector<double> x, y;
    for (std::size_t k = 0; k < ys.size(); ++k) {
      double v = isGap ? ys[k] - fStar_ : ys[k];
      if (log_ && !(v > 0.0)) v = kNaN;  // at (or below, by rounding) F*: off a log scale
      x << double(k);
      y << v;
      if (std::isfinite(v) && (!log_ || v > tiny)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
    kMax = std::max(kMax, static_cast<int>(ys.size()) - 1);
    return std::make_pair(x, y);
  };
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const QColor c = i < colors_.size() ? colors_[i] : style::seriesColor(static_cast<int>(i));
    auto [x, y] = add(runs_[i].values, true);
    QCPGraph* g = addGraph();
    g->setName(QString::fromStdString(runs_[i].label));
    g->setPen(QPen(c, curveWidth(large_)));
    g->setData(x, y, true);
    runGraphs_.push_back(g);
    QCPGraph* bound = nullptr;
    if (!runs_[i].bound.empty()) {
      // The bound may start far above the data; keep it out of the y range's maximum.
      const double hiBefore = hi;
      auto [bx, by] = add(runs_[i].bound.values, false);
      hi = hiBefore;
      bound = addGraph();
      QString name = tr("bound ") + QString::fromStdString(runs_[i].bound.name);
      if (runs_[i].bound.bestIterate) name += tr(" (best iterate)");
      if (runs_[i].bound.expectation) name += tr(" (in expectation)");
      bound->setName(name);
      bound->setPen(QPen(c, curveWidth(large_) * 0.8, Qt::DashLine));
      bound->setData(bx, by, true);
    }
    boundGraphs_.push_back(bound);
  }
  if (showRates_) {
    const Qt::PenStyle styles[] = {Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine, Qt::DotLine};
    int j = 0;
    for (const RateBound& r : references_) {
      const double hiBefore = hi, loBefore = lo;
      auto [x, y] = add(r.values, false);
      hi = hiBefore;
      lo = loBefore;
      QCPGraph* g = addGraph();
      g->setName(tr("rate %1").arg(QString::fromStdString(r.name)));
      g->setPen(QPen(QColor(110, 110, 110), large_ ? 2.0 : 1.2, styles[j++ % 4]));
      g->setData(x, y, true);
    }
  }
  xAxis->setRange(0, kMax);
  if (!std::isfinite(lo) || hi <= 0.0) {
    lo = 1e-16;
    hi = 1.0;
  }
  if (log_) yAxis->setRange(std::max(lo / 3.0, 1e-17), hi * 3.0);
  else yAxis->setRange(std::min(0.0, lo), hi * 1.05);
  cursor_ = new QCPItemStraightLine(this);
  cursor_->setPen(QPen(style::cursorColor(), 1.0, Qt::DashLine));
  cursor_->point1->setCoords(shown_, 1.0);
  cursor_->point2->setCoords(shown_, 2.0);
  throttle()->request();
}

}  // namespace lambdascope::ui::playground
