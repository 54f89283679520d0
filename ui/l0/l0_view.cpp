#include "ui/l0/l0_view.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/l0/l0_json.hpp"
#include "ui/l0/bnb_plot.hpp"
#include "ui/l0/k_path_plot.hpp"
#include "ui/l0/l0_controller.hpp"
#include "ui/l0/l0_model.hpp"
#include "ui/l0/support_grid_plot.hpp"
#include "ui/l0/holdout_plot.hpp"

namespace lambdascope::ui::l0 {

namespace core = lambdascope::l0;

namespace {

bool writeText(const QString& path, const std::string& text, QString* error) {
  std::ofstream f(path.toStdString(), std::ios::binary | std::ios::trunc);
  if (f) f << text;
  if (!f || !f.flush()) {
    if (error) *error = QObject::tr("Cannot write %1").arg(path);
    return false;
  }
  return true;
}

/// Mean curvature ‖x̃_j‖²/n of the design the model sees: the scale on which λ₂ matters.
double meanCurvature(const Dataset& data, bool standardize) {
  const DesignMatrix X = data.design(Preprocessing{true, standardize});
  if (X.cols() == 0 || X.rows() == 0) return 1.0;
  double acc = 0.0;
  for (Index j = 0; j < X.cols(); ++j) acc += X.colSquaredNorm(j);
  return acc / static_cast<double>(X.cols()) / static_cast<double>(X.rows());
}

QString fmt(double v) { return std::isfinite(v) ? QString::number(v, 'g', 8) : QStringLiteral("—"); }

}  // namespace

L0View::L0View(QWidget* parent)
    : QWidget(parent), model_(new L0Model(this)), controller_(new L0Controller(this)) {
  setObjectName(QStringLiteral("kSparseView"));
  buildUi();

  connect(controller_, &L0Controller::convexReady, model_, [this](quint64, const ConvexSupports& s) { model_->setConvex(s); });
  connect(controller_, &L0Controller::kPathPoint, this, [this](quint64, const core::KPathPoint& pt) {
    model_->addPoint(pt);
    status_->setText(tr("k-path: k = %1 of %2 done").arg(pt.k).arg(kMax_->value()));
    updateCertificate();
  });
  connect(controller_, &L0Controller::kPathFinished, this, [this](quint64, const L0JobSummary& s) {
    if (s.failed) report(tr("k-path failed: %1").arg(s.error));
    else status_->setText(tr("k-path %1 in %2 s").arg(s.cancelled ? tr("cancelled") : tr("finished")).arg(s.seconds, 0, 'f', 2));
    updateCertificate();
    Q_EMIT kPathFinished(s.cancelled || s.failed);
  });
  connect(controller_, &L0Controller::bnbProgress, this, [this](quint64, const core::BnbProgress& pr) {
    model_->addProgress(pr);
    status_->setText(tr("branch-and-bound: %1 nodes, gap %2").arg(pr.nodes).arg(pr.gap, 0, 'g', 3));
  });
  connect(controller_, &L0Controller::bnbFinished, this,
          [this](quint64, const core::L0Result& r, const L0JobSummary& s) {
            if (s.failed) {
              report(tr("branch-and-bound failed: %1").arg(s.error));
            } else {
              model_->setBnbResult(r);
              status_->setText(tr("branch-and-bound %1: gap %2 after %3 nodes, %4 s")
                                   .arg(QString::fromStdString(r.status))
                                   .arg(r.gap, 0, 'g', 3)
                                   .arg(r.nodes)
                                   .arg(r.seconds, 0, 'f', 2));
            }
            updateCertificate();
            Q_EMIT bnbFinished(s.cancelled || s.failed);
          });
  connect(controller_, &L0Controller::runningChanged, this, [this] { updateButtons(); });
  updateButtons();
}

L0View::~L0View() { controller_->shutdown(2000); }

void L0View::buildUi() {
  auto* controls = new QWidget;
  controls->setMaximumWidth(300);
  auto* form = new QFormLayout;
  loss_ = new QComboBox;
  loss_->addItem(tr("squared"), QStringLiteral("squared"));
  loss_->addItem(tr("logistic"), QStringLiteral("logistic"));
  loss_->setToolTip(tr("least squares 1/(2n)‖y − Xθ − θ0‖², or the mean logistic loss (two classes → −1/+1)"));
  form->addRow(tr("Loss"), loss_);
  ridge_ = new QLineEdit(QStringLiteral("0.001"));
  auto* validator = new QDoubleValidator(0.0, 1e12, 17, ridge_);
  validator->setNotation(QDoubleValidator::ScientificNotation);
  validator->setLocale(QLocale::c());
  ridge_->setValidator(validator);
  ridge_->setToolTip(tr("λ₂ in loss + λ₂‖θ‖²₂ (no ½). The perspective bound is strong when λ₂ is not tiny "
                        "compared with the column curvature ‖x̃_j‖²/n; set from the data on loading."));
  form->addRow(tr("Ridge λ₂"), ridge_);
  standardize_ = new QCheckBox(tr("standardize features"));
  form->addRow(QString(), standardize_);
  kMax_ = new QSpinBox;
  kMax_->setRange(1, 1);
  form->addRow(tr("k max"), kMax_);
  bnbPerK_ = new QDoubleSpinBox;
  bnbPerK_->setRange(0.0, 600.0);
  bnbPerK_->setDecimals(1);
  bnbPerK_->setValue(1.0);
  bnbPerK_->setSuffix(tr(" s"));
  bnbPerK_->setToolTip(tr("branch-and-bound budget per k along the path (0: root bound only)"));
  form->addRow(tr("BnB per k"), bnbPerK_);
  holdout_ = new QDoubleSpinBox;
  holdout_->setRange(0.0, 0.8);
  holdout_->setSingleStep(0.05);
  holdout_->setValue(0.3);
  holdout_->setToolTip(tr("fraction of rows held out (seeded shuffle) for the validation loss vs k"));
  form->addRow(tr("Hold-out"), holdout_);
  runPath_ = new QPushButton(tr("Run k-path"));
  runPath_->setToolTip(tr("Ctrl+K"));

  kSlider_ = new QSlider(Qt::Horizontal);
  kSlider_->setRange(1, 1);
  kSlider_->setObjectName(QStringLiteral("kSlider"));
  kLabel_ = new QLabel(tr("k = 1"));
  timeLimit_ = new QDoubleSpinBox;
  timeLimit_->setRange(0.1, 36000.0);
  timeLimit_->setValue(60.0);
  timeLimit_->setSuffix(tr(" s"));
  runBnb_ = new QPushButton(tr("Branch-and-bound at k"));
  runBnb_->setToolTip(tr("Ctrl+B: certify the optimum for the selected k"));
  cancel_ = new QPushButton(tr("Cancel"));
  cancel_->setToolTip(tr("Esc: stop; branch-and-bound keeps its incumbent and certified gap"));
  export_ = new QPushButton(tr("Export…"));
  auto* menu = new QMenu(export_);
  menu->addAction(tr("Results (JSON)…"), this, [this] { onExportMenu(0); });
  menu->addAction(tr("k-path (CSV)…"), this, [this] { onExportMenu(1); });
  menu->addAction(tr("Branch-and-bound trace (CSV)…"), this, [this] { onExportMenu(2); });
  menu->addAction(tr("All plots (PNG/SVG/PDF)…"), this, [this] { onExportMenu(3); });
  export_->setMenu(menu);
  certificate_ = new QLabel;
  certificate_->setWordWrap(true);
  certificate_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  certificate_->setObjectName(QStringLiteral("kCertificate"));
  status_ = new QLabel;
  status_->setWordWrap(true);

  auto* left = new QVBoxLayout(controls);
  auto* pathBox = new QGroupBox(tr("k-path"));
  auto* pathLayout = new QVBoxLayout(pathBox);
  pathLayout->addLayout(form);
  pathLayout->addWidget(runPath_);
  left->addWidget(pathBox);
  auto* kBox = new QGroupBox(tr("Selected k"));
  auto* kLayout = new QVBoxLayout(kBox);
  kLayout->addWidget(kLabel_);
  kLayout->addWidget(kSlider_);
  kLayout->addWidget(certificate_);
  auto* tlForm = new QFormLayout;
  tlForm->addRow(tr("Time limit"), timeLimit_);
  kLayout->addLayout(tlForm);
  kLayout->addWidget(runBnb_);
  left->addWidget(kBox);
  left->addWidget(cancel_);
  left->addWidget(export_);
  left->addWidget(status_);
  left->addStretch(1);

  kPathPlot_ = new KPathPlot(model_);
  supportPlot_ = new SupportGridPlot(model_);
  holdoutPlot_ = new HoldoutPlot(model_);
  bnbPlot_ = new BnbPlot(model_);
  auto* grid = new QGridLayout;
  grid->addWidget(kPathPlot_, 0, 0);
  grid->addWidget(supportPlot_, 0, 1);
  grid->addWidget(holdoutPlot_, 1, 0);
  grid->addWidget(bnbPlot_, 1, 1);
  for (PlotWidget* plot : {static_cast<PlotWidget*>(kPathPlot_), static_cast<PlotWidget*>(supportPlot_),
                           static_cast<PlotWidget*>(holdoutPlot_), static_cast<PlotWidget*>(bnbPlot_)}) {
    plot->setMinimumSize(280, 200);
    connect(plot, &PlotWidget::exportRequested, this, [this, plot](PlotFormat format) {
      const QString path = QFileDialog::getSaveFileName(
          this, tr("Export plot"), plot->exportName() + QLatin1Char('.') + plotFormatExtension(format),
          plotFormatFilter(format));
      if (path.isEmpty()) return;
      QString error;
      if (!plot->exportTo(path, &error)) report(error);
    });
  }
  auto* outer = new QHBoxLayout(this);
  outer->addWidget(controls);
  outer->addLayout(grid, 1);

  connect(runPath_, &QPushButton::clicked, this, [this] { runKPath(); });
  connect(runBnb_, &QPushButton::clicked, this, [this] { runBnb(); });
  connect(cancel_, &QPushButton::clicked, this, &L0View::cancel);
  connect(kMax_, &QSpinBox::valueChanged, this, [this](int v) { kSlider_->setMaximum(v); });
  connect(kSlider_, &QSlider::valueChanged, this, [this](int v) {
    kLabel_->setText(tr("k = %1").arg(v));
    model_->setSelectedK(v);
    updateCertificate();
  });
  auto shortcut = [this](const QKeySequence& keys, auto&& fn) {
    auto* s = new QShortcut(keys, this);
    s->setContext(Qt::WidgetWithChildrenShortcut);
    connect(s, &QShortcut::activated, this, fn);
  };
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_K), [this] { runKPath(); });
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_B), [this] { runBnb(); });
  shortcut(QKeySequence(Qt::Key_Escape), [this] { cancel(); });
}

void L0View::setDataset(const Dataset& dataset, const QString& displayName) {
  cancel();
  data_ = dataset;
  dataName_ = displayName;
  QStringList names;
  for (const auto& n : dataset.featureNames()) names << QString::fromStdString(n);
  model_->setFeatureNames(names);
  model_->clearKPath();
  model_->clearBnb(0);
  const int p = static_cast<int>(dataset.features());
  kMax_->setRange(1, std::max(p, 1));
  kMax_->setValue(std::min(p, 10));
  kSlider_->setRange(1, kMax_->value());
  // A ridge on the data's scale: a tenth of the mean column curvature.
  ridge_->setText(QString::number(0.1 * meanCurvature(dataset, standardize_->isChecked()), 'g', 3));
  // Two distinct target values: offer the logistic loss first.
  const Vec& y = dataset.target();
  bool binary = y.size() > 0;
  const double lo = binary ? y.minCoeff() : 0.0, hi = binary ? y.maxCoeff() : 0.0;
  for (Index i = 0; i < y.size() && binary; ++i) binary = y[i] == lo || y[i] == hi;
  loss_->setCurrentIndex(binary && lo != hi ? 1 : 0);
  status_->setText(tr("%1: %2 × %3").arg(displayName).arg(dataset.samples()).arg(p));
  updateCertificate();
  updateButtons();
}

void L0View::setLoss(core::L0Loss loss) { loss_->setCurrentIndex(loss == core::L0Loss::Squared ? 0 : 1); }
void L0View::setRidge(double ridge) { ridge_->setText(QString::number(ridge, 'g', QLocale::FloatingPointShortest)); }
void L0View::setStandardize(bool on) { standardize_->setChecked(on); }
void L0View::setKMax(int kMax) { kMax_->setValue(kMax); }
void L0View::setBnbSecondsPerK(double seconds) { bnbPerK_->setValue(seconds); }
void L0View::setHoldoutFraction(double fraction) { holdout_->setValue(fraction); }
void L0View::setTimeLimit(double seconds) { timeLimit_->setValue(seconds); }
double L0View::timeLimit() const { return timeLimit_->value(); }
void L0View::setK(int k) { kSlider_->setValue(k); }
int L0View::k() const { return kSlider_->value(); }
int L0View::kMax() const { return kMax_->value(); }
double L0View::bnbSecondsPerK() const { return bnbPerK_->value(); }
double L0View::holdoutFraction() const { return holdout_->value(); }

QJsonObject L0View::saveResults() const { return model_->toSessionJson(); }

bool L0View::restoreResults(const QJsonObject& results, QString* error) {
  cancel();  // a running job's late results would mix with the restored ones
  if (!model_->restoreSessionJson(results, error)) return false;
  // The slider must reach every stored k, even without data (dataset missing: no setDataset).
  int top = std::max({kMax_->value(), model_->bnbK(), model_->selectedK()});
  for (const auto& pt : model_->points()) top = std::max(top, static_cast<int>(pt.k));
  kMax_->setMaximum(std::max(kMax_->maximum(), top));
  kSlider_->setRange(1, std::max(kMax_->value(), top));
  kSlider_->setValue(model_->selectedK());
  status_->setText(tr("k-sparse results restored from the session"));
  updateCertificate();
  return true;
}
bool L0View::isRunning() const { return controller_->isRunning(); }

std::optional<core::L0Settings> L0View::settings(QString* error) const {
  core::L0Settings s;
  s.loss = loss_->currentIndex() == 0 ? core::L0Loss::Squared : core::L0Loss::Logistic;
  bool ok = false;
  s.ridge = QLocale::c().toDouble(ridge_->text().trimmed(), &ok);
  if (!ok) {
    if (error) *error = tr("The ridge λ₂ '%1' is not a number.").arg(ridge_->text());
    return std::nullopt;
  }
  s.standardize = standardize_->isChecked();
  if (const std::string err = s.validate(); !err.empty()) {
    if (error) *error = QString::fromStdString(err).replace(QStringLiteral("--ridge"), tr("The ridge λ₂"));
    return std::nullopt;
  }
  return s;
}

QString L0View::settingsText() const {
  return tr("data=%1 loss=%2 ridge=%3 standardize=%4 k_max=%5 bnb_seconds_per_k=%6 holdout=%7")
      .arg(dataName_, loss_->currentData().toString(), ridge_->text())
      .arg(standardize_->isChecked() ? 1 : 0)
      .arg(kMax_->value())
      .arg(bnbPerK_->value())
      .arg(holdout_->value());
}

quint64 L0View::runKPath() {
  if (!data_) {
    report(tr("No dataset is loaded."));
    return 0;
  }
  QString error;
  const auto s = settings(&error);
  if (!s) {
    report(error);
    return 0;
  }
  core::KPathOptions o;
  o.kMax = kMax_->value();
  o.bnbSecondsPerK = bnbPerK_->value();
  o.holdoutFraction = holdout_->value();
  if (const std::string err = o.validate(data_->features()); !err.empty()) {
    report(QString::fromStdString(err));
    return 0;
  }
  model_->clearKPath();
  model_->setLossName(QString::fromLatin1(core::toString(s->loss)));
  kSlider_->setRange(1, o.kMax);
  status_->setText(tr("k-path: Lasso/MCP paths, then k = 1 … %1").arg(o.kMax));
  return controller_->startKPath(*data_, *s, o);
}

quint64 L0View::runBnb() {
  if (!data_) {
    report(tr("No dataset is loaded."));
    return 0;
  }
  QString error;
  const auto s = settings(&error);
  if (!s) {
    report(error);
    return 0;
  }
  const int k = kSlider_->value();
  model_->clearBnb(k);
  model_->setLossName(QString::fromLatin1(core::toString(s->loss)));
  status_->setText(tr("branch-and-bound at k = %1: heuristics and root bound…").arg(k));
  return controller_->startBnb(*data_, *s, k, timeLimit_->value());
}

void L0View::cancel() { controller_->cancel(); }

bool L0View::shutdown(int timeoutMs) { return controller_->shutdown(timeoutMs); }

void L0View::report(const QString& message) {
  status_->setText(message);
  Q_EMIT errorOccurred(message);
}

void L0View::updateButtons() {
  const bool running = controller_->isRunning();
  runPath_->setEnabled(data_.has_value());
  runBnb_->setEnabled(data_.has_value());
  cancel_->setEnabled(running);
}

void L0View::updateCertificate() {
  const int k = kSlider_->value();
  QString text;
  auto supportNames = [&](const std::vector<Index>& support) {
    QStringList names;
    for (Index j : support)
      names << (j < model_->featureNames().size() ? model_->featureNames()[static_cast<int>(j)] : QString::number(j));
    return names.join(QStringLiteral(", "));
  };
  if (const auto* pt = model_->pointFor(k)) {
    text = tr("<b>k = %1</b> (%2)<br>objective %3<br>lower bound %4<br>gap %5 %6<br>support: %7")
               .arg(k)
               .arg(QString::fromStdString(pt->status))
               .arg(fmt(pt->objective), fmt(pt->lowerBound))
               .arg(pt->gap, 0, 'g', 3)
               .arg(pt->certified ? tr("✔ certified") : tr("(not certified)"))
               .arg(supportNames(pt->support).toHtmlEscaped());
    const double jl = model_->jaccardAt(k, 0), jm = model_->jaccardAt(k, 1);
    if (std::isfinite(jl)) text += tr("<br>Jaccard vs %1: %2").arg(model_->convex().lassoName).arg(jl, 0, 'f', 2);
    if (std::isfinite(jm)) text += tr(", vs %1: %2").arg(model_->convex().mcpName).arg(jm, 0, 'f', 2);
  }
  if (const auto& r = model_->bnbResult(); r && model_->bnbK() == k) {
    text += tr("<br><b>branch-and-bound</b> (%1): objective %2, bound %3, gap %4%5, %6 nodes")
                .arg(QString::fromStdString(r->status), fmt(r->objective), fmt(r->lowerBound))
                .arg(r->gap, 0, 'g', 3)
                .arg(r->certified ? tr(" ✔") : QString())
                .arg(r->nodes);
  }
  certificate_->setText(text.isEmpty() ? tr("Run the k-path (Ctrl+K) or branch-and-bound (Ctrl+B).") : text);
}

bool L0View::exportResultsJson(const QString& path, QString* error) const {
  std::ostringstream out;
  model_->writeJson(out, settingsText());
  return writeText(path, out.str(), error);
}

bool L0View::exportKPathCsv(const QString& path, QString* error) const {
  std::ostringstream out;
  model_->writeKPathCsv(out);
  return writeText(path, out.str(), error);
}

bool L0View::exportBnbCsv(const QString& path, QString* error) const {
  std::ostringstream out;
  core::writeBnbTraceCsv(out, model_->trace());
  return writeText(path, out.str(), error);
}

bool L0View::exportPlots(const QString& dir, PlotFormat format, QString* error) const {
  for (PlotWidget* plot : {static_cast<PlotWidget*>(kPathPlot_), static_cast<PlotWidget*>(supportPlot_),
                           static_cast<PlotWidget*>(holdoutPlot_), static_cast<PlotWidget*>(bnbPlot_)}) {
    const QString path = QDir(dir).filePath(plot->exportName() + QLatin1Char('.') + plotFormatExtension(format));
    if (!plot->exportTo(path, error)) return false;
  }
  return true;
}

void L0View::flushPlots() {
  kPathPlot_->flush();
  supportPlot_->flush();
  holdoutPlot_->flush();
  bnbPlot_->flush();
}

void L0View::onExportMenu(int which) {
  QString error;
  bool ok = true;
  if (which == 3) {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all plots to"));
    if (dir.isEmpty()) return;
    for (PlotFormat f : {PlotFormat::Png, PlotFormat::Svg, PlotFormat::Pdf}) ok = ok && exportPlots(dir, f, &error);
  } else {
    const QString names[3] = {QStringLiteral("k-sparse.json"), QStringLiteral("k-path.csv"), QStringLiteral("bnb-trace.csv")};
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), names[which]);
    if (path.isEmpty()) return;
    ok = which == 0 ? exportResultsJson(path, &error) : which == 1 ? exportKPathCsv(path, &error) : exportBnbCsv(path, &error);
  }
  if (!ok) report(error);
}

}  // namespace lambdascope::ui::l0
