#include "ui/model_panel.hpp"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
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

namespace lambdascope::ui {

namespace {

QString modelDisplayName(const std::string& name) {
  if (name == "lasso") return QObject::tr("Lasso (least squares + ℓ₁)");
  return QString::fromStdString(name);
}

QString solverDisplayName(const std::string& name) {
  if (name == "ws-cd") return QObject::tr("Working-set CD + Anderson");
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
  layout->addWidget(gridBox);
  layout->addWidget(intercept_);
  layout->addWidget(standardize_);
  layout->addSpacing(6);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addStretch(1);

  connect(geometric_, &QRadioButton::toggled, this, &ModelPanel::updateGridWidgets);
  connect(run_, &QPushButton::clicked, this, &ModelPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &ModelPanel::cancelRequested);

  setSettings(ModelSettings{});
  setRunning(false);
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
  updateGridWidgets();
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
