#pragma once
// Export a QCustomPlot to PNG, SVG or PDF.

#include <QSize>
#include <QString>
#include <optional>

class QCustomPlot;

namespace lambdascope::ui {

enum class PlotFormat { Png, Svg, Pdf };

/// Format from the file name's extension (case-insensitive), or nothing.
std::optional<PlotFormat> plotFormatFromPath(const QString& path);
QString plotFormatExtension(PlotFormat format);  ///< "png", "svg", "pdf"
/// "PNG image (*.png)" etc., for file dialogs.
QString plotFormatFilter(PlotFormat format);

/// Writes the plot in the format given by the extension. `size` in device-independent pixels;
/// empty = the widget's size (or 960 × 600 when it was never laid out). PNG is rendered at 2×.
/// SVG goes through QSvgGenerator + QCPPainter (QCustomPlot::toPainter), PDF through savePdf.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error, QSize size = {});

}  // namespace lambdascope::ui
