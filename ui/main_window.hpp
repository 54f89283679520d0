#pragma once
// MainWindow: docks, menus, shortcuts and wiring. No maths here; jobs run on JobController.

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <optional>

#include "core/dataset.hpp"
#include "ui/meta_types.hpp"
#include "ui/plots/plot_export.hpp"

class QAction;
class QCustomPlot;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;

namespace lambdascope::ui {

class CoefficientBarPlot;
class ConvergenceModel;
class ConvergencePlot;
class ConvergenceView;
class SelectionView;
class DatasetLoader;
class DatasetPanel;
class JobController;
class ModelPanel;
class PathModel;
class PathPlot;
class PlotWidget;
class RaceController;
class SessionManager;
class SupportPlot;
namespace l0 {
class L0View;
}
namespace playground {
class PlaygroundWindow;
}
namespace meeg {
class MeegWindow;
}

class MainWindow : public QMainWindow {
  Q_OBJECT
  /// When false, errors are only reported through errorOccurred (and the status bar): no modal
  /// dialogs. Tests and --screenshot runs switch it off.
  Q_PROPERTY(bool interactive READ isInteractive WRITE setInteractive)

 public:
  static constexpr int kCloseTimeoutMs = 2000;
  static inline const QString kBundledDatasetPath = QStringLiteral(":/datasets/diabetes.csv");
  static inline const QString kBundledDatasetName = QStringLiteral("diabetes.csv (bundled)");

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Data. Loading runs on DatasetLoader's thread: datasetLoaded or errorOccurred follows.
  /// Reload the current CSV/TSV file with these target columns (several: the multitask model is
  /// selected). False when there is nothing to reload.
  bool reloadWithTargets(const QStringList& targets);
  void openFile(const QString& path);
  void openBundledDataset();
  /// Replace the dataset directly (tests, scripting); cancels a running job.
  void setDataset(const Dataset& data, const QString& displayName);
  bool hasDataset() const { return dataset_.has_value(); }
  const std::optional<Dataset>& dataset() const { return dataset_; }
  QString datasetName() const { return datasetName_; }
  bool isLoading() const;

  // Path jobs.
  /// Start (or restart) the path with the model panel's settings; returns the job id, or 0 when
  /// it cannot start (no dataset, invalid settings: errorOccurred says why).
  quint64 runPath();
  void cancelPath();
  bool isRunning() const;
  /// Select solved point k on every plot (as the cursor on the path plot does).
  void setCursorIndex(int k);
  int cursorIndex() const;

  // Solver race (the Convergence tab).
  /// Solve the λ at the path cursor with the Convergence tab's solver A (and B), each on its own
  /// thread, from w = 0; returns the race id, or 0 when it cannot start (errorOccurred says why).
  quint64 startRace();
  void cancelRace();
  bool isRacing() const;

  // Export.
  bool exportPlot(PlotWidget* plot, const QString& path, QString* error);
  bool exportPathJson(const QString& path, QString* error);
  bool exportPathCsv(const QString& path, QString* error);
  /// The plot Ctrl+E exports: the focused one, else the current tab's.
  PlotWidget* currentPlot() const;
  /// Apply pending plot updates and replot now (before a screenshot).
  void flushPlots();

  bool isInteractive() const { return interactive_; }
  void setInteractive(bool on) { interactive_ = on; }
  QStringList recentFiles() const;

  // Parts, for tests and scripting.
  PathPlot* pathPlot() const { return pathPlot_; }
  CoefficientBarPlot* barPlot() const { return barPlot_; }
  SupportPlot* supportPlot() const { return supportPlot_; }
  PathModel* pathModel() const { return pathModel_; }
  JobController* jobController() const { return jobs_; }
  DatasetPanel* datasetPanel() const { return datasetPanel_; }
  ModelPanel* modelPanel() const { return modelPanel_; }
  QLabel* cursorInfoLabel() const { return info_; }
  QTabWidget* plotTabs() const { return tabs_; }
  ConvergenceView* convergenceView() const { return convergenceView_; }
  SelectionView* selectionView() const { return selectionView_; }
  l0::L0View* kSparseView() const { return kSparseView_; }
  ConvergencePlot* convergencePlot() const;
  ConvergenceModel* convergenceModel() const { return convergenceModel_; }
  RaceController* raceController() const { return races_; }
  /// The optimization playground (View ▸ Optimization Playground, Ctrl+Shift+P), created on first use.
  playground::PlaygroundWindow* openPlayground();
  /// The M/EEG source imaging window (View ▸ M/EEG Source Imaging, Ctrl+Shift+M), created on first use.
  meeg::MeegWindow* openMeeg();
  /// The playground if it was created (nullptr otherwise; does not create it).
  playground::PlaygroundWindow* playgroundIfOpen() const;

  // Sessions (ui/session): save/open, autosave and recovery, Copy as Command.
  SessionManager* sessionManager() const { return sessions_; }
  /// The file (or ":/" resource) the loader last read (the current dataset unless set by setDataset).
  QString datasetSourcePath() const { return loadedPath_; }
  /// Show `data`, read from `path` by the caller (a restored session), as if the loader had read it.
  void adoptDataset(const Dataset& dataset, const QString& displayName, const QString& path);

 Q_SIGNALS:
  void datasetLoaded(const QString& displayName);
  void errorOccurred(const QString& message);
  /// The current job ended (finished, cancelled or failed); plots are up to date.
  void pathFinished(bool cancelled);
  /// The current race ended (every lane finished, or it was stopped); its plot is up to date.
  void raceFinished(bool cancelled);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildActions();
  void buildMenus();
  void buildLayout();
  void wire();
  void readSettings();
  void writeSettings() const;
  void addRecentFile(const QString& path);
  void rebuildRecentMenu();
  void updateActions();
  void updateTitle();
  void reportError(const QString& title, const QString& message);

  void onOpenTriggered();
  void onDatasetLoaded(quint64 id, const Dataset& data, const QString& displayName,
                       const QString& path);
  void onDatasetFailed(quint64 id, const QString& message, const QString& path);
  void onZeroBasedChanged(bool on);
  void onJobStarted(quint64 jobId);
  void onGridReady(quint64 jobId, const PathGrid& grid);
  void onPathPoint(quint64 jobId, const PathPoint& point);
  void onIteration(quint64 jobId, const IterationReport& report);
  void onJobFinished(quint64 jobId, const PathJobSummary& summary);
  void onRunningChanged(bool running);
  void onCursorChanged(int k);
  void onElapsedTick();
  void onRaceFinished(quint64 raceId, bool cancelled);
  void updateRaceAvailability();
  void onExportPlotRequested(PlotWidget* plot, PlotFormat format);
  void onExportPathRequested(bool json);

  QString progressText() const;

  // Core state.
  std::optional<Dataset> dataset_;
  QString datasetName_;
  QString loadedPath_;   // what the loader last read (file or resource), for reloading
  QString loadedName_;
  QAction* targetsAction_ = nullptr;
  void onChooseTargets();
  QString datasetPath_;  // file path (empty for the bundled resource or setDataset)
  bool interactive_ = true;

  // Machinery.
  JobController* jobs_;
  DatasetLoader* loader_;
  PathModel* pathModel_;
  RaceController* races_;
  ConvergenceModel* convergenceModel_;
  QElapsedTimer elapsed_;
  QTimer elapsedTick_;
  QString iterationText_;

  // Widgets.
  DatasetPanel* datasetPanel_ = nullptr;
  ModelPanel* modelPanel_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QSplitter* plotSplitter_ = nullptr;
  QSplitter* bottomSplitter_ = nullptr;
  PathPlot* pathPlot_ = nullptr;
  CoefficientBarPlot* barPlot_ = nullptr;
  SupportPlot* supportPlot_ = nullptr;
  ConvergenceView* convergenceView_ = nullptr;
  SelectionView* selectionView_ = nullptr;
  l0::L0View* kSparseView_ = nullptr;  // the "k-sparse" tab (ui/l0)
  QLabel* info_ = nullptr;
  QPointer<PlotWidget> lastFocusedPlot_;

  // Actions.
  QAction* openAction_ = nullptr;
  QAction* openBundledAction_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* cancelAction_ = nullptr;
  QAction* raceAction_ = nullptr;
  QAction* playgroundAction_ = nullptr;
  QPointer<playground::PlaygroundWindow> playground_;
  QAction* meegAction_ = nullptr;
  QPointer<meeg::MeegWindow> meeg_;
  SessionManager* sessions_ = nullptr;
  QAction* exportCurrentAction_ = nullptr;
  QAction* exportPathPlotAction_ = nullptr;
  QAction* exportBarPlotAction_ = nullptr;
  QAction* exportSupportPlotAction_ = nullptr;
  QAction* exportConvergencePlotAction_ = nullptr;
  QAction* exportJsonAction_ = nullptr;
  QAction* exportCsvAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  QMenu* recentMenu_ = nullptr;
};

}  // namespace lambdascope::ui
