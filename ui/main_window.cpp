#include "ui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <fstream>
#include <string_view>

#include "core/io/dataset_io.hpp"
#include "core/io/path_json.hpp"
#include "core/version.hpp"
#include "ui/convergence_controller.hpp"
#include "ui/convergence_model.hpp"
#include "ui/convergence_view.hpp"
#include "ui/format_seconds.hpp"
#include "ui/selection/selection_view.hpp"
#include "ui/l0/l0_view.hpp"
#include "ui/l0/k_path_plot.hpp"
#include "ui/dataset_loader.hpp"
#include "ui/dataset_panel.hpp"
#include "ui/job_controller.hpp"
#include "ui/model_panel.hpp"
#include "ui/targets_dialog.hpp"
#include "ui/path_model.hpp"
#include "ui/plots/coefficient_bar_plot.hpp"
#include "ui/plots/convergence_plot.hpp"
#include "ui/plots/path_plot.hpp"
#include "ui/plots/support_plot.hpp"
#include "ui/meeg/meeg_window.hpp"
#include "ui/playground/playground_window.hpp"
#include "ui/settings_keys.hpp"
#include "ui/session/session_manager.hpp"

// Resources of a static library must be initialised explicitly, outside any namespace.
static void initLambdascopeResources() { Q_INIT_RESOURCE(lambdascope); }

namespace lambdascope::ui {

namespace {

QString num(double v, int precision = 4) { return QString::number(v, 'g', precision); }

bool isResource(const QString& path) { return path.startsWith(QLatin1String(":/")); }

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      jobs_(new JobController(this)),
      loader_(new DatasetLoader(this)),
      pathModel_(new PathModel(this)),
      races_(new RaceController(this)),
      convergenceModel_(new ConvergenceModel(this)) {
  initLambdascopeResources();
  registerMetaTypes();
  setObjectName(QStringLiteral("mainWindow"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/lambdascope.svg")));
  setAcceptDrops(true);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

  buildLayout();
  sessions_ = new SessionManager(this);  // needs the views; adds its own menu entries
  // The M/EEG window takes part in sessions once open (or is opened to restore its state).
  sessions_->addLazyParticipant(QStringLiteral("meeg"), [this](bool create) -> SessionParticipant* {
    if (create && !meeg_) openMeeg();
    return meeg_.data();
  });
  buildActions();
  buildMenus();
  wire();
  readSettings();
  updateActions();
  updateTitle();
  onCursorChanged(-1);
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::buildLayout() {
  datasetPanel_ = new DatasetPanel;
  modelPanel_ = new ModelPanel;

  auto* dataDock = new QDockWidget(tr("Dataset"), this);
  dataDock->setObjectName(QStringLiteral("datasetDock"));
  dataDock->setWidget(datasetPanel_);
  dataDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, dataDock);

  auto* modelScroll = new QScrollArea;
  modelScroll->setWidget(modelPanel_);
  modelScroll->setWidgetResizable(true);
  modelScroll->setFrameShape(QFrame::NoFrame);
  auto* modelDock = new QDockWidget(tr("Model"), this);
  modelDock->setObjectName(QStringLiteral("modelDock"));
  modelDock->setWidget(modelScroll);
  modelDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, modelDock);
  resizeDocks({dataDock, modelDock}, {340, 340}, Qt::Horizontal);
  resizeDocks({dataDock, modelDock}, {400, 420}, Qt::Vertical);

  pathPlot_ = new PathPlot;
  supportPlot_ = new SupportPlot;
  supportPlot_->setFocusPolicy(Qt::ClickFocus);
  barPlot_ = new CoefficientBarPlot;
  convergenceView_ = new ConvergenceView;

  tabs_ = new QTabWidget;
  tabs_->setObjectName(QStringLiteral("plotTabs"));
  tabs_->setDocumentMode(true);
  tabs_->addTab(pathPlot_, tr("Coefficient path"));
  tabs_->addTab(supportPlot_, tr("Support"));
  tabs_->addTab(convergenceView_, tr("Convergence"));
  selectionView_ = new SelectionView;  // "Choose λ": CV and bilevel search (ui/selection)
  tabs_->addTab(selectionView_, tr("Choose λ"));
  kSparseView_ = new l0::L0View;  // "k-sparse": k-path, certified gaps, branch-and-bound (ui/l0)
  tabs_->addTab(kSparseView_, tr("k-sparse"));

  info_ = new QLabel;
  info_->setObjectName(QStringLiteral("cursorInfo"));
  info_->setTextFormat(Qt::RichText);
  info_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  info_->setMargin(10);
  info_->setAutoFillBackground(true);
  QPalette pal = info_->palette();
  pal.setColor(QPalette::Window, Qt::white);
  pal.setColor(QPalette::WindowText, QColor(30, 30, 30));
  info_->setPalette(pal);
  info_->setMinimumWidth(250);

  bottomSplitter_ = new QSplitter(Qt::Horizontal);
  bottomSplitter_->setObjectName(QStringLiteral("bottomSplitter"));
  bottomSplitter_->addWidget(barPlot_);
  bottomSplitter_->addWidget(info_);
  bottomSplitter_->setStretchFactor(0, 3);
  bottomSplitter_->setStretchFactor(1, 1);
  bottomSplitter_->setChildrenCollapsible(false);

  plotSplitter_ = new QSplitter(Qt::Vertical);
  plotSplitter_->setObjectName(QStringLiteral("plotSplitter"));
  plotSplitter_->addWidget(tabs_);
  plotSplitter_->addWidget(bottomSplitter_);
  plotSplitter_->setStretchFactor(0, 3);
  plotSplitter_->setStretchFactor(1, 2);
  plotSplitter_->setChildrenCollapsible(false);
  setCentralWidget(plotSplitter_);

  statusBar()->setObjectName(QStringLiteral("statusBar"));
}

void MainWindow::buildActions() {
  auto make = [this](const QString& text, const QString& name, const QString& icon = {}) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!icon.isEmpty()) a->setIcon(QIcon(icon));
    return a;
  };
  openAction_ = make(tr("&Open…"), QStringLiteral("actionOpen"), QStringLiteral(":/icons/open.svg"));
  openAction_->setShortcut(QKeySequence::Open);
  openAction_->setToolTip(tr("Open a CSV, TSV or LIBSVM file (Ctrl+O)"));
  openBundledAction_ = make(tr("Open &Bundled Example (diabetes)"), QStringLiteral("actionOpenBundled"));
  targetsAction_ = make(tr("Choose &Targets…"), QStringLiteral("actionChooseTargets"));
  targetsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  targetsAction_->setToolTip(tr("Pick the target column, or several for the multitask model (Ctrl+T)"));
  targetsAction_->setEnabled(false);
  runAction_ = make(tr("&Run Path"), QStringLiteral("actionRun"), QStringLiteral(":/icons/run.svg"));
  runAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5)});
  runAction_->setToolTip(tr("Compute the regularisation path (Ctrl+R, F5)"));
  cancelAction_ = make(tr("&Cancel"), QStringLiteral("actionCancel"), QStringLiteral(":/icons/cancel.svg"));
  cancelAction_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancelAction_->setToolTip(tr("Stop the path (keeping the λ solved so far) and any solver race (Esc)"));
  playgroundAction_ = make(tr("Optimization &Playground…"), QStringLiteral("actionPlayground"));
  playgroundAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
  playgroundAction_->setToolTip(tr("Teaching: 2-D problems, methods and their rates (Ctrl+Shift+P)"));
  connect(playgroundAction_, &QAction::triggered, this, [this] { openPlayground(); });
  meegAction_ = make(tr("&M/EEG Source Imaging…"), QStringLiteral("actionMeeg"));
  meegAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
  meegAction_->setToolTip(tr("MxNE / irMxNE / TF-MxNE on M/EEG data: glass brain, live α slider, SURE (Ctrl+Shift+M)"));
  connect(meegAction_, &QAction::triggered, this, [this] { openMeeg(); });
  raceAction_ = make(tr("Race &Solvers at Cursor λ"), QStringLiteral("actionRace"));
  raceAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  raceAction_->setToolTip(tr("Convergence tab: solve the λ at the cursor with solver A and B, "
                             "live (Ctrl+Shift+R)"));
  exportCurrentAction_ = make(tr("&Export Current Plot…"), QStringLiteral("actionExportCurrentPlot"),
                              QStringLiteral(":/icons/export.svg"));
  exportCurrentAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  exportCurrentAction_->setToolTip(tr("Export the focused or visible plot as PNG, SVG or PDF (Ctrl+E)"));
  exportPathPlotAction_ = make(tr("Coefficient &Path…"), QStringLiteral("actionExportPathPlot"));
  exportBarPlotAction_ = make(tr("Coefficient &Bars…"), QStringLiteral("actionExportBarPlot"));
  exportSupportPlotAction_ = make(tr("&Support Map…"), QStringLiteral("actionExportSupportPlot"));
  exportConvergencePlotAction_ = make(tr("C&onvergence…"), QStringLiteral("actionExportConvergencePlot"));
  exportJsonAction_ = make(tr("Export Path as &JSON…"), QStringLiteral("actionExportJson"));
  exportCsvAction_ = make(tr("Export Path as &CSV…"), QStringLiteral("actionExportCsv"));
  quitAction_ = make(tr("&Quit"), QStringLiteral("actionQuit"));
  quitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quitAction_->setMenuRole(QAction::QuitRole);

  connect(openAction_, &QAction::triggered, this, &MainWindow::onOpenTriggered);
  connect(openBundledAction_, &QAction::triggered, this, &MainWindow::openBundledDataset);
  connect(targetsAction_, &QAction::triggered, this, &MainWindow::onChooseTargets);
  connect(runAction_, &QAction::triggered, this, [this] { runPath(); });
  connect(cancelAction_, &QAction::triggered, this, [this] {
    cancelPath();
    cancelRace();
  });
  connect(raceAction_, &QAction::triggered, this, [this] {
    tabs_->setCurrentWidget(convergenceView_);
    startRace();
  });
  connect(exportCurrentAction_, &QAction::triggered, this,
          [this] { onExportPlotRequested(currentPlot(), PlotFormat::Png); });
  connect(exportPathPlotAction_, &QAction::triggered, this,
          [this] { onExportPlotRequested(pathPlot_, PlotFormat::Png); });
  connect(exportBarPlotAction_, &QAction::triggered, this,
          [this] { onExportPlotRequested(barPlot_, PlotFormat::Png); });
  connect(exportSupportPlotAction_, &QAction::triggered, this,
          [this] { onExportPlotRequested(supportPlot_, PlotFormat::Png); });
  connect(exportConvergencePlotAction_, &QAction::triggered, this,
          [this] { onExportPlotRequested(convergencePlot(), PlotFormat::Png); });
  connect(exportJsonAction_, &QAction::triggered, this, [this] { onExportPathRequested(true); });
  connect(exportCsvAction_, &QAction::triggered, this, [this] { onExportPathRequested(false); });
  connect(quitAction_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(openAction_);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  recentMenu_->setObjectName(QStringLiteral("recentMenu"));
  file->addAction(openBundledAction_);
  file->addAction(targetsAction_);
  file->addSeparator();
  sessions_->populateFileMenu(file);
  file->addSeparator();
  file->addAction(exportCurrentAction_);
  QMenu* exportPlots = file->addMenu(tr("Export P&lot"));
  exportPlots->addAction(exportPathPlotAction_);
  exportPlots->addAction(exportBarPlotAction_);
  exportPlots->addAction(exportSupportPlotAction_);
  exportPlots->addAction(exportConvergencePlotAction_);
  sessions_->populateExportPlotMenu(exportPlots);  // Choose λ, k-sparse and playground plots
  file->addAction(exportJsonAction_);
  file->addAction(exportCsvAction_);
  file->addSeparator();
  file->addAction(quitAction_);

  sessions_->populateEditMenu(menuBar()->addMenu(tr("&Edit")));

  QMenu* run = menuBar()->addMenu(tr("&Path"));
  run->addAction(runAction_);
  run->addAction(cancelAction_);
  run->addSeparator();
  run->addAction(raceAction_);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addAction(playgroundAction_);
  view->addAction(meegAction_);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Lambdascope"), this, [this] {
    QMessageBox::about(
        this, tr("About Lambdascope"),
        tr("<h3>Lambdascope %1</h3><p>Interactive explorer of sparse models: regularisation "
           "paths computed live, with duality-gap certificates.</p>"
           "<p>Drag the dashed λ cursor (or use ←/→ on the path plot) to inspect the "
           "coefficients at any λ. Right-click a plot to export it.</p>")
            .arg(QString::fromLatin1(kVersion)));
  });
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName(QStringLiteral("mainToolBar"));
  tools->setMovable(false);
  tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  tools->setIconSize(QSize(18, 18));
  tools->addAction(openAction_);
  tools->addSeparator();
  tools->addAction(runAction_);
  tools->addAction(cancelAction_);
  tools->addSeparator();
  tools->addAction(exportCurrentAction_);
  view->addSeparator();
  view->addAction(tools->toggleViewAction());

  rebuildRecentMenu();
}

void MainWindow::wire() {
  connect(datasetPanel_, &DatasetPanel::openRequested, this, &MainWindow::onOpenTriggered);
  connect(datasetPanel_, &DatasetPanel::zeroBasedIndicesChanged, this, &MainWindow::onZeroBasedChanged);
  connect(modelPanel_, &ModelPanel::runRequested, this, [this] { runPath(); });
  connect(modelPanel_, &ModelPanel::cancelRequested, this, &MainWindow::cancelPath);

  connect(loader_, &DatasetLoader::loaded, this, &MainWindow::onDatasetLoaded);
  connect(loader_, &DatasetLoader::failed, this, &MainWindow::onDatasetFailed);
  connect(loader_, &DatasetLoader::busyChanged, datasetPanel_, &DatasetPanel::setBusy);
  statusBar()->addPermanentWidget(new LoadProgressWidget(loader_, statusBar(), this));  // progress + Cancel

  connect(jobs_, &JobController::jobStarted, this, &MainWindow::onJobStarted);
  connect(jobs_, &JobController::gridReady, this, &MainWindow::onGridReady);
  connect(jobs_, &JobController::pathPointReady, this, &MainWindow::onPathPoint);
  connect(jobs_, &JobController::iterationProgress, this, &MainWindow::onIteration);
  connect(jobs_, &JobController::jobFinished, this, &MainWindow::onJobFinished);
  connect(jobs_, &JobController::runningChanged, this, &MainWindow::onRunningChanged);

  pathPlot_->setModel(pathModel_);
  supportPlot_->setModel(pathModel_);
  connect(pathPlot_, &PathPlot::cursorIndexChanged, this, &MainWindow::onCursorChanged);

  // Solver race: controller (UI thread) → model → plot through its throttle.
  convergencePlot()->setModel(convergenceModel_);
  connect(races_, &RaceController::pointsReady, convergenceModel_, &ConvergenceModel::appendBatch);
  connect(races_, &RaceController::laneFinished, convergenceModel_, &ConvergenceModel::finishLane);
  connect(races_, &RaceController::raceFinished, this, &MainWindow::onRaceFinished);
  connect(races_, &RaceController::runningChanged, this, [this](bool running) {
    convergenceView_->setRunning(running);
    updateActions();
  });
  connect(convergenceView_, &ConvergenceView::raceRequested, this, [this] { startRace(); });
  connect(convergenceView_, &ConvergenceView::cancelRequested, this, &MainWindow::cancelRace);
  connect(pathModel_, &PathModel::stateChanged, this, &MainWindow::updateRaceAvailability);
  connect(pathModel_, &PathModel::reset, this, &MainWindow::updateRaceAvailability);

  for (PlotWidget* plot : {static_cast<PlotWidget*>(pathPlot_), static_cast<PlotWidget*>(barPlot_),
                           static_cast<PlotWidget*>(supportPlot_),
                           static_cast<PlotWidget*>(convergencePlot())}) {
    connect(plot, &PlotWidget::exportRequested, this,
            [this, plot](PlotFormat format) { onExportPlotRequested(plot, format); });
  }
  connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
    if (auto* plot = qobject_cast<PlotWidget*>(now)) lastFocusedPlot_ = plot;
  });
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { lastFocusedPlot_.clear(); });

  // Choose λ: runs on the model panel's dataset and model; its λ follows the path cursor and a
  // λ picked there (or λ_min) moves the path cursor to the nearest solved point.
  selectionView_->setContextProvider([this](Dataset& out, ModelSpec& spec, PathOptions& grid, QString* error) {
    if (!dataset_) {
      *error = tr("Open a dataset first");
      return false;
    }
    if (!modelPanel_->buildRequest(spec, grid, error)) return false;
    out = *dataset_;
    return true;
  });
  connect(pathPlot_, &PathPlot::cursorIndexChanged, selectionView_, [this](int k) {
    selectionView_->setCursorLambda(k >= 0 && k < pathModel_->pointCount()
                                        ? pathModel_->points()[static_cast<std::size_t>(k)].lambda
                                        : std::numeric_limits<double>::quiet_NaN());
  });
  connect(selectionView_, &SelectionView::lambdaPicked, this, [this](double lambda) {
    int best = -1;
    for (int k = 0; k < pathModel_->pointCount(); ++k)
      if (best < 0 || std::abs(std::log(pathModel_->points()[static_cast<std::size_t>(k)].lambda / lambda)) <
                          std::abs(std::log(pathModel_->points()[static_cast<std::size_t>(best)].lambda / lambda)))
        best = k;
    if (best >= 0) setCursorIndex(best);
  });
  connect(selectionView_, &SelectionView::errorOccurred, this,
          [this](const QString& message) { reportError(tr("Choose λ"), message); });
  connect(selectionView_, &SelectionView::exportPlotRequested, this,
          [this](PlotWidget* plot) { onExportPlotRequested(plot, PlotFormat::Png); });

  connect(pathModel_, &PathModel::stateChanged, this, &MainWindow::updateActions);  // restored paths too
  connect(sessions_, &SessionManager::exportPlotRequested, this,
          [this](PlotWidget* plot) { onExportPlotRequested(plot, PlotFormat::Png); });
  connect(sessions_, &SessionManager::errorOccurred, this,
          [this](const QString& title, const QString& message) { reportError(title, message); });

  elapsedTick_.setInterval(100);
  connect(&elapsedTick_, &QTimer::timeout, this, &MainWindow::onElapsedTick);
}

// ---------------------------------------------------------------------------------------------
// Settings

void MainWindow::readSettings() {
  QSettings s;
  if (!restoreGeometry(s.value(keys::kGeometry).toByteArray())) resize(1440, 900);
  restoreState(s.value(keys::kWindowState).toByteArray());
  plotSplitter_->restoreState(s.value(keys::kSplitterPlots).toByteArray());
  bottomSplitter_->restoreState(s.value(keys::kSplitterBottom).toByteArray());

  ModelSettings m;
  m.model = s.value(keys::kModel, m.model).toString();
  m.nLambdas = s.value(keys::kNLambdas, m.nLambdas).toInt();
  m.lambdaMinRatio = s.value(keys::kLambdaMinRatio, m.lambdaMinRatio).toDouble();
  m.useExplicitLambdas = s.value(keys::kUseExplicitLambdas, m.useExplicitLambdas).toBool();
  m.explicitLambdas = s.value(keys::kExplicitLambdas, m.explicitLambdas).toString();
  m.tol = s.value(keys::kTol, m.tol).toDouble();
  m.fitIntercept = s.value(keys::kFitIntercept, m.fitIntercept).toBool();
  m.standardize = s.value(keys::kStandardize, m.standardize).toBool();
  m.solver = s.value(keys::kSolver, m.solver).toString();
  m.l1Ratio = s.value(keys::kL1Ratio, m.l1Ratio).toDouble();
  m.gamma = s.value(keys::kGamma, m.gamma).toDouble();
  m.weightsFile = s.value(keys::kWeightsFile, m.weightsFile).toString();
  m.positive = s.value(keys::kPositive, m.positive).toBool();
  m.groupSize = s.value(keys::kGroupSize, m.groupSize).toInt();
  m.groupsFile = s.value(keys::kGroupsFile, m.groupsFile).toString();
  modelPanel_->setSettings(m);

  const QSignalBlocker block(datasetPanel_);
  datasetPanel_->setZeroBasedIndices(s.value(keys::kZeroBasedLibsvm, false).toBool());
}

void MainWindow::writeSettings() const {
  QSettings s;
  s.setValue(keys::kGeometry, saveGeometry());
  s.setValue(keys::kWindowState, saveState());
  s.setValue(keys::kSplitterPlots, plotSplitter_->saveState());
  s.setValue(keys::kSplitterBottom, bottomSplitter_->saveState());
  const ModelSettings m = modelPanel_->settings();
  s.setValue(keys::kModel, m.model);
  s.setValue(keys::kNLambdas, m.nLambdas);
  s.setValue(keys::kLambdaMinRatio, m.lambdaMinRatio);
  s.setValue(keys::kUseExplicitLambdas, m.useExplicitLambdas);
  s.setValue(keys::kExplicitLambdas, m.explicitLambdas);
  s.setValue(keys::kTol, m.tol);
  s.setValue(keys::kFitIntercept, m.fitIntercept);
  s.setValue(keys::kStandardize, m.standardize);
  s.setValue(keys::kSolver, m.solver);
  s.setValue(keys::kL1Ratio, m.l1Ratio);
  s.setValue(keys::kGamma, m.gamma);
  s.setValue(keys::kWeightsFile, m.weightsFile);
  s.setValue(keys::kPositive, m.positive);
  s.setValue(keys::kGroupSize, m.groupSize);
  s.setValue(keys::kGroupsFile, m.groupsFile);
  s.setValue(keys::kZeroBasedLibsvm, datasetPanel_->zeroBasedIndices());
}

QStringList MainWindow::recentFiles() const {
  return QSettings().value(keys::kRecentFiles).toStringList();
}

void MainWindow::addRecentFile(const QString& path) {
  QStringList files = recentFiles();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  files.removeAll(absolute);
  files.prepend(absolute);
  while (files.size() > keys::kMaxRecentFiles) files.removeLast();
  QSettings().setValue(keys::kRecentFiles, files);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList files = recentFiles();
  for (qsizetype i = 0; i < files.size(); ++i) {
    const QString path = files[i];
    QAction* a = recentMenu_->addAction(
        QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
        [this, path] { openFile(path); });
    a->setToolTip(path);
    a->setStatusTip(path);
  }
  if (!files.isEmpty()) {
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("&Clear Menu"), this, [this] {
      QSettings().remove(keys::kRecentFiles);
      rebuildRecentMenu();
    });
  }
  recentMenu_->setEnabled(!files.isEmpty());
}

// ---------------------------------------------------------------------------------------------
// Data

bool MainWindow::isLoading() const { return loader_->isBusy(); }

void MainWindow::onOpenTriggered() {
  QSettings s;
  const QString dir = s.value(keys::kLastDirectory,
                              QStandardPaths::writableLocation(QStandardPaths::HomeLocation))
                          .toString();
  const QString filter =
      tr("Data files (*.csv *.tsv *.tab *.txt *.libsvm *.svm *.svmlight *.npz *.npy *.mat);;CSV (*.csv);;"
         "TSV (*.tsv *.tab *.txt);;LIBSVM / SVMlight (*.libsvm *.svm *.svmlight *.txt);;"
         "NumPy (*.npz *.npy);;MATLAB (*.mat);;All files (*)");
  const QString path = QFileDialog::getOpenFileName(this, tr("Open data file"), dir, filter);
  if (path.isEmpty()) return;
  s.setValue(keys::kLastDirectory, QFileInfo(path).absolutePath());
  openFile(path);
}

void MainWindow::openFile(const QString& path) {
  if (looksLikeSessionFile(path)) {  // File ▸ Open, the command line and drops accept sessions
    QString error;
    if (!sessions_->openSession(path, &error)) reportError(tr("Could not open the session"), error);
    return;
  }
  LoadOptions options;
  options.zeroBasedIndices = datasetPanel_->zeroBasedIndices();
  loader_->load(path, options);
  statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::onChooseTargets() {
  if (!dataset_ || loadedPath_.isEmpty()) return;
  std::vector<std::string> columns = dataset_->featureNames();
  columns.insert(columns.end(), dataset_->targetNames().begin(), dataset_->targetNames().end());
  TargetsDialog dialog(columns, dataset_->targetNames(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  reloadWithTargets(dialog.targets());
}

bool MainWindow::reloadWithTargets(const QStringList& targets) {
  if (!dataset_ || loadedPath_.isEmpty() || targets.isEmpty()) return false;
  LoadOptions options;
  if (isResource(loadedPath_)) options.format = FileFormat::Csv;
  for (const QString& name : targets) options.targetColumns.push_back(name.toStdString());
  loader_->load(loadedPath_, options, loadedName_);
  statusBar()->showMessage(tr("Reloading %1 with %n target(s)…", nullptr, static_cast<int>(targets.size())).arg(loadedName_));
  return true;
}

void MainWindow::openBundledDataset() {
  LoadOptions options;
  options.format = FileFormat::Csv;
  loader_->load(kBundledDatasetPath, options, kBundledDatasetName);
  statusBar()->showMessage(tr("Loading the bundled diabetes dataset…"));
}

void MainWindow::onDatasetLoaded(quint64, const Dataset& dataset, const QString& displayName,
                                 const QString& path) {
  setDataset(dataset, displayName);
  loadedPath_ = path;
  loadedName_ = displayName;
  // LIBSVM files have one target per line: nothing to choose.
  targetsAction_->setEnabled(!path.endsWith(QLatin1String(".libsvm")) && !path.endsWith(QLatin1String(".svm")) &&
                             !path.endsWith(QLatin1String(".svmlight")));
  if (dataset.tasks() > 1 && modelPanel_->settings().model != QLatin1String("mtl")) {
    ModelSettings s = modelPanel_->settings();
    s.model = QStringLiteral("mtl");
    s.solver = QStringLiteral("auto");
    modelPanel_->setSettings(s);
  }
  datasetPath_ = isResource(path) ? QString() : path;
  if (!datasetPath_.isEmpty()) addRecentFile(datasetPath_);
  statusBar()->showMessage(tr("Loaded %1: %2 samples × %3 features")
                               .arg(displayName)
                               .arg(dataset.samples())
                               .arg(dataset.features()),
                           8000);
  Q_EMIT datasetLoaded(displayName);
}

void MainWindow::adoptDataset(const Dataset& dataset, const QString& displayName, const QString& path) {
  onDatasetLoaded(0, dataset, displayName, path);
}

void MainWindow::onDatasetFailed(quint64, const QString& message, const QString& path) {
  statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()), 8000);
  reportError(tr("Could not open data file"),
              hasDataset() ? tr("%1\n\nThe current dataset (%2) is kept.").arg(message, datasetName_)
                           : message);
}

void MainWindow::setDataset(const Dataset& dataset, const QString& displayName) {
  if (jobs_->isRunning()) jobs_->cancel();
  dataset_ = dataset;
  datasetName_ = displayName;
  kSparseView_->setDataset(dataset, displayName);
  datasetPath_.clear();
  datasetPanel_->setDataset(dataset, displayName);
  pathModel_->clear();  // the old path belongs to the old data; late points are now stale
  races_->cancel();
  convergenceModel_->clear();  // so does a race (its late batches are dropped by race id)
  barPlot_->setFeatureNames(dataset.featureNames());
  modelPanel_->setProgress(0, 1);
  modelPanel_->setStatus(tr("Ready: press Run (Ctrl+R)"));
  updateTitle();
  updateActions();
}

void MainWindow::onZeroBasedChanged(bool on) {
  QSettings().setValue(keys::kZeroBasedLibsvm, on);
  if (!datasetPath_.isEmpty() &&
      formatFromPath(QFile::encodeName(datasetPath_).toStdString()) == FileFormat::Libsvm)
    openFile(datasetPath_);
}

// ---------------------------------------------------------------------------------------------
// Jobs

bool MainWindow::isRunning() const { return jobs_->isRunning(); }

quint64 MainWindow::runPath() {
  if (!dataset_) {
    reportError(tr("Cannot run"), tr("No dataset is loaded: open a file first (Ctrl+O)."));
    return 0;
  }
  ModelSpec spec;
  PathOptions options;
  QString error;
  if (!modelPanel_->buildRequest(spec, options, &error)) {
    reportError(tr("Invalid model settings"), error);
    return 0;
  }
  const int expected =
      options.lambdas.empty() ? options.nLambdas : static_cast<int>(options.lambdas.size());
  const quint64 id = jobs_->start(PathJobRequest{*dataset_, spec, options});
  if (id == 0) return 0;
  // Queued reports of this job cannot arrive before we return to the event loop.
  pathModel_->beginJob(id, *dataset_, spec, expected);
  iterationText_.clear();
  elapsed_.start();
  elapsedTick_.start();
  modelPanel_->setProgress(0, expected);
  modelPanel_->setStatus(progressText());
  updateActions();
  return id;
}

void MainWindow::cancelPath() {
  if (!jobs_->isRunning()) return;
  jobs_->cancel();
  modelPanel_->setStatus(tr("Cancelling…"));
}

void MainWindow::onJobStarted(quint64) {}

void MainWindow::onGridReady(quint64 jobId, const PathGrid& grid) {
  pathModel_->setGrid(jobId, grid);
  if (jobId == pathModel_->jobId())
    modelPanel_->setProgress(pathModel_->pointCount(), pathModel_->expectedLambdas());
}

void MainWindow::onPathPoint(quint64 jobId, const PathPoint& point) {
  pathModel_->appendPoint(jobId, point);
  if (jobId == pathModel_->jobId())
    modelPanel_->setProgress(pathModel_->pointCount(), pathModel_->expectedLambdas());
}

void MainWindow::onIteration(quint64 jobId, const IterationReport& report) {
  if (jobId != pathModel_->jobId()) return;
  iterationText_ = tr("solving λ #%1: epoch %2").arg(report.lambdaIndex + 1).arg(report.epoch);
  if (std::isfinite(report.stopCriterion))
    iterationText_ += tr(", gap %1 (target %2)").arg(num(report.stopCriterion, 3), num(report.threshold, 3));
}

QString MainWindow::progressText() const {
  const double seconds = static_cast<double>(elapsed_.elapsed()) / 1000.0;
  QString text = tr("Running: λ %1/%2 · %3")
                     .arg(pathModel_->pointCount())
                     .arg(pathModel_->expectedLambdas())
                     .arg(formatSeconds(seconds));
  if (!iterationText_.isEmpty()) text += QStringLiteral("\n") + iterationText_;
  return text;
}

void MainWindow::onElapsedTick() {
  if (pathModel_->isRunning() && jobs_->isRunning()) modelPanel_->setStatus(progressText());
}

void MainWindow::onJobFinished(quint64 jobId, const PathJobSummary& summary) {
  elapsedTick_.stop();
  if (jobId != pathModel_->jobId()) return;  // a job whose data was replaced meanwhile
  pathModel_->finishJob(jobId, summary);
  const int done = pathModel_->pointCount();
  const int total = pathModel_->expectedLambdas();
  int certified = 0;
  for (const PathPoint& pt : pathModel_->points())
    if (pt.dualityGap <= pt.gapThreshold) ++certified;
  QString text;
  if (summary.failed) {
    text = tr("Failed after %1/%2 λ: %3").arg(done).arg(total).arg(summary.error);
  } else if (summary.cancelled) {
    text = tr("Cancelled: kept %1/%2 λ (%3)").arg(done).arg(total).arg(formatSeconds(summary.seconds));
  } else {
    const bool gap = pathModel_->points().empty() ||
                     std::string_view(pathModel_->points().front().criterion) == "duality_gap";
    text = (gap ? tr("Done: %1 λ in %2\n%3 of %1 certified (gap ≤ tol·P(0))")
                : tr("Done: %1 λ in %2\n%3 of %1 stationary (≤ tol·λ_max)"))
               .arg(done)
               .arg(formatSeconds(summary.seconds))
               .arg(certified);
  }
  modelPanel_->setProgress(done, total);
  modelPanel_->setStatus(text);
  statusBar()->showMessage(QString(text).replace(QLatin1Char('\n'), QStringLiteral(" · ")), 10000);
  flushPlots();
  updateActions();
  if (summary.failed) reportError(tr("The path computation failed"), summary.error);
  Q_EMIT pathFinished(summary.cancelled || summary.failed);
}

void MainWindow::onRunningChanged(bool running) {
  modelPanel_->setRunning(running);
  updateActions();
}

// ---------------------------------------------------------------------------------------------
// Solver race

playground::PlaygroundWindow* MainWindow::openPlayground() {
  if (!playground_) {
    playground_ = new playground::PlaygroundWindow(this);  // a separate top-level window
    playground_->setAttribute(Qt::WA_DeleteOnClose, false);
  }
  playground_->show();
  playground_->raise();
  playground_->activateWindow();
  return playground_;
}

playground::PlaygroundWindow* MainWindow::playgroundIfOpen() const { return playground_.data(); }

meeg::MeegWindow* MainWindow::openMeeg() {
  if (!meeg_) meeg_ = new meeg::MeegWindow(this);  // a separate top-level window on the bundled case
  meeg_->show();
  meeg_->raise();
  meeg_->activateWindow();
  return meeg_;
}

ConvergencePlot* MainWindow::convergencePlot() const { return convergenceView_->plot(); }

bool MainWindow::isRacing() const { return races_->isRunning(); }

void MainWindow::updateRaceAvailability() {
  const int k = cursorIndex();
  const bool can = pathModel_->dataset().has_value() && k >= 0 && k < pathModel_->pointCount();
  convergenceView_->setCanRace(can, tr("Run the path and place the λ cursor first"));
  raceAction_->setEnabled(can);
  if (!races_->isRunning() && convergenceModel_->laneCount() == 0) {
    if (!can) {
      convergenceView_->setStatus(tr("Run the path, then pick a λ with the cursor on the "
                                     "Coefficient path tab."));
    } else {
      const PathPoint& pt = pathModel_->points()[static_cast<std::size_t>(k)];
      convergenceView_->setStatus(tr("Ready to race at λ #%1 = %2 (cursor). Each solver starts "
                                     "cold, from w = 0, on its own thread.")
                                      .arg(k + 1)
                                      .arg(num(pt.lambda)));
    }
  }
}

quint64 MainWindow::startRace() {
  const int k = cursorIndex();
  if (!pathModel_->dataset() || k < 0 || k >= pathModel_->pointCount()) {
    reportError(tr("Cannot race"),
                tr("Run the path and place the λ cursor first: the race solves the λ at the cursor."));
    return 0;
  }
  const QString a = convergenceView_->solverA();
  const QString b = convergenceView_->solverB();
  QStringList solvers{a};
  if (!b.isEmpty()) solvers << b;
  const PathPoint& pt = pathModel_->points()[static_cast<std::size_t>(k)];
  // The path's own data and model (the λ belongs to them), with the race's solver and tol.
  ModelSpec spec = pathModel_->spec();
  spec.tol = pathModel_->spec().tol / convergenceView_->tolDivisor();
  std::vector<RaceLaneRequest> lanes;
  for (const QString& solver : solvers) {
    spec.solver = solver.toStdString();
    lanes.push_back(RaceLaneRequest{*pathModel_->dataset(), spec, pt.lambda});
  }
  const quint64 id = races_->start(std::move(lanes));
  if (id == 0) return 0;
  RaceContext context;
  context.lambda = pt.lambda;
  context.lambdaIndex = k;
  context.lambdaMax = pathModel_->lambdaMax();
  context.model = QString::fromStdString(spec.model);
  context.criterion = (spec.model == "mcp" || spec.model == "scad") ? QStringLiteral("stationarity")
                                                                     : QStringLiteral("duality gap");
  context.tol = spec.tol;
  context.start = tr("cold start (w = 0)");
  convergenceModel_->beginRace(id, context, solvers);
  convergenceView_->setStatus(tr("Racing %1 at λ #%2 = %3, cold start from w = 0, tol = %4 (%5 "
                                 "thread(s), live)…")
                                  .arg(solvers.join(tr(" vs ")))
                                  .arg(k + 1)
                                  .arg(num(pt.lambda))
                                  .arg(num(spec.tol, 2))
                                  .arg(solvers.size()));
  updateActions();
  return id;
}

void MainWindow::cancelRace() {
  if (!races_->isRunning()) return;
  races_->cancel();
  convergenceView_->setStatus(tr("Stopping the race…"));
}

void MainWindow::onRaceFinished(quint64 raceId, bool cancelled) {
  convergenceModel_->finishRace(raceId, cancelled);
  if (raceId != convergenceModel_->raceId()) return;
  QStringList parts;
  QString error;
  double fastest = 0.0;
  double slowest = 0.0;
  int converged = 0;
  for (int i = 0; i < convergenceModel_->laneCount(); ++i) {
    const ConvergenceModel::Lane& lane = convergenceModel_->lane(i);
    const RaceLaneSummary& s = lane.summary;
    if (s.failed) {
      parts << tr("%1 failed").arg(lane.solver);
      error = s.error;
      continue;
    }
    if (s.cancelled) {
      parts << tr("%1 stopped at epoch %2").arg(lane.solver).arg(s.epochs);
      continue;
    }
    const bool ok = s.termination == Termination::Converged;
    parts << tr("%1 %2 in %3 (%4 epochs, %5 evaluations)")
                 .arg(lane.solver, ok ? tr("reached the threshold") : tr("stopped: %1").arg(QString::fromLatin1(terminationName(s.termination))),
                      formatSeconds(s.seconds))
                 .arg(s.epochs)
                 .arg(lane.points.size());
    if (ok) {
      fastest = converged == 0 ? s.seconds : std::min(fastest, s.seconds);
      slowest = std::max(slowest, s.seconds);
      ++converged;
    }
  }
  QString text = (cancelled ? tr("Race stopped: ") : tr("Race done: ")) + parts.join(QStringLiteral(" · "));
  if (!cancelled && converged == 2 && fastest > 0.0)
    text += tr(" — %1× apart").arg(slowest / fastest, 0, 'f', 1);
  convergenceView_->setStatus(text);
  flushPlots();
  updateActions();
  if (!error.isEmpty()) reportError(tr("The solver race failed"), error);
  Q_EMIT raceFinished(cancelled);
}

// ---------------------------------------------------------------------------------------------
// Cursor

void MainWindow::setCursorIndex(int k) { pathPlot_->setCursorIndex(k); }

int MainWindow::cursorIndex() const { return pathPlot_->cursorIndex(); }

void MainWindow::onCursorChanged(int k) {
  supportPlot_->setCursorIndex(k);
  updateRaceAvailability();
  if (k < 0 || k >= pathModel_->pointCount()) {
    barPlot_->clearCoefficients();
    info_->setText(tr("<p style='color:#555'>Run the path, then drag the dashed λ cursor on the "
                      "path plot (or use ←/→ there) to inspect the solution at any λ.</p>"));
    return;
  }
  const PathPoint& pt = pathModel_->points()[static_cast<std::size_t>(k)];
  const Index p = pathModel_->featureCount();
  barPlot_->setCoefficients(pt.denseCoefficients(p), pathPlot_->yAxis->range(),
                            tr("Coefficients at λ = %1").arg(num(pt.lambda)));

  const bool certified = pt.dualityGap <= pt.gapThreshold;
  const double lambdaMax = pathModel_->lambdaMax();
  const bool isGap = std::string_view(pt.criterion) == "duality_gap";
  const QString certificate =
      certified ? (isGap ? tr("<span style='color:#1a7f37'>✔ certified</span> (gap ≤ threshold)")
                         : tr("<span style='color:#1a7f37'>✔ stationary</span> (non-convex: a "
                              "local certificate)"))
                : tr("<span style='color:#b42318'>✘ not certified</span> (%1)")
                      .arg(QString::fromLatin1(terminationName(pt.termination)));
  const QString row = QStringLiteral("<tr><td style='padding-right:12px;color:#555'>%1</td><td>%2</td></tr>");
  QString html = QStringLiteral("<table cellspacing='2'>");
  html += row.arg(tr("λ"), QStringLiteral("<b>%1</b>").arg(num(pt.lambda, 6)));
  if (lambdaMax > 0.0) html += row.arg(tr("λ / λ_max"), num(pt.lambda / lambdaMax, 4));
  html += row.arg(tr("grid point"), tr("%1 of %2").arg(k + 1).arg(pathModel_->expectedLambdas()));
  html += row.arg(tr("support size"), tr("<b>%1</b> of %2").arg(pt.support.size()).arg(p));
  if (pt.tasks > 1) {
    QStringList intercepts;
    for (const double b : pt.intercepts) intercepts << num(b, 4);
    html += row.arg(tr("targets"), QString::number(pt.tasks));
    html += row.arg(tr("intercepts"), intercepts.join(QStringLiteral(", ")));
  } else {
    html += row.arg(tr("intercept"), num(pt.intercept, 6));
  }
  html += row.arg(tr("objective"), num(pt.objective, 8));
  html += row.arg(isGap ? tr("duality gap") : tr("stationarity"), num(pt.dualityGap, 3));
  html += row.arg(tr("threshold"), (isGap ? tr("%1 (tol × P(0))") : tr("%1 (tol × λ_max)")).arg(num(pt.gapThreshold, 3)));
  html += row.arg(tr("status"), certificate);
  html += row.arg(tr("epochs"), tr("%1 (%2)").arg(pt.epochs).arg(formatSeconds(pt.seconds)));
  html += QStringLiteral("</table>");
  info_->setText(html);
}

// ---------------------------------------------------------------------------------------------
// Export

PlotWidget* MainWindow::currentPlot() const {
  if (PlotWidget* focused = lastFocusedPlot_.data(); focused != nullptr && focused->isVisible())
    return focused;
  if (tabs_->currentWidget() == convergenceView_) return convergencePlot();
  if (tabs_->currentWidget() == selectionView_) return selectionView_->currentPlot();
  if (tabs_->currentWidget() == kSparseView_) return kSparseView_->kPathPlot();
  if (auto* plot = qobject_cast<PlotWidget*>(tabs_->currentWidget())) return plot;
  return pathPlot_;
}

void MainWindow::flushPlots() {
  pathPlot_->flush();
  supportPlot_->flush();
  barPlot_->flush();
  convergencePlot()->flush();
}

bool MainWindow::exportPlot(PlotWidget* plot, const QString& path, QString* error) {
  return plot->exportTo(path, error);
}

void MainWindow::onExportPlotRequested(PlotWidget* plot, PlotFormat format) {
  QSettings s;
  const QString dir = s.value(keys::kExportDirectory,
                              QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
                          .toString();
  const QString ext = plotFormatExtension(format);
  QString selected = plotFormatFilter(format);
  const QString filters = QStringList{plotFormatFilter(PlotFormat::Png), plotFormatFilter(PlotFormat::Svg),
                                      plotFormatFilter(PlotFormat::Pdf)}
                              .join(QStringLiteral(";;"));
  QString path = QFileDialog::getSaveFileName(this, tr("Export plot"),
                                              QDir(dir).filePath(plot->exportName() + '.' + ext),
                                              filters, &selected);
  if (path.isEmpty()) return;
  if (!plotFormatFromPath(path)) {
    for (PlotFormat f : {PlotFormat::Png, PlotFormat::Svg, PlotFormat::Pdf})
      if (selected == plotFormatFilter(f)) path += '.' + plotFormatExtension(f);
  }
  s.setValue(keys::kExportDirectory, QFileInfo(path).absolutePath());
  QString error;
  if (exportPlot(plot, path, &error)) statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
  else reportError(tr("Export failed"), error);
}

bool MainWindow::exportPathJson(const QString& path, QString* error) {
  if (!pathModel_->dataset() || pathModel_->pointCount() == 0) {
    if (error) *error = tr("There is no computed path to export yet.");
    return false;
  }
  std::ofstream out(QFile::encodeName(path).toStdString());
  const PathResult result = pathModel_->toPathResult();
  if (out) writePathJson(out, PathJsonContext{*pathModel_->dataset(), pathModel_->spec(), result});
  out.close();
  if (!out) {
    if (error) *error = tr("%1: could not write the file").arg(path);
    return false;
  }
  return true;
}

bool MainWindow::exportPathCsv(const QString& path, QString* error) {
  if (!pathModel_->dataset() || pathModel_->pointCount() == 0) {
    if (error) *error = tr("There is no computed path to export yet.");
    return false;
  }
  std::ofstream out(QFile::encodeName(path).toStdString());
  if (out) writePathCsv(out, *pathModel_->dataset(), pathModel_->toPathResult());
  out.close();
  if (!out) {
    if (error) *error = tr("%1: could not write the file").arg(path);
    return false;
  }
  return true;
}

void MainWindow::onExportPathRequested(bool json) {
  QSettings s;
  const QString dir = s.value(keys::kExportDirectory,
                              QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                          .toString();
  const QString stem = QFileInfo(datasetName_.section(' ', 0, 0)).completeBaseName() + QStringLiteral("-path");
  const QString path = QFileDialog::getSaveFileName(
      this, json ? tr("Export path as JSON") : tr("Export path as CSV"),
      QDir(dir).filePath(stem + (json ? QStringLiteral(".json") : QStringLiteral(".csv"))),
      json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  s.setValue(keys::kExportDirectory, QFileInfo(path).absolutePath());
  QString error;
  const bool ok = json ? exportPathJson(path, &error) : exportPathCsv(path, &error);
  if (ok) statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
  else reportError(tr("Export failed"), error);
}

// ---------------------------------------------------------------------------------------------
// Window

void MainWindow::updateActions() {
  const bool running = jobs_->isRunning();
  runAction_->setEnabled(hasDataset());
  runAction_->setText(running ? tr("&Restart Path") : tr("&Run Path"));
  cancelAction_->setEnabled(running || races_->isRunning());
  const bool hasPath = pathModel_->pointCount() > 0;
  exportJsonAction_->setEnabled(hasPath);
  exportCsvAction_->setEnabled(hasPath);
  modelPanel_->runButton()->setEnabled(hasDataset());
}

void MainWindow::updateTitle() {
  setWindowTitle(datasetName_.isEmpty() ? QStringLiteral("Lambdascope")
                                        : QStringLiteral("Lambdascope — %1").arg(datasetName_));
}

void MainWindow::reportError(const QString& title, const QString& message) {
  statusBar()->showMessage(message.section('\n', 0, 0), 10000);
  Q_EMIT errorOccurred(message);
  if (interactive_) QMessageBox::critical(this, title, message);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  writeSettings();
  sessions_->cleanExit();  // a clean exit: no recovery offered next time
  // The one place that waits: stop the solver (it polls its stop token) and join the workers.
  jobs_->shutdown(kCloseTimeoutMs);
  races_->shutdown(kCloseTimeoutMs);
  selectionView_->shutdown(kCloseTimeoutMs);
  loader_->shutdown(kCloseTimeoutMs);
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QMimeData* mime = event->mimeData();
  if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  event->acceptProposedAction();
  openFile(urls.first().toLocalFile());
}

}  // namespace lambdascope::ui
