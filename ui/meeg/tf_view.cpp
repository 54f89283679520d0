#include "ui/meeg/tf_view.hpp"

#include "ui/meeg/meeg_style.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

TfView::TfView(QWidget* parent)
    : PlotWidget(QStringLiteral("meeg-tf"), parent),
      map_(new QCPColorMap(xAxis, yAxis)),
      scale_(new QCPColorScale(this)),
      titleElement_(new QCPTextElement(this, QString(), style::tickFont())),
      noteItem_(new QCPItemText(this)) {
  setObjectName(QStringLiteral("tfView"));
  setInteractions({});
  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, titleElement_);
  plotLayout()->addElement(1, 1, scale_);
  const QCPColorGradient gradient = magnitudeGradient();
  map_->setGradient(gradient);
  map_->setInterpolate(false);
  map_->setTightBoundary(false);
  scale_->setType(QCPAxis::atRight);
  scale_->setGradient(gradient);
  scale_->setBarWidth(8);
  scale_->setRangeDrag(false);
  scale_->setRangeZoom(false);
  style::styleAxis(scale_->axis());
  scale_->axis()->setLabel(tr("|Z|"));
  map_->setColorScale(scale_);
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  xAxis->setLabel(tr("time (s)"));
  yAxis->setLabel(tr("frequency (Hz)"));
  xAxis->grid()->setVisible(false);
  yAxis->grid()->setVisible(false);
  noteItem_->position->setType(QCPItemPosition::ptAxisRectRatio);
  noteItem_->position->setCoords(0.5, 0.5);
  noteItem_->setColor(QColor(110, 110, 110));
  noteItem_->setSelectable(false);
}

void TfView::setMagnitude(const Mat& magnitude, double t0, double stepSeconds, double freqStep, const QString& title,
                          const QString& note) {
  magnitude_ = magnitude;
  t0_ = t0;
  dt_ = stepSeconds > 0.0 ? stepSeconds : 1.0;
  df_ = freqStep > 0.0 ? freqStep : 1.0;
  title_ = title;
  note_ = note;
  dirty_ = true;
  throttle()->request();
}

void TfView::sync() {
  if (!dirty_) return;
  dirty_ = false;
  titleElement_->setText(title_);
  noteItem_->setText(note_);
  noteItem_->setVisible(magnitude_.size() == 0 && !note_.isEmpty());
  map_->data()->clear();
  if (magnitude_.size() == 0) return;
  const int nF = static_cast<int>(magnitude_.rows()), nS = static_cast<int>(magnitude_.cols());
  QCPColorMapData* cells = map_->data();
  cells->setSize(nS, nF);
  const double t1 = t0_ + (nS - 1) * dt_;
  const double f1 = (nF - 1) * df_;
  cells->setRange(QCPRange(t0_, nS > 1 ? t1 : t0_ + dt_), QCPRange(0.0, nF > 1 ? f1 : df_));
  for (int s = 0; s < nS; ++s)
    for (int f = 0; f < nF; ++f) cells->setCell(s, f, magnitude_(f, s));
  const double mx = magnitude_.maxCoeff();
  map_->setDataRange(QCPRange(0.0, mx > 0.0 ? mx : 1.0));
  xAxis->setRange(t0_ - 0.5 * dt_, t1 + 0.5 * dt_);
  yAxis->setRange(-0.5 * df_, f1 + 0.5 * df_);
}

}  // namespace lambdascope::ui::meeg
