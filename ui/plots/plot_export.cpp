#include "ui/plots/plot_export.hpp"

#include <QFileInfo>
#include <QSvgGenerator>

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui {

std::optional<PlotFormat> plotFormatFromPath(const QString& path) {
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext == QLatin1String("png")) return PlotFormat::Png;
  if (ext == QLatin1String("svg")) return PlotFormat::Svg;
  if (ext == QLatin1String("pdf")) return PlotFormat::Pdf;
  return std::nullopt;
}

QString plotFormatExtension(PlotFormat format) {
  switch (format) {
    case PlotFormat::Png: return QStringLiteral("png");
    case PlotFormat::Svg: return QStringLiteral("svg");
    case PlotFormat::Pdf: return QStringLiteral("pdf");
  }
  return {};
}

QString plotFormatFilter(PlotFormat format) {
  switch (format) {
    case PlotFormat::Png: return QObject::tr("PNG image (*.png)");
    case PlotFormat::Svg: return QObject::tr("SVG vector image (*.svg)");
    case PlotFormat::Pdf: return QObject::tr("PDF document (*.pdf)");
  }
  return {};
}

namespace {

bool saveSvg(QCustomPlot* plot, const QString& path, QSize size) {
  QSvgGenerator generator;
  generator.setFileName(path);
  generator.setSize(size);
  generator.setViewBox(QRect(QPoint(0, 0), size));
  generator.setTitle(QStringLiteral("Lambdascope plot"));
  generator.setDescription(QStringLiteral("Exported by Lambdascope"));
  QCPPainter painter;
  if (!painter.begin(&generator)) return false;
  plot->toPainter(&painter, size.width(), size.height());
  return painter.end();
}

}  // namespace

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error, QSize size) {
  const auto format = plotFormatFromPath(path);
  if (!format) {
    if (error) *error = QObject::tr("%1: unknown plot format (use .png, .svg or .pdf)").arg(path);
    return false;
  }
  if (size.isEmpty()) size = plot->size();
  if (size.width() < 50 || size.height() < 50) size = QSize(960, 600);
  bool ok = false;
  switch (*format) {
    case PlotFormat::Png:
      ok = plot->savePng(path, size.width(), size.height(), 2.0, -1, 192);
      break;
    case PlotFormat::Svg:
      ok = saveSvg(plot, path, size);
      break;
    case PlotFormat::Pdf:
      ok = plot->savePdf(path, size.width(), size.height(), QCP::epNoCosmetic,
                         QStringLiteral("Lambdascope"), QStringLiteral("Lambdascope plot"));
      break;
  }
  if (!ok && error) *error = QObject::tr("%1: could not write the file").arg(path);
  return ok;
}

}  // namespace lambdascope::ui
