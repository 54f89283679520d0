#pragma once
// The optimization playground: a window a teacher can project. Left, the lesson (preset) and its
// controls: problem and its parameters, methods (several at once, each with its step, momentum,
// batch size), start point, iterations; right, the level sets with the iterates, the
// convergence plot with the theoretical rates, and the prox explorer. All numbers come from
// core/playground; this class only edits a Preset, runs it and draws the result.

#include <QColor>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "core/playground/methods.hpp"
#include "core/playground/preset.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace lambdascope::ui {
class PlotWidget;
}

namespace lambdascope::ui::playground {

class LevelSetPlot;
class ProxExplorerView;
class RatePlot;

class PlaygroundWindow : public QWidget {
  Q_OBJECT

 public:
  enum class Figure { LevelSets, Convergence, ProxPenalties, ProxOperators };

  explicit PlaygroundWindow(QWidget* parent = nullptr);
  ~PlaygroundWindow() override;

  /// Load a preset file (a path or a ":/presets/..." resource) and run it.
  bool loadPresetFile(const QString& path, QString* error);
  bool savePresetFile(const QString& path, QString* error) const;
  /// Replace the lesson and run it.
  void setPreset(const lambdascope::playground::Preset& preset);
  const lambdascope::playground::Preset& preset() const { return preset_; }
  /// The shipped lessons (resource paths).
  static QStringList shippedPresets();

  /// Run every method now (normally coalesced after a change).
  void recompute();
  const std::vector<lambdascope::playground::Trace>& runs() const { return runs_; }
  const lambdascope::playground::Problem* problem() const { return problem_.get(); }
  /// Problems found by the last run (incompatible method, invalid parameter); empty when none.
  QString lastError() const { return lastError_; }

  // Animation: the iterates 0..k are drawn.
  void setShownIteration(int k);
  int shownIteration() const { return shown_; }
  void play();
  void pause();
  bool isPlaying() const { return animation_.isActive(); }

  void setStart(double x, double y);
  void setLargeFonts(bool on);
  bool exportFigure(Figure which, const QString& path, QString* error);
  bool exportRunJson(const QString& path, QString* error) const;

  LevelSetPlot* levelSetPlot() const { return levelSets_; }
  RatePlot* ratePlot() const { return rates_; }
  ProxExplorerView* proxExplorer() const { return prox_; }
  QTabWidget* tabs() const { return tabs_; }

 Q_SIGNALS:
  /// After every recompute (runs and plots updated).
  void recomputed();

 private:
  void buildUi();
  void syncControlsFromPreset();
  void updateProblemControls();
  void updateMethodControls();
  void onProblemControlsChanged();
  void onMethodControlsChanged();
  void scheduleRecompute(bool problemChanged);
  void refreshMethodList();
  void onAddMethod();
  void onRemoveMethod();
  void onAnimationTick();
  void onExportClicked(Figure which);
  void onExportPlot(PlotWidget* plot);
  void onOpenPreset();
  void onSavePreset();
  PlotWidget* figurePlot(Figure which) const;

  lambdascope::playground::Preset preset_;
  std::unique_ptr<lambdascope::playground::Problem> problem_;
  std::vector<lambdascope::playground::Trace> runs_;
  std::vector<QColor> colors_;  ///< one per run, by method position (stable when a run fails)
  QString lastError_;
  int shown_ = 0;
  bool problemDirty_ = true;
  bool large_ = false;
  QTimer recomputeTimer_;
  QTimer animation_;

  // Widgets.
  QTabWidget* tabs_ = nullptr;
  LevelSetPlot* levelSets_ = nullptr;
  RatePlot* rates_ = nullptr;
  ProxExplorerView* prox_ = nullptr;
  QComboBox* lessons_ = nullptr;
  QLabel* lessonTitle_ = nullptr;
  QLabel* lessonText_ = nullptr;
  QComboBox* problemBox_ = nullptr;
  QSlider* conditionSlider_ = nullptr;
  QLabel* conditionLabel_ = nullptr;
  QSlider* rotationSlider_ = nullptr;
  QLabel* rotationLabel_ = nullptr;
  QSlider* lambdaSlider_ = nullptr;
  QLabel* lambdaLabel_ = nullptr;
  QSlider* l1RatioSlider_ = nullptr;
  QLabel* l1RatioLabel_ = nullptr;
  QComboBox* featureA_ = nullptr;
  QComboBox* featureB_ = nullptr;
  QWidget* quadraticRows_ = nullptr;
  QWidget* lambdaRows_ = nullptr;
  QWidget* enetRows_ = nullptr;
  QWidget* featureRows_ = nullptr;
  QListWidget* methodList_ = nullptr;
  QComboBox* methodToAdd_ = nullptr;
  QCheckBox* autoStep_ = nullptr;
  QSlider* stepSlider_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  QCheckBox* autoMomentum_ = nullptr;
  QSlider* momentumSlider_ = nullptr;
  QLabel* momentumLabel_ = nullptr;
  QSlider* batchSlider_ = nullptr;
  QLabel* batchLabel_ = nullptr;
  QSpinBox* seedBox_ = nullptr;
  QSpinBox* itersBox_ = nullptr;
  QDoubleSpinBox* startX_ = nullptr;
  QDoubleSpinBox* startY_ = nullptr;
  QSlider* iterationSlider_ = nullptr;
  QLabel* iterationLabel_ = nullptr;
  QPushButton* playButton_ = nullptr;
  QSpinBox* speedBox_ = nullptr;
  QSpinBox* levelsBox_ = nullptr;
  QCheckBox* logScale_ = nullptr;
  QCheckBox* showRates_ = nullptr;
  QCheckBox* largeFonts_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace lambdascope::ui::playground
