#include "ui/model_panel.hpp"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "core/io/weights_io.hpp"

namespace lambdascope::ui {

namespace {

QString modelDisplayName(const std::string& name) {
  if (name == "lasso") return QObject::tr("Lasso (least squares + ℓ₁)");
  if (name == "enet") return QObject::tr("Elastic net (least squares + ℓ₁ + ℓ₂²)");
  if (name == "wlasso") return QObject::tr("Weighted Lasso (per-feature weights)");
  if (name == "group") return QObject::tr("Group Lasso (least squares + ℓ2,1)");
  if (name == "mtl") return QObject::tr("Multitask Lasso (several targets, row ℓ2,1)");
  if (name == "mcp") return QObject::tr("MCP (least squares, non-convex)");
  if (name == "scad") return QObject::tr("SCAD (least squares, non-convex)");
  if (name == "logreg") return QObject::tr("Sparse logistic regression (ℓ₁)");
  return QString::fromStdString(name);
}

/// A form row as one widget, so it can be shown or hidden with its label.
QWidget* labelledRow(const QString& label, QWidget* field, QWidget* extra, QWidget* parent) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* text = new QLabel(label, row);
  text->setMinimumWidth(70);
  layout->addWidget(text);
  layout->addWidget(field, 1);
  if (extra) layout->addWidget(extra);
  return row;
}

QString solverDisplayName(const std::string& name) {
  if (name == "auto") return QObject::tr("Auto (by model)");
  if (name == "prox-newton") return QObject::tr("Proximal Newton (IRLS)");
  if (name == "ws-cd") return QObject::tr("Working-set CD + Anderson");
  if (name == "gram-cd") return QObject::tr("Gram (covariance) CD, n ≥ p");
  if (name == "bcd") return QObject::tr("Block coordinate descent (groups)");
  if (name == "ws-bcd") return QObject::tr("Working-set block CD (multitask)");
  if (name == "fista") return QObject::tr("FISTA (restart, backtracking)");
  if (name == "ista") return QObject::tr("ISTA (proximal gradient)");
  if (name == "cd") return QObject::tr("Cyclic coordinate descent");
  return QString::fromStdString(name);
}

bool parsePositive(const QString& text, double& out) {
  bool ok = false;
  const double v = QLocale::c().toDouble(text.trimmed(), &ok);
  if (!ok || !(v > 0.0) || !std::isfinite(v)) return false;
  out = v;
  return true;
}

QString formatNumber(double v) { return QString::number(v, 'g', 12); }

}  // namespace

bool parseLambdaList(const QString& text, std::vector<double>& out, QString* error) {
  out.clear();
  static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
  const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
  if (parts.isEmpty()) {
    if (error) *error = QObject::tr("the explicit λ list is empty");
    return false;
  }
  for (qsizetype i = 0; i < parts.size(); ++i) {
    double v = 0.0;
    if (!parsePositive(parts[i], v)) {
      if (error)
        *error = QObject::tr("λ #%1 (\"%2\") is not a positive number").arg(i + 1).arg(parts[i]);
      return false;
    }
    out.push_back(v);
  }
  return true;
}

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("modelPanel"));

  model_ = new QComboBox(this);
  model_->setObjectName(QStringLiteral("modelCombo"));
  for (const std::string& name : availableModels())
    model_->addItem(modelDisplayName(name), QString::fromStdString(name));
  model_->setToolTip(tr("Datafit × penalty; more models will appear here"));
  solver_ = new QComboBox(this);
  solver_->setObjectName(QStringLiteral("solverCombo"));
  for (const std::string& name : availableSolvers())
    solver_->addItem(solverDisplayName(name), QString::fromStdString(name));
  solver_->setToolTip(tr("Working sets + Anderson extrapolation (fast on sparse solutions) or plain "
                         "cyclic coordinate descent; both stop on the same duality gap"));

  auto* numberValidator = new QDoubleValidator(0.0, 1e300, 17, this);
  numberValidator->setNotation(QDoubleValidator::ScientificNotation);
  numberValidator->setLocale(QLocale::c());

  // λ grid.
  auto* gridBox = new QGroupBox(tr("λ grid"), this);
  geometric_ = new QRadioButton(tr("Geometric from λ_max"), gridBox);
  geometric_->setObjectName(QStringLiteral("gridGeometric"));
  explicit_ = new QRadioButton(tr("Explicit list"), gridBox);
  explicit_->setObjectName(QStringLiteral("gridExplicit"));
  auto* group = new QButtonGroup(this);
  group->addButton(geometric_);
  group->addButton(explicit_);
  nLambdas_ = new QSpinBox(gridBox);
  nLambdas_->setObjectName(QStringLiteral("nLambdas"));
  nLambdas_->setRange(1, 100000);
  nLambdas_->setToolTip(tr("Number of λ values on the geometric grid"));
  ratio_ = new QLineEdit(gridBox);
  ratio_->setObjectName(QStringLiteral("lambdaMinRatio"));
  ratio_->setValidator(numberValidator);
  ratio_->setToolTip(tr("λ_min / λ_max, in (0, 1]"));
  lambdaList_ = new QLineEdit(gridBox);
  lambdaList_->setObjectName(QStringLiteral("explicitLambdas"));
  lambdaList_->setPlaceholderText(tr("e.g. 10, 1, 0.1, 0.01"));
  lambdaList_->setToolTip(tr("Comma-separated λ values, solved in the order given (warm starts "
                             "work best from large to small)"));
  auto* gridForm = new QFormLayout;
  gridForm->addRow(tr("Number of λ:"), nLambdas_);
  gridForm->addRow(tr("λ_min / λ_max:"), ratio_);
  auto* gridLayout = new QVBoxLayout(gridBox);
  gridLayout->addWidget(geometric_);
  gridLayout->addLayout(gridForm);
  gridLayout->addWidget(explicit_);
  gridLayout->addWidget(lambdaList_);

  // Solver and preprocessing.
  tol_ = new QLineEdit(this);
  tol_->setObjectName(QStringLiteral("tolerance"));
  tol_->setValidator(numberValidator);
  tol_->setToolTip(tr("Stop when the duality gap ≤ tol × P(0)"));
  intercept_ = new QCheckBox(tr("Fit intercept"), this);
  intercept_->setObjectName(QStringLiteral("fitIntercept"));
  standardize_ = new QCheckBox(tr("Standardize features"), this);
  standardize_->setObjectName(QStringLiteral("standardize"));
  standardize_->setToolTip(tr("Scale each column to unit variance; coefficients are reported on "
                              "the original scale"));

  // Per-model parameters, shown only for the models that use them.
  l1Ratio_ = new QLineEdit(this);
  l1Ratio_->setObjectName(QStringLiteral("l1Ratio"));
  l1Ratio_->setValidator(numberValidator);
  l1Ratio_->setToolTip(tr("ρ in λ(ρ‖w‖₁ + (1−ρ)/2‖w‖²): scikit-learn's l1_ratio, in (0, 1]"));
  gamma_ = new QLineEdit(this);
  gamma_->setObjectName(QStringLiteral("gamma"));
  gamma_->setValidator(numberValidator);
  gamma_->setPlaceholderText(tr("default (MCP 3, SCAD 3.7)"));
  gamma_->setToolTip(tr("Concavity: γ > 1 for MCP, γ > 2 for SCAD; large γ approaches the Lasso"));
  weightsFile_ = new QLineEdit(this);
  weightsFile_->setObjectName(QStringLiteral("weightsFile"));
  weightsFile_->setPlaceholderText(tr("file with one weight per feature"));
  weightsFile_->setToolTip(tr("Weights ≥ 0 separated by commas, spaces or newlines; 0 leaves a "
                              "feature unpenalized"));
  browseWeights_ = new QPushButton(tr("…"), this);
  browseWeights_->setObjectName(QStringLiteral("browseWeights"));
  browseWeights_->setMaximumWidth(32);
  positive_ = new QCheckBox(tr("Positive coefficients (β ≥ 0)"), this);
  positive_->setObjectName(QStringLiteral("positive"));
  groupSize_ = new QSpinBox(this);
  groupSize_->setObjectName(QStringLiteral("groupSize"));
  groupSize_->setRange(1, 1000000);
  groupSize_->setToolTip(tr("Contiguous groups of this many features (the last may be shorter)"));
  groupsFile_ = new QLineEdit(this);
  groupsFile_->setObjectName(QStringLiteral("groupsFile"));
  groupsFile_->setPlaceholderText(tr("or a file of labels, one per feature"));
  groupsFile_->setToolTip(tr("Integer labels separated by commas, spaces or newlines; features "
                             "with the same label form a group. Overrides the group size."));
  {
    auto* box = new QWidget(this);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(groupSize_);
    layout->addWidget(groupsFile_, 1);
    groupRow_ = labelledRow(tr("Groups:"), box, nullptr, this);
  }
  l1RatioRow_ = labelledRow(tr("ℓ₁ ratio ρ:"), l1Ratio_, nullptr, this);
  gammaRow_ = labelledRow(tr("γ:"), gamma_, nullptr, this);
  weightsRow_ = labelledRow(tr("Weights:"), weightsFile_, browseWeights_, this);
  connect(browseWeights_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Feature weights"), weightsFile_->text(),
                                                      tr("Text files (*.txt *.csv);;All files (*)"));
    if (!file.isEmpty()) weightsFile_->setText(file);
  });

  auto* form = new QFormLayout;
  form->addRow(tr("Model:"), model_);
  form->addRow(tr("Solver:"), solver_);
  form->addRow(tr("Tolerance:"), tol_);

  // Run controls.
  run_ = new QPushButton(tr("Run"), this);
  run_->setObjectName(QStringLiteral("runButton"));
  run_->setIcon(QIcon(QStringLiteral(":/icons/run.svg")));
  run_->setToolTip(tr("Compute the path (Ctrl+R / F5); while running, restarts with the new settings"));
  run_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  cancel_->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
  cancel_->setToolTip(tr("Stop the computation and keep the λ solved so far (Esc)"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);

  progress_ = new QProgressBar(this);
  progress_->setObjectName(QStringLiteral("progressBar"));
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setFormat(tr("λ %v/%m"));
  progress_->setTextVisible(true);
  status_ = new QLabel(tr("Idle"), this);
  status_->setObjectName(QStringLiteral("statusLabel"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(l1RatioRow_);
  layout->addWidget(gammaRow_);
  layout->addWidget(weightsRow_);
  layout->addWidget(groupRow_);
  layout->addWidget(positive_);
  layout->addWidget(gridBox);
  layout->addWidget(intercept_);
  layout->addWidget(standardize_);
  layout->addSpacing(6);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addStretch(1);

  connect(geometric_, &QRadioButton::toggled, this, &ModelPanel::updateGridWidgets);
  connect(model_, &QComboBox::currentIndexChanged, this, &ModelPanel::updateModelWidgets);
  connect(run_, &QPushButton::clicked, this, &ModelPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &ModelPanel::cancelRequested);

  setSettings(ModelSettings{});
  setRunning(false);
}

void ModelPanel::updateModelWidgets() {
  const QString m = model_->currentData().toString();
  l1RatioRow_->setVisible(m == QLatin1String("enet"));
  gammaRow_->setVisible(m == QLatin1String("mcp") || m == QLatin1String("scad"));
  weightsRow_->setVisible(m == QLatin1String("wlasso") || m == QLatin1String("mtl"));
  groupRow_->setVisible(m == QLatin1String("group"));
  positive_->setVisible(m != QLatin1String("mcp") && m != QLatin1String("scad") && m != QLatin1String("group") &&
                       m != QLatin1String("mtl"));
  const bool convex = m != QLatin1String("mcp") && m != QLatin1String("scad");
  tol_->setToolTip(convex ? tr("Stop when the duality gap ≤ tol × P(0)")
                          : tr("Non-convex model: stop when the stationarity ≤ tol × λ_max"));
}

void ModelPanel::updateGridWidgets() {
  const bool geo = geometric_->isChecked();
  nLambdas_->setEnabled(geo);
  ratio_->setEnabled(geo);
  lambdaList_->setEnabled(!geo);
}

ModelSettings ModelPanel::settings() const {
  ModelSettings s;
  s.model = model_->currentData().toString();
  s.solver = solver_->currentData().toString();
  s.nLambdas = nLambdas_->value();
  parsePositive(ratio_->text(), s.lambdaMinRatio);
  s.useExplicitLambdas = explicit_->isChecked();
  s.explicitLambdas = lambdaList_->text();
  parsePositive(tol_->text(), s.tol);
  s.fitIntercept = intercept_->isChecked();
  s.standardize = standardize_->isChecked();
  parsePositive(l1Ratio_->text(), s.l1Ratio);
  if (!parsePositive(gamma_->text(), s.gamma)) s.gamma = 0.0;
  s.weightsFile = weightsFile_->text();
  s.positive = positive_->isChecked();
  s.groupSize = groupSize_->value();
  s.groupsFile = groupsFile_->text();
  return s;
}

void ModelPanel::setSettings(const ModelSettings& s) {
  const int idx = model_->findData(s.model);
  model_->setCurrentIndex(idx >= 0 ? idx : 0);
  const int sidx = solver_->findData(s.solver);
  solver_->setCurrentIndex(sidx >= 0 ? sidx : 0);
  nLambdas_->setValue(s.nLambdas);
  ratio_->setText(formatNumber(s.lambdaMinRatio));
  (s.useExplicitLambdas ? explicit_ : geometric_)->setChecked(true);
  lambdaList_->setText(s.explicitLambdas);
  tol_->setText(formatNumber(s.tol));
  intercept_->setChecked(s.fitIntercept);
  standardize_->setChecked(s.standardize);
  l1Ratio_->setText(formatNumber(s.l1Ratio));
  gamma_->setText(s.gamma > 0.0 ? formatNumber(s.gamma) : QString());
  weightsFile_->setText(s.weightsFile);
  positive_->setChecked(s.positive);
  groupSize_->setValue(s.groupSize);
  groupsFile_->setText(s.groupsFile);
  updateGridWidgets();
  updateModelWidgets();
}

bool ModelPanel::buildRequest(ModelSpec& spec, PathOptions& options, QString* error) const {
  spec = ModelSpec{};
  spec.model = model_->currentData().toString().toStdString();
  spec.solver = solver_->currentData().toString().toStdString();
  if (!parsePositive(tol_->text(), spec.tol)) {
    if (error) *error = tr("The tolerance must be a positive number, got \"%1\"").arg(tol_->text());
    return false;
  }
  spec.preprocessing.fitIntercept = intercept_->isChecked();
  spec.preprocessing.standardize = standardize_->isChecked();
  if (spec.model == "enet" && !parsePositive(l1Ratio_->text(), spec.l1Ratio)) {
    if (error) *error = tr("The ℓ₁ ratio must be a number in (0, 1], got \"%1\"").arg(l1Ratio_->text());
    return false;
  }
  if ((spec.model == "mcp" || spec.model == "scad") && !gamma_->text().trimmed().isEmpty() &&
      !parsePositive(gamma_->text(), spec.gamma)) {
    if (error) *error = tr("γ must be a positive number, got \"%1\"").arg(gamma_->text());
    return false;
  }
  if (spec.model == "mtl" && !weightsFile_->text().trimmed().isEmpty()) {
    // Optional row weights (> 0) for the multitask model.
    try {
      spec.weights = loadWeights(weightsFile_->text().trimmed().toStdString());
    } catch (const std::exception& e) {
      if (error) *error = QString::fromStdString(e.what());
      return false;
    }
  }
  if (spec.model == "wlasso") {
    if (weightsFile_->text().trimmed().isEmpty()) {
      if (error) *error = tr("The weighted Lasso needs a weights file (one weight per feature)");
      return false;
    }
    try {
      spec.weights = loadWeights(weightsFile_->text().trimmed().toStdString());
    } catch (const std::exception& e) {
      if (error) *error = QString::fromStdString(e.what());
      return false;
    }
  }
  if (spec.model == "group") {
    spec.groupSize = groupSize_->value();
    if (!groupsFile_->text().trimmed().isEmpty()) {
      try {
        spec.groupLabels = loadGroupLabels(groupsFile_->text().trimmed().toStdString());
      } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
      }
    }
  }
  if (spec.model != "mcp" && spec.model != "scad" && spec.model != "group") spec.positive = positive_->isChecked();

  options = PathOptions{};
  if (explicit_->isChecked()) {
    QString why;
    if (!parseLambdaList(lambdaList_->text(), options.lambdas, &why)) {
      if (error) *error = tr("Invalid λ list: %1").arg(why);
      return false;
    }
  } else {
    options.nLambdas = nLambdas_->value();
    if (!parsePositive(ratio_->text(), options.lambdaMinRatio) || options.lambdaMinRatio > 1.0) {
      if (error)
        *error = tr("λ_min / λ_max must be in (0, 1], got \"%1\"").arg(ratio_->text());
      return false;
    }
  }
  const std::string specError = spec.validate();
  const std::string optionsError = options.validate();
  if (!specError.empty() || !optionsError.empty()) {
    if (error) *error = QString::fromStdString(specError.empty() ? optionsError : specError);
    return false;
  }
  return true;
}

void ModelPanel::setRunning(bool running) {
  run_->setText(running ? tr("Restart") : tr("Run"));
  cancel_->setEnabled(running);
}

void ModelPanel::setProgress(int done, int total) {
  progress_->setRange(0, std::max(total, 1));
  progress_->setValue(done);
}

void ModelPanel::setStatus(const QString& text) { status_->setText(text); }

}  // namespace lambdascope::ui
