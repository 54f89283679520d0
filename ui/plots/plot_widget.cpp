#include "ui/plots/plot_widget.hpp"

#include <QApplication>
#include <QClipboard>
#include <QMenu>

#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

PlotWidget::PlotWidget(const QString& exportName, QWidget* parent)
    : QCustomPlot(parent),
      exportName_(exportName),
      throttle_(new PlotThrottle(this, [this] { sync(); })) {
  style::applyPlotStyle(this);
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(this, &QWidget::customContextMenuRequested, this, &PlotWidget::showContextMenu);
}

bool PlotWidget::exportTo(const QString& path, QString* error, QSize size) {
  flush();
  return exportPlot(this, path, error, size);
}

void PlotWidget::showContextMenu(const QPoint& pos) {
  QMenu menu(this);
  for (PlotFormat format : {PlotFormat::Png, PlotFormat::Svg, PlotFormat::Pdf}) {
    const QString ext = plotFormatExtension(format).toUpper();
    menu.addAction(tr("Export as %1…").arg(ext), this,
                   [this, format] { Q_EMIT exportRequested(format); });
  }
  menu.addAction(tr("Copy image"), this, [this] {
    flush();
    QApplication::clipboard()->setPixmap(toPixmap(0, 0, 2.0));
  });
  extendContextMenu(&menu);
  menu.exec(mapToGlobal(pos));
}

}  // namespace lambdascope::ui
