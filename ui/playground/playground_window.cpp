#include "ui/playground/playground_window.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>
#include <sstream>

#include "core/playground/diabetes_table.hpp"
#include "core/playground/playground_json.hpp"
#include "ui/playground/level_set_plot.hpp"
#include "ui/playground/prox_explorer_view.hpp"
#include "ui/playground/rate_plot.hpp"
#include "ui/plots/plot_style.hpp"

// Resources of a static library must be initialised explicitly, outside any namespace (the
// playground may be opened without a MainWindow, e.g. in tests).
static void initPlaygroundResources() { Q_INIT_RESOURCE(lambdascope); }

namespace lambdascope::ui::playground {

using namespace lambdascope::playground;

namespace {

constexpr int kRecomputeDelayMs = 30;  // coalesce slider drags: one run per ~frame

double lambdaRange(const std::string& problem) { return problem == "logistic" ? 0.2 : 0.5; }

bool usesLambda(const std::string& p) { return p == "lasso2d" || p == "enet2d" || p == "logistic"; }

QString fmt(double v, int digits = 3) { return QString::number(v, 'g', digits); }

QIcon swatch(const QColor& c) {
  QPixmap pm(14, 14);
  pm.fill(Qt::transparent);
  QPainter painter(&pm);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setBrush(c);
  painter.setPen(c.darker(130));
  painter.drawEllipse(1, 1, 12, 12);
  return QIcon(pm);
}

/// A slider with its value label, in one row.
QWidget* sliderRow(QSlider* slider, QLabel* label, QWidget* extra = nullptr) {
  auto* w = new QWidget;
  auto* l = new QHBoxLayout(w);
  l->setContentsMargins(0, 0, 0, 0);
  if (extra) l->addWidget(extra);
  l->addWidget(slider, 1);
  label->setMinimumWidth(52);
  l->addWidget(label);
  return w;
}

}  // namespace

PlaygroundWindow::PlaygroundWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
  setObjectName(QStringLiteral("playgroundWindow"));
  setWindowTitle(tr("Optimization playground — Lambdascope"));
  recomputeTimer_.setSingleShot(true);
  recomputeTimer_.setInterval(kRecomputeDelayMs);
  connect(&recomputeTimer_, &QTimer::timeout, this, &PlaygroundWindow::recompute);
  connect(&animation_, &QTimer::timeout, this, &PlaygroundWindow::onAnimationTick);
  buildUi();
  const QStringList shipped = shippedPresets();
  Preset initial;
  initial.problem.name = "quadratic";
  initial.methods.push_back(MethodSpec{});
  setPreset(initial);
  if (!shipped.isEmpty()) {
    QString error;
    loadPresetFile(shipped.front(), &error);
  }
  resize(1280, 800);
}

PlaygroundWindow::~PlaygroundWindow() = default;

QStringList PlaygroundWindow::shippedPresets() {
  initPlaygroundResources();
  QStringList out;
  const QDir dir(QStringLiteral(":/presets"));
  for (const QString& f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) out << dir.filePath(f);
  return out;
}

void PlaygroundWindow::buildUi() {
  levelSets_ = new LevelSetPlot;
  rates_ = new RatePlot;
  prox_ = new ProxExplorerView;

  // --- Lesson
  lessons_ = new QComboBox;
  lessons_->setObjectName(QStringLiteral("lessonBox"));
  lessons_->addItem(tr("(choose a lesson)"), QString());
  for (const QString& path : shippedPresets()) {
    QString title = QFileInfo(path).baseName();
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
      try {
        title = QString::fromStdString(parsePreset(f.readAll().toStdString(), path.toStdString()).title);
      } catch (const std::invalid_argument&) {
      }
    }
    lessons_->addItem(title, path);
  }
  auto* openButton = new QPushButton(tr("Open…"));
  auto* saveButton = new QPushButton(tr("Save…"));
  openButton->setToolTip(tr("Open a lesson file (Ctrl+O)"));
  saveButton->setToolTip(tr("Save this lesson: problem, methods, parameters and view (Ctrl+S)"));
  lessonTitle_ = new QLabel;
  lessonTitle_->setObjectName(QStringLiteral("lessonTitle"));
  lessonTitle_->setWordWrap(true);
  QFont titleFont = lessonTitle_->font();
  titleFont.setBold(true);
  lessonTitle_->setFont(titleFont);
  lessonText_ = new QLabel;
  lessonText_->setWordWrap(true);
  auto* lessonBox = new QGroupBox(tr("Lesson"));
  auto* lessonLayout = new QVBoxLayout(lessonBox);
  lessonLayout->addWidget(lessons_);
  auto* lessonButtons = new QHBoxLayout;
  lessonButtons->addWidget(openButton);
  lessonButtons->addWidget(saveButton);
  lessonLayout->addLayout(lessonButtons);
  lessonLayout->addWidget(lessonTitle_);
  lessonLayout->addWidget(lessonText_);

  // --- Problem
  problemBox_ = new QComboBox;
  problemBox_->setObjectName(QStringLiteral("problemBox"));
  for (const auto& p : availableProblems()) problemBox_->addItem(QString::fromStdString(p));
  conditionSlider_ = new QSlider(Qt::Horizontal);
  conditionSlider_->setObjectName(QStringLiteral("conditionSlider"));
  conditionSlider_->setRange(0, 300);  // K = 10^(v/100): 1 .. 1000
  conditionLabel_ = new QLabel;
  rotationSlider_ = new QSlider(Qt::Horizontal);
  rotationSlider_->setRange(-90, 90);
  rotationLabel_ = new QLabel;
  lambdaSlider_ = new QSlider(Qt::Horizontal);
  lambdaSlider_->setObjectName(QStringLiteral("lambdaSlider"));
  lambdaSlider_->setRange(0, 1000);
  lambdaLabel_ = new QLabel;
  l1RatioSlider_ = new QSlider(Qt::Horizontal);
  l1RatioSlider_->setRange(0, 100);
  l1RatioLabel_ = new QLabel;
  featureA_ = new QComboBox;
  featureB_ = new QComboBox;
  for (int c = 0; c + 1 < diabetes::kColumnCount; ++c) {
    featureA_->addItem(QString::fromLatin1(diabetes::kColumns[c]));
    featureB_->addItem(QString::fromLatin1(diabetes::kColumns[c]));
  }
  auto rows = [](std::initializer_list<std::pair<QString, QWidget*>> items) {
    auto* w = new QWidget;
    auto* f = new QFormLayout(w);
    f->setContentsMargins(0, 0, 0, 0);
    for (const auto& [label, widget] : items) f->addRow(label, widget);
    return w;
  };
  quadraticRows_ = rows({{tr("condition K"), sliderRow(conditionSlider_, conditionLabel_)},
                         {tr("rotation"), sliderRow(rotationSlider_, rotationLabel_)}});
  lambdaRows_ = rows({{tr("λ"), sliderRow(lambdaSlider_, lambdaLabel_)}});
  enetRows_ = rows({{tr("ℓ1 ratio ρ"), sliderRow(l1RatioSlider_, l1RatioLabel_)}});
  auto* features = new QWidget;
  auto* fl = new QHBoxLayout(features);
  fl->setContentsMargins(0, 0, 0, 0);
  fl->addWidget(featureA_);
  fl->addWidget(featureB_);
  featureRows_ = rows({{tr("features"), features}});
  auto* problemGroup = new QGroupBox(tr("Problem"));
  auto* pl = new QVBoxLayout(problemGroup);
  pl->addWidget(problemBox_);
  pl->addWidget(quadraticRows_);
  pl->addWidget(lambdaRows_);
  pl->addWidget(enetRows_);
  pl->addWidget(featureRows_);

  // --- Methods
  methodList_ = new QListWidget;
  methodList_->setObjectName(QStringLiteral("methodList"));
  methodList_->setMaximumHeight(130);
  methodToAdd_ = new QComboBox;
  methodToAdd_->setObjectName(QStringLiteral("methodToAdd"));
  for (const auto& m : availableMethods()) methodToAdd_->addItem(QString::fromStdString(m));
  auto* addButton = new QPushButton(tr("Add"));
  addButton->setObjectName(QStringLiteral("addMethodButton"));
  auto* removeButton = new QPushButton(tr("Remove"));
  autoStep_ = new QCheckBox(tr("auto"));
  autoStep_->setObjectName(QStringLiteral("autoStepBox"));
  autoStep_->setToolTip(tr("The textbook step: 1/L (or the method's own choice)"));
  stepSlider_ = new QSlider(Qt::Horizontal);
  stepSlider_->setObjectName(QStringLiteral("stepSlider"));
  stepSlider_->setRange(-400, 100);  // s = 10^(v/100): 1e-4 .. 10
  stepLabel_ = new QLabel;
  autoMomentum_ = new QCheckBox(tr("auto"));
  autoMomentum_->setToolTip(tr("The optimal momentum for the problem's μ and L"));
  momentumSlider_ = new QSlider(Qt::Horizontal);
  momentumSlider_->setObjectName(QStringLiteral("momentumSlider"));
  momentumSlider_->setRange(0, 99);
  momentumLabel_ = new QLabel;
  batchSlider_ = new QSlider(Qt::Horizontal);
  batchSlider_->setObjectName(QStringLiteral("batchSlider"));
  batchSlider_->setRange(1, 442);
  batchLabel_ = new QLabel;
  seedBox_ = new QSpinBox;
  seedBox_->setRange(0, 1000000);
  auto* methodGroup = new QGroupBox(tr("Methods (select one to tune it)"));
  auto* ml = new QVBoxLayout(methodGroup);
  ml->addWidget(methodList_);
  auto* addRow = new QHBoxLayout;
  addRow->addWidget(methodToAdd_, 1);
  addRow->addWidget(addButton);
  addRow->addWidget(removeButton);
  ml->addLayout(addRow);
  ml->addWidget(rows({{tr("step s"), sliderRow(stepSlider_, stepLabel_, autoStep_)},
                      {tr("momentum β"), sliderRow(momentumSlider_, momentumLabel_, autoMomentum_)},
                      {tr("batch size"), sliderRow(batchSlider_, batchLabel_)},
                      {tr("seed"), seedBox_}}));

  // --- Run
  itersBox_ = new QSpinBox;
  itersBox_->setObjectName(QStringLiteral("itersBox"));
  itersBox_->setRange(0, 100000);
  startX_ = new QDoubleSpinBox;
  startY_ = new QDoubleSpinBox;
  for (QDoubleSpinBox* s : {startX_, startY_}) {
    s->setRange(-1e6, 1e6);
    s->setDecimals(4);
    s->setSingleStep(0.1);
  }
  auto* startRow = new QWidget;
  auto* sl = new QHBoxLayout(startRow);
  sl->setContentsMargins(0, 0, 0, 0);
  sl->addWidget(startX_);
  sl->addWidget(startY_);
  iterationSlider_ = new QSlider(Qt::Horizontal);
  iterationSlider_->setObjectName(QStringLiteral("iterationSlider"));
  iterationLabel_ = new QLabel;
  playButton_ = new QPushButton(tr("▶ Play"));
  playButton_->setObjectName(QStringLiteral("playButton"));
  playButton_->setToolTip(tr("Animate the iterates from k = 0 (Space)"));
  auto* stepButton = new QPushButton(tr("Step ›"));
  stepButton->setToolTip(tr("One more iterate (→; ← goes back; Home: k = 0; End: all)"));
  speedBox_ = new QSpinBox;
  speedBox_->setRange(10, 2000);
  speedBox_->setValue(150);
  speedBox_->setSuffix(tr(" ms/step"));
  auto* runGroup = new QGroupBox(tr("Run"));
  auto* rl = new QVBoxLayout(runGroup);
  rl->addWidget(rows({{tr("iterations"), itersBox_}, {tr("start (or click the plot)"), startRow}}));
  rl->addWidget(sliderRow(iterationSlider_, iterationLabel_));
  auto* playRow = new QHBoxLayout;
  playRow->addWidget(playButton_);
  playRow->addWidget(stepButton);
  playRow->addWidget(speedBox_);
  rl->addLayout(playRow);

  // --- View and export
  levelsBox_ = new QSpinBox;
  levelsBox_->setRange(0, 60);
  logScale_ = new QCheckBox(tr("log scale"));
  showRates_ = new QCheckBox(tr("theoretical rates"));
  largeFonts_ = new QCheckBox(tr("large fonts (slides)"));
  largeFonts_->setObjectName(QStringLiteral("largeFontsBox"));
  auto* exportLevels = new QPushButton(tr("Export level sets…"));
  auto* exportRates = new QPushButton(tr("Export convergence…"));
  auto* exportJson = new QPushButton(tr("Export runs (JSON)…"));
  auto* viewGroup = new QGroupBox(tr("View and export"));
  auto* vl = new QVBoxLayout(viewGroup);
  vl->addWidget(rows({{tr("contour levels"), levelsBox_}}));
  auto* checks = new QHBoxLayout;
  checks->addWidget(logScale_);
  checks->addWidget(showRates_);
  vl->addLayout(checks);
  vl->addWidget(largeFonts_);
  vl->addWidget(exportLevels);
  vl->addWidget(exportRates);
  vl->addWidget(exportJson);

  status_ = new QLabel;
  status_->setObjectName(QStringLiteral("playgroundStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* panel = new QWidget;
  auto* panelLayout = new QVBoxLayout(panel);
  for (QWidget* w : std::initializer_list<QWidget*>{lessonBox, problemGroup, methodGroup, runGroup, viewGroup})
    panelLayout->addWidget(w);
  panelLayout->addWidget(status_);
  panelLayout->addStretch();
  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(340);
  scroll->setMaximumWidth(440);

  auto* pictures = new QSplitter(Qt::Horizontal);
  pictures->addWidget(levelSets_);
  pictures->addWidget(rates_);
  pictures->setStretchFactor(0, 3);
  pictures->setStretchFactor(1, 2);
  tabs_ = new QTabWidget;
  tabs_->setObjectName(QStringLiteral("playgroundTabs"));
  tabs_->addTab(pictures, tr("Playground"));
  tabs_->addTab(prox_, tr("Prox explorer"));
  auto* layout = new QHBoxLayout(this);
  layout->addWidget(scroll);
  layout->addWidget(tabs_, 1);

  // --- Wiring
  connect(lessons_, &QComboBox::activated, this, [this](int index) {
    const QString path = lessons_->itemData(index).toString();
    if (path.isEmpty()) return;
    QString error;
    if (!loadPresetFile(path, &error)) status_->setText(error);
  });
  connect(openButton, &QPushButton::clicked, this, &PlaygroundWindow::onOpenPreset);
  connect(saveButton, &QPushButton::clicked, this, &PlaygroundWindow::onSavePreset);
  connect(problemBox_, &QComboBox::currentIndexChanged, this, [this] {
    preset_.problem = ProblemSpec{};
    preset_.problem.name = problemBox_->currentText().toStdString();
    preset_.start.reset();  // the old start may be far outside the new picture
    preset_.view.box.reset();
    syncControlsFromPreset();
    scheduleRecompute(true);
  });
  for (QSlider* s : {conditionSlider_, rotationSlider_, lambdaSlider_, l1RatioSlider_})
    connect(s, &QSlider::valueChanged, this, &PlaygroundWindow::onProblemControlsChanged);
  for (QComboBox* c : {featureA_, featureB_})
    connect(c, &QComboBox::currentIndexChanged, this, &PlaygroundWindow::onProblemControlsChanged);
  connect(methodList_, &QListWidget::currentRowChanged, this, &PlaygroundWindow::updateMethodControls);
  connect(addButton, &QPushButton::clicked, this, &PlaygroundWindow::onAddMethod);
  connect(removeButton, &QPushButton::clicked, this, &PlaygroundWindow::onRemoveMethod);
  for (QSlider* s : {stepSlider_, momentumSlider_, batchSlider_})
    connect(s, &QSlider::valueChanged, this, &PlaygroundWindow::onMethodControlsChanged);
  for (QCheckBox* c : {autoStep_, autoMomentum_})
    connect(c, &QCheckBox::toggled, this, &PlaygroundWindow::onMethodControlsChanged);
  connect(seedBox_, &QSpinBox::valueChanged, this, &PlaygroundWindow::onMethodControlsChanged);
  connect(itersBox_, &QSpinBox::valueChanged, this, [this](int n) {
    preset_.iterations = n;
    scheduleRecompute(false);
  });
  for (QDoubleSpinBox* s : {startX_, startY_})
    connect(s, &QDoubleSpinBox::valueChanged, this, [this] {
      preset_.start = Vec2(startX_->value(), startY_->value());
      scheduleRecompute(false);
    });
  connect(levelSets_, &LevelSetPlot::startPicked, this, &PlaygroundWindow::setStart);
  connect(iterationSlider_, &QSlider::valueChanged, this, [this](int k) { setShownIteration(k); });
  connect(playButton_, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
  connect(stepButton, &QPushButton::clicked, this, [this] {
    pause();
    setShownIteration(shown_ + 1);
  });
  connect(speedBox_, &QSpinBox::valueChanged, this, [this](int ms) { animation_.setInterval(ms); });
  connect(levelsBox_, &QSpinBox::valueChanged, this, [this](int n) {
    preset_.view.levels = n;
    scheduleRecompute(true);
  });
  connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
    preset_.view.logScale = on;
    rates_->setLogScale(on);
  });
  connect(showRates_, &QCheckBox::toggled, this, [this](bool on) {
    preset_.view.showRates = on;
    rates_->setShowRates(on);
  });
  connect(largeFonts_, &QCheckBox::toggled, this, &PlaygroundWindow::setLargeFonts);
  connect(exportLevels, &QPushButton::clicked, this, [this] { onExportClicked(Figure::LevelSets); });
  connect(exportRates, &QPushButton::clicked, this, [this] { onExportClicked(Figure::Convergence); });
  connect(exportJson, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export runs"), QStringLiteral("playground.json"),
                                                      tr("JSON (*.json)"));
    QString error;
    if (!path.isEmpty() && !exportRunJson(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
  });
  connect(prox_, &ProxExplorerView::settingsChanged, this, [this] { preset_.prox = prox_->settings(); });
  connect(prox_, &ProxExplorerView::exportRequested, this, &PlaygroundWindow::onExportPlot);
  for (PlotWidget* p : {static_cast<PlotWidget*>(levelSets_), static_cast<PlotWidget*>(rates_)})
    connect(p, &PlotWidget::exportRequested, this, [this, p] { onExportPlot(p); });

  auto shortcut = [this](const QKeySequence& key, auto&& fn) {
    auto* s = new QShortcut(key, this);
    s->setContext(Qt::WindowShortcut);
    connect(s, &QShortcut::activated, this, fn);
  };
  shortcut(QKeySequence(Qt::Key_Space), [this] { isPlaying() ? pause() : play(); });
  shortcut(QKeySequence(Qt::Key_Right), [this] {
    pause();
    setShownIteration(shown_ + 1);
  });
  shortcut(QKeySequence(Qt::Key_Left), [this] {
    pause();
    setShownIteration(shown_ - 1);
  });
  shortcut(QKeySequence(Qt::Key_Home), [this] { setShownIteration(0); });
  shortcut(QKeySequence(Qt::Key_End), [this] {
    pause();
    setShownIteration(preset_.iterations);
  });
  shortcut(QKeySequence::Open, [this] { onOpenPreset(); });
  shortcut(QKeySequence::Save, [this] { onSavePreset(); });
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { onExportClicked(Figure::LevelSets); });
}

bool PlaygroundWindow::loadPresetFile(const QString& path, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = tr("%1: cannot open the preset file").arg(path);
    return false;
  }
  try {
    setPreset(parsePreset(f.readAll().toStdString(), path.toStdString()));
  } catch (const std::invalid_argument& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  const int index = lessons_->findData(path);
  const QSignalBlocker block(lessons_);
  lessons_->setCurrentIndex(index >= 0 ? index : 0);
  return true;
}

bool PlaygroundWindow::savePresetFile(const QString& path, QString* error) const {
  Preset p = preset_;
  p.view.tab = tabs_->currentWidget() == prox_ ? "prox" : "playground";
  p.view.largeFonts = large_;
  p.prox = prox_->settings();
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) {
    if (error) *error = tr("%1: cannot write").arg(path);
    return false;
  }
  f.write(QByteArray::fromStdString(presetToJson(p)));
  if (!f.commit()) {
    if (error) *error = tr("%1: cannot write").arg(path);
    return false;
  }
  return true;
}

void PlaygroundWindow::setPreset(const Preset& preset) {
  pause();
  preset_ = preset;
  lessonTitle_->setText(QString::fromStdString(preset.title));
  lessonText_->setText(QString::fromStdString(preset.description));
  lessonText_->setVisible(!preset.description.empty());
  prox_->setSettings(preset.prox.value_or(PresetProx{}));
  tabs_->setCurrentIndex(preset.view.tab == "prox" ? 1 : 0);
  syncControlsFromPreset();
  if (preset.view.largeFonts != large_) setLargeFonts(preset.view.largeFonts);
  rates_->setLogScale(preset.view.logScale);
  rates_->setShowRates(preset.view.showRates);
  shown_ = preset.iterations;
  problemDirty_ = true;
  recompute();
}

void PlaygroundWindow::syncControlsFromPreset() {
  const ProblemSpec& p = preset_.problem;
  {
    const QSignalBlocker b0(problemBox_), b1(conditionSlider_), b2(rotationSlider_), b3(lambdaSlider_),
        b4(l1RatioSlider_), b5(featureA_), b6(featureB_), b7(itersBox_), b8(levelsBox_), b9(logScale_),
        b10(showRates_), b11(largeFonts_);
    problemBox_->setCurrentText(QString::fromStdString(p.name));
    conditionSlider_->setValue(static_cast<int>(std::lround(100.0 * std::log10(std::max(p.condition, 1.0)))));
    rotationSlider_->setValue(static_cast<int>(std::lround(p.rotationDeg)));
    const double lambda = p.lambda.value_or(p.name == "logistic" ? kDefaultLogisticRidge : kDefaultLassoLambda);
    lambdaSlider_->setValue(static_cast<int>(std::lround(1000.0 * lambda / lambdaRange(p.name))));
    l1RatioSlider_->setValue(static_cast<int>(std::lround(100.0 * p.l1Ratio)));
    const bool lasso = p.name == "lasso2d" || p.name == "enet2d";
    featureA_->setCurrentText(p.features.size() == 2 ? QString::fromStdString(p.features[0]) : (lasso ? "s1" : "bmi"));
    featureB_->setCurrentText(p.features.size() == 2 ? QString::fromStdString(p.features[1]) : (lasso ? "s2" : "s5"));
    itersBox_->setValue(preset_.iterations);
    levelsBox_->setValue(preset_.view.levels);
    logScale_->setChecked(preset_.view.logScale);
    showRates_->setChecked(preset_.view.showRates);
    largeFonts_->setChecked(preset_.view.largeFonts);
  }
  updateProblemControls();
  refreshMethodList();
}

void PlaygroundWindow::updateProblemControls() {
  const std::string& name = preset_.problem.name;
  quadraticRows_->setVisible(name == "quadratic");
  lambdaRows_->setVisible(usesLambda(name));
  enetRows_->setVisible(name == "enet2d");
  featureRows_->setVisible(usesLambda(name));
  conditionLabel_->setText(fmt(preset_.problem.condition));
  rotationLabel_->setText(QStringLiteral("%1°").arg(preset_.problem.rotationDeg));
  const double lambda = preset_.problem.lambda.value_or(name == "logistic" ? kDefaultLogisticRidge : kDefaultLassoLambda);
  lambdaLabel_->setText(fmt(lambda));
  l1RatioLabel_->setText(fmt(preset_.problem.l1Ratio, 2));
}

void PlaygroundWindow::onProblemControlsChanged() {
  ProblemSpec& p = preset_.problem;
  const QObject* from = sender();
  if (from == conditionSlider_) p.condition = std::pow(10.0, conditionSlider_->value() / 100.0);
  if (from == rotationSlider_) p.rotationDeg = rotationSlider_->value();
  if (from == lambdaSlider_) p.lambda = lambdaSlider_->value() / 1000.0 * lambdaRange(p.name);
  if (from == l1RatioSlider_) p.l1Ratio = l1RatioSlider_->value() / 100.0;
  if (from == featureA_ || from == featureB_)
    p.features = {featureA_->currentText().toStdString(), featureB_->currentText().toStdString()};
  if (from == lambdaSlider_ || from == featureA_ || from == featureB_) preset_.view.box.reset();
  updateProblemControls();
  scheduleRecompute(true);
}

void PlaygroundWindow::refreshMethodList() {
  const int row = methodList_->currentRow();
  const QSignalBlocker block(methodList_);
  methodList_->clear();
  for (std::size_t i = 0; i < preset_.methods.size(); ++i) {
    const MethodSpec& m = preset_.methods[i];
    QString text = QString::fromStdString(m.label.empty() ? m.method : m.label);
    if (!m.label.empty() && m.label != m.method) text += QStringLiteral("  [%1]").arg(QString::fromStdString(m.method));
    auto* item = new QListWidgetItem(swatch(style::seriesColor(static_cast<int>(i))), text);
    methodList_->addItem(item);
  }
  methodList_->setCurrentRow(std::clamp(row, 0, static_cast<int>(preset_.methods.size()) - 1));
  updateMethodControls();
}

void PlaygroundWindow::updateMethodControls() {
  const int row = methodList_->currentRow();
  const bool valid = row >= 0 && row < static_cast<int>(preset_.methods.size());
  for (QWidget* w : std::initializer_list<QWidget*>{autoStep_, stepSlider_, autoMomentum_, momentumSlider_, batchSlider_, seedBox_})
    w->setEnabled(valid);
  if (!valid) return;
  const MethodSpec& m = preset_.methods[static_cast<std::size_t>(row)];
  // What the run actually used, for the labels of "auto" values.
  const Trace* run = nullptr;
  for (const Trace& t : runs_)
    if (t.label == (m.label.empty() ? m.method : m.label) && t.method == m.method) run = &t;
  const QSignalBlocker b1(autoStep_), b2(stepSlider_), b3(autoMomentum_), b4(momentumSlider_), b5(batchSlider_), b6(seedBox_);
  autoStep_->setChecked(!m.step);
  const double step = m.step.value_or(run ? run->step : 0.1);
  stepSlider_->setValue(static_cast<int>(std::lround(100.0 * std::log10(std::max(step, 1e-4)))));
  stepSlider_->setEnabled(m.step.has_value());
  stepLabel_->setText(step > 0 ? fmt(step) : tr("1/L_i"));
  const bool hasMomentum = m.method == "heavy-ball" || m.method == "nesterov";
  autoMomentum_->setEnabled(hasMomentum);
  autoMomentum_->setChecked(!m.momentum);
  const double beta = m.momentum.value_or(run ? run->momentum : 0.0);
  momentumSlider_->setValue(static_cast<int>(std::lround(100.0 * beta)));
  momentumSlider_->setEnabled(hasMomentum && m.momentum.has_value());
  momentumLabel_->setText(hasMomentum ? (run && run->momentumSchedule == "t_k" && !m.momentum ? tr("t_k") : fmt(beta)) : QStringLiteral("—"));
  batchSlider_->setEnabled(m.method == "minibatch");
  batchSlider_->setMaximum(problem_ && problem_->samples() > 0 ? static_cast<int>(problem_->samples()) : 442);
  batchSlider_->setValue(m.batchSize);
  batchLabel_->setText(m.method == "minibatch" ? QString::number(m.batchSize) : QStringLiteral("—"));
  seedBox_->setValue(static_cast<int>(m.seed));
}

void PlaygroundWindow::onMethodControlsChanged() {
  const int row = methodList_->currentRow();
  if (row < 0 || row >= static_cast<int>(preset_.methods.size())) return;
  MethodSpec& m = preset_.methods[static_cast<std::size_t>(row)];
  if (autoStep_->isChecked()) m.step.reset();
  else m.step = std::pow(10.0, stepSlider_->value() / 100.0);
  if (autoMomentum_->isChecked()) m.momentum.reset();
  else m.momentum = momentumSlider_->value() / 100.0;
  m.batchSize = batchSlider_->value();
  m.seed = static_cast<std::uint64_t>(seedBox_->value());
  updateMethodControls();
  scheduleRecompute(false);
}

void PlaygroundWindow::onAddMethod() {
  MethodSpec m;
  m.method = methodToAdd_->currentText().toStdString();
  preset_.methods.push_back(m);
  refreshMethodList();
  methodList_->setCurrentRow(static_cast<int>(preset_.methods.size()) - 1);
  scheduleRecompute(false);
}

void PlaygroundWindow::onRemoveMethod() {
  const int row = methodList_->currentRow();
  if (row < 0 || row >= static_cast<int>(preset_.methods.size())) return;
  preset_.methods.erase(preset_.methods.begin() + row);
  refreshMethodList();
  scheduleRecompute(false);
}

void PlaygroundWindow::scheduleRecompute(bool problemChanged) {
  problemDirty_ = problemDirty_ || problemChanged;
  recomputeTimer_.start();
}

void PlaygroundWindow::recompute() {
  recomputeTimer_.stop();
  lastError_.clear();
  if (problemDirty_ || !problem_) {
    try {
      problem_ = makeProblem(preset_.problem);
    } catch (const std::invalid_argument& e) {
      lastError_ = QString::fromStdString(e.what());
      status_->setText(lastError_);
      return;
    }
  }
  const Vec2 start = preset_.start.value_or(problem_->defaultStart());
  {
    const QSignalBlocker bx(startX_), by(startY_);
    startX_->setValue(start[0]);
    startY_->setValue(start[1]);
  }
  runs_.clear();
  colors_.clear();
  QStringList errors;
  for (std::size_t i = 0; i < preset_.methods.size(); ++i) {
    try {
      runs_.push_back(runMethod(*problem_, preset_.methods[i], start, preset_.iterations));
      colors_.push_back(style::seriesColor(static_cast<int>(i)));
      if (runs_.back().termination != "iterations")
        errors << tr("%1 stopped: %2 at k = %3")
                      .arg(QString::fromStdString(runs_.back().label), QString::fromStdString(runs_.back().termination))
                      .arg(runs_.back().iterates.size() - 1);
    } catch (const std::invalid_argument& e) {
      errors << QString::fromStdString(preset_.methods[i].method + ": " + e.what());
    }
  }
  lastError_ = errors.join(QLatin1Char('\n'));
  if (problemDirty_) {
    levelSets_->setProblem(*problem_, preset_.view.box.value_or(problem_->defaultView()), preset_.view.levels);
    problemDirty_ = false;
  }
  levelSets_->setStart(start);
  levelSets_->setRuns(runs_, colors_);
  rates_->setData(runs_, colors_, referenceRates(*problem_, start, preset_.iterations), problem_->optimalValue());
  {
    const QSignalBlocker b(iterationSlider_);
    iterationSlider_->setRange(0, preset_.iterations);
  }
  if (!isPlaying()) shown_ = preset_.iterations;
  setShownIteration(shown_);
  updateMethodControls();

  const auto L = problem_->lipschitz();
  const Vec2 xs = problem_->minimizer();
  QString text = QStringLiteral("<b>%1</b><br>x* = (%2, %3), F* = %4<br>L = %5, μ = %6")
                     .arg(QString::fromStdString(problem_->formula()).toHtmlEscaped(), fmt(xs[0], 6), fmt(xs[1], 6),
                          fmt(problem_->optimalValue(), 10), L ? fmt(*L, 4) : tr("none (not globally smooth)"),
                          fmt(problem_->strongConvexity(), 4));
  if (!lastError_.isEmpty()) text += QStringLiteral("<br><font color='#b2182b'>%1</font>").arg(lastError_.toHtmlEscaped().replace('\n', "<br>"));
  status_->setText(text);
  Q_EMIT recomputed();
}

void PlaygroundWindow::setShownIteration(int k) {
  shown_ = std::clamp(k, 0, preset_.iterations);
  {
    const QSignalBlocker b(iterationSlider_);
    iterationSlider_->setValue(shown_);
  }
  iterationLabel_->setText(QStringLiteral("k = %1").arg(shown_));
  levelSets_->setShownIteration(shown_);
  rates_->setShownIteration(shown_);
}

void PlaygroundWindow::play() {
  if (shown_ >= preset_.iterations) setShownIteration(0);
  animation_.setInterval(speedBox_->value());
  animation_.start();
  playButton_->setText(tr("❚❚ Pause"));
}

void PlaygroundWindow::pause() {
  animation_.stop();
  if (playButton_) playButton_->setText(tr("▶ Play"));
}

void PlaygroundWindow::onAnimationTick() {
  if (shown_ >= preset_.iterations) {
    pause();
    return;
  }
  setShownIteration(shown_ + 1);
}

void PlaygroundWindow::setStart(double x, double y) {
  preset_.start = Vec2(x, y);
  scheduleRecompute(false);
}

void PlaygroundWindow::setLargeFonts(bool on) {
  large_ = on;
  preset_.view.largeFonts = on;
  {
    const QSignalBlocker b(largeFonts_);
    largeFonts_->setChecked(on);
  }
  levelSets_->setLargeFonts(on);
  rates_->setLargeFonts(on);
  prox_->setLargeFonts(on);
}

PlotWidget* PlaygroundWindow::figurePlot(Figure which) const {
  switch (which) {
    case Figure::LevelSets: return levelSets_;
    case Figure::Convergence: return rates_;
    case Figure::ProxPenalties: return prox_->penaltyPlot();
    case Figure::ProxOperators: return prox_->proxPlot();
  }
  return nullptr;
}

bool PlaygroundWindow::exportFigure(Figure which, const QString& path, QString* error) {
  PlotWidget* plot = figurePlot(which);
  // Slides: a fixed 16:10 canvas with large fonts; otherwise what is on screen.
  const QSize size = large_ ? QSize(1280, 800) : QSize();
  if (plot == levelSets_) levelSets_->fitAspect(size.isEmpty() ? plot->size() : size);
  const bool ok = plot->exportTo(path, error, size);
  if (plot == levelSets_) levelSets_->fitAspect();
  return ok;
}

bool PlaygroundWindow::exportRunJson(const QString& path, QString* error) const {
  if (!problem_) {
    if (error) *error = tr("nothing to export");
    return false;
  }
  std::ostringstream out;
  const Vec2 start = preset_.start.value_or(problem_->defaultStart());
  writePlaygroundJson(out, {*problem_, start, preset_.iterations, runs_,
                            referenceRates(*problem_, start, preset_.iterations), prox_->settings(), preset_.title});
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::fromStdString(out.str())) < 0 || !f.commit()) {
    if (error) *error = tr("%1: cannot write").arg(path);
    return false;
  }
  return true;
}

void PlaygroundWindow::onExportClicked(Figure which) { onExportPlot(figurePlot(which)); }

void PlaygroundWindow::onExportPlot(PlotWidget* plot) {
  const QString filters = QStringLiteral("%1;;%2;;%3")
                              .arg(plotFormatFilter(PlotFormat::Pdf), plotFormatFilter(PlotFormat::Svg),
                                   plotFormatFilter(PlotFormat::Png));
  QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), plot->exportName() + QStringLiteral(".pdf"), filters);
  if (path.isEmpty()) return;
  if (!plotFormatFromPath(path)) path += QStringLiteral(".pdf");
  QString error;
  const auto which = plot == levelSets_ ? Figure::LevelSets
                     : plot == rates_   ? Figure::Convergence
                     : plot == prox_->penaltyPlot() ? Figure::ProxPenalties
                                                    : Figure::ProxOperators;
  if (!exportFigure(which, path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

void PlaygroundWindow::onOpenPreset() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open lesson"), QString(), tr("Lambdascope lessons (*.json)"));
  if (path.isEmpty()) return;
  QString error;
  if (!loadPresetFile(path, &error)) QMessageBox::warning(this, tr("Cannot open lesson"), error);
}

void PlaygroundWindow::onSavePreset() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save lesson"), QStringLiteral("lesson.json"),
                                                    tr("Lambdascope lessons (*.json)"));
  if (path.isEmpty()) return;
  QString error;
  if (!savePresetFile(path, &error)) QMessageBox::warning(this, tr("Cannot save lesson"), error);
}

}  // namespace lambdascope::ui::playground
