#include "ui/selection/selection_view.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/io/json_writer.hpp"
#include "ui/format_seconds.hpp"
#include "ui/selection/search_plots.hpp"
#include "ui/selection/validation_plot.hpp"

namespace lambdascope::ui {

SelectionView::SelectionView(QWidget* parent)
    : QWidget(parent),
      mode_(new QComboBox),
      folds_(new QSpinBox),
      scheme_(new QComboBox),
      seed_(new QSpinBox),
      criterion_(new QComboBox),
      method_(new QComboBox),
      optimizer_(new QComboBox),
      init_(new QLineEdit),
      maxOuter_(new QSpinBox),
      baselines_(new QCheckBox(tr("grid + random baselines"))),
      runButton_(new QPushButton(tr("Run"))),
      cancelButton_(new QPushButton(tr("Cancel"))),
      exportButton_(new QPushButton(tr("Export results…"))),
      status_(new QLabel),
      sideTabs_(new QTabWidget),
      validation_(new ValidationPlot),
      comparison_(new SearchComparisonPlot),
      map_(new CriterionMapPlot),
      bars_(new LambdaBarsPlot) {
  setObjectName(QStringLiteral("selectionView"));
  registerSelectionMetaTypes();
  mode_->addItem(tr("Cross-validation"), QStringLiteral("cv"));
  mode_->addItem(tr("Bilevel search (hypergradient)"), QStringLiteral("hpo"));
  folds_->setRange(2, 100);
  folds_->setValue(10);
  for (const char* s : {"contiguous", "shuffled", "stratified"}) scheme_->addItem(QString::fromLatin1(s));
  seed_->setRange(0, 1 << 30);
  for (const char* c : {"holdout", "cv", "sure"}) criterion_->addItem(QString::fromLatin1(c));
  for (const char* m : {"implicit", "forward", "reverse"}) method_->addItem(QString::fromLatin1(m));
  for (const char* o : {"gd", "linesearch", "adam", "lbfgs"}) optimizer_->addItem(QString::fromLatin1(o));
  init_->setPlaceholderText(tr("auto: log(0.1 λ_max)"));
  maxOuter_->setRange(1, 1000);
  maxOuter_->setValue(30);
  baselines_->setChecked(true);
  cancelButton_->setEnabled(false);
  exportButton_->setEnabled(false);
  status_->setWordWrap(true);
  status_->setObjectName(QStringLiteral("selectionStatus"));
  runButton_->setToolTip(tr("Run on the dataset and model of the model panel"));
  cancelButton_->setShortcut(Qt::Key_Escape);

  auto* controls = new QHBoxLayout;
  auto* left = new QFormLayout;
  left->addRow(tr("Mode"), mode_);
  left->addRow(tr("Folds"), folds_);
  left->addRow(tr("Fold scheme"), scheme_);
  left->addRow(tr("Seed"), seed_);
  auto* right = new QFormLayout;
  right->addRow(tr("Criterion"), criterion_);
  right->addRow(tr("Hypergradient"), method_);
  right->addRow(tr("Optimizer"), optimizer_);
  right->addRow(tr("Start log λ"), init_);
  right->addRow(tr("Max outer"), maxOuter_);
  auto* buttons = new QVBoxLayout;
  buttons->addWidget(runButton_);
  buttons->addWidget(cancelButton_);
  buttons->addWidget(exportButton_);
  buttons->addWidget(baselines_);
  buttons->addStretch();
  controls->addLayout(left);
  controls->addLayout(right);
  controls->addLayout(buttons);
  controls->addStretch();

  sideTabs_->addTab(comparison_, tr("Search vs baselines"));
  sideTabs_->addTab(map_, tr("(λ, ρ) map"));
  sideTabs_->addTab(bars_, tr("Per-feature λ"));
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(validation_);
  split->addWidget(sideTabs_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(status_);
  layout->addWidget(split, 1);

  connect(mode_, &QComboBox::currentIndexChanged, this, &SelectionView::updateWidgets);
  connect(runButton_, &QPushButton::clicked, this, [this] { run(); });
  connect(cancelButton_, &QPushButton::clicked, this, &SelectionView::cancel);
  connect(exportButton_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export results"), QStringLiteral("lambda-selection.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportResults(path, &error)) Q_EMIT errorOccurred(error);
  });
  connect(validation_, &ValidationPlot::lambdaPicked, this, &SelectionView::lambdaPicked);
  for (PlotWidget* p : std::initializer_list<PlotWidget*>{validation_, comparison_, map_, bars_})
    connect(p, &PlotWidget::exportRequested, this, [this, p](PlotFormat) { Q_EMIT exportPlotRequested(p); });

  // Worker-object pattern: one long-lived thread; stale ids are dropped on arrival.
  worker_ = new SelectionWorker;
  thread_.setObjectName(QStringLiteral("lambdascope-selection"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &SelectionWorker::cvGridReady, this, &SelectionView::onCvGrid, Qt::QueuedConnection);
  connect(worker_, &SelectionWorker::foldLosses, this, &SelectionView::onFoldLosses, Qt::QueuedConnection);
  connect(worker_, &SelectionWorker::hpoBoxReady, this, &SelectionView::onHpoBox, Qt::QueuedConnection);
  connect(worker_, &SelectionWorker::hpoStep, this, &SelectionView::onHpoStep, Qt::QueuedConnection);
  connect(worker_, &SelectionWorker::mapCell, this, &SelectionView::onMapCell, Qt::QueuedConnection);
  connect(worker_, &SelectionWorker::finished, this, &SelectionView::onFinished, Qt::QueuedConnection);
  thread_.start();
  updateWidgets();
  status_->setText(tr("Choose λ by K-fold cross-validation (glmnet's curve) or by a bilevel search on the "
                      "hypergradient, on the model panel's dataset and model."));
}

SelectionView::~SelectionView() {
  if (!shutdown(5000)) thread_.wait();
}

bool SelectionView::shutdown(int timeoutMs) {
  stop_.request_stop();
  thread_.quit();
  return !thread_.isRunning() || thread_.wait(QDeadlineTimer(timeoutMs));
}

void SelectionView::updateWidgets() {
  const bool cv = mode_->currentData().toString() == QLatin1String("cv");
  folds_->setEnabled(true);
  criterion_->setEnabled(!cv);
  method_->setEnabled(!cv);
  optimizer_->setEnabled(!cv);
  init_->setEnabled(!cv);
  maxOuter_->setEnabled(!cv);
  baselines_->setEnabled(!cv);
}

void SelectionView::setRunning(bool running) {
  if (running_ == running) return;
  running_ = running;
  cancelButton_->setEnabled(running);
  runButton_->setText(running ? tr("Restart") : tr("Run"));
  Q_EMIT runningChanged(running);
}

quint64 SelectionView::run() { return mode_->currentData().toString() == QLatin1String("cv") ? runCv() : runHpo(); }

quint64 SelectionView::runCv() {
  SelectionRequest req;
  req.kind = SelectionRequest::Kind::Cv;
  req.cv.nFolds = folds_->value();
  req.cv.scheme = foldSchemeFromString(scheme_->currentText().toStdString());
  req.cv.seed = static_cast<std::uint64_t>(seed_->value());
  return start(std::move(req));
}

quint64 SelectionView::runHpo() {
  SelectionRequest req;
  req.kind = SelectionRequest::Kind::Hpo;
  try {
    req.criterion.kind = criterionKindFromString(criterion_->currentText().toStdString());
    req.hpo.method = hyperMethodFromString(method_->currentText().toStdString());
    req.hpo.optimizer = outerOptimizerFromString(optimizer_->currentText().toStdString());
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    return 0;
  }
  req.criterion.nFolds = std::min(folds_->value(), 10);
  req.criterion.scheme = foldSchemeFromString(scheme_->currentText().toStdString());
  req.criterion.seed = static_cast<std::uint64_t>(seed_->value());
  req.hpo.maxOuter = maxOuter_->value();
  if (!init_->text().trimmed().isEmpty()) {
    bool ok = false;
    req.initLogLambda = init_->text().trimmed().toDouble(&ok);
    if (!ok) {
      Q_EMIT errorOccurred(tr("Start log λ: not a number: %1").arg(init_->text()));
      return 0;
    }
  }
  req.baselines = baselines_->isChecked();
  return start(std::move(req));
}

quint64 SelectionView::start(SelectionRequest req) {
  QString error;
  if (!provider_ || !provider_(req.data, req.spec, req.grid, &error)) {
    if (error.isEmpty()) error = tr("Open a dataset first");
    status_->setText(error);
    Q_EMIT errorOccurred(error);
    return 0;
  }
  if (req.kind == SelectionRequest::Kind::Hpo) {
    req.hpo.inner.tol = std::min(req.spec.tol, 1e-10);  // hypergradients need accurate inner solutions
    req.hpo.inner.maxEpochs = req.spec.maxEpochs;
  }
  if (running_) stop_.request_stop();
  stop_ = std::stop_source();
  const quint64 id = ++nextId_;
  current_ = id;
  kind_ = req.kind;
  model_ = req.spec.model;
  steps_.clear();
  lastCv_.reset();
  lastHpo_.reset();
  foldPoints_ = 0;
  validation_->clearAll();
  comparison_->clearAll();
  map_->clearAll();
  bars_->clearAll();
  exportButton_->setEnabled(false);
  if (req.kind == SelectionRequest::Kind::Hpo) {
    sideTabs_->setCurrentWidget(model_ == "enet" ? static_cast<QWidget*>(map_)
                                : model_ == "wlasso" ? static_cast<QWidget*>(bars_)
                                                     : static_cast<QWidget*>(comparison_));
    status_->setText(tr("Bilevel search (%1, %2, %3)…")
                         .arg(criterion_->currentText(), method_->currentText(), optimizer_->currentText()));
  } else {
    status_->setText(tr("Cross-validation, %1 folds (%2)…").arg(folds_->value()).arg(scheme_->currentText()));
  }
  QMetaObject::invokeMethod(
      worker_, [w = worker_, id, r = std::move(req), token = stop_.get_token()] { w->run(id, r, token); },
      Qt::QueuedConnection);
  setRunning(true);
  return id;
}

void SelectionView::cancel() {
  if (!running_) return;
  stop_.request_stop();
  status_->setText(tr("Cancelling…"));
}

void SelectionView::setCursorLambda(double lambda) { validation_->setCursorLambda(lambda); }

void SelectionView::onCvGrid(quint64 id, const std::vector<double>& lambdas, int folds) {
  if (id != current_) return;
  expectedFoldPoints_ = folds * static_cast<int>(lambdas.size());
  validation_->beginCv(lambdas, folds, model_ == "logreg" ? tr("deviance") : tr("mean squared error"));
}

void SelectionView::onFoldLosses(quint64 id, const std::vector<FoldLossPoint>& batch) {
  if (id != current_) return;
  validation_->addFoldLosses(batch);
  foldPoints_ += static_cast<int>(batch.size());
  status_->setText(tr("Cross-validation: %1 / %2 fold fits scored…").arg(foldPoints_).arg(expectedFoldPoints_));
}

void SelectionView::onHpoBox(quint64 id, double lambdaMax, double) {
  if (id != current_) return;
  validation_->beginHpo(lambdaMax, tr("%1 criterion").arg(criterion_->currentText()));
  const double top = std::log(lambdaMax);
  map_->setGrid(top + std::log(1e-3), top, 24, 12);
}

void SelectionView::onHpoStep(quint64 id, int series, const HpoStep& step) {
  if (id != current_) return;
  const auto s = static_cast<HpoSeries>(series);
  steps_.emplace_back(s, step);
  comparison_->addStep(s, step);
  if (s == HpoSeries::Grid) validation_->addCurvePoint(step.logLambda, step.value);
  if (s == HpoSeries::Optimizer) {
    validation_->addIterate(step);
    map_->addIterate(step);
    if (model_ == "wlasso") bars_->showStep(step);
    status_->setText(tr("Outer iteration %1: log λ = %2, criterion %3, d/dlog λ = %4 (%5 inner solves)")
                         .arg(step.iteration)
                         .arg(step.logLambda, 0, 'f', 3)
                         .arg(step.value, 0, 'g', 6)
                         .arg(step.gradLogLambda, 0, 'g', 4)
                         .arg(step.innerSolves));
  }
}

void SelectionView::onMapCell(quint64 id, const MapCell& cell) {
  if (id != current_) return;
  map_->addCell(cell);
}

void SelectionView::onFinished(quint64 id, const SelectionSummary& summary) {
  if (id != current_) return;
  setRunning(false);
  if (summary.failed) {
    status_->setText(tr("Failed: %1").arg(summary.error));
    Q_EMIT errorOccurred(summary.error);
    Q_EMIT runFinished(true);
    return;
  }
  lastCv_ = summary.cv;
  lastHpo_ = summary.hpo;
  if (lastCv_) {
    validation_->setCvResult(*lastCv_);
    if (lastCv_->indexMin >= 0) {
      status_->setText(tr("%1: λ_min = %2 (mean %3 ± %4), λ_1se = %5; %6 folds in %7")
                           .arg(lastCv_->cancelled ? tr("Cancelled (partial)") : tr("Done"))
                           .arg(lastCv_->lambdaMin, 0, 'g', 5)
                           .arg(lastCv_->mean[static_cast<std::size_t>(lastCv_->indexMin)], 0, 'g', 6)
                           .arg(lastCv_->se[static_cast<std::size_t>(lastCv_->indexMin)], 0, 'g', 3)
                           .arg(lastCv_->lambda1se, 0, 'g', 5)
                           .arg(lastCv_->folds.size())
                           .arg(formatSeconds(summary.seconds)));
      Q_EMIT lambdaPicked(lastCv_->lambdaMin);
    }
  } else if (lastHpo_) {
    const HpoStep* best = nullptr;  // the evaluation the optimiser returned (its best point)
    for (const HpoStep& s : lastHpo_->evaluations)
      if (best == nullptr || s.value < best->value) best = &s;
    if (best != nullptr) {
      status_->setText(tr("Done: λ = %1, criterion %2 after %3 outer steps, %4 inner solves (%5); %6 in all")
                           .arg(std::exp(best->logLambda), 0, 'g', 5)
                           .arg(lastHpo_->value, 0, 'g', 6)
                           .arg(lastHpo_->trajectory.size())
                           .arg(lastHpo_->innerSolves)
                           .arg(QString::fromStdString(lastHpo_->stopReason))
                           .arg(formatSeconds(summary.seconds)));
      Q_EMIT lambdaPicked(std::exp(best->logLambda));
    }
  } else if (summary.cancelled) {
    status_->setText(tr("Cancelled."));
  }
  for (PlotWidget* p : std::initializer_list<PlotWidget*>{validation_, comparison_, map_, bars_}) p->flush();
  exportButton_->setEnabled(lastCv_ != nullptr || !steps_.empty());
  Q_EMIT runFinished(summary.cancelled);
}

PlotWidget* SelectionView::currentPlot() const {
  if (validation_->hasFocus()) return validation_;
  return qobject_cast<PlotWidget*>(sideTabs_->currentWidget());
}

bool SelectionView::exportResults(const QString& path, QString* error) const {
  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  if (lastCv_) {
    const CvResult& r = *lastCv_;
    j.key("kind").value("cv");
    j.key("lambdas").array(r.lambdas);
    j.key("fold_loss").beginArray();
    for (Index f = 0; f < r.foldLoss.rows(); ++f) {
      const Vec row = r.foldLoss.row(f).transpose();
      j.array(std::vector<double>(row.data(), row.data() + row.size()));
    }
    j.endArray();
    j.key("mean").array(r.mean);
    j.key("se").array(r.se);
    j.key("lambda_min").value(r.lambdaMin);
    j.key("lambda_1se").value(r.lambda1se);
    j.key("index_min").value(static_cast<long long>(r.indexMin));
    j.key("index_1se").value(static_cast<long long>(r.index1se));
  } else {
    j.key("kind").value("hpo");
    const char* names[] = {"optimizer", "grid", "random"};
    for (int s = 0; s < 3; ++s) {
      j.key(names[s]).beginArray();
      for (const auto& [series, step] : steps_) {
        if (static_cast<int>(series) != s) continue;
        j.beginObject();
        j.key("log_lambda").value(step.logLambda);
        j.key("value").value(step.value);
        if (step.grad.size() > 0) j.key("grad").value(step.gradLogLambda);
        j.key("accepted").value(step.accepted);
        j.key("inner_solves").value(step.innerSolves);
        j.key("seconds").value(step.seconds);
        j.endObject();
      }
      j.endArray();
    }
    if (lastHpo_) {
      j.key("final_log_lambda").value(lastHpo_->trajectory.empty() ? 0.0 : lastHpo_->trajectory.back().logLambda);
      j.key("criterion").value(lastHpo_->value);
      j.key("stop_reason").value(lastHpo_->stopReason);
    }
  }
  j.endObject();
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) {
    if (error) *error = tr("Cannot write %1").arg(path);
    return false;
  }
  const std::string text = out.str();
  f.write(text.data(), static_cast<qint64>(text.size()));
  if (!f.commit()) {
    if (error) *error = tr("Cannot write %1").arg(path);
    return false;
  }
  return true;
}

}  // namespace lambdascope::ui

// ---------------------------------------------------------------------------------------------
// Session state (ui/session/session_participant.hpp)

namespace lambdascope::ui {

namespace {

QJsonArray toJsonArray(const std::vector<double>& v) {
  QJsonArray a;
  for (const double x : v) a.append(std::isfinite(x) ? QJsonValue(x) : QJsonValue(QJsonValue::Null));
  return a;
}

QJsonArray toJsonArray(const Vec& v) { return toJsonArray(std::vector<double>(v.data(), v.data() + v.size())); }

std::vector<double> fromJsonArray(const QJsonValue& v) {
  std::vector<double> out;
  for (const QJsonValue& x : v.toArray()) out.push_back(x.isDouble() ? x.toDouble() : std::numeric_limits<double>::quiet_NaN());
  return out;
}

Vec vecFromJson(const QJsonValue& v) {
  const std::vector<double> x = fromJsonArray(v);
  return Eigen::Map<const Vec>(x.data(), static_cast<Index>(x.size()));
}

}  // namespace

QJsonObject SelectionView::saveSessionState() const {
  QJsonObject o;
  o[QStringLiteral("version")] = 1;
  o[QStringLiteral("mode")] = mode_->currentData().toString();
  o[QStringLiteral("folds")] = folds_->value();
  o[QStringLiteral("scheme")] = scheme_->currentText();
  o[QStringLiteral("seed")] = seed_->value();
  o[QStringLiteral("criterion")] = criterion_->currentText();
  o[QStringLiteral("method")] = method_->currentText();
  o[QStringLiteral("optimizer")] = optimizer_->currentText();
  o[QStringLiteral("init_log_lambda")] = init_->text();
  o[QStringLiteral("max_outer")] = maxOuter_->value();
  o[QStringLiteral("baselines")] = baselines_->isChecked();
  o[QStringLiteral("model")] = QString::fromStdString(model_);
  o[QStringLiteral("status")] = status_->text();
  if (lastCv_) {
    const CvResult& r = *lastCv_;
    QJsonObject cv;
    cv[QStringLiteral("lambdas")] = toJsonArray(r.lambdas);
    cv[QStringLiteral("lambda_max")] = r.lambdaMax;
    cv[QStringLiteral("loss")] = QString::fromLatin1(toString(r.loss));
    QJsonArray foldLoss;
    for (Index f = 0; f < r.foldLoss.rows(); ++f) foldLoss.append(toJsonArray(Vec(r.foldLoss.row(f).transpose())));
    cv[QStringLiteral("fold_loss")] = foldLoss;
    cv[QStringLiteral("mean")] = toJsonArray(r.mean);
    cv[QStringLiteral("se")] = toJsonArray(r.se);
    cv[QStringLiteral("index_min")] = static_cast<int>(r.indexMin);
    cv[QStringLiteral("index_1se")] = static_cast<int>(r.index1se);
    cv[QStringLiteral("lambda_min")] = r.lambdaMin;
    cv[QStringLiteral("lambda_1se")] = r.lambda1se;
    cv[QStringLiteral("cancelled")] = r.cancelled;
    o[QStringLiteral("cv")] = cv;
  }
  if (!steps_.empty()) {
    QJsonArray steps;
    for (const auto& [series, s] : steps_) {
      QJsonObject j;
      j[QStringLiteral("series")] = static_cast<int>(series);
      j[QStringLiteral("iteration")] = s.iteration;
      j[QStringLiteral("theta")] = toJsonArray(s.theta);
      j[QStringLiteral("log_lambda")] = s.logLambda;
      j[QStringLiteral("l1_ratio")] = s.l1Ratio;
      j[QStringLiteral("value")] = s.value;
      j[QStringLiteral("grad")] = toJsonArray(s.grad);
      j[QStringLiteral("grad_log_lambda")] = s.gradLogLambda;
      j[QStringLiteral("accepted")] = s.accepted;
      j[QStringLiteral("inner_solves")] = s.innerSolves;
      j[QStringLiteral("seconds")] = s.seconds;
      j[QStringLiteral("best_value")] = s.bestValue;
      j[QStringLiteral("support")] = static_cast<int>(s.support);
      steps.append(j);
    }
    o[QStringLiteral("hpo_steps")] = steps;
    if (lastHpo_) {
      o[QStringLiteral("hpo_value")] = lastHpo_->value;
      o[QStringLiteral("hpo_stop_reason")] = QString::fromStdString(lastHpo_->stopReason);
      o[QStringLiteral("hpo_inner_solves")] = lastHpo_->innerSolves;
    }
  }
  return o;
}

bool SelectionView::restoreSessionState(const QJsonObject& o, QString* error) {
  if (o.value(QStringLiteral("version")).toInt(1) > 1) {
    if (error) *error = tr("written by a newer version");
    return false;
  }
  cancel();
  const int mode = mode_->findData(o.value(QStringLiteral("mode")).toString(QStringLiteral("cv")));
  if (mode >= 0) mode_->setCurrentIndex(mode);
  folds_->setValue(o.value(QStringLiteral("folds")).toInt(folds_->value()));
  scheme_->setCurrentText(o.value(QStringLiteral("scheme")).toString(scheme_->currentText()));
  seed_->setValue(o.value(QStringLiteral("seed")).toInt(seed_->value()));
  criterion_->setCurrentText(o.value(QStringLiteral("criterion")).toString(criterion_->currentText()));
  method_->setCurrentText(o.value(QStringLiteral("method")).toString(method_->currentText()));
  optimizer_->setCurrentText(o.value(QStringLiteral("optimizer")).toString(optimizer_->currentText()));
  init_->setText(o.value(QStringLiteral("init_log_lambda")).toString());
  maxOuter_->setValue(o.value(QStringLiteral("max_outer")).toInt(maxOuter_->value()));
  baselines_->setChecked(o.value(QStringLiteral("baselines")).toBool(true));
  model_ = o.value(QStringLiteral("model")).toString().toStdString();
  ++nextId_;
  current_ = nextId_;  // late results of an older run are now stale
  steps_.clear();
  lastCv_.reset();
  lastHpo_.reset();
  validation_->clearAll();
  comparison_->clearAll();
  map_->clearAll();
  bars_->clearAll();
  if (o.value(QStringLiteral("cv")).isObject()) {
    const QJsonObject cv = o.value(QStringLiteral("cv")).toObject();
    auto r = std::make_shared<CvResult>();
    r->lambdas = fromJsonArray(cv.value(QStringLiteral("lambdas")));
    r->lambdaMax = cv.value(QStringLiteral("lambda_max")).toDouble();
    try {
      r->loss = validationLossFromString(cv.value(QStringLiteral("loss")).toString(QStringLiteral("mse")).toStdString());
    } catch (const std::exception&) {
    }
    const QJsonArray rows = cv.value(QStringLiteral("fold_loss")).toArray();
    const auto n = static_cast<Index>(r->lambdas.size());
    r->foldLoss = Mat::Constant(static_cast<Index>(rows.size()), n, std::numeric_limits<double>::quiet_NaN());
    std::vector<FoldLossPoint> batch;
    for (qsizetype f = 0; f < rows.size(); ++f) {
      const std::vector<double> row = fromJsonArray(rows[f]);
      if (static_cast<Index>(row.size()) != n) {
        if (error) *error = tr("cv.fold_loss row %1 has %2 values for %3 λ").arg(f).arg(row.size()).arg(n);
        return false;
      }
      for (Index k = 0; k < n; ++k) {
        r->foldLoss(static_cast<Index>(f), k) = row[static_cast<std::size_t>(k)];
        if (std::isfinite(row[static_cast<std::size_t>(k)]))
          batch.push_back({static_cast<int>(f), static_cast<int>(k), row[static_cast<std::size_t>(k)]});
      }
    }
    r->mean = fromJsonArray(cv.value(QStringLiteral("mean")));
    r->se = fromJsonArray(cv.value(QStringLiteral("se")));
    r->indexMin = cv.value(QStringLiteral("index_min")).toInt(-1);
    r->index1se = cv.value(QStringLiteral("index_1se")).toInt(-1);
    r->lambdaMin = cv.value(QStringLiteral("lambda_min")).toDouble();
    r->lambda1se = cv.value(QStringLiteral("lambda_1se")).toDouble();
    r->cancelled = cv.value(QStringLiteral("cancelled")).toBool(false);
    validation_->beginCv(r->lambdas, static_cast<int>(rows.size()), model_ == "logreg" ? tr("deviance") : tr("mean squared error"));
    validation_->addFoldLosses(batch);
    validation_->setCvResult(*r);
    lastCv_ = std::move(r);
  }
  const QJsonArray steps = o.value(QStringLiteral("hpo_steps")).toArray();
  if (!steps.isEmpty()) {
    double lambdaMax = 0.0;
    for (const QJsonValue& v : steps) lambdaMax = std::max(lambdaMax, std::exp(v.toObject().value(QStringLiteral("log_lambda")).toDouble()));
    validation_->beginHpo(lambdaMax, tr("%1 criterion").arg(criterion_->currentText()));
    map_->setGrid(std::log(lambdaMax) + std::log(1e-3), std::log(lambdaMax), 24, 12);
    auto result = std::make_shared<HpoResult>();
    for (const QJsonValue& v : steps) {
      const QJsonObject j = v.toObject();
      HpoStep s;
      s.iteration = j.value(QStringLiteral("iteration")).toInt();
      s.theta = vecFromJson(j.value(QStringLiteral("theta")));
      s.logLambda = j.value(QStringLiteral("log_lambda")).toDouble();
      s.l1Ratio = j.value(QStringLiteral("l1_ratio")).toDouble(1.0);
      s.value = j.value(QStringLiteral("value")).toDouble();
      s.grad = vecFromJson(j.value(QStringLiteral("grad")));
      s.gradLogLambda = j.value(QStringLiteral("grad_log_lambda")).toDouble();
      s.accepted = j.value(QStringLiteral("accepted")).toBool(true);
      s.innerSolves = j.value(QStringLiteral("inner_solves")).toInt();
      s.seconds = j.value(QStringLiteral("seconds")).toDouble();
      s.bestValue = j.value(QStringLiteral("best_value")).toDouble();
      s.support = j.value(QStringLiteral("support")).toInt();
      const auto series = static_cast<HpoSeries>(j.value(QStringLiteral("series")).toInt());
      onHpoStep(current_, static_cast<int>(series), s);  // draws it exactly as a live step
      if (series == HpoSeries::Optimizer) {
        result->evaluations.push_back(s);
        if (s.accepted) result->trajectory.push_back(s);
      }
    }
    if (o.contains(QStringLiteral("hpo_value"))) {
      result->value = o.value(QStringLiteral("hpo_value")).toDouble();
      result->stopReason = o.value(QStringLiteral("hpo_stop_reason")).toString().toStdString();
      result->innerSolves = o.value(QStringLiteral("hpo_inner_solves")).toInt();
      lastHpo_ = std::move(result);
    }
  }
  for (PlotWidget* p : std::initializer_list<PlotWidget*>{validation_, comparison_, map_, bars_}) p->flush();
  status_->setText(o.value(QStringLiteral("status")).toString());
  exportButton_->setEnabled(lastCv_ != nullptr || !steps_.empty());
  updateWidgets();
  return true;
}

}  // namespace lambdascope::ui
