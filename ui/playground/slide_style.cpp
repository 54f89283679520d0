#include "ui/playground/slide_style.hpp"

#include "ui/plots/plot_style.hpp"
#include "ui/plots/qcp.hpp"

namespace lambdascope::ui::playground {

void applySlideFonts(QCustomPlot* plot, bool large) {
  QFont tick = style::tickFont(), label = style::labelFont();
  if (large) {
    tick.setPointSizeF(16.0);
    label.setPointSizeF(19.0);
  }
  for (QCPAxis* axis : plot->axisRect()->axes()) {
    axis->setTickLabelFont(tick);
    axis->setLabelFont(label);
    QPen pen = axis->basePen();
    pen.setWidthF(large ? 1.6 : 1.0);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
  }
  QFont legend = style::tickFont();
  if (large) legend.setPointSizeF(14.0);
  plot->legend->setFont(legend);
  plot->legend->setIconSize(large ? 34 : 18, large ? 14 : 8);
}

double curveWidth(bool large) { return large ? 3.0 : 1.6; }

}  // namespace lambdascope::ui::playground
