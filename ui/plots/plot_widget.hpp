#pragma once
// PlotWidget: the QCustomPlot base of every Lambdascope plot (style, throttle, export menu).

#include <QString>

#include "ui/plots/plot_export.hpp"
#include "ui/plots/plot_throttle.hpp"
#include "ui/plots/qcp.hpp"

namespace lambdascope::ui {

class PlotWidget : public QCustomPlot {
  Q_OBJECT

 public:
  /// `exportName` is the default file name stem offered when exporting (e.g. "coefficient-path").
  PlotWidget(const QString& exportName, QWidget* parent = nullptr);

  const QString& exportName() const { return exportName_; }
  PlotThrottle* throttle() const { return throttle_; }
  /// Apply pending data and replot now.
  void flush() { throttle_->flush(); }
  /// flush() then write PNG/SVG/PDF by extension.
  bool exportTo(const QString& path, QString* error, QSize size = {});

 Q_SIGNALS:
  /// The user asked (context menu) to export in `format`; the window shows the dialog.
  void exportRequested(lambdascope::ui::PlotFormat format);

 protected:
  /// Move the model's new data into plottables; called by the throttle before each replot.
  virtual void sync() {}
  /// Subclasses may add entries to the context menu.
  virtual void extendContextMenu(QMenu* /*menu*/) {}

 private:
  void showContextMenu(const QPoint& pos);

  QString exportName_;
  PlotThrottle* throttle_;
};

}  // namespace lambdascope::ui
