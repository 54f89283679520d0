#pragma once
// "Large fonts" for projecting and for slides: bigger tick, label and legend fonts and thicker
// lines, switched on and off on a live plot (the normal look is plot_style's).

class QCustomPlot;

namespace lambdascope::ui::playground {

/// Fonts of axes and legend: the standard look, or about twice as large for slides.
void applySlideFonts(QCustomPlot* plot, bool large);
/// Line width to use for data curves in either mode.
double curveWidth(bool large);

}  // namespace lambdascope::ui::playground
