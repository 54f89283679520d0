#include "ui/meeg/meeg_window.hpp"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/meeg/alpha_curves_plot.hpp"
#include "ui/meeg/alpha_support_heatmap.hpp"
#include "ui/meeg/butterfly_plot.hpp"
#include "ui/meeg/glass_brain_view.hpp"
#include "ui/meeg/tf_view.hpp"
#include "ui/meeg/time_course_plot.hpp"
#include "ui/plots/plot_export.hpp"

// Resources of a static library must be initialised explicitly, outside any namespace.
static void initMeegResources() { Q_INIT_RESOURCE(lambdascope); }

namespace lambdascope::ui::meeg {

namespace {

constexpr int kCloseTimeoutMs = 3000;

QString fmt(double v, int digits = 4) { return QString::number(v, 'g', digits); }

/// Copies a resource folder (":/meeg/…") to a temporary folder once, since the loader reads
/// files from disk.
QString extractResourceFolder(const QString& resourceDir) {
  static QString extracted;
  if (!extracted.isEmpty()) return extracted;
  const QString base = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                           .filePath(QStringLiteral("lambdascope-meeg-%1").arg(QCoreApplication::applicationPid()));
  QDirIterator it(resourceDir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString src = it.next();
    const QString rel = QDir(resourceDir).relativeFilePath(src);
    const QString dst = QDir(base).filePath(rel);
    QDir().mkpath(QFileInfo(dst).absolutePath());
    QFile::remove(dst);
    if (!QFile::copy(src, dst)) return {};
  }
  extracted = base;
  return extracted;
}

/// The first case inside a folder: an .npz file, else a folder with G.csv (or csv/G.csv).
QString findCaseIn(const QString& folder) {
  const QDir dir(folder);
  if (!dir.exists()) return {};
  const QStringList npz = dir.entryList({QStringLiteral("*.npz")}, QDir::Files, QDir::Name);
  for (const QString& f : npz)
    if (!f.startsWith(QStringLiteral("anatomy"))) return dir.filePath(f);
  if (QFileInfo::exists(dir.filePath(QStringLiteral("G.csv")))) return dir.absolutePath();
  if (QFileInfo::exists(dir.filePath(QStringLiteral("csv/G.csv")))) return dir.absolutePath();
  for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (sub == QStringLiteral("anatomy")) continue;
    const QString found = findCaseIn(dir.filePath(sub));
    if (!found.isEmpty()) return found;
  }
  return {};
}

QDoubleSpinBox* percentBox(double value, double lo, double hi) {
  auto* box = new QDoubleSpinBox;
  box->setRange(lo, hi);
  box->setDecimals(1);
  box->setSuffix(QStringLiteral(" %"));
  box->setValue(value);
  return box;
}

}  // namespace

QString MeegWindow::bundledCasePath() {
  initMeegResources();
  const QString env = qEnvironmentVariable("LAMBDASCOPE_MEEG_CASE");
  if (!env.isEmpty() && QFileInfo::exists(env)) return env;
  if (QDir(QStringLiteral(":/meeg")).exists()) {
    const QString folder = extractResourceFolder(QStringLiteral(":/meeg"));
    const QString found = folder.isEmpty() ? QString() : findCaseIn(folder);
    if (!found.isEmpty()) return found;
  }
  // Installed next to the executable, or the source tree above a build directory.
  QDir dir(QCoreApplication::applicationDirPath());
  for (int up = 0; up < 5; ++up) {
    for (const QString& rel : {QStringLiteral("resources/meeg"), QStringLiteral("share/lambdascope/meeg")}) {
      const QString found = findCaseIn(dir.filePath(rel));
      if (!found.isEmpty()) return found;
    }
    if (!dir.cdUp()) break;
  }
  return {};
}

MeegWindow::MeegWindow(QWidget* parent, bool openBundled) : QMainWindow(parent) {
  initMeegResources();
  setObjectName(QStringLiteral("meegWindow"));
  setWindowTitle(tr("M/EEG source imaging — Lambdascope"));
  setAttribute(Qt::WA_DeleteOnClose, false);
  controller_ = new MeegController(this);
  connect(controller_, &MeegController::loaded, this, &MeegWindow::onLoaded);
  connect(controller_, &MeegController::pathStarted, this, &MeegWindow::onPathStarted);
  connect(controller_, &MeegController::pathPoint, this, &MeegWindow::onPathPoint);
  connect(controller_, &MeegController::pathFinished, this, &MeegWindow::onPathFinished);
  connect(controller_, &MeegController::tfFinished, this, &MeegWindow::onTfFinished);
  connect(controller_, &MeegController::tuneStep, this, &MeegWindow::onTuneStep);
  connect(controller_, &MeegController::tuneFinished, this, &MeegWindow::onTuneFinished);
  connect(controller_, &MeegController::progress, this, &MeegWindow::onProgress);
  connect(controller_, &MeegController::runningChanged, this, &MeegWindow::onRunningChanged);
  connect(&model_, &MeegPathModel::selectionChanged, this, &MeegWindow::onSelectionChanged);
  buildUi();
  buildMenus();
  resize(1600, 1000);
  if (openBundled) {
    const QString bundled = bundledCasePath();
    if (bundled.isEmpty())
      statusLabel_->setText(tr("No bundled M/EEG case found: File ▸ Open M/EEG Case… (Ctrl+O)"));
    else
      openCase(bundled);
  }
}

MeegWindow::~MeegWindow() { controller_->shutdown(kCloseTimeoutMs); }

void MeegWindow::closeEvent(QCloseEvent* event) {
  controller_->cancel();
  QMainWindow::closeEvent(event);
}

// ---------------------------------------------------------------------------------------- UI

void MeegWindow::buildUi() {
  brain_ = new GlassBrainView;
  butterfly_ = new ButterflyPlot;
  timeCourse_ = new TimeCoursePlot;
  heatmap_ = new AlphaSupportHeatmap;
  curves_ = new AlphaCurvesPlot;
  tfView_ = new TfView;
  heatmap_->setModel(&model_, nullptr);
  curves_->setModel(&model_);

  alphaSlider_ = new QSlider(Qt::Horizontal);
  alphaSlider_->setObjectName(QStringLiteral("alphaSlider"));
  alphaSlider_->setRange(0, kSliderSteps);
  alphaSlider_->setPageStep(kSliderSteps / 20);
  alphaSlider_->setToolTip(tr("α in % of α_max, log scale, largest on the left (as in the α plots). Dragging shows the "
                              "nearest precomputed path point, nothing is re-solved. PgUp/PgDn: previous/next point."));
  alphaSlider_->setEnabled(false);
  alphaLabel_ = new QLabel(tr("α: no path yet"));
  alphaLabel_->setObjectName(QStringLiteral("alphaLabel"));
  alphaLabel_->setMinimumWidth(260);
  QFont bold = alphaLabel_->font();
  bold.setBold(true);
  alphaLabel_->setFont(bold);
  auto* prev = new QToolButton;
  prev->setText(QStringLiteral("◀"));
  prev->setToolTip(tr("Previous (larger) α on the path (PgUp)"));
  auto* next = new QToolButton;
  next->setText(QStringLiteral("▶"));
  next->setToolTip(tr("Next (smaller) α on the path (PgDn)"));
  auto* sureButton = new QToolButton;
  sureButton->setText(tr("SURE"));
  sureButton->setToolTip(tr("Go to the α chosen by SURE (Ctrl+J)"));
  connect(prev, &QToolButton::clicked, this, [this] { stepPathPoint(-1); });
  connect(next, &QToolButton::clicked, this, [this] { stepPathPoint(+1); });
  connect(sureButton, &QToolButton::clicked, this, [this] {
    if (model_.sureIndex() >= 0) setSelectedPathIndex(model_.sureIndex());
  });
  connect(alphaSlider_, &QSlider::valueChanged, this, &MeegWindow::onSliderMoved);
  connect(alphaSlider_, &QSlider::sliderReleased, this, &MeegWindow::placeSlider);
  auto* sliderRow = new QWidget;
  auto* sl = new QHBoxLayout(sliderRow);
  sl->setContentsMargins(6, 0, 6, 0);
  sl->addWidget(new QLabel(tr("α")));
  sl->addWidget(prev);
  sl->addWidget(alphaSlider_, 1);
  sl->addWidget(next);
  sl->addWidget(sureButton);
  sl->addWidget(alphaLabel_);

  solutionLabel_ = new QLabel;
  solutionLabel_->setObjectName(QStringLiteral("solutionLabel"));
  solutionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  solutionLabel_->setContentsMargins(8, 0, 8, 0);

  sourceTabs_ = new QTabWidget;
  sourceTabs_->addTab(timeCourse_, tr("Source time course"));
  sourceTabs_->addTab(tfView_, tr("Time–frequency |Z| (TF-MxNE)"));

  auto* bottom = new QSplitter(Qt::Horizontal);
  bottom->addWidget(butterfly_);
  bottom->addWidget(sourceTabs_);
  bottom->setStretchFactor(0, 1);
  bottom->setStretchFactor(1, 1);

  auto* center = new QSplitter(Qt::Vertical);
  auto* top = new QWidget;
  auto* tl = new QVBoxLayout(top);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->setSpacing(2);
  tl->addWidget(brain_, 1);
  tl->addWidget(sliderRow);
  tl->addWidget(solutionLabel_);
  center->addWidget(top);
  center->addWidget(bottom);
  center->setStretchFactor(0, 5);
  center->setStretchFactor(1, 4);

  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(heatmap_);
  right->addWidget(curves_);
  right->setStretchFactor(0, 1);
  right->setStretchFactor(1, 1);

  auto* scroll = new QScrollArea;
  scroll->setWidget(buildControls());
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(290);
  scroll->setMaximumWidth(340);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

  auto* main = new QSplitter(Qt::Horizontal);
  main->addWidget(scroll);
  main->addWidget(center);
  main->addWidget(right);
  main->setStretchFactor(0, 0);
  main->setStretchFactor(1, 5);
  main->setStretchFactor(2, 2);
  main->setSizes({300, 900, 400});
  setCentralWidget(main);

  progress_ = new QProgressBar;
  progress_->setObjectName(QStringLiteral("meegProgress"));
  progress_->setMaximumWidth(220);
  progress_->setRange(0, 1000);
  progress_->setVisible(false);
  statusLabel_ = new QLabel;
  statusBar()->addWidget(statusLabel_, 1);
  statusBar()->addPermanentWidget(progress_);

  connect(brain_, &GlassBrainView::sourceClicked, this, [this](Index j) {
    userSelectedSource_ = true;
    selectSource(j);
  });
  connect(butterfly_, &ButterflyPlot::timeClicked, this, [this](double t) {
    if (!case_ || butterfly_->times().size() == 0) return;
    Index best = 0;
    (butterfly_->times().array() - t).abs().minCoeff(&best);
    setTimeIndex(best);
  });
  connect(timeCourse_, &TimeCoursePlot::timeClicked, butterfly_, &ButterflyPlot::timeClicked);
  connect(heatmap_, &AlphaSupportHeatmap::alphaClicked, this, &MeegWindow::setAlphaPercent);
  connect(curves_, &AlphaCurvesPlot::alphaClicked, this, &MeegWindow::setAlphaPercent);
  for (Figure f : {Figure::Brain, Figure::Butterfly, Figure::TimeCourse, Figure::SupportHeatmap, Figure::AlphaCurves,
                   Figure::TimeFrequency}) {
    PlotWidget* plot = figurePlot(f);
    connect(plot, &PlotWidget::exportRequested, this, [this, plot](PlotFormat) { onExportPlot(plot); });
  }
}

QWidget* MeegWindow::buildControls() {
  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);

  auto* dataBox = new QGroupBox(tr("Case"));
  auto* dl = new QVBoxLayout(dataBox);
  caseLabel_ = new QLabel(tr("(none)"));
  caseLabel_->setObjectName(QStringLiteral("caseLabel"));
  caseLabel_->setWordWrap(true);
  auto* openButton = new QPushButton(tr("Open M/EEG case…"));
  openButton->setToolTip(tr("An .npz file or a CSV folder exported from MNE (Ctrl+O)"));
  connect(openButton, &QPushButton::clicked, this, &MeegWindow::onOpenClicked);
  dl->addWidget(caseLabel_);
  dl->addWidget(openButton);

  auto* pathBox = new QGroupBox(tr("α path"));
  auto* pf = new QFormLayout(pathBox);
  solverBox_ = new QComboBox;
  solverBox_->setObjectName(QStringLiteral("solverBox"));
  solverBox_->addItem(tr("MxNE (ℓ2,1)"), QStringLiteral("mxne"));
  solverBox_->addItem(tr("irMxNE (ℓ2,0.5)"), QStringLiteral("irmxne"));
  nAlphasBox_ = new QSpinBox;
  nAlphasBox_->setRange(2, 200);
  nAlphasBox_->setValue(20);
  maxPercentBox_ = percentBox(90.0, 0.1, 100.0);
  minPercentBox_ = percentBox(10.0, 0.1, 100.0);
  reweightBox_ = new QSpinBox;
  reweightBox_->setRange(1, 100);
  reweightBox_->setValue(10);
  reweightBox_->setToolTip(tr("irMxNE stages (MNE's n_mxne_iter)"));
  tolBox_ = new QComboBox;
  for (double t : {1e-4, 1e-5, 1e-6, 1e-7, 1e-8}) tolBox_->addItem(QString::number(t, 'g', 1), t);
  tolBox_->setCurrentIndex(2);
  tolBox_->setToolTip(tr("Stop when the duality gap ≤ tol·‖M‖²_F"));
  criterionBox_ = new QComboBox;
  criterionBox_->setObjectName(QStringLiteral("criterionBox"));
  criterionBox_->addItem(tr("FDMC-SURE"), QStringLiteral("sure"));
  criterionBox_->addItem(tr("hold-out (time samples)"), QStringLiteral("holdout"));
  criterionBox_->addItem(tr("none"), QStringLiteral("none"));
  criterionBox_->setToolTip(tr("How α is chosen along the path (one extra solve per α)"));
  runButton_ = new QPushButton(tr("Compute path"));
  runButton_->setObjectName(QStringLiteral("runPathButton"));
  runButton_->setToolTip(tr("Solve the whole α path on the worker thread (Ctrl+R)"));
  connect(runButton_, &QPushButton::clicked, this, qOverload<>(&MeegWindow::runPath));
  pf->addRow(tr("solver"), solverBox_);
  pf->addRow(tr("points"), nAlphasBox_);
  pf->addRow(tr("largest α"), maxPercentBox_);
  pf->addRow(tr("smallest α"), minPercentBox_);
  pf->addRow(tr("irMxNE stages"), reweightBox_);
  pf->addRow(tr("tol"), tolBox_);
  pf->addRow(tr("choose α by"), criterionBox_);
  pf->addRow(runButton_);

  auto* tfBox = new QGroupBox(tr("TF-MxNE"));
  auto* tff = new QFormLayout(tfBox);
  tfAlphaBox_ = percentBox(30.0, 0.1, 100.0);
  tfAlphaBox_->setToolTip(tr("α in % of TF-MxNE's own α_max for this l1 ratio (MNE's tf_mixed_norm alpha)"));
  tfL1Box_ = new QDoubleSpinBox;
  tfL1Box_->setRange(0.0, 1.0);
  tfL1Box_->setDecimals(3);
  tfL1Box_->setSingleStep(0.01);
  tfL1Box_->setValue(0.05);
  tfL1Box_->setToolTip(tr("l1_ratio: α_time = α·ρ, α_space = α·(1 − ρ)"));
  tfWsizeBox_ = new QSpinBox;
  tfWsizeBox_->setRange(4, 512);
  tfWsizeBox_->setSingleStep(4);
  tfWsizeBox_->setValue(64);
  tfTstepBox_ = new QSpinBox;
  tfTstepBox_->setRange(2, 256);
  tfTstepBox_->setSingleStep(2);
  tfTstepBox_->setValue(4);
  tfButton_ = new QPushButton(tr("Run TF-MxNE"));
  tfButton_->setObjectName(QStringLiteral("runTfButton"));
  tfButton_->setToolTip(tr("Solve TF-MxNE at this α on the worker thread (Ctrl+T)"));
  connect(tfButton_, &QPushButton::clicked, this, qOverload<>(&MeegWindow::runTf));
  tff->addRow(tr("α"), tfAlphaBox_);
  tff->addRow(tr("l1 ratio"), tfL1Box_);
  tff->addRow(tr("window"), tfWsizeBox_);
  tff->addRow(tr("step"), tfTstepBox_);
  tff->addRow(tfButton_);

  auto* tuneBox = new QGroupBox(tr("Choose α by hypergradient"));
  auto* tuf = new QFormLayout(tuneBox);
  tuneOptimizerBox_ = new QComboBox;
  tuneOptimizerBox_->setObjectName(QStringLiteral("tuneOptimizerBox"));
  tuneOptimizerBox_->addItem(tr("L-BFGS"), QStringLiteral("lbfgs"));
  tuneOptimizerBox_->addItem(tr("gradient descent"), QStringLiteral("gd"));
  tuneOptimizerBox_->addItem(tr("line search"), QStringLiteral("linesearch"));
  tuneOptimizerBox_->addItem(tr("Adam"), QStringLiteral("adam"));
  tunePerSourceBox_ = new QCheckBox(tr("one α per source"));
  tunePerSourceBox_->setObjectName(QStringLiteral("tunePerSourceBox"));
  tunePerSourceBox_->setToolTip(tr("Weighted MxNE Σ α_i‖B_i‖: one hyperparameter per source, one adjoint solve per step"));
  tuneButton_ = new QPushButton(tr("Tune α"));
  tuneButton_->setObjectName(QStringLiteral("tuneButton"));
  tuneButton_->setToolTip(tr("Minimise the criterion chosen above (SURE or hold-out) from the shown α, by implicit "
                             "differentiation on the active sources (Ctrl+G)"));
  connect(tuneButton_, &QPushButton::clicked, this, qOverload<>(&MeegWindow::runTune));
  tuf->addRow(tr("optimiser"), tuneOptimizerBox_);
  tuf->addRow(tunePerSourceBox_);
  tuf->addRow(tuneButton_);

  auto* viewBox = new QGroupBox(tr("Display"));
  auto* vf = new QFormLayout(viewBox);
  amplitudeBox_ = new QComboBox;
  amplitudeBox_->setObjectName(QStringLiteral("amplitudeBox"));
  amplitudeBox_->addItem(tr("‖B_i‖₂ over time"));
  amplitudeBox_->addItem(tr("|B_i(t)| at the cursor time"));
  amplitudeBox_->setToolTip(tr("Colour of the active sources; click the butterfly or a time course to set the time"));
  connect(amplitudeBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setAmplitudeMode(i == 0 ? AmplitudeMode::RowNorm : AmplitudeMode::AtTime); });
  unitsBox_ = new QCheckBox(tr("dipole moment q = w·B (nA·m)"));
  unitsBox_->setToolTip(tr("Physical units through the depth weights (Ctrl+U)"));
  connect(unitsBox_, &QCheckBox::toggled, this, [this] { refreshViews(); });
  showTfBox_ = new QCheckBox(tr("show the TF-MxNE solution"));
  showTfBox_->setEnabled(false);
  connect(showTfBox_, &QCheckBox::toggled, this, &MeegWindow::setShowTf);
  vf->addRow(tr("amplitude"), amplitudeBox_);
  vf->addRow(unitsBox_);
  vf->addRow(showTfBox_);
  showTunedBox_ = new QCheckBox(tr("show the tuned α's solution"));
  showTunedBox_->setObjectName(QStringLiteral("showTunedBox"));
  showTunedBox_->setEnabled(false);
  connect(showTunedBox_, &QCheckBox::toggled, this, &MeegWindow::setShowTuned);
  vf->addRow(showTunedBox_);

  cancelButton_ = new QPushButton(tr("Cancel"));
  cancelButton_->setObjectName(QStringLiteral("cancelButton"));
  cancelButton_->setToolTip(tr("Stop the running job; solved points are kept (Esc)"));
  cancelButton_->setEnabled(false);
  connect(cancelButton_, &QPushButton::clicked, this, &MeegWindow::cancel);

  auto* help = new QLabel(tr("<small>Hover a source for its index and position, click it for its time course. "
                             "Click the heat map or the α curves to move α; click the butterfly to set the time. "
                             "Right-click any plot to export it.</small>"));
  help->setWordWrap(true);

  layout->addWidget(dataBox);
  layout->addWidget(pathBox);
  layout->addWidget(tfBox);
  layout->addWidget(tuneBox);
  layout->addWidget(viewBox);
  layout->addWidget(cancelButton_);
  layout->addWidget(help);
  layout->addStretch(1);
  return panel;
}

void MeegWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open M/EEG Case…"), this, &MeegWindow::onOpenClicked);
  open->setShortcut(QKeySequence::Open);
  QAction* bundled = file->addAction(tr("Open &Bundled Case"), this, [this] {
    const QString path = bundledCasePath();
    if (!path.isEmpty()) openCase(path);
  });
  bundled->setEnabled(true);
  file->addSeparator();
  QAction* json = file->addAction(tr("Export Solution as &JSON…"), this, [this] { onExportSolution(false); });
  json->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
  QAction* csv = file->addAction(tr("Export Solution as &CSV…"), this, [this] { onExportSolution(true); });
  csv->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  QMenu* plots = file->addMenu(tr("Export &Plot"));
  const std::array<std::pair<Figure, QString>, 6> figures{{{Figure::Brain, tr("Glass brain…")},
                                                           {Figure::Butterfly, tr("Butterfly…")},
                                                           {Figure::TimeCourse, tr("Source time course…")},
                                                           {Figure::SupportHeatmap, tr("Support vs α…")},
                                                           {Figure::AlphaCurves, tr("|A| and SURE vs α…")},
                                                           {Figure::TimeFrequency, tr("Time–frequency…")}}};
  for (const auto& [f, name] : figures) {
    QAction* a = plots->addAction(name, this, [this, which = f] { onExportFigure(which); });
    if (f == Figure::Brain) a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  }
  file->addSeparator();
  QAction* close = file->addAction(tr("&Close Window"), this, &QWidget::close);
  close->setShortcut(QKeySequence::Close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  QAction* path = run->addAction(tr("Compute α &Path"), this, qOverload<>(&MeegWindow::runPath));
  path->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  QAction* tf = run->addAction(tr("Run &TF-MxNE"), this, qOverload<>(&MeegWindow::runTf));
  tf->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  QAction* tune = run->addAction(tr("Choose α by &Hypergradient"), this, qOverload<>(&MeegWindow::runTune));
  tune->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  cancelAction_ = run->addAction(tr("&Cancel"), this, &MeegWindow::cancel);
  cancelAction_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancelAction_->setEnabled(false);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* prev = view->addAction(tr("Previous α (larger)"), this, [this] { stepPathPoint(-1); });
  prev->setShortcut(QKeySequence(Qt::Key_PageUp));
  QAction* next = view->addAction(tr("Next α (smaller)"), this, [this] { stepPathPoint(+1); });
  next->setShortcut(QKeySequence(Qt::Key_PageDown));
  QAction* sure = view->addAction(tr("α Chosen by &SURE"), this, [this] {
    if (model_.sureIndex() >= 0) setSelectedPathIndex(model_.sureIndex());
  });
  sure->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
  QAction* earlier = view->addAction(tr("Earlier Time Sample"), this, [this] { setTimeIndex(timeIndex_ - 1); });
  earlier->setShortcut(QKeySequence(Qt::Key_Comma));
  QAction* later = view->addAction(tr("Later Time Sample"), this, [this] { setTimeIndex(timeIndex_ + 1); });
  later->setShortcut(QKeySequence(Qt::Key_Period));
  view->addSeparator();
  QAction* units = view->addAction(tr("Dipole Moment &Units (nA·m)"));
  units->setCheckable(true);
  units->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
  connect(units, &QAction::toggled, unitsBox_, &QCheckBox::setChecked);
  connect(unitsBox_, &QCheckBox::toggled, units, &QAction::setChecked);
  QAction* atTime = view->addAction(tr("Amplitude at the Cursor &Time"));
  atTime->setCheckable(true);
  atTime->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
  connect(atTime, &QAction::toggled, this, [this](bool on) { amplitudeBox_->setCurrentIndex(on ? 1 : 0); });
  connect(amplitudeBox_, &QComboBox::currentIndexChanged, atTime, [atTime](int i) { atTime->setChecked(i == 1); });
  QAction* tfTab = view->addAction(tr("Time–Frequency Tab"), this, [this] {
    sourceTabs_->setCurrentIndex(sourceTabs_->currentIndex() == 0 ? 1 : 0);
  });
  tfTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
}

// -------------------------------------------------------------------------------- data, jobs

void MeegWindow::onOpenClicked() {
  QFileDialog dialog(this, tr("Open M/EEG case (.npz, or the CSV folder)"));
  dialog.setNameFilter(tr("M/EEG case (*.npz);;All files (*)"));
  dialog.setFileMode(QFileDialog::AnyFile);
  dialog.setOption(QFileDialog::DontUseNativeDialog, false);
  dialog.setLabelText(QFileDialog::Accept, tr("Open"));
  if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
  QString path = dialog.selectedFiles().front();
  // Picking a file inside a CSV folder (e.g. G.csv) opens the folder.
  if (path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) path = QFileInfo(path).absolutePath();
  openCase(path);
}

void MeegWindow::openCase(const QString& path) {
  pendingPath_ = path;
  statusLabel_->setText(tr("Loading %1…").arg(QDir::toNativeSeparators(path)));
  progress_->setRange(0, 0);
  progress_->setVisible(true);
  controller_->startLoad(path);
}

void MeegWindow::onLoaded(const CasePtr& loadedCase, const QString& error) {
  progress_->setRange(0, 1000);
  progress_->setVisible(false);
  if (!loadedCase) {
    statusLabel_->setText(tr("Could not open %1: %2").arg(pendingPath_, error));
    Q_EMIT loadFailed(error);
    if (isVisible()) QMessageBox::warning(this, tr("Open M/EEG case"), error);
    return;
  }
  setCase(loadedCase);
  statusLabel_->setText(tr("Loaded %1").arg(QString::fromStdString(loadedCase->name)));
  Q_EMIT caseLoaded();
  if (autoRun_) runPath();
}

void MeegWindow::setCase(CasePtr newCase) {
  controller_->cancel();
  case_ = std::move(newCase);
  tf_.reset();
  showTf_ = false;
  showTfBox_->setChecked(false);
  showTfBox_->setEnabled(false);
  tuned_.reset();
  liveSteps_.clear();
  curves_->setTuning({}, false);
  showTuned_ = false;
  showTunedBox_->setChecked(false);
  showTunedBox_->setEnabled(false);
  selectedSource_ = -1;
  userSelectedSource_ = false;
  model_.reset(case_ ? case_->alphaMax : 0.0, {});
  alphaSlider_->setEnabled(false);
  if (!case_) return;
  const MeegCase& c = *case_;
  const CorticalMesh* lh = c.anatomy ? &c.anatomy->lh : nullptr;
  const CorticalMesh* rh = c.anatomy ? &c.anatomy->rh : nullptr;
  brain_->setGeometry(c.sourcePositions.rows() == c.sources() ? c.sourcePositions : Mat(0, 3), c.hemisphere, lh, rh);
  heatmap_->setModel(&model_, &case_->hemisphere);
  Vec times = c.times;
  if (times.size() != c.timePoints()) {
    times = Vec::LinSpaced(c.timePoints(), 0.0, static_cast<double>(std::max<Index>(c.timePoints() - 1, 0)));
    if (c.sfreq > 0.0) times /= c.sfreq;
  }
  butterfly_->setMeasured(times, c.M, c.channelTypes);
  // Start at the strongest sample of the data (global field power), where the response peaks.
  timeIndex_ = 0;
  if (c.M.cols() > 0) c.M.colwise().squaredNorm().maxCoeff(&timeIndex_);
  updateCaseLabel();
  refreshViews();
  refreshTf();
}

void MeegWindow::updateCaseLabel() {
  if (!case_) {
    caseLabel_->setText(tr("(none)"));
    return;
  }
  const MeegCase& c = *case_;
  QString text = tr("<b>%1</b><br>%2 sensors × %3 sources, %4 time samples")
                     .arg(QString::fromStdString(c.name).toHtmlEscaped())
                     .arg(c.sensors())
                     .arg(c.sources())
                     .arg(c.timePoints());
  if (c.sfreq > 0.0) text += tr(" at %1 Hz").arg(c.sfreq, 0, 'f', 1);
  if (c.times.size() > 1)
    text += tr("<br>%1 – %2 ms").arg(1000.0 * c.times(0), 0, 'f', 1).arg(1000.0 * c.times(c.times.size() - 1), 0, 'f', 1);
  text += tr("<br>α_max = %1").arg(fmt(c.alphaMax, 6));
  if (!c.anatomy) text += tr("<br><i>no anatomy: sources only</i>");
  caseLabel_->setText(text);
}

PathRequest MeegWindow::pathRequest() const {
  PathRequest r;
  r.solver = solverBox_->currentData().toString();
  r.nAlphas = nAlphasBox_->value();
  r.maxPercent = maxPercentBox_->value();
  r.minPercent = minPercentBox_->value();
  r.nReweight = reweightBox_->value();
  r.tol = tolBox_->currentData().toDouble();
  r.criterion = criterionBox_->currentData().toString();
  return r;
}

void MeegWindow::setPathRequest(const PathRequest& r) {
  const int s = solverBox_->findData(r.solver);
  if (s >= 0) solverBox_->setCurrentIndex(s);
  nAlphasBox_->setValue(r.nAlphas);
  maxPercentBox_->setValue(r.maxPercent);
  minPercentBox_->setValue(r.minPercent);
  reweightBox_->setValue(r.nReweight);
  int best = 0;
  for (int i = 0; i < tolBox_->count(); ++i)
    if (std::abs(std::log10(tolBox_->itemData(i).toDouble()) - std::log10(r.tol)) <
        std::abs(std::log10(tolBox_->itemData(best).toDouble()) - std::log10(r.tol)))
      best = i;
  tolBox_->setCurrentIndex(best);
  const int c = criterionBox_->findData(r.criterion);
  if (c >= 0) criterionBox_->setCurrentIndex(c);
}

void MeegWindow::runPath() { runPath(pathRequest()); }

void MeegWindow::runPath(const PathRequest& request) {
  if (!case_) {
    statusLabel_->setText(tr("Open an M/EEG case first (Ctrl+O)"));
    return;
  }
  PathRequest r = request;
  if (r.minPercent > r.maxPercent) std::swap(r.minPercent, r.maxPercent);
  followNewest_ = true;
  pendingCriterion_ = r.criterion;
  controller_->startPath(case_, r);
  statusLabel_->setText(tr("Computing the %1 path (%2 points, %3–%4 % of α_max)…")
                            .arg(r.solver)
                            .arg(r.nAlphas)
                            .arg(r.maxPercent)
                            .arg(r.minPercent));
}

TfRequest MeegWindow::tfRequest() const {
  TfRequest r;
  r.alphaPercent = tfAlphaBox_->value();
  r.l1Ratio = tfL1Box_->value();
  r.wsize = tfWsizeBox_->value();
  r.tstep = tfTstepBox_->value();
  r.tol = tolBox_->currentData().toDouble();
  return r;
}

void MeegWindow::runTf() { runTf(tfRequest()); }

void MeegWindow::runTf(const TfRequest& request) {
  if (!case_) return;
  controller_->startTf(case_, request);
  statusLabel_->setText(tr("TF-MxNE at α = %1 % (l1 ratio %2, window %3, step %4)…")
                            .arg(request.alphaPercent)
                            .arg(request.l1Ratio)
                            .arg(request.wsize)
                            .arg(request.tstep));
}

TuneRequest MeegWindow::tuneRequest() const {
  TuneRequest r;
  const QString criterion = criterionBox_->currentData().toString();
  r.criterion = criterion == QStringLiteral("holdout") ? criterion : QStringLiteral("sure");
  r.perSource = tunePerSourceBox_->isChecked();
  r.optimizer = tuneOptimizerBox_->currentData().toString();
  // Start where the user is looking: the shown path point, else half of α_max.
  const PathEntry* e = model_.selectedEntry();
  r.initPercent = e && e->solution.alphaPercent > 0.0 ? e->solution.alphaPercent : 50.0;
  r.minPercent = std::min(minPercentBox_->value(), maxPercentBox_->value());
  return r;
}

void MeegWindow::runTune() { runTune(tuneRequest()); }

void MeegWindow::runTune(const TuneRequest& request) {
  if (!case_) {
    statusLabel_->setText(tr("Open an M/EEG case first (Ctrl+O)"));
    return;
  }
  liveSteps_.clear();
  // The search is drawn on the curve of its own criterion.
  if (model_.criterion() != request.criterion) model_.setCriterion(request.criterion);
  curves_->setTuning({}, request.perSource);
  controller_->startTune(case_, request);
  statusLabel_->setText(tr("Choosing α by hypergradient of %1 (%2%3) from %4 %…")
                            .arg(request.criterion == QStringLiteral("holdout") ? tr("the hold-out") : tr("SURE"))
                            .arg(request.optimizer)
                            .arg(request.perSource ? tr(", one α per source") : QString())
                            .arg(request.initPercent, 0, 'f', 1));
}

void MeegWindow::onTuneStep(const TuneStep& step) {
  liveSteps_.push_back(step);
  curves_->setTuning(liveSteps_, tunePerSourceBox_->isChecked());
}

void MeegWindow::onTuneFinished(const TuneResult& result, const MeegJobSummary& summary) {
  if (summary.failed) {
    statusLabel_->setText(tr("Hypergradient search failed: %1").arg(summary.error));
    Q_EMIT tuneFinished(summary);
    return;
  }
  // A cancelled search stays drawn, but the last finished one keeps its solution.
  curves_->setTuning(result.steps, result.request.perSource);
  if (result.valid) {
    tuned_ = result;
    showTunedBox_->setEnabled(true);
    QString text = tr("Hypergradient (%1): α = %2 %%3, %4 %5 after %6 evaluations, %7 inner solves, %8 s (%9)")
                       .arg(result.request.optimizer)
                       .arg(result.solution.alphaPercent, 0, 'f', 2)
                       .arg(result.request.perSource ? tr(" (geometric mean of the α_i)") : QString())
                       .arg(result.request.criterion == QStringLiteral("holdout") ? tr("hold-out MSE") : tr("SURE"))
                       .arg(fmt(result.value, 8))
                       .arg(result.steps.size())
                       .arg(result.innerSolves)
                       .arg(result.seconds, 0, 'f', 2)
                       .arg(result.stopReason);
    statusLabel_->setText(text);
    setShowTuned(true);
  } else {
    statusLabel_->setText(tr("Hypergradient search cancelled after %1 evaluations").arg(result.steps.size()));
  }
  Q_EMIT tuneFinished(summary);
}

void MeegWindow::setShowTuned(bool on) {
  on = on && tuned_ && tuned_->valid;
  showTuned_ = on;
  if (on && showTf_) {
    showTf_ = false;
    const QSignalBlocker block(showTfBox_);
    showTfBox_->setChecked(false);
  }
  if (showTunedBox_->isChecked() != on) {
    const QSignalBlocker block(showTunedBox_);
    showTunedBox_->setChecked(on);
  }
  refreshViews();
}

void MeegWindow::leaveOtherSolutions() {
  showTf_ = false;
  showTuned_ = false;
  for (QCheckBox* box : {showTfBox_, showTunedBox_}) {
    if (!box->isChecked()) continue;
    const QSignalBlocker block(box);
    box->setChecked(false);
  }
}

void MeegWindow::cancel() { controller_->cancel(); }

bool MeegWindow::isRunning() const { return controller_->isRunning(); }

void MeegWindow::onRunningChanged(bool running) {
  cancelButton_->setEnabled(running);
  cancelAction_->setEnabled(running);
  if (running) {
    progress_->setVisible(true);
  } else {
    progress_->setVisible(false);
    progress_->setRange(0, 1000);
  }
}

void MeegWindow::onProgress(double fraction, const QString& text) {
  if (fraction < 0.0) {
    progress_->setRange(0, 0);
  } else {
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(std::lround(1000.0 * fraction)));
  }
  progress_->setToolTip(text);
  statusLabel_->setText(text);
}

void MeegWindow::onPathStarted(const MeegJobSummary& plan) {
  model_.reset(case_ ? case_->alphaMax : 0.0, plan.plannedPercents);
  model_.setCriterion(pendingCriterion_);
  alphaSlider_->setEnabled(false);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  refreshViews();
}

void MeegWindow::onPathPoint(const PathEntry& point) {
  model_.append(point);
  alphaSlider_->setEnabled(true);
  if (followNewest_)
    setSelectedPathIndex(model_.size() - 1);
  else
    placeSlider();
}

void MeegWindow::onPathFinished(const MeegJobSummary& summary) {
  model_.setChosenIndex(summary.chosenIndex);
  if (summary.failed) {
    statusLabel_->setText(tr("Path failed: %1").arg(summary.error));
  } else {
    QString text = tr("%1 path: %2 points in %3 s").arg(pathRequest().solver).arg(model_.size()).arg(summary.seconds, 0, 'f', 2);
    if (summary.cancelled) text += tr(" (cancelled)");
    if (summary.chosenIndex >= 0 && summary.chosenIndex < model_.size())
      text += tr("; %1 chooses α = %2 %")
                  .arg(model_.criterion() == QStringLiteral("holdout") ? tr("hold-out") : tr("SURE"))
                  .arg(model_.entries()[static_cast<std::size_t>(summary.chosenIndex)].solution.alphaPercent, 0, 'f', 1);
    statusLabel_->setText(text);
  }
  // Until the user moves α, the view ends on SURE's choice.
  if (followNewest_ && summary.chosenIndex >= 0) setSelectedPathIndex(summary.chosenIndex);
  followNewest_ = false;
  placeSlider();
  Q_EMIT pathFinished(summary);
}

void MeegWindow::onTfFinished(const TfSolution& result, const MeegJobSummary& summary) {
  if (summary.failed) {
    statusLabel_->setText(tr("TF-MxNE failed: %1").arg(summary.error));
    Q_EMIT tfFinished(summary);
    return;
  }
  if (result.solution.valid) {
    tf_ = result;
    showTfBox_->setEnabled(true);
    statusLabel_->setText(tr("TF-MxNE: |A| = %1, objective %2, gap %3, %4 epochs in %5 s%6")
                              .arg(result.solution.activeSet.size())
                              .arg(fmt(result.solution.objective, 8))
                              .arg(fmt(result.solution.dualityGap, 3))
                              .arg(result.solution.nIter)
                              .arg(result.solution.seconds, 0, 'f', 2)
                              .arg(summary.cancelled ? tr(" (cancelled)") : QString()));
    setShowTf(true);
    sourceTabs_->setCurrentWidget(tfView_);
  }
  Q_EMIT tfFinished(summary);
}

// ------------------------------------------------------------------------------- α and views

int MeegWindow::sliderPosition(double percent) const {
  const auto [lo, hi] = model_.logPercentRange();
  if (!(percent > 0.0) || hi <= lo) return 0;
  const double t = (hi - std::log10(percent)) / (hi - lo);
  return std::clamp(static_cast<int>(std::lround(t * kSliderSteps)), 0, kSliderSteps);
}

double MeegWindow::sliderPercent(int position) const {
  const auto [lo, hi] = model_.logPercentRange();
  return std::pow(10.0, hi - (hi - lo) * static_cast<double>(position) / kSliderSteps);
}

void MeegWindow::onSliderMoved(int position) {
  if (updatingSlider_) return;
  followNewest_ = false;
  leaveOtherSolutions();
  const int k = model_.nearestIndex(sliderPercent(position));
  if (k == model_.selectedIndex())
    refreshViews();
  else
    model_.setSelectedIndex(k);  // → onSelectionChanged → refreshViews
}

void MeegWindow::placeSlider() {
  const PathEntry* e = model_.selectedEntry();
  if (!e) return;
  const QSignalBlocker block(alphaSlider_);
  alphaSlider_->setValue(sliderPosition(e->solution.alphaPercent));
}

void MeegWindow::setAlphaPercent(double percent) {
  if (model_.size() == 0) return;
  followNewest_ = false;
  setSelectedPathIndex(model_.nearestIndex(percent));
}

void MeegWindow::setSelectedPathIndex(int k) {
  if (k < 0 || k >= model_.size()) return;
  leaveOtherSolutions();
  if (k == model_.selectedIndex()) {
    placeSlider();
    refreshViews();
    return;
  }
  model_.setSelectedIndex(k);
}

void MeegWindow::stepPathPoint(int delta) {
  if (model_.size() == 0) return;
  // Neighbours in α order (the solve order may differ from it).
  std::vector<int> order(static_cast<std::size_t>(model_.size()));
  for (int k = 0; k < model_.size(); ++k) order[static_cast<std::size_t>(k)] = k;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return model_.entries()[static_cast<std::size_t>(a)].solution.alphaPercent >
           model_.entries()[static_cast<std::size_t>(b)].solution.alphaPercent;
  });
  const auto it = std::find(order.begin(), order.end(), model_.selectedIndex());
  int pos = it == order.end() ? 0 : static_cast<int>(it - order.begin()) + delta;
  pos = std::clamp(pos, 0, model_.size() - 1);
  followNewest_ = false;
  setSelectedPathIndex(order[static_cast<std::size_t>(pos)]);
}

void MeegWindow::onSelectionChanged(int) {
  placeSlider();
  refreshViews();
}

QString MeegWindow::statusText() const { return statusLabel_->text(); }

const MeegSolution* MeegWindow::currentSolution() const {
  if (showTf_ && tf_) return &tf_->solution;
  if (showTuned_ && tuned_ && tuned_->valid) return &tuned_->solution;
  const PathEntry* e = model_.selectedEntry();
  return e ? &e->solution : nullptr;
}

void MeegWindow::setShowTf(bool on) {
  on = on && tf_.has_value();
  showTf_ = on;
  if (on && showTuned_) {
    showTuned_ = false;
    const QSignalBlocker block(showTunedBox_);
    showTunedBox_->setChecked(false);
  }
  if (showTfBox_->isChecked() != on) {
    const QSignalBlocker block(showTfBox_);
    showTfBox_->setChecked(on);
  }
  refreshViews();
}

void MeegWindow::selectSource(Index j) {
  selectedSource_ = (case_ && j >= 0 && j < case_->sources()) ? j : -1;
  refreshViews();
  refreshTf();
}

void MeegWindow::setTimeIndex(Index k) {
  if (!case_ || case_->timePoints() == 0) return;
  timeIndex_ = std::clamp<Index>(k, 0, case_->timePoints() - 1);
  refreshViews();
}

void MeegWindow::setAmplitudeMode(AmplitudeMode mode) {
  amplitudeMode_ = mode;
  const int i = mode == AmplitudeMode::RowNorm ? 0 : 1;
  if (amplitudeBox_->currentIndex() != i) amplitudeBox_->setCurrentIndex(i);
  refreshViews();
}

void MeegWindow::setPhysicalUnits(bool on) { unitsBox_->setChecked(on); }

AmplitudeUnits MeegWindow::units() const {
  return unitsBox_->isChecked() && case_ && case_->depthWeights.size() == case_->sources()
             ? AmplitudeUnits::NanoAmpereMeter
             : AmplitudeUnits::DepthWeighted;
}

void MeegWindow::refreshViews() {
  if (!case_) return;
  const MeegCase& c = *case_;
  const Index T = c.timePoints();
  const Vec& depth = c.depthWeights;
  const AmplitudeUnits u = units();
  const Vec& times = butterfly_->times();
  const double t = timeIndex_ < times.size() ? times(timeIndex_) : 0.0;
  const MeegSolution* s = currentSolution();
  const MeegSolution empty;
  const MeegSolution& sol = s ? *s : empty;

  // Keep a source the user clicked; otherwise follow the strongest active source.
  const std::vector<double> norms = sourceAmplitudes(sol, AmplitudeMode::RowNorm, 0, u, depth);
  if (!userSelectedSource_ || selectedSource_ < 0) {
    if (!norms.empty()) {
      const auto best = std::max_element(norms.begin(), norms.end()) - norms.begin();
      selectedSource_ = sol.activeSet[static_cast<std::size_t>(best)];
    }
  }

  brain_->setActive(sol.activeSet, sourceAmplitudes(sol, amplitudeMode_, timeIndex_, u, depth),
                    amplitudeLabel(amplitudeMode_, u, t));
  brain_->setSelectedSource(selectedSource_);

  const Mat predicted = predictedData(c.G, sol, T);
  QString caption;
  if (s) caption = tr("(%1, α = %2 % of α_max, |A| = %3)").arg(sol.solver).arg(sol.alphaPercent, 0, 'f', 1).arg(sol.activeSet.size());
  butterfly_->setPredicted(predicted, caption);
  butterfly_->setCurrentTime(t);

  const QString unit = u == AmplitudeUnits::NanoAmpereMeter ? tr("q (nA·m)") : tr("B (depth-weighted)");
  Mat others(0, T);
  if (sol.rows.cols() == T) {
    std::vector<Index> rows;
    for (std::size_t k = 0; k < sol.activeSet.size(); ++k)
      if (sol.activeSet[k] != selectedSource_) rows.push_back(static_cast<Index>(k));
    others.resize(static_cast<Index>(rows.size()), T);
    for (std::size_t r = 0; r < rows.size(); ++r)
      others.row(static_cast<Index>(r)) = sourceTimeCourse(sol, sol.activeSet[static_cast<std::size_t>(rows[r])], T, u, depth).transpose();
  }
  Vec selected;
  QString name;
  if (selectedSource_ >= 0) {
    selected = sourceTimeCourse(sol, selectedSource_, T, u, depth);
    name = brain_->describeSource(selectedSource_);
    if (sol.rowOf(selectedSource_) < 0) name += tr(" — inactive at this α");
  }
  timeCourse_->setCourses(butterfly_->times(), others, selected, name, unit);
  timeCourse_->setCurrentTime(t);

  // Labels.
  if (s && s == (tuned_ ? &tuned_->solution : nullptr)) {
    alphaLabel_->setText(tr("tuned α = %1 %%2   |A| = %3")
                             .arg(sol.alphaPercent, 0, 'f', 2)
                             .arg(tuned_->request.perSource ? tr(" (geometric mean)") : QString())
                             .arg(sol.activeSet.size()));
    solutionLabel_->setText(tr("%1 at the α chosen by hypergradient: objective %2, duality gap %3, %4 iterations, %5 s; "
                               "%6 %7; explained variance %8 %")
                                .arg(sol.solver)
                                .arg(fmt(sol.objective, 8))
                                .arg(fmt(sol.dualityGap, 2))
                                .arg(sol.nIter)
                                .arg(sol.seconds, 0, 'f', 3)
                                .arg(tuned_->request.criterion == QStringLiteral("holdout") ? tr("hold-out MSE") : tr("SURE"))
                                .arg(fmt(tuned_->value, 8))
                                .arg(100.0 * butterfly_->explainedVariance(), 0, 'f', 1));
  } else if (s && !showTf_) {
    const PathEntry* e = model_.selectedEntry();
    alphaLabel_->setText(tr("α = %1 % of α_max   |A| = %2").arg(sol.alphaPercent, 0, 'f', 1).arg(sol.activeSet.size()));
    QString text = tr("%1 at λ = %2 (point %3 of %4): objective %5, duality gap %6, %7 iterations, %8 s; explained variance %9 %")
                       .arg(sol.solver)
                       .arg(fmt(sol.alpha, 5))
                       .arg(model_.selectedIndex() + 1)
                       .arg(model_.size())
                       .arg(fmt(sol.objective, 8))
                       .arg(fmt(sol.dualityGap, 2))
                       .arg(sol.nIter)
                       .arg(sol.seconds, 0, 'f', 3)
                       .arg(e ? 100.0 * e->explained : 0.0, 0, 'f', 1);
    if (e && std::isfinite(e->sure)) text += tr("; SURE %1").arg(fmt(e->sure, 6));
    if (e && std::isfinite(e->holdout)) text += tr("; hold-out MSE %1").arg(fmt(e->holdout, 5));
    solutionLabel_->setText(text);
  } else if (s) {
    alphaLabel_->setText(tr("TF-MxNE α = %1 %   |A| = %2").arg(sol.alphaPercent, 0, 'f', 1).arg(sol.activeSet.size()));
    solutionLabel_->setText(tr("tfmxne: α_space %1, α_time %2 (l1 ratio %3): objective %4, duality gap %5, %6 epochs, %7 s; explained variance %8 %")
                                .arg(fmt(tf_->alphaSpace, 5))
                                .arg(fmt(tf_->alphaTime, 5))
                                .arg(tf_->l1Ratio)
                                .arg(fmt(sol.objective, 8))
                                .arg(fmt(sol.dualityGap, 2))
                                .arg(sol.nIter)
                                .arg(sol.seconds, 0, 'f', 3)
                                .arg(100.0 * butterfly_->explainedVariance(), 0, 'f', 1));
  } else {
    alphaLabel_->setText(model_.size() == 0 ? tr("α: no path yet") : tr("α: none selected"));
    solutionLabel_->clear();
  }
  refreshTf();
  Q_EMIT solutionShown();
}

void MeegWindow::refreshTf() {
  if (!case_) return;
  if (!tf_) {
    tfView_->setMagnitude({}, 0, 1, 1, tr("TF-MxNE"), tr("Run TF-MxNE (Ctrl+T) to see |Z| of the selected source"));
    return;
  }
  const MeegCase& c = *case_;
  const double sfreq = c.sfreq > 0.0 ? c.sfreq : 1.0;
  const double t0 = c.times.size() > 0 ? c.times(0) : 0.0;
  const Index r = tf_->solution.rowOf(selectedSource_);
  const QString title = tr("|Z| of source %1 (window %2, step %3)")
                            .arg(selectedSource_ >= 0 ? QString::number(selectedSource_) : tr("(none)"))
                            .arg(tf_->wsize)
                            .arg(tf_->tstep);
  if (r < 0) {
    tfView_->setMagnitude({}, t0, tf_->tstep / sfreq, sfreq / tf_->wsize, title,
                          tr("This source is not active in the TF-MxNE solution (%1 active): "
                             "tick \"show the TF-MxNE solution\" and click one")
                              .arg(tf_->solution.activeSet.size()));
    return;
  }
  tfView_->setMagnitude(tf_->magnitude(r), t0, tf_->tstep / sfreq, sfreq / tf_->wsize, title);
}

// ----------------------------------------------------------------------------------- export

PlotWidget* MeegWindow::figurePlot(Figure which) const {
  switch (which) {
    case Figure::Brain: return brain_;
    case Figure::Butterfly: return butterfly_;
    case Figure::TimeCourse: return timeCourse_;
    case Figure::SupportHeatmap: return heatmap_;
    case Figure::AlphaCurves: return curves_;
    case Figure::TimeFrequency: return tfView_;
  }
  return brain_;
}

bool MeegWindow::exportFigure(Figure which, const QString& path, QString* error) {
  PlotWidget* plot = figurePlot(which);
  QSize size;
  if (plot->width() < 50 || plot->height() < 50) size = which == Figure::Brain ? QSize(1200, 420) : QSize(800, 500);
  return plot->exportTo(path, error, size);
}

void MeegWindow::onExportFigure(Figure which) { onExportPlot(figurePlot(which)); }

void MeegWindow::onExportPlot(PlotWidget* plot) {
  const QString filters = QStringList{plotFormatFilter(PlotFormat::Png), plotFormatFilter(PlotFormat::Svg),
                                      plotFormatFilter(PlotFormat::Pdf)}
                              .join(QStringLiteral(";;"));
  const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), plot->exportName() + QStringLiteral(".png"), filters);
  if (path.isEmpty()) return;
  QString error;
  if (!plot->exportTo(path, &error)) QMessageBox::warning(this, tr("Export plot"), error);
}

bool MeegWindow::exportSolutionJson(const QString& path, QString* error) const {
  const MeegSolution* s = currentSolution();
  if (!s) {
    if (error) *error = tr("No solution to export: compute a path first");
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = file.errorString();
    return false;
  }
  file.write(QJsonDocument(solutionToJson(*s)).toJson(QJsonDocument::Indented));
  if (!file.commit()) {
    if (error) *error = file.errorString();
    return false;
  }
  return true;
}

bool MeegWindow::exportSolutionCsv(const QString& path, QString* error) const {
  const MeegSolution* s = currentSolution();
  if (!s || !case_) {
    if (error) *error = tr("No solution to export: compute a path first");
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
    if (error) *error = file.errorString();
    return false;
  }
  file.write(solutionToCsv(*s, case_->times).toUtf8());
  if (!file.commit()) {
    if (error) *error = file.errorString();
    return false;
  }
  return true;
}

void MeegWindow::onExportSolution(bool csv) {
  const QString filter = csv ? tr("CSV (*.csv)") : tr("JSON (*.json)");
  const QString path = QFileDialog::getSaveFileName(this, tr("Export solution"),
                                                    csv ? QStringLiteral("meeg-solution.csv") : QStringLiteral("meeg-solution.json"), filter);
  if (path.isEmpty()) return;
  QString error;
  const bool ok = csv ? exportSolutionCsv(path, &error) : exportSolutionJson(path, &error);
  if (!ok) QMessageBox::warning(this, tr("Export solution"), error);
}

// ---------------------------------------------------------------------------------- session

QJsonObject MeegWindow::saveSessionState() const {
  QJsonObject o;
  o.insert(QStringLiteral("version"), 1);
  if (case_) o.insert(QStringLiteral("case"), QString::fromStdString(case_->source));
  const PathRequest r = pathRequest();
  o.insert(QStringLiteral("path_options"),
           QJsonObject{{QStringLiteral("solver"), r.solver},
                       {QStringLiteral("n_alphas"), r.nAlphas},
                       {QStringLiteral("max_percent"), r.maxPercent},
                       {QStringLiteral("min_percent"), r.minPercent},
                       {QStringLiteral("n_reweight"), r.nReweight},
                       {QStringLiteral("tol"), r.tol},
                       {QStringLiteral("criterion"), r.criterion}});
  QJsonArray points;
  for (const PathEntry& e : model_.entries()) {
    QJsonObject p = solutionToJson(e.solution);
    if (std::isfinite(e.sure)) p.insert(QStringLiteral("sure"), e.sure);
    if (std::isfinite(e.holdout)) p.insert(QStringLiteral("holdout"), e.holdout);
    p.insert(QStringLiteral("explained_variance"), e.explained);
    points.append(p);
  }
  o.insert(QStringLiteral("path"), points);
  QJsonArray planned;
  for (double p : model_.planned()) planned.append(p);
  o.insert(QStringLiteral("planned_percents"), planned);
  o.insert(QStringLiteral("selected_index"), model_.selectedIndex());
  o.insert(QStringLiteral("chosen_index"), model_.sureIndex());
  o.insert(QStringLiteral("criterion"), model_.criterion());
  o.insert(QStringLiteral("selected_source"), static_cast<qint64>(selectedSource_));
  o.insert(QStringLiteral("user_selected_source"), userSelectedSource_);
  o.insert(QStringLiteral("time_index"), static_cast<qint64>(timeIndex_));
  o.insert(QStringLiteral("amplitude"), amplitudeMode_ == AmplitudeMode::RowNorm ? QStringLiteral("row_norm") : QStringLiteral("at_time"));
  o.insert(QStringLiteral("units"), unitsBox_->isChecked() ? QStringLiteral("nAm") : QStringLiteral("depth_weighted"));
  o.insert(QStringLiteral("show_tf"), showTf_);
  if (tf_) {
    QJsonObject tf = solutionToJson(tf_->solution);
    tf.insert(QStringLiteral("wsize"), tf_->wsize);
    tf.insert(QStringLiteral("tstep"), tf_->tstep);
    tf.insert(QStringLiteral("n_freqs"), tf_->nFreqs);
    tf.insert(QStringLiteral("n_steps"), tf_->nSteps);
    tf.insert(QStringLiteral("alpha_space"), tf_->alphaSpace);
    tf.insert(QStringLiteral("alpha_time"), tf_->alphaTime);
    tf.insert(QStringLiteral("l1_ratio"), tf_->l1Ratio);
    QJsonArray re, im;
    for (Index i = 0; i < tf_->activeZ.rows(); ++i)
      for (Index k = 0; k < tf_->activeZ.cols(); ++k) {
        re.append(tf_->activeZ(i, k).real());
        im.append(tf_->activeZ(i, k).imag());
      }
    tf.insert(QStringLiteral("z_real"), re);
    tf.insert(QStringLiteral("z_imag"), im);
    o.insert(QStringLiteral("tf"), tf);
  }
  if (tuned_) o.insert(QStringLiteral("tuned"), tuneResultToJson(*tuned_));
  o.insert(QStringLiteral("show_tuned"), showTuned_);
  o.insert(QStringLiteral("tab"), sourceTabs_->currentIndex());
  return o;
}

bool MeegWindow::restoreSessionState(const QJsonObject& o, QString* error) {
  if (o.value(QStringLiteral("version")).toInt(1) > 1) {
    if (error) *error = tr("meeg: saved by a newer Lambdascope (version %1)").arg(o.value(QStringLiteral("version")).toInt());
    return false;
  }
  controller_->abandon();  // a pending load or path must not overwrite what is restored
  // The case is data, not a result: read it again (synchronously, the session is opening).
  const QString casePath = o.value(QStringLiteral("case")).toString();
  if (!casePath.isEmpty() && (!case_ || QString::fromStdString(case_->source) != casePath)) {
    try {
      setCase(std::make_shared<const MeegCase>(loadMeegCase(casePath.toStdString())));
    } catch (const std::exception& e) {
      if (error) *error = tr("meeg: cannot reopen %1: %2").arg(casePath, QString::fromStdString(e.what()));
      return false;
    }
  }
  const QJsonObject opts = o.value(QStringLiteral("path_options")).toObject();
  if (!opts.isEmpty()) {
    PathRequest r = pathRequest();
    r.solver = opts.value(QStringLiteral("solver")).toString(r.solver);
    r.nAlphas = opts.value(QStringLiteral("n_alphas")).toInt(r.nAlphas);
    r.maxPercent = opts.value(QStringLiteral("max_percent")).toDouble(r.maxPercent);
    r.minPercent = opts.value(QStringLiteral("min_percent")).toDouble(r.minPercent);
    r.nReweight = opts.value(QStringLiteral("n_reweight")).toInt(r.nReweight);
    r.tol = opts.value(QStringLiteral("tol")).toDouble(r.tol);
    r.criterion = opts.value(QStringLiteral("criterion")).toString(r.criterion);
    setPathRequest(r);
  }
  std::vector<double> planned;
  for (const QJsonValue& v : o.value(QStringLiteral("planned_percents")).toArray()) planned.push_back(v.toDouble());
  model_.reset(case_ ? case_->alphaMax : 0.0, planned);
  model_.setCriterion(o.value(QStringLiteral("criterion")).toString(QStringLiteral("sure")));
  for (const QJsonValue& v : o.value(QStringLiteral("path")).toArray()) {
    PathEntry e;
    QString err;
    if (!solutionFromJson(v.toObject(), &e.solution, &err)) {
      if (error) *error = QStringLiteral("meeg: ") + err;
      return false;
    }
    const QJsonObject po = v.toObject();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    e.sure = po.value(QStringLiteral("sure")).toDouble(nan);
    e.holdout = po.value(QStringLiteral("holdout")).toDouble(nan);
    e.explained = po.value(QStringLiteral("explained_variance")).toDouble(nan);
    model_.append(std::move(e));
  }
  model_.setChosenIndex(o.value(QStringLiteral("chosen_index")).toInt(-1));
  alphaSlider_->setEnabled(model_.size() > 0);
  followNewest_ = false;
  tf_.reset();
  const QJsonObject tf = o.value(QStringLiteral("tf")).toObject();
  if (!tf.isEmpty()) {
    TfSolution t;
    QString err;
    if (solutionFromJson(tf, &t.solution, &err)) {
      t.wsize = tf.value(QStringLiteral("wsize")).toInt();
      t.tstep = tf.value(QStringLiteral("tstep")).toInt();
      t.nFreqs = tf.value(QStringLiteral("n_freqs")).toInt();
      t.nSteps = tf.value(QStringLiteral("n_steps")).toInt();
      t.alphaSpace = tf.value(QStringLiteral("alpha_space")).toDouble();
      t.alphaTime = tf.value(QStringLiteral("alpha_time")).toDouble();
      t.l1Ratio = tf.value(QStringLiteral("l1_ratio")).toDouble();
      const QJsonArray re = tf.value(QStringLiteral("z_real")).toArray();
      const QJsonArray im = tf.value(QStringLiteral("z_imag")).toArray();
      const auto rows = static_cast<Index>(t.solution.activeSet.size());
      const Index cols = static_cast<Index>(t.nFreqs) * t.nSteps;
      if (re.size() == rows * cols && im.size() == rows * cols) {
        t.activeZ.resize(rows, cols);
        for (Index i = 0; i < rows; ++i)
          for (Index k = 0; k < cols; ++k)
            t.activeZ(i, k) = {re.at(i * cols + k).toDouble(), im.at(i * cols + k).toDouble()};
        tf_ = t;
      }
    }
  }
  showTfBox_->setEnabled(tf_.has_value());
  tuned_.reset();
  if (o.contains(QStringLiteral("tuned"))) {
    TuneResult t;
    QString err;
    if (!tuneResultFromJson(o.value(QStringLiteral("tuned")).toObject(), &t, &err)) {
      if (error) *error = QStringLiteral("meeg: ") + err;
      return false;
    }
    tuned_ = std::move(t);
  }
  curves_->setTuning(tuned_ ? tuned_->steps : std::vector<TuneStep>{}, tuned_ && tuned_->request.perSource);
  showTunedBox_->setEnabled(tuned_ && tuned_->valid);
  const QString amp = o.value(QStringLiteral("amplitude")).toString();
  amplitudeMode_ = amp == QStringLiteral("at_time") ? AmplitudeMode::AtTime : AmplitudeMode::RowNorm;
  {
    const QSignalBlocker b1(amplitudeBox_), b2(unitsBox_);
    amplitudeBox_->setCurrentIndex(amplitudeMode_ == AmplitudeMode::RowNorm ? 0 : 1);
    unitsBox_->setChecked(o.value(QStringLiteral("units")).toString() == QStringLiteral("nAm"));
  }
  if (case_) timeIndex_ = std::clamp<Index>(o.value(QStringLiteral("time_index")).toInteger(timeIndex_), 0, std::max<Index>(case_->timePoints() - 1, 0));
  selectedSource_ = static_cast<Index>(o.value(QStringLiteral("selected_source")).toInteger(-1));
  userSelectedSource_ = o.value(QStringLiteral("user_selected_source")).toBool(false);
  showTf_ = o.value(QStringLiteral("show_tf")).toBool(false) && tf_.has_value();
  showTuned_ = !showTf_ && o.value(QStringLiteral("show_tuned")).toBool(false) && tuned_ && tuned_->valid;
  {
    const QSignalBlocker b(showTfBox_), b2(showTunedBox_);
    showTfBox_->setChecked(showTf_);
    showTunedBox_->setChecked(showTuned_);
  }
  sourceTabs_->setCurrentIndex(std::clamp(o.value(QStringLiteral("tab")).toInt(0), 0, 1));
  const int sel = o.value(QStringLiteral("selected_index")).toInt(-1);
  if (sel >= 0 && sel < model_.size()) {
    const QSignalBlocker b(&model_);
    model_.setSelectedIndex(sel);
  }
  placeSlider();
  refreshViews();
  return true;
}

}  // namespace lambdascope::ui::meeg
