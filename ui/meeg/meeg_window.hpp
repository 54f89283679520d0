#pragma once
// The M/EEG source imaging window (View ▸ M/EEG Source Imaging, Ctrl+Shift+M): a glass brain
// with the active sources of the selected α, an α slider that walks the precomputed path live,
// the support-vs-α heat map, |A| / explained variance / SURE along α, the sensor butterfly
// (measured, predicted, residual), the selected source's time course and its TF-MxNE |Z|, and
// α chosen by hypergradient (one α or one per source), drawn live on the SURE / hold-out curve.
// All numbers come from core/meeg (through MeegController's worker thread); this class holds the
// results and keeps the views in step.

#include <QMainWindow>
#include <QPointer>
#include <optional>

#include "ui/meeg/meeg_path_model.hpp"
#include "ui/meeg/meeg_solution.hpp"
#include "ui/meeg/meeg_worker.hpp"
#include "ui/session/session_participant.hpp"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace lambdascope::ui {
class PlotWidget;
}

namespace lambdascope::ui::meeg {

class AlphaCurvesPlot;
class AlphaSupportHeatmap;
class ButterflyPlot;
class GlassBrainView;
class TfView;
class TimeCoursePlot;

class MeegWindow : public QMainWindow, public SessionParticipant {
  Q_OBJECT

 public:
  enum class Figure { Brain, Butterfly, TimeCourse, SupportHeatmap, AlphaCurves, TimeFrequency };
  static constexpr int kSliderSteps = 1000;

  /// `openBundled`: load the bundled reduced case and compute its path right away.
  explicit MeegWindow(QWidget* parent = nullptr, bool openBundled = true);
  ~MeegWindow() override;

  /// The bundled reduced real case (resources/meeg), extracted from the resources when needed;
  /// empty when not found.
  static QString bundledCasePath();

  /// Load a case (.npz or CSV folder) on the worker thread; the path is computed after it
  /// loads when autoRun() is on. Emits caseLoaded or shows the error.
  void openCase(const QString& path);
  /// Show an already loaded case (clears the path and the TF result).
  void setCase(CasePtr newCase);
  const MeegCase* currentCase() const { return case_.get(); }
  CasePtr caseData() const { return case_; }
  void setAutoRun(bool on) { autoRun_ = on; }

  PathRequest pathRequest() const;  ///< from the controls
  void setPathRequest(const PathRequest& request);
  void runPath();
  void runPath(const PathRequest& request);
  TfRequest tfRequest() const;
  void runTf();
  void runTf(const TfRequest& request);
  TuneRequest tuneRequest() const;  ///< from the controls: criterion, optimiser, per source, start at the shown α
  void runTune();
  void runTune(const TuneRequest& request);
  const std::optional<TuneResult>& tuneResult() const { return tuned_; }
  bool showsTuned() const { return showTuned_; }
  void setShowTuned(bool on);
  void cancel();
  bool isRunning() const;

  /// Move α (in % of α_max) to the nearest solved point, as the slider does.
  void setAlphaPercent(double percent);
  void setSelectedPathIndex(int k);
  int selectedPathIndex() const { return model_.selectedIndex(); }
  /// The solution the views show: the selected path point, the TF-MxNE result or the tuned α's.
  const MeegSolution* currentSolution() const;
  bool showsTf() const { return showTf_; }
  void setShowTf(bool on);
  const std::optional<TfSolution>& tfResult() const { return tf_; }

  void selectSource(Index j);
  Index selectedSource() const { return selectedSource_; }
  void setTimeIndex(Index k);
  Index timeIndex() const { return timeIndex_; }
  void setAmplitudeMode(AmplitudeMode mode);
  void setPhysicalUnits(bool on);

  bool exportFigure(Figure which, const QString& path, QString* error);
  bool exportSolutionJson(const QString& path, QString* error) const;
  bool exportSolutionCsv(const QString& path, QString* error) const;

  const MeegPathModel& pathModel() const { return model_; }
  GlassBrainView* brainView() const { return brain_; }
  ButterflyPlot* butterflyPlot() const { return butterfly_; }
  TimeCoursePlot* timeCoursePlot() const { return timeCourse_; }
  AlphaSupportHeatmap* supportHeatmap() const { return heatmap_; }
  AlphaCurvesPlot* alphaCurvesPlot() const { return curves_; }
  TfView* tfView() const { return tfView_; }
  QSlider* alphaSlider() const { return alphaSlider_; }
  QProgressBar* progressBar() const { return progress_; }
  QString statusText() const;  ///< the status line under the controls (last job's outcome)
  PlotWidget* figurePlot(Figure which) const;
  /// Slider position of α (in %) on the current path's log scale, and back.
  int sliderPosition(double percent) const;
  double sliderPercent(int position) const;

  // SessionParticipant
  QString sessionKey() const override { return QStringLiteral("meeg"); }
  QJsonObject saveSessionState() const override;
  bool restoreSessionState(const QJsonObject& state, QString* error) override;

 Q_SIGNALS:
  void caseLoaded();
  void loadFailed(QString message);
  void pathFinished(lambdascope::ui::meeg::MeegJobSummary summary);
  void tfFinished(lambdascope::ui::meeg::MeegJobSummary summary);
  void tuneFinished(lambdascope::ui::meeg::MeegJobSummary summary);
  /// After the views were updated for a new α, source, time or display option.
  void solutionShown();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildUi();
  void buildMenus();
  QWidget* buildControls();
  void onLoaded(const CasePtr& loadedCase, const QString& error);
  void onPathStarted(const MeegJobSummary& plan);
  void onPathPoint(const PathEntry& point);
  void onPathFinished(const MeegJobSummary& summary);
  void onTfFinished(const TfSolution& result, const MeegJobSummary& summary);
  void onTuneStep(const TuneStep& step);
  void onTuneFinished(const TuneResult& result, const MeegJobSummary& summary);
  /// Back to the path's point (the slider or the keys moved α).
  void leaveOtherSolutions();
  void onProgress(double fraction, const QString& text);
  void onRunningChanged(bool running);
  void onSliderMoved(int position);
  void onSelectionChanged(int index);
  void refreshViews();
  void refreshTf();
  void placeSlider();
  void stepPathPoint(int delta);
  void onExportFigure(Figure which);
  void onExportPlot(PlotWidget* plot);
  void onExportSolution(bool csv);
  void onOpenClicked();
  void updateCaseLabel();
  AmplitudeUnits units() const;

  CasePtr case_;
  MeegPathModel model_;
  std::optional<TfSolution> tf_;
  bool showTf_ = false;
  std::optional<TuneResult> tuned_;
  std::vector<TuneStep> liveSteps_;
  bool showTuned_ = false;
  bool followNewest_ = true;
  bool autoRun_ = true;
  bool updatingSlider_ = false;
  bool userSelectedSource_ = false;
  Index selectedSource_ = -1;
  Index timeIndex_ = 0;
  AmplitudeMode amplitudeMode_ = AmplitudeMode::RowNorm;
  QString pendingPath_;
  QString pendingCriterion_ = QStringLiteral("sure");
  MeegController* controller_ = nullptr;

  GlassBrainView* brain_ = nullptr;
  ButterflyPlot* butterfly_ = nullptr;
  TimeCoursePlot* timeCourse_ = nullptr;
  AlphaSupportHeatmap* heatmap_ = nullptr;
  AlphaCurvesPlot* curves_ = nullptr;
  TfView* tfView_ = nullptr;
  QTabWidget* sourceTabs_ = nullptr;
  QSlider* alphaSlider_ = nullptr;
  QLabel* alphaLabel_ = nullptr;
  QLabel* solutionLabel_ = nullptr;
  QLabel* caseLabel_ = nullptr;
  QLabel* statusLabel_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QComboBox* solverBox_ = nullptr;
  QSpinBox* nAlphasBox_ = nullptr;
  QDoubleSpinBox* maxPercentBox_ = nullptr;
  QDoubleSpinBox* minPercentBox_ = nullptr;
  QSpinBox* reweightBox_ = nullptr;
  QComboBox* tolBox_ = nullptr;
  QComboBox* criterionBox_ = nullptr;
  QDoubleSpinBox* tfAlphaBox_ = nullptr;
  QDoubleSpinBox* tfL1Box_ = nullptr;
  QSpinBox* tfWsizeBox_ = nullptr;
  QSpinBox* tfTstepBox_ = nullptr;
  QComboBox* amplitudeBox_ = nullptr;
  QCheckBox* unitsBox_ = nullptr;
  QCheckBox* showTfBox_ = nullptr;
  QCheckBox* showTunedBox_ = nullptr;
  QComboBox* tuneOptimizerBox_ = nullptr;
  QCheckBox* tunePerSourceBox_ = nullptr;
  QPushButton* tuneButton_ = nullptr;
  QPushButton* runButton_ = nullptr;
  QPushButton* tfButton_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QAction* cancelAction_ = nullptr;
};

}  // namespace lambdascope::ui::meeg
