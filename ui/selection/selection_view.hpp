#pragma once
// SelectionView: the "Choose λ" tab. Cross-validation (glmnet's curve, live) or a bilevel search
// (hypergradient outer loop with grid/random baselines), on the window's dataset and model; the
// work runs on this view's worker thread, with Cancel and export.

#include <QThread>
#include <QWidget>
#include <functional>
#include <memory>
#include <stop_token>

#include "ui/selection/selection_worker.hpp"
#include "ui/session/session_participant.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace lambdascope::ui {

class CriterionMapPlot;
class LambdaBarsPlot;
class PlotWidget;
class SearchComparisonPlot;
class ValidationPlot;

class SelectionView : public QWidget, public SessionParticipant {
  Q_OBJECT

 public:
  // Sessions: the controls, the last CV result or search evaluations (restored without rerunning).
  QString sessionKey() const override { return QStringLiteral("selection"); }
  QJsonObject saveSessionState() const override;
  bool restoreSessionState(const QJsonObject& state, QString* error) override;

  /// Fills the dataset, model and grid of a run from the window (false + message when it cannot).
  using ContextProvider = std::function<bool(Dataset& data, ModelSpec& spec, PathOptions& grid, QString* error)>;

  explicit SelectionView(QWidget* parent = nullptr);
  ~SelectionView() override;

  void setContextProvider(ContextProvider provider) { provider_ = std::move(provider); }

  /// Start a run with the controls' settings (cancelling the current one); returns its id, or 0
  /// (errorOccurred says why).
  quint64 runCv();
  quint64 runHpo();
  /// run the mode chosen in the Mode box.
  quint64 run();
  void cancel();
  bool isRunning() const { return running_; }
  /// Stop and join the worker thread (closing the window); waits at most timeoutMs.
  bool shutdown(int timeoutMs);

  /// The path view's λ cursor.
  void setCursorLambda(double lambda);
  /// Results of the last run as JSON (CV curve, or the searches' evaluations).
  bool exportResults(const QString& path, QString* error) const;

  // Parts, for tests and the window.
  ValidationPlot* validationPlot() const { return validation_; }
  SearchComparisonPlot* comparisonPlot() const { return comparison_; }
  CriterionMapPlot* mapPlot() const { return map_; }
  LambdaBarsPlot* barsPlot() const { return bars_; }
  QComboBox* modeCombo() const { return mode_; }
  QSpinBox* foldsSpin() const { return folds_; }
  QComboBox* schemeCombo() const { return scheme_; }
  QComboBox* criterionCombo() const { return criterion_; }
  QComboBox* methodCombo() const { return method_; }
  QComboBox* optimizerCombo() const { return optimizer_; }
  QSpinBox* maxOuterSpin() const { return maxOuter_; }
  QSpinBox* seedSpin() const { return seed_; }
  QLineEdit* initEdit() const { return init_; }
  QCheckBox* baselinesCheck() const { return baselines_; }
  QPushButton* runButton() const { return runButton_; }
  QPushButton* cancelButton() const { return cancelButton_; }
  QLabel* statusLabel() const { return status_; }
  std::shared_ptr<const CvResult> lastCv() const { return lastCv_; }
  std::shared_ptr<const HpoResult> lastHpo() const { return lastHpo_; }
  /// Every HPO evaluation of the last run, per series (optimiser, grid, random).
  const std::vector<std::pair<HpoSeries, HpoStep>>& hpoSteps() const { return steps_; }
  /// The plot Ctrl+E should export (the one visible).
  PlotWidget* currentPlot() const;

 Q_SIGNALS:
  void runFinished(bool cancelled);
  void runningChanged(bool running);
  void errorOccurred(const QString& message);
  /// The user picked a λ on the validation plot, or a run chose λ_min / the final λ.
  void lambdaPicked(double lambda);
  void exportPlotRequested(lambdascope::ui::PlotWidget* plot);

 private:
  quint64 start(SelectionRequest request);
  void onCvGrid(quint64 id, const std::vector<double>& lambdas, int folds);
  void onFoldLosses(quint64 id, const std::vector<FoldLossPoint>& batch);
  void onHpoBox(quint64 id, double lambdaMax, double lowRatio);
  void onHpoStep(quint64 id, int series, const HpoStep& step);
  void onMapCell(quint64 id, const MapCell& cell);
  void onFinished(quint64 id, const SelectionSummary& summary);
  void updateWidgets();
  void setRunning(bool running);

  ContextProvider provider_;
  QThread thread_;
  SelectionWorker* worker_ = nullptr;
  std::stop_source stop_;
  quint64 nextId_ = 0;
  quint64 current_ = 0;
  bool running_ = false;
  SelectionRequest::Kind kind_ = SelectionRequest::Kind::Cv;
  std::string model_;
  std::shared_ptr<const CvResult> lastCv_;
  std::shared_ptr<const HpoResult> lastHpo_;
  std::vector<std::pair<HpoSeries, HpoStep>> steps_;
  int foldPoints_ = 0;
  int expectedFoldPoints_ = 0;

  QComboBox* mode_;
  QSpinBox* folds_;
  QComboBox* scheme_;
  QSpinBox* seed_;
  QComboBox* criterion_;
  QComboBox* method_;
  QComboBox* optimizer_;
  QLineEdit* init_;
  QSpinBox* maxOuter_;
  QCheckBox* baselines_;
  QPushButton* runButton_;
  QPushButton* cancelButton_;
  QPushButton* exportButton_;
  QLabel* status_;
  QTabWidget* sideTabs_;
  ValidationPlot* validation_;
  SearchComparisonPlot* comparison_;
  CriterionMapPlot* map_;
  LambdaBarsPlot* bars_;
};

}  // namespace lambdascope::ui
