#pragma once
// One look for every plot: white background, readable fonts, thin dark axes, light grid.

#include <QColor>
#include <QFont>

class QCustomPlot;
class QCPAxis;

namespace lambdascope::ui::style {

/// A colour-blind-friendly qualitative palette (Okabe–Ito, then Tableau), cycled.
QColor seriesColor(int i);
QColor positiveColor();  ///< coefficients > 0
QColor negativeColor();  ///< coefficients < 0
QColor cursorColor();

QFont tickFont();
QFont labelFont();

/// Fonts, antialiasing, margins and the standard axis/grid look for a whole plot.
void applyPlotStyle(QCustomPlot* plot);
void styleAxis(QCPAxis* axis);

}  // namespace lambdascope::ui::style
