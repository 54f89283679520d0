#include "ui/meeg/meeg_style.hpp"

namespace lambdascope::ui::meeg {

QCPColorGradient amplitudeGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(255, 237, 160));
  g.setColorStopAt(0.35, QColor(254, 178, 76));
  g.setColorStopAt(0.7, QColor(227, 26, 28));
  g.setColorStopAt(1.0, QColor(110, 0, 30));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  g.setLevelCount(256);
  return g;
}

QCPColorGradient magnitudeGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(255, 255, 255));
  g.setColorStopAt(0.15, QColor(222, 235, 247));
  g.setColorStopAt(0.5, QColor(107, 174, 214));
  g.setColorStopAt(0.8, QColor(33, 113, 181));
  g.setColorStopAt(1.0, QColor(8, 48, 107));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  g.setLevelCount(256);
  g.setNanHandling(QCPColorGradient::nhNanColor);
  g.setNanColor(QColor(236, 236, 236));
  return g;
}

QColor gradiometerColor() { return QColor(0, 114, 178, 90); }
QColor magnetometerColor() { return QColor(213, 94, 0, 110); }
QColor eegColor() { return QColor(0, 158, 115, 110); }
QColor selectedSourceColor() { return QColor(0, 0, 0); }

}  // namespace lambdascope::ui::meeg
