#include "ui/session/session_manager.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLockFile>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/io/content_hash.hpp"
#include "core/io/dataset_io.hpp"
#include "core/io/json_writer.hpp"
#include "core/io/path_json.hpp"
#include "core/playground/preset.hpp"
#include "core/version.hpp"
#include "ui/convergence_view.hpp"
#include "ui/dataset_loader.hpp"
#include "ui/dataset_panel.hpp"
#include "ui/job_controller.hpp"
#include "ui/l0/l0_view.hpp"
#include "ui/main_window.hpp"
#include "ui/model_panel.hpp"
#include "ui/path_model.hpp"
#include "ui/l0/bnb_plot.hpp"
#include "ui/l0/holdout_plot.hpp"
#include "ui/l0/k_path_plot.hpp"
#include "ui/l0/support_grid_plot.hpp"
#include "ui/playground/level_set_plot.hpp"
#include "ui/playground/playground_window.hpp"
#include "ui/playground/rate_plot.hpp"
#include "ui/selection/search_plots.hpp"
#include "ui/selection/validation_plot.hpp"
#include "ui/plots/coefficient_bar_plot.hpp"
#include "ui/plots/path_plot.hpp"
#include "ui/plots/support_plot.hpp"
#include "ui/selection/selection_view.hpp"

namespace lambdascope::ui {

namespace {

// This process's recovery lock, shared by its windows (one recovery file per process). Taken
// before the first autosave; released at a clean exit (or by the OS when the process dies, which
// is what makes its file an orphan).
std::unique_ptr<QLockFile>& processLock() {
  static std::unique_ptr<QLockFile> lock;
  return lock;
}

std::unique_ptr<QLockFile> tryLockRecovery(const QString& recoveryFile) {
  auto lock = std::make_unique<QLockFile>(SessionManager::recoveryLockPath(recoveryFile));
  // Stale only when its process is gone (pid and flock), never by age: an instance may run for days.
  lock->setStaleLockTime(0);
  if (lock->tryLock(0)) return lock;
  // A lock left by a dead process whose pid is now ours looks alive to QLockFile; nobody holds
  // its flock, so removeStaleLockFile() (which takes the flock first) only succeeds then.
  qint64 pid = 0;
  QString host, app;
  if (lock->getLockInfo(&pid, &host, &app) && pid == QCoreApplication::applicationPid() &&
      lock->removeStaleLockFile() && lock->tryLock(0))
    return lock;
  return nullptr;
}

QString timeStamp() { return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")); }

/// Takes this process's lock once. A recovery file already under our pid then belongs to a dead
/// process that had the same pid: it is moved to a unique name (still an orphan) and returned,
/// so the first autosave cannot overwrite it.
bool ensureProcessLock(QString* movedAside = nullptr) {
  const QString own = SessionManager::recoveryFilePath();
  auto& lock = processLock();
  if (lock && lock->fileName() == SessionManager::recoveryLockPath(own)) return true;
  lock = tryLockRecovery(own);
  if (!lock) return false;
  if (QFileInfo(own).isFile()) {
    QString aside = own;
    aside.chop(kSessionSuffix.size());
    aside += QLatin1Char('-') + timeStamp() + kSessionSuffix;
    if (QFile::rename(own, aside) && movedAside) *movedAside = aside;
  }
  return true;
}

bool isResourcePath(const QString& path) { return path.startsWith(QLatin1String(":/")); }

/// The ModelSpec a stored path document describes (what writePathJson needs to write it again).
ModelSpec specFromPathJson(const QJsonObject& o, const ModelSettings& fallback) {
  ModelSpec spec;
  spec.model = o.value(QStringLiteral("model")).toString(fallback.model).toStdString();
  spec.solver = o.value(QStringLiteral("solver")).toString(fallback.solver).toStdString();
  if (spec.solver.empty()) spec.solver = fallback.solver.toStdString();
  spec.tol = o.value(QStringLiteral("tol")).toDouble(fallback.tol);
  spec.preprocessing.fitIntercept = o.value(QStringLiteral("fit_intercept")).toBool(fallback.fitIntercept);
  spec.preprocessing.standardize = o.value(QStringLiteral("standardize")).toBool(fallback.standardize);
  spec.l1Ratio = o.value(QStringLiteral("l1_ratio")).toDouble(fallback.l1Ratio);
  spec.gamma = o.value(QStringLiteral("gamma")).toDouble(fallback.gamma);
  spec.positive = o.value(QStringLiteral("positive")).toBool(false);
  spec.groupSize = o.value(QStringLiteral("group_size")).toInt(fallback.groupSize);
  spec.groupSqrtWeights = o.value(QStringLiteral("group_weights")).toString(QStringLiteral("sqrt_size")) != QLatin1String("none");
  return spec;
}

/// A stand-in dataset (no rows, the stored feature and target names) so stored results can be
/// shown when the data file is gone.
Dataset placeholderDataset(const QStringList& features, const QStringList& targets, const QString& source) {
  std::vector<std::string> names;
  for (const QString& f : features) names.push_back(f.toStdString());
  const auto p = static_cast<Index>(names.size());
  std::vector<std::string> targetNames;
  for (const QString& t : targets) targetNames.push_back(t.toStdString());
  if (targetNames.empty()) targetNames.push_back("y");
  const auto T = static_cast<Index>(targetNames.size());
  if (T > 1) return Dataset(FeatureStorage(Mat(0, p)), Mat(0, T), names, targetNames, source.toStdString());
  return Dataset(FeatureStorage(Mat(0, p)), Vec(0), names, targetNames.front(), source.toStdString());
}

QJsonArray stringArray(const std::vector<std::string>& values) {
  QJsonArray a;
  for (const auto& v : values) a.append(QString::fromStdString(v));
  return a;
}

QStringList toStringList(const QJsonValue& v) {
  QStringList out;
  for (const QJsonValue& x : v.toArray()) out << x.toString();
  return out;
}

/// Certificate of a path: worst criterion against its threshold.
QJsonObject pathCertificate(const PathResult& path, double tol) {
  QJsonObject c;
  double maxGap = 0.0, maxThreshold = 0.0;
  int certified = 0;
  QString criterion = QStringLiteral("duality_gap");
  for (const PathPoint& p : path.points) {
    if (std::isfinite(p.dualityGap)) maxGap = std::max(maxGap, p.dualityGap);
    if (std::isfinite(p.gapThreshold)) maxThreshold = std::max(maxThreshold, p.gapThreshold);
    if (p.dualityGap <= p.gapThreshold && p.certified()) ++certified;
    criterion = QString::fromLatin1(p.criterion);
  }
  c[QStringLiteral("criterion")] = criterion;
  c[QStringLiteral("max_gap")] = maxGap;
  c[QStringLiteral("max_threshold")] = maxThreshold;
  c[QStringLiteral("tolerance")] = tol;
  c[QStringLiteral("certified")] = certified;
  c[QStringLiteral("points")] = static_cast<int>(path.points.size());
  c[QStringLiteral("app_version")] = QString::fromLatin1(kVersion);
  return c;
}

/// The playground's state is its lesson (preset): cheap, and re-running it is instant and exact.
class PlaygroundState final : public SessionParticipant {
 public:
  explicit PlaygroundState(MainWindow* w) : window_(w) {}
  QString sessionKey() const override { return QStringLiteral("playground"); }
  QJsonObject saveSessionState() const override {
    QJsonObject o;
    if (auto* pg = window_->playgroundIfOpen()) {
      o[QStringLiteral("preset")] =
          QJsonDocument::fromJson(QByteArray::fromStdString(lambdascope::playground::presetToJson(pg->preset()))).object();
      o[QStringLiteral("visible")] = pg->isVisible();
      o[QStringLiteral("shown_iteration")] = pg->shownIteration();
    }
    return o;
  }
  bool restoreSessionState(const QJsonObject& o, QString* error) override {
    if (!o.value(QStringLiteral("preset")).isObject()) return true;
    try {
      const QByteArray text = QJsonDocument(o.value(QStringLiteral("preset")).toObject()).toJson();
      auto* pg = window_->openPlayground();
      pg->setPreset(lambdascope::playground::parsePreset(text.toStdString(), "session playground"));
      pg->recompute();
      pg->setShownIteration(o.value(QStringLiteral("shown_iteration")).toInt(pg->shownIteration()));
      if (!o.value(QStringLiteral("visible")).toBool(true)) pg->hide();
    } catch (const std::exception& e) {
      if (error) *error = QString::fromStdString(e.what());
      return false;
    }
    return true;
  }

 private:
  MainWindow* window_;
};

/// The k-sparse tab: its settings and its results (k-path, matched supports, branch-and-bound
/// result and trace), shown again without recomputing.
class KSparseState final : public SessionParticipant {
 public:
  explicit KSparseState(l0::L0View* v) : view_(v) {}
  QString sessionKey() const override { return QStringLiteral("k_sparse"); }
  QJsonObject saveSessionState() const override {
    QJsonObject o;
    o[QStringLiteral("version")] = 1;
    QString why;
    if (const auto s = view_->settings(&why)) {
      o[QStringLiteral("loss")] = QString::fromLatin1(lambdascope::l0::toString(s->loss));
      o[QStringLiteral("ridge")] = s->ridge;
      o[QStringLiteral("standardize")] = s->standardize;
    }
    o[QStringLiteral("k")] = view_->k();
    o[QStringLiteral("time_limit")] = view_->timeLimit();
    o[QStringLiteral("k_max")] = view_->kMax();
    o[QStringLiteral("bnb_seconds_per_k")] = view_->bnbSecondsPerK();
    o[QStringLiteral("holdout")] = view_->holdoutFraction();
    o[QStringLiteral("results")] = view_->saveResults();
    return o;
  }
  bool restoreSessionState(const QJsonObject& o, QString* error) override {
    if (o.value(QStringLiteral("version")).toInt(1) > 1) {
      if (error) *error = QObject::tr("written by a newer version");
      return false;
    }
    if (const auto loss = lambdascope::l0::lossFromString(o.value(QStringLiteral("loss")).toString().toStdString()))
      view_->setLoss(*loss);
    if (o.contains(QStringLiteral("ridge"))) view_->setRidge(o.value(QStringLiteral("ridge")).toDouble());
    if (o.contains(QStringLiteral("standardize"))) view_->setStandardize(o.value(QStringLiteral("standardize")).toBool());
    if (o.contains(QStringLiteral("k_max"))) view_->setKMax(o.value(QStringLiteral("k_max")).toInt());
    if (o.contains(QStringLiteral("bnb_seconds_per_k")))
      view_->setBnbSecondsPerK(o.value(QStringLiteral("bnb_seconds_per_k")).toDouble());
    if (o.contains(QStringLiteral("holdout"))) view_->setHoldoutFraction(o.value(QStringLiteral("holdout")).toDouble());
    // Results before k: they widen the slider's range to every stored k.
    if (o.value(QStringLiteral("results")).isObject() &&
        !view_->restoreResults(o.value(QStringLiteral("results")).toObject(), error))
      return false;
    if (o.contains(QStringLiteral("k"))) view_->setK(o.value(QStringLiteral("k")).toInt());
    if (o.contains(QStringLiteral("time_limit"))) view_->setTimeLimit(o.value(QStringLiteral("time_limit")).toDouble());
    return true;
  }

 private:
  l0::L0View* view_;
};

}  // namespace

SessionManager::SessionManager(MainWindow* window) : QObject(window), window_(window) {
  setObjectName(QStringLiteral("sessionManager"));
  autosaveTimer_.setSingleShot(false);
  connect(&autosaveTimer_, &QTimer::timeout, this, [this] { autosaveNow(); });
  // After each finished job (path, Choose λ, k-sparse): the result is what a crash would lose.
  connect(window_, &MainWindow::pathFinished, this, &SessionManager::onJobFinished);
  connect(window_->selectionView(), &SelectionView::runFinished, this, &SessionManager::onJobFinished);
  connect(window_->kSparseView(), &l0::L0View::kPathFinished, this, &SessionManager::onJobFinished);
  connect(window_->kSparseView(), &l0::L0View::bnbFinished, this, &SessionManager::onJobFinished);

  addParticipant(window_->selectionView());
  auto kSparse = std::make_shared<KSparseState>(window_->kSparseView());
  addLazyParticipant(kSparse->sessionKey(), [kSparse](bool) { return kSparse.get(); });
  auto playground = std::make_shared<PlaygroundState>(window_);
  addLazyParticipant(playground->sessionKey(), [this, playground](bool create) -> SessionParticipant* {
    return create || window_->playgroundIfOpen() != nullptr ? playground.get() : nullptr;
  });
}

// A restored orphan not yet superseded by our own autosave stays an orphan (its lock is released).
SessionManager::~SessionManager() = default;

void SessionManager::addParticipant(SessionParticipant* participant) {
  participants_.push_back({participant->sessionKey(), [participant](bool) { return participant; }});
}

void SessionManager::addLazyParticipant(const QString& key, std::function<SessionParticipant*(bool)> get) {
  participants_.push_back({key, std::move(get)});
}

// ---------------------------------------------------------------------------------------------
// Capture

DatasetReference SessionManager::currentDatasetReference() const {
  DatasetReference d;
  const auto& data = window_->dataset();
  d.path = window_->datasetSourcePath();
  if (!d.path.isEmpty() && !isResourcePath(d.path)) d.path = QFileInfo(d.path).absoluteFilePath();
  d.displayName = window_->datasetName();
  if (data) {
    d.samples = data->samples();
    d.features = data->features();
    for (const auto& t : data->targetNames()) d.targets << QString::fromStdString(t);
  }
  if (isResourcePath(d.path)) d.format = QStringLiteral("csv");
  const FileFormat format = formatFromPath(QFile::encodeName(d.path).toStdString());
  if (format == FileFormat::Libsvm) {
    d.zeroBased = window_->datasetPanel()->zeroBasedIndices();
    d.targets.clear();  // one target per line: nothing to choose
  }
  if (!d.path.isEmpty()) {
    const QFileInfo info(d.path);
    QFile file(d.path);
    if (info.exists() || isResourcePath(d.path)) {
      const qint64 size = isResourcePath(d.path) ? file.size() : info.size();
      const QDateTime modified = isResourcePath(d.path) ? QDateTime() : info.lastModified();
      if (hashedPath_ != d.path || hashedSize_ != size || hashedModified_ != modified) {
        hash_.clear();
        if (isResourcePath(d.path)) {
          if (file.open(QIODevice::ReadOnly)) hash_ = QString::fromStdString(contentHash(file.readAll().toStdString()));
        } else {
          try {
            hash_ = QString::fromStdString(fileContentHash(QFile::encodeName(d.path).toStdString()));
          } catch (const std::exception&) {
            hash_.clear();  // unreadable now: saved without a hash
          }
        }
        hashedPath_ = d.path;
        hashedSize_ = size;
        hashedModified_ = modified;
      }
      d.hash = hash_;
      d.bytes = size;
    }
  }
  return d;
}

QString SessionManager::tabKey(int index) const {
  QTabWidget* tabs = window_->plotTabs();
  const QWidget* w = tabs->widget(index);
  if (w == nullptr) return {};
  if (w == window_->pathPlot()) return QStringLiteral("path");
  if (w == window_->supportPlot()) return QStringLiteral("support");
  if (w == static_cast<const QWidget*>(window_->convergenceView())) return QStringLiteral("convergence");
  if (w == window_->selectionView()) return QStringLiteral("selection");
  if (w == window_->kSparseView()) return QStringLiteral("k_sparse");
  return w->objectName().isEmpty() ? tabs->tabText(index) : w->objectName();
}

QJsonObject SessionManager::captureSession() const {
  SessionDocument doc;
  doc.appVersion = QString::fromLatin1(kVersion);
  doc.savedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  QJsonObject pathJson;
  PathModel* model = window_->pathModel();
  if (window_->hasDataset()) doc.dataset = currentDatasetReference();
  doc.model = window_->modelPanel()->settings();
  doc.hasModel = true;
  if (model->dataset() && model->pointCount() > 0) {
    const PathResult result = model->toPathResult();
    std::ostringstream out;
    writePathJson(out, PathJsonContext{*model->dataset(), model->spec(), result});
    pathJson = QJsonDocument::fromJson(QByteArray::fromStdString(out.str())).object();
    doc.path = result;
    doc.pathModel = QString::fromStdString(model->spec().model);
    switch (model->state()) {
      case PathModel::State::Running: doc.pathState = QStringLiteral("running"); break;
      case PathModel::State::Cancelled: doc.pathState = QStringLiteral("cancelled"); break;
      case PathModel::State::Failed: doc.pathState = QStringLiteral("failed"); break;
      default: doc.pathState = QStringLiteral("finished"); break;
    }
    pathJson[QStringLiteral("feature_names")] = stringArray(model->featureNames());
    pathJson[QStringLiteral("target_names")] = stringArray(model->dataset()->targetNames());
  }
  doc.cursor = window_->cursorIndex();
  doc.currentTab = tabKey(window_->plotTabs()->currentIndex());
  doc.plots.emplace_back(QStringLiteral("path"), capturePlotView(*window_->pathPlot()));
  doc.plots.emplace_back(QStringLiteral("support"), capturePlotView(*window_->supportPlot()));
  doc.plots.emplace_back(QStringLiteral("bars"), capturePlotView(*window_->barPlot()));
  for (const Participant& p : participants_)
    if (SessionParticipant* view = p.get(false)) doc.views[p.key] = view->saveSessionState();
  QJsonObject root = sessionToJson(doc, pathJson);
  root[QStringLiteral("commands")] = replayCommands();
  return root;
}

QJsonArray SessionManager::replayCommands() const {
  // The path's command, checked by `lambdascope-cli replay` against the stored "path".
  QJsonArray commands;
  CliCommand c;
  PathModel* model = window_->pathModel();
  if (model->pointCount() == 0 || model->state() != PathModel::State::Finished) return commands;
  if (!pathCommandForWindow(c, nullptr)) return commands;
  QJsonObject o = c.toJson();
  o[QStringLiteral("expected_ref")] = QStringLiteral("path");
  o[QStringLiteral("rtol")] = 1e-8;
  commands.append(o);
  return commands;
}

bool SessionManager::saveSession(const QString& path, QString* error) {
  if (!writeSessionJson(path, captureSession(), error)) return false;
  sessionPath_ = path;
  Q_EMIT sessionSaved(path);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Open

bool SessionManager::openSession(const QString& path, QString* error) {
  SessionDocument doc;
  QString why;
  if (!readSessionFile(path, doc, &why)) {
    if (error) *error = why;
    return false;
  }
  if (!applySession(doc, path)) {
    if (error) *error = warnings_.join(QLatin1Char('\n'));
    return false;
  }
  sessionPath_ = path;
  return true;
}

bool SessionManager::applySession(const SessionDocument& doc, const QString& fileName) {
  warnings_.clear();
  datasetStatus_ = DatasetStatus::Same;
  // Stop whatever runs: its late results would mix with the restored ones.
  window_->cancelPath();
  window_->cancelRace();
  window_->selectionView()->cancel();
  window_->kSparseView()->cancel();

  // 1. The data, read synchronously (the session needs it before the results).
  std::optional<Dataset> data;
  if (doc.dataset) {
    const DatasetReference& ref = *doc.dataset;
    const bool resource = isResourcePath(ref.path);
    if (ref.path.isEmpty() || (!resource && !QFileInfo(ref.path).isFile())) {
      datasetStatus_ = DatasetStatus::Missing;
      warnings_ << tr("Dataset missing: %1 no longer exists. The stored results are shown for viewing; "
                      "open the data again to compute.")
                       .arg(ref.path.isEmpty() ? ref.displayName : ref.path);
    } else {
      LoadOptions options;
      if (ref.format == QLatin1String("csv")) options.format = FileFormat::Csv;
      else if (ref.format == QLatin1String("tsv")) options.format = FileFormat::Tsv;
      else if (ref.format == QLatin1String("libsvm")) options.format = FileFormat::Libsvm;
      if (ref.targets.size() == 1) options.targetColumn = ref.targets.front().toStdString();
      if (ref.targets.size() > 1)
        for (const QString& t : ref.targets) options.targetColumns.push_back(t.toStdString());
      options.zeroBasedIndices = ref.zeroBased;
      try {
        data = readDataset(ref.path, options, ref.displayName);
      } catch (const std::exception& e) {
        datasetStatus_ = DatasetStatus::Missing;
        warnings_ << tr("Dataset could not be read: %1. The stored results are shown for viewing.")
                         .arg(QString::fromStdString(e.what()));
      }
      if (data) {
        QString hash;
        if (resource) {
          QFile f(ref.path);
          if (f.open(QIODevice::ReadOnly)) hash = QString::fromStdString(contentHash(f.readAll().toStdString()));
        } else {
          try {
            hash = QString::fromStdString(fileContentHash(QFile::encodeName(ref.path).toStdString()));
          } catch (const std::exception&) {
          }
        }
        if (!ref.hash.isEmpty() && hash != ref.hash) {
          datasetStatus_ = DatasetStatus::Changed;
          warnings_ << tr("Dataset changed: %1 does not hold the bytes the session was saved with (hash %2, "
                          "now %3). It is loaded, but the stored results belong to the old data.")
                           .arg(ref.path, ref.hash.left(19), hash.left(19));
        }
      }
    }
  }
  if (data) window_->adoptDataset(*data, doc.dataset->displayName, doc.dataset->path);

  // 2. Settings.
  if (doc.hasModel) window_->modelPanel()->setSettings(doc.model);

  // 3. Results, without recomputing.
  if (doc.path) {
    const PathResult& r = *doc.path;
    QJsonObject pathJson = doc.pathJson;
    if (pathJson.isEmpty()) pathJson[QStringLiteral("model")] = doc.pathModel;
    const ModelSpec spec = specFromPathJson(pathJson, doc.model);
    const QStringList features = toStringList(pathJson.value(QStringLiteral("feature_names")));
    const QStringList targets = toStringList(pathJson.value(QStringLiteral("target_names")));
    const bool dataFits = data && datasetStatus_ == DatasetStatus::Same &&
                          (features.isEmpty() || data->features() == features.size());
    const Dataset shown =
        dataFits ? *data : placeholderDataset(features, targets, doc.dataset ? doc.dataset->path : QString());
    PathModel* model = window_->pathModel();
    model->beginJob(kRestoredJobId, shown, spec, static_cast<int>(r.lambdas.size()));
    PathGrid grid;
    grid.lambdas = r.lambdas;
    grid.lambdaMax = r.lambdaMax;
    grid.nullObjective = r.nullObjective;
    model->setGrid(kRestoredJobId, grid);
    for (const PathPoint& p : r.points) model->appendPoint(kRestoredJobId, p);
    PathJobSummary summary;
    summary.cancelled = doc.pathState != QLatin1String("finished");
    summary.seconds = r.totalSeconds;
    summary.points = static_cast<int>(r.points.size());
    model->finishJob(kRestoredJobId, summary);
    window_->flushPlots();
    if (doc.cursor >= 0 && doc.cursor < model->pointCount()) window_->setCursorIndex(doc.cursor);
  }

  // 4. The view.
  for (const auto& [name, view] : doc.plots) {
    if (name == QLatin1String("path")) applyPlotView(*window_->pathPlot(), view);
    else if (name == QLatin1String("support")) applyPlotView(*window_->supportPlot(), view);
    else if (name == QLatin1String("bars")) applyPlotView(*window_->barPlot(), view);
  }

  // 5. The other views.
  for (const Participant& p : participants_) {
    if (!doc.views.contains(p.key)) continue;
    SessionParticipant* view = p.get(true);
    QString why;
    if (view != nullptr && !view->restoreSessionState(doc.views.value(p.key).toObject(), &why))
      warnings_ << tr("%1: the \"%2\" view could not be restored: %3").arg(QFileInfo(fileName).fileName(), p.key, why);
  }
  if (!doc.currentTab.isEmpty()) {
    QTabWidget* tabs = window_->plotTabs();
    for (int i = 0; i < tabs->count(); ++i) {
      const QString key = tabKey(i);
      if (key == doc.currentTab) tabs->setCurrentIndex(i);
    }
  }

  // Mark what the user sees.
  QString mark;
  if (datasetStatus_ == DatasetStatus::Missing) mark = tr(" [dataset missing]");
  if (datasetStatus_ == DatasetStatus::Changed) mark = tr(" [dataset changed]");
  const QString name = doc.dataset ? doc.dataset->displayName : QFileInfo(fileName).fileName();
  window_->setWindowTitle(QStringLiteral("Lambdascope — %1%2").arg(name, mark));
  window_->modelPanel()->setStatus(
      tr("Session restored from %1 (saved %2)%3").arg(QFileInfo(fileName).fileName(), doc.savedAt, mark));
  window_->statusBar()->showMessage(tr("Session restored: %1%2").arg(fileName, mark), 10000);
  if (!warnings_.isEmpty()) Q_EMIT errorOccurred(tr("Session restored with warnings"), warnings_.join(QLatin1Char('\n')));
  Q_EMIT sessionRestored(fileName);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Autosave and recovery

QString SessionManager::recoveryDirectory() {
  const QByteArray env = qgetenv("LAMBDASCOPE_RECOVERY_DIR");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString SessionManager::recoveryFilePath() { return recoveryFilePathFor(QCoreApplication::applicationPid()); }

QString SessionManager::recoveryFilePathFor(qint64 pid) {
  return QDir(recoveryDirectory()).filePath(QStringLiteral("recovery-%1").arg(pid) + kSessionSuffix);
}

QString SessionManager::recoveryLockPath(const QString& recoveryFile) {
  QString path = recoveryFile;
  if (path.endsWith(kSessionSuffix)) path.chop(kSessionSuffix.size());
  return path + QStringLiteral(".lock");
}

QStringList SessionManager::orphanedRecoveryFiles() {
  QStringList out;
  const QDir dir(recoveryDirectory());
  const auto& own = processLock();
  for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("recovery*") + kSessionSuffix}, QDir::Files, QDir::Time)) {
    const QString lockPath = recoveryLockPath(f.absoluteFilePath());
    if (own && own->fileName() == lockPath) continue;  // ours, alive
    // Held by a live instance (or claimed by a restore in progress): not an orphan.
    if (QFileInfo::exists(lockPath) && !tryLockRecovery(f.absoluteFilePath())) continue;
    out << f.absoluteFilePath();
  }
  return out;
}

bool SessionManager::hasRecoveryFile() { return QFileInfo(recoveryFilePath()).isFile(); }

void SessionManager::startAutosave(int seconds) {
  autosaveOn_ = true;
  setAutosaveInterval(seconds);
}

void SessionManager::stopAutosave() {
  autosaveOn_ = false;
  autosaveTimer_.stop();
}

void SessionManager::setAutosaveInterval(int seconds) {
  autosaveSeconds_ = std::max(seconds, 0);
  autosaveTimer_.stop();
  if (autosaveOn_ && autosaveSeconds_ > 0) autosaveTimer_.start(autosaveSeconds_ * 1000);
}

bool SessionManager::autosaveNow(QString* error) {
  if (!window_->hasDataset() && window_->pathModel()->pointCount() == 0) return false;
  const QString dir = recoveryDirectory();
  if (!QDir().mkpath(dir)) {
    if (error) *error = tr("%1: cannot create the recovery directory").arg(dir);
    return false;
  }
  QString why;
  if (!ensureProcessLock()) {
    why = tr("%1 is locked by another process").arg(recoveryLockPath(recoveryFilePath()));
  } else if (writeSessionJson(recoveryFilePath(), captureSession(), &why)) {
    // Our own file now holds what the restored orphan held (and more): the orphan can go.
    if (!adoptedRecovery_.isEmpty() && adoptedRecovery_ != recoveryFilePath()) QFile::remove(adoptedRecovery_);
    adoptedRecovery_.clear();
    adoptedLock_.reset();
    Q_EMIT autosaved(recoveryFilePath());
    return true;
  }
  if (error) *error = why;
  window_->statusBar()->showMessage(tr("Autosave failed: %1").arg(why), 8000);
  return false;
}

void SessionManager::onJobFinished() {
  if (autosaveOn_) autosaveNow();
}

bool SessionManager::restoreRecovery(QString* error, const QString& file) {
  QString path = file;
  if (path.isEmpty()) {
    const QStringList orphans = orphanedRecoveryFiles();
    if (!orphans.isEmpty()) path = orphans.front();
  }
  if (path.isEmpty() || !QFileInfo(path).isFile()) {
    if (error) *error = tr("There is no recovery file to restore in %1.").arg(recoveryDirectory());
    return false;
  }
  // A file under our own pid (a dead process with the same pid) is first moved out of the way.
  if (QFileInfo(path).absoluteFilePath() == QFileInfo(recoveryFilePath()).absoluteFilePath()) {
    QString aside;
    if (ensureProcessLock(&aside) && !aside.isEmpty()) path = aside;
  }
  // Claim it, so a second instance started at the same moment does not restore it too.
  auto claim = tryLockRecovery(path);
  if (!claim) {
    if (error) *error = tr("%1 is in use by another running Lambdascope.").arg(path);
    return false;
  }
  const QString previous = sessionPath_;
  const bool ok = openSession(path, error);
  sessionPath_ = previous;  // Ctrl+S must not overwrite the recovery file as if it were the user's
  if (ok) {
    adoptedRecovery_ = path;
    adoptedLock_ = std::move(claim);
  }
  return ok;
}

bool SessionManager::offerRecovery(bool withoutAsking) {
  const QStringList orphans = orphanedRecoveryFiles();
  if (orphans.isEmpty()) return false;
  const QString path = orphans.front();  // the newest
  if (!withoutAsking && window_->isInteractive()) {
    QString others;
    if (orphans.size() > 1)
      others = tr("\n\n%n older autosave(s) of other instances stay in %1 and will be offered next time.", "",
                  static_cast<int>(orphans.size() - 1))
                   .arg(recoveryDirectory());
    const auto answer = QMessageBox::question(
        window_, tr("Recover the last session?"),
        tr("A Lambdascope window did not exit cleanly. Its last autosave (%1) can be restored: "
           "dataset, settings and computed results.%2\n\nRestore it?")
            .arg(QFileInfo(path).lastModified().toString(), others),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
      // Keep it aside rather than delete: nothing the user did is lost (and it is not offered again).
      const QString aside = QDir(recoveryDirectory()).filePath(QStringLiteral("unrestored-%1%2").arg(timeStamp(), kSessionSuffix));
      QFile::rename(path, aside);
      window_->statusBar()->showMessage(tr("The unrestored autosave was kept as %1").arg(aside), 10000);
      return false;
    }
  }
  QString error;
  if (!restoreRecovery(&error, path)) {
    Q_EMIT errorOccurred(tr("Could not restore the last session"), error);
    return false;
  }
  return true;
}

void SessionManager::cleanExit() {
  // Only the instance that autosaves owns the recovery file (a test window must not delete the
  // file of a running app).
  if (!autosaveOn_) return;
  stopAutosave();
  QFile::remove(recoveryFilePath());
  if (!adoptedRecovery_.isEmpty()) QFile::remove(adoptedRecovery_);
  adoptedRecovery_.clear();
  adoptedLock_.reset();
  processLock().reset();
}

// ---------------------------------------------------------------------------------------------
// Commands

bool SessionManager::dataArgs(DataArgs& out, QString* error) const {
  const QString source = window_->datasetSourcePath();
  if (!window_->hasDataset() || source.isEmpty()) {
    if (error) *error = tr("No dataset file is loaded: open one first (a dataset set from code has no file).");
    return false;
  }
  DataArgs a;
  a.path = source;
  if (isResourcePath(source)) {
    // The bundled data: extract it once so the command can read it.
    const QString dir = QDir(recoveryDirectory()).filePath(QStringLiteral("datasets"));
    const QString target = QDir(dir).filePath(QFileInfo(source).fileName());
    QFile in(source);
    if (!QDir().mkpath(dir) || !in.open(QIODevice::ReadOnly)) {
      if (error) *error = tr("%1: cannot extract the bundled dataset").arg(target);
      return false;
    }
    const QByteArray bytes = in.readAll();
    QFile existing(target);
    if (!existing.open(QIODevice::ReadOnly) || existing.readAll() != bytes) {
      existing.close();
      QSaveFile outFile(target);
      if (!outFile.open(QIODevice::WriteOnly) || outFile.write(bytes) != bytes.size() || !outFile.commit()) {
        if (error) *error = tr("%1: cannot extract the bundled dataset").arg(target);
        return false;
      }
    }
    a.path = target;
    a.format = QStringLiteral("csv");
  } else {
    a.path = QFileInfo(source).absoluteFilePath();
  }
  const FileFormat format = formatFromPath(QFile::encodeName(a.path).toStdString());
  if (format == FileFormat::Libsvm) {
    a.zeroBased = window_->datasetPanel()->zeroBasedIndices();
  } else if (format == FileFormat::Csv || format == FileFormat::Tsv || a.format == QLatin1String("csv")) {
    for (const auto& t : window_->dataset()->targetNames()) a.targets << QString::fromStdString(t);
  }
  out = std::move(a);
  return true;
}

bool SessionManager::pathCommandForWindow(CliCommand& out, QString* error) const {
  PathModel* model = window_->pathModel();
  DataArgs data;
  if (!dataArgs(data, error)) return false;
  // The settings that produced the shown path when there is one (the panel may have been edited
  // since; the spec is what ran), else the panel's.
  ModelSettings settings = window_->modelPanel()->settings();
  if (model->pointCount() > 0 && QString::fromStdString(model->spec().model) != settings.model) {
    if (error) *error = tr("The model panel was changed after the path was computed: run it again first.");
    return false;
  }
  if (!pathCommand(data, settings, out, error)) return false;
  if (model->pointCount() > 0) out.certificate = pathCertificate(model->toPathResult(), model->spec().tol);
  return true;
}

bool SessionManager::selectionCommand(CliCommand& out, QString* error) const {
  SelectionView* view = window_->selectionView();
  DataArgs data;
  if (!dataArgs(data, error)) return false;
  const ModelSettings m = window_->modelPanel()->settings();
  CliCommand c;
  const bool cv = view->modeCombo()->currentData().toString() == QLatin1String("cv");
  if (cv) {
    c.name = QStringLiteral("cv");
    c.argv << QStringLiteral("cv") << data.toArgs() << modelArgs(m, true);
    if (!gridArgs(m, c.argv, error)) return false;
    c.argv << QStringLiteral("--n-folds") << QString::number(view->foldsSpin()->value()) << QStringLiteral("--folds")
           << view->schemeCombo()->currentText() << QStringLiteral("--seed") << QString::number(view->seedSpin()->value());
    if (auto r = view->lastCv()) {
      c.certificate[QStringLiteral("summary")] =
          tr("CV: lambda_min %1, lambda_1se %2 over %3 lambdas").arg(exactNumber(r->lambdaMin), exactNumber(r->lambda1se)).arg(r->lambdas.size());
      c.certificate[QStringLiteral("lambda_min")] = r->lambdaMin;
      c.certificate[QStringLiteral("lambda_1se")] = r->lambda1se;
    }
  } else {
    c.name = QStringLiteral("hpo");
    QStringList model = modelArgs(m, true);
    // The window solves the inner problems to min(tol, 1e-10) (hypergradients need accuracy).
    const qsizetype tolAt = model.indexOf(QStringLiteral("--tol"));
    if (tolAt >= 0) model[tolAt + 1] = exactNumber(std::min(m.tol, 1e-10));
    c.argv << QStringLiteral("hpo") << data.toArgs() << model << QStringLiteral("--criterion")
           << view->criterionCombo()->currentText() << QStringLiteral("--method") << view->methodCombo()->currentText()
           << QStringLiteral("--optimizer") << view->optimizerCombo()->currentText() << QStringLiteral("--max-outer")
           << QString::number(view->maxOuterSpin()->value()) << QStringLiteral("--seed")
           << QString::number(view->seedSpin()->value());
    if (view->criterionCombo()->currentText() == QLatin1String("cv"))
      c.argv << QStringLiteral("--n-folds") << QString::number(std::min(view->foldsSpin()->value(), 10))
             << QStringLiteral("--folds") << view->schemeCombo()->currentText();
    const QString init = view->initEdit()->text().trimmed();
    if (!init.isEmpty()) c.argv << QStringLiteral("--init-log-lambda") << init;
    if (auto r = view->lastHpo()) {
      c.certificate[QStringLiteral("summary")] =
          tr("bilevel search: criterion %1, stop: %2").arg(exactNumber(r->value), QString::fromStdString(r->stopReason));
      c.certificate[QStringLiteral("criterion")] = r->value;
    }
  }
  c.certificate[QStringLiteral("app_version")] = QString::fromLatin1(kVersion);
  c.certificate[QStringLiteral("tolerance")] = m.tol;
  out = std::move(c);
  return true;
}

bool SessionManager::kSparseCommand(CliCommand& out, QString* error) const {
  l0::L0View* view = window_->kSparseView();
  DataArgs data;
  if (!dataArgs(data, error)) return false;
  QString why;
  const auto s = view->settings(&why);
  if (!s) {
    if (error) *error = why;
    return false;
  }
  CliCommand c;
  c.name = QStringLiteral("l0");
  c.argv << QStringLiteral("l0") << data.toArgs() << QStringLiteral("--k") << QString::number(view->k())
         << QStringLiteral("--ridge") << exactNumber(s->ridge) << QStringLiteral("--loss")
         << QString::fromLatin1(lambdascope::l0::toString(s->loss)) << QStringLiteral("--method") << QStringLiteral("bnb")
         << QStringLiteral("--time-limit") << exactNumber(view->timeLimit());
  if (s->standardize) c.argv << QStringLiteral("--standardize");
  c.certificate[QStringLiteral("app_version")] = QString::fromLatin1(kVersion);
  c.certificate[QStringLiteral("summary")] = view->certificateLabel()->text();
  out = std::move(c);
  return true;
}

bool SessionManager::playgroundCommand(CliCommand& out, QString* error) const {
  playground::PlaygroundWindow* pg = window_->playgroundIfOpen();
  if (pg == nullptr) {
    if (error) *error = tr("The playground is not open (View ▸ Optimization Playground).");
    return false;
  }
  CliCommand c;
  c.name = QStringLiteral("playground");
  c.argv << QStringLiteral("playground") << QStringLiteral("--preset") << QStringLiteral("/dev/stdin");
  c.stdinText = QString::fromStdString(lambdascope::playground::presetToJson(pg->preset()));
  c.certificate[QStringLiteral("app_version")] = QString::fromLatin1(kVersion);
  out = std::move(c);
  return true;
}

bool SessionManager::command(CommandTarget target, CliCommand& out, QString* error) {
  if (target == CommandTarget::Current) {
    playground::PlaygroundWindow* pg = window_->playgroundIfOpen();
    QWidget* current = window_->plotTabs()->currentWidget();
    if (pg != nullptr && pg->isActiveWindow()) target = CommandTarget::Playground;
    else if (current == window_->selectionView()) target = CommandTarget::Selection;
    else if (current == window_->kSparseView()) target = CommandTarget::KSparse;
    else target = CommandTarget::Path;
  }
  switch (target) {
    case CommandTarget::Selection: return selectionCommand(out, error);
    case CommandTarget::KSparse: return kSparseCommand(out, error);
    case CommandTarget::Playground: return playgroundCommand(out, error);
    default: return pathCommandForWindow(out, error);
  }
}

bool SessionManager::copyCommandToClipboard(QString* error) {
  CliCommand c;
  if (!command(CommandTarget::Current, c, error)) return false;
  const QString text = c.shellText() + QStringLiteral("\n# Equivalent JSON config (lambdascope-cli replay FILE.json):\n") +
                       QString::fromUtf8(QJsonDocument(c.toJson()).toJson(QJsonDocument::Indented));
  QApplication::clipboard()->setText(text);
  window_->statusBar()->showMessage(tr("Copied the lambdascope-cli %1 command to the clipboard").arg(c.name), 8000);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Export

bool SessionManager::exportCoefficientsAtCursor(const QString& path, QString* error) const {
  PathModel* model = window_->pathModel();
  const int k = window_->cursorIndex();
  if (k < 0 || k >= model->pointCount()) {
    if (error) *error = tr("Select a λ first: run the path and place the cursor.");
    return false;
  }
  const PathPoint& pt = model->points()[static_cast<std::size_t>(k)];
  const auto& names = model->featureNames();
  const Index T = pt.tasks;
  std::vector<std::string> targets = model->dataset() ? model->dataset()->targetNames() : std::vector<std::string>{};
  if (static_cast<Index>(targets.size()) != T) {
    targets.clear();
    for (Index t = 0; t < T; ++t) targets.push_back("target" + std::to_string(t + 1));
  }
  // Dense p × T values (zero outside the support).
  std::vector<double> dense(names.size() * static_cast<std::size_t>(T), 0.0);
  for (std::size_t s = 0; s < pt.support.size(); ++s)
    for (Index t = 0; t < T; ++t)
      dense[static_cast<std::size_t>(pt.support[s]) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] =
          pt.values[s * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)];
  std::ostringstream out;
  const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
  if (json) {
    JsonWriter j(out);
    j.beginObject();
    j.key("lambda").value(pt.lambda);
    j.key("index").value(static_cast<long long>(k));
    j.key("model").value(model->spec().model);
    if (T > 1) {
      j.key("targets").array(targets);
      j.key("intercept").array(pt.intercepts);
    } else {
      j.key("intercept").value(pt.intercept);
    }
    j.key("features").array(names);
    j.key("coef").beginArray();
    for (std::size_t f = 0; f < names.size(); ++f) {
      if (T > 1) j.array(std::vector<double>(dense.begin() + static_cast<std::ptrdiff_t>(f * static_cast<std::size_t>(T)),
                                             dense.begin() + static_cast<std::ptrdiff_t>((f + 1) * static_cast<std::size_t>(T))));
      else j.value(dense[f]);
    }
    j.endArray();
    std::vector<long long> support(pt.support.begin(), pt.support.end());
    j.key("support").array(support);
    j.key("objective").value(pt.objective);
    j.key("stop_criterion").value(pt.criterion);
    j.key("criterion_value").value(pt.dualityGap);
    j.key("threshold").value(pt.gapThreshold);
    j.key("certified").value(pt.dualityGap <= pt.gapThreshold && pt.certified());
    j.key("version").value(kVersion);
    j.endObject();
  } else {
    out << "feature";
    for (const auto& t : targets) out << ',' << (T > 1 ? JsonWriter::escape(t) : std::string("coefficient"));
    out << '\n' << "(intercept)";
    for (Index t = 0; t < T; ++t)
      out << ',' << JsonWriter::number(T > 1 ? pt.intercepts[static_cast<std::size_t>(t)] : pt.intercept);
    out << '\n';
    for (std::size_t f = 0; f < names.size(); ++f) {
      out << JsonWriter::escape(names[f]);
      for (Index t = 0; t < T; ++t) out << ',' << JsonWriter::number(dense[f * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)]);
      out << '\n';
    }
  }
  QSaveFile file(path);
  const std::string text = out.str();
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
      !file.commit()) {
    if (error) *error = tr("%1: could not write the file").arg(path);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Menus

void SessionManager::populateFileMenu(QMenu* file) {
  openAction_ = file->addAction(tr("Open &Session…"), this, &SessionManager::onOpenTriggered);
  openAction_->setObjectName(QStringLiteral("actionOpenSession"));
  openAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  openAction_->setToolTip(tr("Open a saved session (*.lambdascope.json); File ▸ Open also accepts them (Ctrl+Shift+O)"));
  saveAction_ = file->addAction(tr("&Save Session"), this, &SessionManager::onSaveTriggered);
  saveAction_->setObjectName(QStringLiteral("actionSaveSession"));
  saveAction_->setShortcut(QKeySequence::Save);
  saveAction_->setToolTip(tr("Save dataset reference, settings, results and views (Ctrl+S)"));
  saveAsAction_ = file->addAction(tr("Save Session &As…"), this, &SessionManager::onSaveAsTriggered);
  saveAsAction_->setObjectName(QStringLiteral("actionSaveSessionAs"));
  saveAsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  QMenu* exportMenu = file->addMenu(tr("E&xport Coefficients at Selected λ"));
  exportCoefCsvAction_ = exportMenu->addAction(tr("As &CSV…"), this, [this] { onExportCoefficientsTriggered(false); });
  exportCoefCsvAction_->setObjectName(QStringLiteral("actionExportCoefficientsCsv"));
  exportCoefJsonAction_ = exportMenu->addAction(tr("As &JSON…"), this, [this] { onExportCoefficientsTriggered(true); });
  exportCoefJsonAction_->setObjectName(QStringLiteral("actionExportCoefficientsJson"));
}

void SessionManager::populateEditMenu(QMenu* edit) {
  copyCommandAction_ = edit->addAction(tr("Copy as &Command"), this, [this] {
    QString error;
    if (!copyCommandToClipboard(&error)) Q_EMIT errorOccurred(tr("Copy as command"), error);
  });
  copyCommandAction_->setObjectName(QStringLiteral("actionCopyAsCommand"));
  copyCommandAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  copyCommandAction_->setToolTip(tr("The lambdascope-cli command (and JSON config) reproducing the visible result, "
                                    "with its certificate (Ctrl+Shift+C)"));
}

void SessionManager::populateExportPlotMenu(QMenu* menu) {
  using Getter = std::function<PlotWidget*()>;
  const auto add = [this, menu](const QString& text, const QString& name, Getter plot) {
    QAction* a = menu->addAction(text, this, [this, plot] {
      if (PlotWidget* p = plot()) Q_EMIT exportPlotRequested(p);
      else Q_EMIT errorOccurred(tr("Export plot"), tr("Open the playground first (View ▸ Optimization Playground)."));
    });
    a->setObjectName(name);
  };
  SelectionView* sel = window_->selectionView();
  l0::L0View* l0v = window_->kSparseView();
  menu->addSeparator();
  add(tr("Choose λ: &Validation Curve…"), QStringLiteral("actionExportValidationPlot"), [sel] { return sel->validationPlot(); });
  add(tr("Choose λ: Search vs &Baselines…"), QStringLiteral("actionExportComparisonPlot"), [sel] { return sel->comparisonPlot(); });
  add(tr("Choose λ: (λ, ρ) &Map…"), QStringLiteral("actionExportMapPlot"), [sel] { return sel->mapPlot(); });
  add(tr("Choose λ: Per-feature λ…"), QStringLiteral("actionExportBarsPlot"), [sel] { return sel->barsPlot(); });
  menu->addSeparator();
  add(tr("k-sparse: &k-path…"), QStringLiteral("actionExportKPathPlot"), [l0v] { return l0v->kPathPlot(); });
  add(tr("k-sparse: Support &Grid…"), QStringLiteral("actionExportSupportGridPlot"), [l0v] { return l0v->supportPlot(); });
  add(tr("k-sparse: &Hold-out Loss…"), QStringLiteral("actionExportHoldoutPlot"), [l0v] { return l0v->holdoutPlot(); });
  add(tr("k-sparse: Branch and Bo&und…"), QStringLiteral("actionExportBnbPlot"), [l0v] { return l0v->bnbPlot(); });
  menu->addSeparator();
  add(tr("Playground: Level &Sets…"), QStringLiteral("actionExportLevelSetPlot"), [this]() -> PlotWidget* {
    auto* pg = window_->playgroundIfOpen();
    return pg ? pg->levelSetPlot() : nullptr;
  });
  add(tr("Playground: &Convergence Rates…"), QStringLiteral("actionExportRatePlot"), [this]() -> PlotWidget* {
    auto* pg = window_->playgroundIfOpen();
    return pg ? pg->ratePlot() : nullptr;
  });
}

void SessionManager::onSaveTriggered() {
  if (sessionPath_.isEmpty()) {
    onSaveAsTriggered();
    return;
  }
  QString error;
  if (saveSession(sessionPath_, &error)) window_->statusBar()->showMessage(tr("Saved %1").arg(sessionPath_), 8000);
  else Q_EMIT errorOccurred(tr("Could not save the session"), error);
}

void SessionManager::onSaveAsTriggered() {
  const QString stem = QFileInfo(window_->datasetName().section(QLatin1Char(' '), 0, 0)).completeBaseName();
  const QString start = sessionPath_.isEmpty()
                            ? QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath((stem.isEmpty() ? QStringLiteral("session") : stem) + kSessionSuffix)
                            : sessionPath_;
  QString path = QFileDialog::getSaveFileName(window_, tr("Save session"), start,
                                              tr("Lambdascope sessions (*.lambdascope.json)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) path += kSessionSuffix;
  QString error;
  if (saveSession(path, &error)) window_->statusBar()->showMessage(tr("Saved %1").arg(path), 8000);
  else Q_EMIT errorOccurred(tr("Could not save the session"), error);
}

void SessionManager::onOpenTriggered() {
  const QString path = QFileDialog::getOpenFileName(window_, tr("Open session"), QFileInfo(sessionPath_).absolutePath(),
                                                    tr("Lambdascope sessions (*.lambdascope.json *.json);;All files (*)"));
  if (path.isEmpty()) return;
  QString error;
  if (!openSession(path, &error)) Q_EMIT errorOccurred(tr("Could not open the session"), error);
}

void SessionManager::onExportCoefficientsTriggered(bool json) {
  const QString stem = QFileInfo(window_->datasetName().section(QLatin1Char(' '), 0, 0)).completeBaseName();
  const QString path = QFileDialog::getSaveFileName(
      window_, json ? tr("Export coefficients as JSON") : tr("Export coefficients as CSV"),
      QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
          .filePath(stem + QStringLiteral("-coefficients") + (json ? QStringLiteral(".json") : QStringLiteral(".csv"))),
      json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  QString error;
  if (exportCoefficientsAtCursor(path, &error)) window_->statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
  else Q_EMIT errorOccurred(tr("Export failed"), error);
}

}  // namespace lambdascope::ui
