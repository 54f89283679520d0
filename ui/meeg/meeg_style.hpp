#pragma once
// Colours shared by the M/EEG views (amplitude scale, sensor types, measured/predicted/residual).

#include <QColor>

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui::meeg {

/// Sequential light-yellow → dark-red scale for source amplitudes (readable on white and on the
/// grey mesh; zero is pale, the strongest source dark).
QCPColorGradient amplitudeGradient();
/// Sequential white → dark-blue scale for |Z| and the support heat map.
QCPColorGradient magnitudeGradient();

QColor gradiometerColor();
QColor magnetometerColor();
QColor eegColor();
QColor selectedSourceColor();

}  // namespace lambdascope::ui::meeg
