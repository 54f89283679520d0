#pragma once
// The prox explorer: penalties p(x) and their thresholding operators prox_p(v) for soft, hard,
// firm (MCP), SCAD and block soft thresholding, with λ and γ sliders.

#include <QWidget>
#include <map>
#include <string>

#include "core/playground/preset.hpp"

class QCheckBox;
class QLabel;
class QSlider;

namespace lambdascope::ui {
class PlotWidget;
}

namespace lambdascope::ui::playground {

class ProxExplorerView : public QWidget {
  Q_OBJECT

 public:
  explicit ProxExplorerView(QWidget* parent = nullptr);

  void setSettings(const lambdascope::playground::PresetProx& settings);
  lambdascope::playground::PresetProx settings() const;
  void setLargeFonts(bool on);

  PlotWidget* penaltyPlot() const { return penaltyPlot_; }
  PlotWidget* proxPlot() const { return proxPlot_; }
  QSlider* lambdaSlider() const { return lambdaSlider_; }

 Q_SIGNALS:
  void settingsChanged();
  void exportRequested(lambdascope::ui::PlotWidget* plot);

 private:
  void redraw();

  PlotWidget* penaltyPlot_;
  PlotWidget* proxPlot_;
  QSlider* lambdaSlider_;
  QSlider* gammaSlider_;
  QLabel* lambdaLabel_;
  QLabel* gammaLabel_;
  std::map<std::string, QCheckBox*> operators_;
  double xMax_ = 3.0;
  bool large_ = false;
};

}  // namespace lambdascope::ui::playground
