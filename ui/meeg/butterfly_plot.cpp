#include "ui/meeg/butterfly_plot.hpp"

#include <QMouseEvent>
#include <algorithm>
#include <cmath>

#include "ui/meeg/line_set_plottable.hpp"
#include "ui/meeg/meeg_solution.hpp"
#include "ui/meeg/meeg_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

ButterflyPlot::ButterflyPlot(QWidget* parent) : PlotWidget(QStringLiteral("meeg-butterfly"), parent) {
  setObjectName(QStringLiteral("butterflyPlot"));
  setInteractions({});
  plotLayout()->clear();
  auto* group = new QCPMarginGroup(this);
  const std::array<QColor, 3> colors{gradiometerColor(), magnetometerColor(), eegColor()};
  for (int p = 0; p < 3; ++p) {
    auto* title = new QCPTextElement(this, QString(), style::tickFont());
    title->setTextFlags(Qt::AlignLeft);
    title->setMargins(QMargins(50, 2, 0, 0));
    auto* rect = new QCPAxisRect(this, true);
    plotLayout()->addElement(2 * p, 0, title);
    plotLayout()->addElement(2 * p + 1, 0, rect);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    for (QCPAxis* axis : rect->axes()) style::styleAxis(axis);
    rect->axis(QCPAxis::atLeft)->setLabel(p == 0 ? tr("M") : p == 1 ? tr("G·B") : tr("M − G·B"));
    rect->axis(QCPAxis::atBottom)->setTickLabels(p == 2);
    if (p == 2) rect->axis(QCPAxis::atBottom)->setLabel(tr("time (s)"));
    rects_[static_cast<std::size_t>(p)] = rect;
    titles_[static_cast<std::size_t>(p)] = title;
    for (int t = 0; t < 3; ++t) {
      auto* lines = new LineSetPlottable(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      lines->setPen(QPen(colors[static_cast<std::size_t>(t)], 0.8));
      traces_[static_cast<std::size_t>(p)][static_cast<std::size_t>(t)] = lines;
    }
    auto* cursor = new QCPItemStraightLine(this);
    cursor->setClipAxisRect(rect);
    cursor->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    cursor->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    cursor->setPen(QPen(style::cursorColor(), 1.0, Qt::DashLine));
    cursor->setSelectable(false);
    cursors_[static_cast<std::size_t>(p)] = cursor;
    rect->setMinimumSize(50, 40);
  }
  for (int r = 0; r < 3; ++r) plotLayout()->setRowStretchFactor(2 * r, 0.001);
}

void ButterflyPlot::setMeasured(const Vec& times, const Mat& M, const std::vector<std::string>& channelTypes) {
  times_ = times;
  M_ = M;
  predicted_ = Mat::Zero(M.rows(), M.cols());
  residual_ = M_;
  explained_ = 0.0;
  caption_.clear();
  typeOf_.assign(static_cast<std::size_t>(M.rows()), 0);
  for (std::size_t i = 0; i < typeOf_.size() && i < channelTypes.size(); ++i)
    typeOf_[i] = channelTypes[i] == "grad" ? 0 : channelTypes[i] == "mag" ? 1 : 2;
  if (times_.size() > 0) time_ = times_(0);
  dirty_ = true;
  throttle()->request();
}

void ButterflyPlot::setPredicted(const Mat& predicted, const QString& caption) {
  if (predicted.rows() == M_.rows() && predicted.cols() == M_.cols())
    predicted_ = predicted;
  else
    predicted_ = Mat::Zero(M_.rows(), M_.cols());
  residual_ = M_ - predicted_;
  explained_ = meeg::explainedVariance(M_, residual_);
  caption_ = caption;
  dirty_ = true;
  throttle()->request();
}

void ButterflyPlot::setCurrentTime(double t) {
  time_ = t;
  throttle()->request();
}

int ButterflyPlot::traceCount(Panel p) const {
  int n = 0;
  for (auto* lines : traces_[static_cast<std::size_t>(p)]) n += lines->polylineCount();
  return n;
}

void ButterflyPlot::fillPanel(Panel p, const Mat& values) {
  for (int t = 0; t < 3; ++t) {
    std::vector<QPointF> points;
    std::vector<int> starts{0};
    for (Index i = 0; i < values.rows(); ++i) {
      if (typeOf_[static_cast<std::size_t>(i)] != t) continue;
      for (Index k = 0; k < values.cols() && k < times_.size(); ++k) points.emplace_back(times_(k), values(i, k));
      starts.push_back(static_cast<int>(points.size()));
    }
    traces_[static_cast<std::size_t>(p)][static_cast<std::size_t>(t)]->setPolylines(std::move(points), std::move(starts));
  }
}

void ButterflyPlot::sync() {
  if (dirty_) {
    dirty_ = false;
    fillPanel(Measured, M_);
    fillPanel(Predicted, predicted_);
    fillPanel(Residual, residual_);
    const double amp = M_.size() > 0 ? std::max(1e-12, M_.cwiseAbs().maxCoeff()) * 1.05 : 1.0;
    const double t0 = times_.size() > 0 ? times_(0) : 0.0;
    const double t1 = times_.size() > 1 ? times_(times_.size() - 1) : t0 + 1.0;
    for (QCPAxisRect* rect : rects_) {
      rect->axis(QCPAxis::atBottom)->setRange(t0, t1);
      rect->axis(QCPAxis::atLeft)->setRange(-amp, amp);
    }
    const double mNorm = M_.squaredNorm();
    const double rNorm = residual_.squaredNorm();
    titles_[Measured]->setText(tr("measured M  (%1 sensors, ‖M‖²_F = %2)").arg(M_.rows()).arg(mNorm, 0, 'g', 5));
    titles_[Predicted]->setText(tr("predicted G·B  %1").arg(caption_));
    titles_[Residual]->setText(tr("residual M − G·B  (‖·‖²_F = %1, explained variance %2 %)")
                                   .arg(rNorm, 0, 'g', 5)
                                   .arg(100.0 * explained_, 0, 'f', 1));
  }
  for (QCPItemStraightLine* c : cursors_) {
    c->point1->setCoords(time_, 0.0);
    c->point2->setCoords(time_, 1.0);
  }
}

void ButterflyPlot::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton) return;
  for (QCPAxisRect* rect : rects_) {
    if (!rect->rect().contains(event->pos())) continue;
    const double t = rect->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x());
    Q_EMIT timeClicked(t);
    return;
  }
}

}  // namespace lambdascope::ui::meeg
