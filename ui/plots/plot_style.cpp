#include "ui/plots/plot_style.hpp"

#include <array>

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui::style {

QColor seriesColor(int i) {
  static const std::array<QColor, 16> palette{
      QColor(0, 114, 178),   QColor(213, 94, 0),    QColor(0, 158, 115),  QColor(204, 121, 167),
      QColor(230, 159, 0),   QColor(86, 180, 233),  QColor(0, 0, 0),      QColor(148, 103, 189),
      QColor(140, 86, 75),   QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207),
      QColor(214, 39, 40),   QColor(44, 160, 44),   QColor(31, 119, 180), QColor(255, 127, 14)};
  return palette[static_cast<std::size_t>(i) % palette.size()];
}

QColor positiveColor() { return QColor(178, 24, 43); }
QColor negativeColor() { return QColor(33, 102, 172); }
QColor cursorColor() { return QColor(60, 60, 60); }

QFont tickFont() {
  QFont f;
  f.setPointSizeF(9.0);
  return f;
}

QFont labelFont() {
  QFont f;
  f.setPointSizeF(10.0);
  return f;
}

void styleAxis(QCPAxis* axis) {
  const QPen axisPen(QColor(40, 40, 40), 1.0);
  axis->setBasePen(axisPen);
  axis->setTickPen(axisPen);
  axis->setSubTickPen(axisPen);
  axis->setTickLabelFont(tickFont());
  axis->setLabelFont(labelFont());
  axis->setTickLabelColor(QColor(30, 30, 30));
  axis->setLabelColor(QColor(30, 30, 30));
  axis->setTickLengthIn(0);
  axis->setTickLengthOut(4);
  axis->setSubTickLengthIn(0);
  axis->setSubTickLengthOut(2);
  axis->setPadding(4);
  axis->setLabelPadding(4);
  axis->grid()->setPen(QPen(QColor(225, 225, 225), 1.0, Qt::SolidLine));
  axis->grid()->setSubGridPen(QPen(QColor(242, 242, 242), 1.0, Qt::SolidLine));
  axis->grid()->setZeroLinePen(Qt::NoPen);
}

void applyPlotStyle(QCustomPlot* plot) {
  plot->setBackground(Qt::white);
  plot->setAntialiasedElements(QCP::aeAll);
  plot->setNotAntialiasedElements(QCP::aeNone);
  plot->setFont(tickFont());
  plot->setNoAntialiasingOnDrag(true);
  plot->setPlottingHint(QCP::phCacheLabels, true);
  for (QCPAxis* axis : plot->axisRect()->axes()) styleAxis(axis);
  plot->legend->setFont(tickFont());
  plot->legend->setBorderPen(QPen(QColor(200, 200, 200)));
  plot->legend->setBrush(QColor(255, 255, 255, 235));
  plot->legend->setIconSize(18, 8);
}

}  // namespace lambdascope::ui::style
