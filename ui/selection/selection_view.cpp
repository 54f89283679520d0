#include "ui/selection/selection_view.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>
#include <sstream>

#include "core/io/json_writer.hpp"
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
      status_->setText(tr("%1: λ_min = %2 (mean %3 ± %4), λ_1se = %5; %6 folds in %7 s")
                           .arg(lastCv_->cancelled ? tr("Cancelled (partial)") : tr("Done"))
                           .arg(lastCv_->lambdaMin, 0, 'g', 5)
                           .arg(lastCv_->mean[static_cast<std::size_t>(lastCv_->indexMin)], 0, 'g', 6)
                           .arg(lastCv_->se[static_cast<std::size_t>(lastCv_->indexMin)], 0, 'g', 3)
                           .arg(lastCv_->lambda1se, 0, 'g', 5)
                           .arg(lastCv_->folds.size())
                           .arg(summary.seconds, 0, 'f', 2));
      Q_EMIT lambdaPicked(lastCv_->lambdaMin);
    }
  } else if (lastHpo_) {
    const HpoStep* best = nullptr;  // the evaluation the optimiser returned (its best point)
    for (const HpoStep& s : lastHpo_->evaluations)
      if (best == nullptr || s.value < best->value) best = &s;
    if (best != nullptr) {
      status_->setText(tr("Done: λ = %1, criterion %2 after %3 outer steps, %4 inner solves (%5); %6 s in all")
                           .arg(std::exp(best->logLambda), 0, 'g', 5)
                           .arg(lastHpo_->value, 0, 'g', 6)
                           .arg(lastHpo_->trajectory.size())
                           .arg(lastHpo_->innerSolves)
                           .arg(QString::fromStdString(lastHpo_->stopReason))
                           .arg(summary.seconds, 0, 'f', 2));
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
