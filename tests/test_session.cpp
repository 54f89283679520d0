// Sessions (offscreen): SHA-256 against known vectors and sha256sum; the file format (round trip,
// corrupt, foreign, newer); save → open in a fresh window restores results without recomputing;
// dataset missing / changed; autosave + crash recovery for real (the GUI killed with SIGKILL), one
// recovery file per running instance; coefficient export. Arguments: the lambdascope GUI and lambdascope-cli executables.

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLockFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>
#include <random>

#include "core/io/content_hash.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"
#include "ui/job_controller.hpp"
#include "ui/main_window.hpp"
#include "ui/model_panel.hpp"
#include "ui/path_model.hpp"
#include "ui/l0/k_path_plot.hpp"
#include "ui/l0/l0_controller.hpp"
#include "ui/l0/l0_model.hpp"
#include "ui/l0/l0_view.hpp"
#include "ui/playground/playground_window.hpp"
#include "ui/plots/path_plot.hpp"
#include "ui/selection/selection_view.hpp"
#include "ui/session/session_format.hpp"
#include "ui/session/session_manager.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {

QString gGui;
QString gCli;
constexpr int kTimeoutMs = 60000;

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  QCOMPARE(f.write(bytes), bytes.size());
}

std::unique_ptr<MainWindow> newWindow() {
  auto w = std::make_unique<MainWindow>();
  w->setInteractive(false);
  w->resize(1200, 800);
  w->show();
  return w;
}

/// Load `path` (or the bundled data) and wait for it.
bool load(MainWindow& w, const QString& path = {}) {
  QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
  if (path.isEmpty()) w.openBundledDataset();
  else w.openFile(path);
  return loaded.wait(kTimeoutMs);
}

/// Remove every recovery file and lock, so a GUI started by a test finds nothing to offer.
void clearRecoveryDirectory() {
  QDir dir(SessionManager::recoveryDirectory());
  const QString ownLock = SessionManager::recoveryLockPath(SessionManager::recoveryFilePath());
  for (const QString& f : dir.entryList({QStringLiteral("*.lambdascope.json"), QStringLiteral("*.lock")}, QDir::Files))
    if (dir.filePath(f) != ownLock) QFile::remove(dir.filePath(f));
}

/// Wait until `done()` or the timeout.
template <class F>
bool waitFor(F done, int ms = kTimeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!done()) {
    if (clock.elapsed() > ms) return false;
    QTest::qWait(100);
  }
  return true;
}

bool runPath(MainWindow& w) {
  QSignalSpy finished(&w, &MainWindow::pathFinished);
  if (w.runPath() == 0) return false;
  return finished.wait(kTimeoutMs) && !finished.front().front().toBool();
}

/// Same points: λ, support, coefficients and certificate numbers, bit for bit.
void comparePaths(const std::vector<PathPoint>& a, const std::vector<PathPoint>& b) {
  QCOMPARE(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    QCOMPARE(a[k].lambda, b[k].lambda);
    QCOMPARE(a[k].support, b[k].support);
    QCOMPARE(a[k].values, b[k].values);
    QCOMPARE(a[k].intercept, b[k].intercept);
    QCOMPARE(a[k].objective, b[k].objective);
    QCOMPARE(a[k].dualityGap, b[k].dualityGap);
    QCOMPARE(a[k].termination, b[k].termination);
  }
}

}  // namespace

class TestSession : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void sha256KnownVectors();
  void sha256MatchesSha256sum();
  void formatRoundTrip();
  void corruptForeignAndNewerFilesAreRefused_data();
  void corruptForeignAndNewerFilesAreRefused();
  void saveAndRestoreWithoutRecomputing();
  void badSessionLeavesWindowUntouched();
  void viewsRestoreWithoutRerunning();
  void kSparseResultsRestoreWithoutRerunning();
  void missingAndChangedDataset();
  void autosaveAndCleanExit();
  void crashRecoveryAfterKill();
  void orphansAreFilesNoLiveInstanceHolds();
  void twoInstancesKeepTheirOwnRecovery();
  void exportCoefficientsAtCursor();

 private:
  QTemporaryDir tmp_;
};

void TestSession::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("Lambdascope"));
  QCoreApplication::setApplicationName(QStringLiteral("LambdascopeSessionTest"));
  QSettings().clear();
  QVERIFY(tmp_.isValid());
  tmp_.setAutoRemove(qEnvironmentVariableIsEmpty("LAMBDASCOPE_KEEP_TEST_FILES"));
  // Every recovery file of this test goes here, never into the user's data directory.
  qputenv("LAMBDASCOPE_RECOVERY_DIR", QFile::encodeName(tmp_.filePath(QStringLiteral("recovery"))));
}

void TestSession::sha256KnownVectors() {
  // FIPS 180-2 appendix B examples.
  QCOMPARE(contentHash(""), std::string("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  QCOMPARE(contentHash("abc"), std::string("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  QCOMPARE(contentHash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
           std::string("sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  const std::string million(1000000, 'a');
  QCOMPARE(contentHash(million), std::string("sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  // Any chunking gives the same digest (buffer boundaries at 55, 56, 64 bytes).
  std::mt19937 rng(7);
  std::string bytes(5000, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{55}, std::size_t{56}, std::size_t{63},
                              std::size_t{64}, std::size_t{65}, std::size_t{119}, std::size_t{4999}}) {
    const std::string whole = contentHash(std::string_view(bytes).substr(0, n));
    Sha256 pieces;
    std::size_t at = 0;
    while (at < n) {
      const std::size_t take = std::min<std::size_t>(n - at, 1 + rng() % 70);
      pieces.update(std::string_view(bytes).substr(at, take));
      at += take;
    }
    QCOMPARE("sha256:" + pieces.hexDigest(), whole);
  }
}

void TestSession::sha256MatchesSha256sum() {
  const QString file = test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"));
  QProcess p;
  p.start(QStringLiteral("sha256sum"), {file});
  if (!p.waitForStarted()) QSKIP("sha256sum is not available");
  QVERIFY(p.waitForFinished());
  const QString expected = QString::fromLatin1(p.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0);
  QCOMPARE(QString::fromStdString(fileContentHash(file.toStdString())), QStringLiteral("sha256:") + expected);
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, fileContentHash(tmp_.filePath(QStringLiteral("absent.csv")).toStdString()));
}

void TestSession::formatRoundTrip() {
  SessionDocument doc;
  doc.appVersion = QStringLiteral("0.1.0");
  DatasetReference ref;
  ref.path = QStringLiteral("/data/x y.csv");
  ref.hash = QStringLiteral("sha256:00");
  ref.targets = {QStringLiteral("a"), QStringLiteral("b")};
  doc.dataset = ref;
  doc.model.model = QStringLiteral("enet");
  doc.model.l1Ratio = 0.25;
  doc.model.useExplicitLambdas = true;
  doc.model.explicitLambdas = QStringLiteral("1, 0.1");
  doc.hasModel = true;
  PathResult r;
  r.lambdas = {2.0, 1.0, 0.5};
  r.lambdaMax = 2.0;
  r.nullObjective = 10.0;
  PathPoint p;
  p.lambda = 1.0;
  p.support = {1, 4};
  p.values = {0.1 + 0.2, -1.0 / 3.0};  // values whose shortest text matters
  p.objective = 3.25;
  p.dualityGap = 1e-9;
  p.gapThreshold = 1e-5;
  r.points = {p};
  doc.path = r;
  doc.pathState = QStringLiteral("cancelled");
  doc.cursor = 0;
  doc.currentTab = QStringLiteral("support");
  doc.plots.emplace_back(QStringLiteral("path"), PlotView{-3.0, 1.0, -2.0, 5.0, false, false});
  doc.views[QStringLiteral("k_sparse")] = QJsonObject{{QStringLiteral("k"), 3}};
  // The path document as the CLI writes it (one point, no coefficient text of our own).
  QJsonObject pathJson{{QStringLiteral("model"), QStringLiteral("enet")},
                       {QStringLiteral("lambda_max"), 2.0},
                       {QStringLiteral("null_objective"), 10.0},
                       {QStringLiteral("path"),
                        QJsonArray{QJsonObject{{QStringLiteral("lambda"), 1.0},
                                               {QStringLiteral("intercept"), 0.0},
                                               {QStringLiteral("coef"), QJsonObject{{QStringLiteral("index"), QJsonArray{1, 4}},
                                                                                    {QStringLiteral("value"), QJsonArray{0.1 + 0.2, -1.0 / 3.0}}}},
                                               {QStringLiteral("objective"), 3.25},
                                               {QStringLiteral("stop_criterion"), QStringLiteral("duality_gap")},
                                               {QStringLiteral("duality_gap"), 1e-9},
                                               {QStringLiteral("gap_threshold"), 1e-5},
                                               {QStringLiteral("termination"), QStringLiteral("converged")}}}}};
  const QString file = tmp_.filePath(QStringLiteral("round.lambdascope.json"));
  QString error;
  QVERIFY2(writeSessionJson(file, sessionToJson(doc, pathJson), &error), qPrintable(error));
  SessionDocument back;
  QVERIFY2(readSessionFile(file, back, &error), qPrintable(error));
  QCOMPARE(back.version, kSessionVersion);
  QVERIFY(back.dataset.has_value());
  QCOMPARE(back.dataset->path, ref.path);
  QCOMPARE(back.dataset->targets, ref.targets);
  QCOMPARE(back.model.model, QStringLiteral("enet"));
  QCOMPARE(back.model.l1Ratio, 0.25);
  QCOMPARE(back.model.explicitLambdas, doc.model.explicitLambdas);
  QVERIFY(back.path.has_value());
  QCOMPARE(back.path->lambdas, r.lambdas);
  QCOMPARE(back.path->points.size(), std::size_t{1});
  QCOMPARE(back.path->points[0].support, p.support);
  QCOMPARE(back.path->points[0].values, p.values);  // exact: shortest round-trip text
  QCOMPARE(back.pathState, QStringLiteral("cancelled"));
  QCOMPARE(back.currentTab, QStringLiteral("support"));
  QCOMPARE(back.plots.size(), std::size_t{1});
  QCOMPARE(back.plots[0].second.yUpper, 5.0);
  QCOMPARE(back.views.value(QStringLiteral("k_sparse")).toObject().value(QStringLiteral("k")).toInt(), 3);
  QVERIFY(looksLikeSessionFile(file));
  QVERIFY(!looksLikeSessionFile(test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"))));
}

void TestSession::corruptForeignAndNewerFilesAreRefused_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("expected");
  QTest::newRow("truncated") << QByteArray("{\"format\": \"lambdascope-session\",\n \"version\": 1,\n \"path\": {\"pa")
                             << QStringLiteral("corrupt session file, not valid JSON (line 3");
  QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
  QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << QStringLiteral("not valid JSON");
  QTest::newRow("array") << QByteArray("[1, 2]") << QStringLiteral("top level is not a JSON object");
  QTest::newRow("foreign") << QByteArray("{\"format\": \"lambdascope-playground\", \"version\": 1}")
                           << QStringLiteral("\"format\" is \"lambdascope-playground\"");
  QTest::newRow("no format") << QByteArray("{\"version\": 1}") << QStringLiteral("no \"format\" key");
  QTest::newRow("newer") << QByteArray("{\"format\": \"lambdascope-session\", \"version\": 7, \"app_version\": \"9.0\"}")
                         << QStringLiteral("session version 7 was written by a newer Lambdascope (9.0)");
  QTest::newRow("bad version") << QByteArray("{\"format\": \"lambdascope-session\", \"version\": \"one\"}")
                               << QStringLiteral("\"version\" must be a positive integer");
  QTest::newRow("bad section") << QByteArray("{\"format\": \"lambdascope-session\", \"version\": 1, \"model\": 3}")
                               << QStringLiteral("\"model\" must be an object");
  QTest::newRow("bad path") << QByteArray("{\"format\": \"lambdascope-session\", \"version\": 1, \"path\": {\"path\": "
                                          "[{\"lambda\": 1, \"coef\": {\"index\": [3, 1], \"value\": [1, 2]}}]}}")
                            << QStringLiteral("coef.index must be increasing");
}

void TestSession::corruptForeignAndNewerFilesAreRefused() {
  QFETCH(QByteArray, content);
  QFETCH(QString, expected);
  const QString file = tmp_.filePath(QStringLiteral("bad-%1.lambdascope.json").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
  writeAll(file, content);
  SessionDocument doc;
  QString error;
  QVERIFY(!readSessionFile(file, doc, &error));
  QVERIFY2(error.startsWith(file), qPrintable(error));  // names the file
  QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestSession::saveAndRestoreWithoutRecomputing() {
  auto w = newWindow();
  QVERIFY(load(*w));
  ModelSettings m = w->modelPanel()->settings();
  m.model = QStringLiteral("enet");
  m.l1Ratio = 0.7;
  m.nLambdas = 40;
  m.standardize = true;
  w->modelPanel()->setSettings(m);
  QVERIFY(runPath(*w));
  w->setCursorIndex(17);
  w->plotTabs()->setCurrentIndex(1);  // Support
  w->pathPlot()->yAxis->setRange(-5.0, 7.5);
  const QString file = tmp_.filePath(QStringLiteral("enet.lambdascope.json"));
  QString error;
  QVERIFY2(w->sessionManager()->saveSession(file, &error), qPrintable(error));
  const QJsonObject root = QJsonDocument::fromJson(readAll(file)).object();
  QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("lambdascope-session"));
  QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
  QVERIFY(root.value(QStringLiteral("dataset")).toObject().value(QStringLiteral("hash")).toString().startsWith(QLatin1String("sha256:")));
  QCOMPARE(root.value(QStringLiteral("path")).toObject().value(QStringLiteral("path")).toArray().size(), 40);
  QCOMPARE(root.value(QStringLiteral("commands")).toArray().size(), 1);

  auto w2 = newWindow();
  QSignalSpy started(w2->jobController(), &JobController::jobStarted);
  QVERIFY2(w2->sessionManager()->openSession(file, &error), qPrintable(error));
  QCOMPARE(w2->sessionManager()->datasetStatus(), SessionManager::DatasetStatus::Same);
  QVERIFY(w2->sessionManager()->warnings().isEmpty());
  QVERIFY(w2->hasDataset());
  QCOMPARE(w2->dataset()->samples(), Index{442});
  QCOMPARE(w2->modelPanel()->settings().model, QStringLiteral("enet"));
  QCOMPARE(w2->modelPanel()->settings().l1Ratio, 0.7);
  QVERIFY(w2->modelPanel()->settings().standardize);
  comparePaths(w2->pathModel()->points(), w->pathModel()->points());
  QCOMPARE(w2->pathModel()->lambdas(), w->pathModel()->lambdas());
  QCOMPARE(w2->pathModel()->lambdaMax(), w->pathModel()->lambdaMax());
  QCOMPARE(w2->pathModel()->state(), PathModel::State::Finished);
  QCOMPARE(w2->cursorIndex(), 17);
  QCOMPARE(w2->plotTabs()->currentIndex(), 1);
  QCOMPARE(w2->pathPlot()->yAxis->range().upper, 7.5);
  QTest::qWait(200);
  QCOMPARE(started.count(), 0);  // nothing was recomputed
  QVERIFY(!w2->isRunning());
  // The restored path exports like a computed one.
  QVERIFY(w2->exportPathJson(tmp_.filePath(QStringLiteral("restored-path.json")), &error));
  // File ▸ Open accepts the session too.
  auto w3 = newWindow();
  QSignalSpy restored(w3->sessionManager(), &SessionManager::sessionRestored);
  w3->openFile(file);
  QCOMPARE(restored.count(), 1);
  comparePaths(w3->pathModel()->points(), w->pathModel()->points());
}

void TestSession::viewsRestoreWithoutRerunning() {
  auto w = newWindow();
  QVERIFY(load(*w));
  ModelSettings m = w->modelPanel()->settings();
  m.model = QStringLiteral("lasso");
  m.nLambdas = 30;
  w->modelPanel()->setSettings(m);
  SelectionView* sel = w->selectionView();
  sel->modeCombo()->setCurrentIndex(0);
  sel->foldsSpin()->setValue(4);
  sel->seedSpin()->setValue(3);
  QSignalSpy done(sel, &SelectionView::runFinished);
  QVERIFY(sel->runCv() != 0);
  QVERIFY(done.wait(kTimeoutMs));
  QVERIFY(sel->lastCv() != nullptr);
  w->kSparseView()->setRidge(0.125);
  w->kSparseView()->setK(4);
  auto* pg = w->openPlayground();
  QString error;
  QVERIFY2(pg->loadPresetFile(ui::playground::PlaygroundWindow::shippedPresets().last(), &error), qPrintable(error));
  pg->recompute();
  const QString file = tmp_.filePath(QStringLiteral("views.lambdascope.json"));
  QVERIFY(w->sessionManager()->saveSession(file, &error));

  auto w2 = newWindow();
  QVERIFY2(w2->sessionManager()->openSession(file, &error), qPrintable(error));
  QVERIFY2(w2->sessionManager()->warnings().isEmpty(), qPrintable(w2->sessionManager()->warnings().join('\n')));
  SelectionView* sel2 = w2->selectionView();
  QVERIFY(!sel2->isRunning());  // shown, not rerun
  QVERIFY(sel2->lastCv() != nullptr);
  QCOMPARE(sel2->lastCv()->lambdas, sel->lastCv()->lambdas);
  QCOMPARE(sel2->lastCv()->mean, sel->lastCv()->mean);
  QCOMPARE(sel2->lastCv()->lambdaMin, sel->lastCv()->lambdaMin);
  QCOMPARE(sel2->lastCv()->foldLoss, sel->lastCv()->foldLoss);
  QCOMPARE(sel2->foldsSpin()->value(), 4);
  QCOMPARE(sel2->seedSpin()->value(), 3);
  QString why;
  QCOMPARE(w2->kSparseView()->settings(&why)->ridge, 0.125);
  QCOMPARE(w2->kSparseView()->k(), 4);
  auto* pg2 = w2->playgroundIfOpen();
  QVERIFY(pg2 != nullptr);
  QCOMPARE(pg2->runs().size(), pg->runs().size());
  QCOMPARE(pg2->runs().front().values, pg->runs().front().values);
  // The stored CV curve exports like a computed one.
  QVERIFY(sel2->exportResults(tmp_.filePath(QStringLiteral("cv.json")), &error));
  pg->close();
  pg2->close();
}

namespace {

/// Doubles equal to the last bit, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

void TestSession::kSparseResultsRestoreWithoutRerunning() {
  auto w = newWindow();
  QVERIFY(load(*w));
  ui::l0::L0View* v = w->kSparseView();
  v->setRidge(5e-4);
  v->setKMax(4);
  v->setBnbSecondsPerK(0.5);
  v->setHoldoutFraction(0.3);
  QSignalSpy pathDone(v, &ui::l0::L0View::kPathFinished);
  QVERIFY(v->runKPath() != 0);
  QVERIFY(pathDone.wait(kTimeoutMs * 2));
  v->setK(3);
  v->setTimeLimit(5.0);
  QSignalSpy bnbDone(v, &ui::l0::L0View::bnbFinished);
  QVERIFY(v->runBnb() != 0);
  QVERIFY(bnbDone.wait(kTimeoutMs * 2));
  const ui::l0::L0Model* m = v->model();
  QCOMPARE(m->points().size(), std::size_t{4});
  QVERIFY(m->bnbResult().has_value());
  QVERIFY(!m->trace().empty());
  QVERIFY(!m->convex().lasso.empty());
  // A hold-out loss per k: only the stored form can bring it back without the split.
  QVERIFY(std::isfinite(m->points().front().validationLoss));
  QString error;
  const QString file = tmp_.filePath(QStringLiteral("k-sparse.lambdascope.json"));
  QVERIFY2(w->sessionManager()->saveSession(file, &error), qPrintable(error));

  auto w2 = newWindow();
  ui::l0::L0View* v2 = w2->kSparseView();
  QSignalSpy running(v2->controller(), &ui::l0::L0Controller::runningChanged);
  QVERIFY2(w2->sessionManager()->openSession(file, &error), qPrintable(error));
  QVERIFY2(w2->sessionManager()->warnings().isEmpty(), qPrintable(w2->sessionManager()->warnings().join('\n')));
  QCOMPARE(running.count(), 0);  // shown, not recomputed
  QVERIFY(!v2->isRunning());
  const ui::l0::L0Model* m2 = v2->model();
  QCOMPARE(m2->points().size(), m->points().size());
  for (std::size_t i = 0; i < m->points().size(); ++i) {
    const auto& a = m->points()[i];
    const auto& b = m2->points()[i];
    QCOMPARE(b.k, a.k);
    QCOMPARE(b.support, a.support);
    QCOMPARE(b.values, a.values);
    QVERIFY(same(b.intercept, a.intercept) && same(b.objective, a.objective) && same(b.lowerBound, a.lowerBound));
    QVERIFY(same(b.rootBound, a.rootBound) && same(b.gap, a.gap) && same(b.validationLoss, a.validationLoss));
    QVERIFY(same(b.trainLoss, a.trainLoss));
    QCOMPARE(b.certified, a.certified);
    QCOMPARE(b.nodes, a.nodes);
    QCOMPARE(b.status, a.status);
    QVERIFY(same(m2->jaccardAt(static_cast<int>(a.k), 0), m->jaccardAt(static_cast<int>(a.k), 0)));
    QVERIFY(same(m2->jaccardAt(static_cast<int>(a.k), 1), m->jaccardAt(static_cast<int>(a.k), 1)));
  }
  QCOMPARE(m2->convex().lassoName, m->convex().lassoName);
  QCOMPARE(m2->convex().lasso.size(), m->convex().lasso.size());
  QCOMPARE(m2->bnbK(), 3);
  QVERIFY(m2->bnbResult().has_value());
  const auto& r = *m->bnbResult();
  const auto& r2 = *m2->bnbResult();
  QCOMPARE(r2.solution.support, r.solution.support);
  QVERIFY(r2.coef == r.coef);
  QVERIFY(r2.solution.theta == r.solution.theta);
  QVERIFY(same(r2.objective, r.objective) && same(r2.lowerBound, r.lowerBound) && same(r2.gap, r.gap));
  QCOMPARE(r2.status, r.status);
  QCOMPARE(r2.nodes, r.nodes);
  QCOMPARE(r2.trace.size(), r.trace.size());
  QCOMPARE(m2->trace().size(), m->trace().size());
  for (std::size_t i = 0; i < m->trace().size(); ++i) {
    QVERIFY(same(m2->trace()[i].incumbent, m->trace()[i].incumbent));
    QVERIFY(same(m2->trace()[i].lowerBound, m->trace()[i].lowerBound));
    QCOMPARE(m2->trace()[i].nodes, m->trace()[i].nodes);
  }
  // What the tab shows: the same k, certificate text and plotted k-path.
  QCOMPARE(v2->k(), 3);
  QCOMPARE(v2->certificateLabel()->text(), v->certificateLabel()->text());
  v->flushPlots();
  v2->flushPlots();
  QCOMPARE(v2->kPathPlot()->objectiveGraph()->dataCount(), v->kPathPlot()->objectiveGraph()->dataCount());

  // A damaged result block is reported, and the tab keeps what it had.
  QJsonObject doc = QJsonDocument::fromJson(readAll(file)).object();
  QJsonObject views = doc.value(QStringLiteral("views")).toObject();
  QJsonObject ks = views.value(QStringLiteral("k_sparse")).toObject();
  QJsonObject results = ks.value(QStringLiteral("results")).toObject();
  QJsonArray path = results.value(QStringLiteral("k_path")).toArray();
  QJsonObject first = path.at(0).toObject();
  first[QStringLiteral("support")] = QJsonArray{1000};  // beyond p = 10
  path[0] = first;
  results[QStringLiteral("k_path")] = path;
  ks[QStringLiteral("results")] = results;
  views[QStringLiteral("k_sparse")] = ks;
  doc[QStringLiteral("views")] = views;
  const QString damaged = tmp_.filePath(QStringLiteral("k-sparse-damaged.lambdascope.json"));
  writeAll(damaged, QJsonDocument(doc).toJson());
  auto w3 = newWindow();
  QVERIFY(w3->sessionManager()->openSession(damaged, &error));
  QCOMPARE(w3->sessionManager()->warnings().size(), 1);
  QVERIFY(w3->sessionManager()->warnings().front().contains(QStringLiteral("k_sparse")));
  QVERIFY(w3->kSparseView()->model()->points().empty());
}

void TestSession::badSessionLeavesWindowUntouched() {
  auto w = newWindow();
  QVERIFY(load(*w));
  QVERIFY(runPath(*w));
  w->setCursorIndex(5);
  const std::vector<PathPoint> before = w->pathModel()->points();
  const QString file = tmp_.filePath(QStringLiteral("newer.lambdascope.json"));
  writeAll(file, "{\"format\": \"lambdascope-session\", \"version\": 2, \"dataset\": {\"path\": \"/nowhere.csv\"}}");
  QSignalSpy errors(w.get(), &MainWindow::errorOccurred);
  w->openFile(file);  // the menu path: the error is reported, nothing changes
  QCOMPARE(errors.count(), 1);
  const QString message = errors.front().front().toString();
  QVERIFY2(message.contains(file) && message.contains(QStringLiteral("newer")), qPrintable(message));
  comparePaths(w->pathModel()->points(), before);
  QCOMPARE(w->cursorIndex(), 5);
  QCOMPARE(w->datasetName(), MainWindow::kBundledDatasetName);
}

void TestSession::missingAndChangedDataset() {
  const QString data = tmp_.filePath(QStringLiteral("copy.csv"));
  QVERIFY(QFile::copy(test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")), data));
  auto w = newWindow();
  QVERIFY(load(*w, data));
  ModelSettings m = w->modelPanel()->settings();
  m.model = QStringLiteral("lasso");
  m.nLambdas = 20;
  m.standardize = false;
  w->modelPanel()->setSettings(m);
  QVERIFY(runPath(*w));
  const QString file = tmp_.filePath(QStringLiteral("copy.lambdascope.json"));
  QString error;
  QVERIFY(w->sessionManager()->saveSession(file, &error));

  // Changed: one more row. The new data loads; the stored results are still shown, marked.
  QByteArray bytes = readAll(data);
  const qsizetype firstRow = bytes.indexOf('\n') + 1;
  bytes += bytes.mid(firstRow, bytes.indexOf('\n', firstRow) + 1 - firstRow);
  writeAll(data, bytes);
  auto changed = newWindow();
  QSignalSpy errors(changed.get(), &MainWindow::errorOccurred);
  QVERIFY2(changed->sessionManager()->openSession(file, &error), qPrintable(error));
  QCOMPARE(changed->sessionManager()->datasetStatus(), SessionManager::DatasetStatus::Changed);
  QCOMPARE(errors.count(), 1);
  QVERIFY2(errors.front().front().toString().contains(QStringLiteral("Dataset changed")), qPrintable(errors.front().front().toString()));
  QVERIFY(changed->windowTitle().contains(QStringLiteral("dataset changed")));
  QCOMPARE(changed->dataset()->samples(), Index{443});
  comparePaths(changed->pathModel()->points(), w->pathModel()->points());

  // Missing: the results are shown for viewing, the window has no data to compute with.
  QVERIFY(QFile::remove(data));
  auto missing = newWindow();
  QVERIFY2(missing->sessionManager()->openSession(file, &error), qPrintable(error));
  QCOMPARE(missing->sessionManager()->datasetStatus(), SessionManager::DatasetStatus::Missing);
  QVERIFY(missing->sessionManager()->warnings().front().contains(data));
  QVERIFY(missing->windowTitle().contains(QStringLiteral("dataset missing")));
  QVERIFY(!missing->hasDataset());
  comparePaths(missing->pathModel()->points(), w->pathModel()->points());
  QCOMPARE(missing->pathModel()->featureNames(), w->pathModel()->featureNames());
}

void TestSession::autosaveAndCleanExit() {
  auto w = newWindow();
  SessionManager* s = w->sessionManager();
  QFile::remove(SessionManager::recoveryFilePath());
  QVERIFY(SessionManager::recoveryFilePath().startsWith(tmp_.path()));
  s->startAutosave(1);  // every second
  QVERIFY(load(*w));
  QSignalSpy saved(s, &SessionManager::autosaved);
  QVERIFY(saved.wait(5000));  // the timer
  QVERIFY(SessionManager::hasRecoveryFile());
  saved.clear();
  s->setAutosaveInterval(0);  // only after jobs now
  QVERIFY(runPath(*w));
  QCOMPARE(saved.count(), 1);  // right after the job
  SessionDocument doc;
  QString error;
  QVERIFY(readSessionFile(SessionManager::recoveryFilePath(), doc, &error));
  QVERIFY(doc.path.has_value());
  QCOMPARE(doc.path->points.size(), w->pathModel()->points().size());
  w->close();  // a clean exit removes it
  QVERIFY(!SessionManager::hasRecoveryFile());
}

void TestSession::crashRecoveryAfterKill() {
  if (gGui.isEmpty()) QSKIP("the GUI executable was not given");
  clearRecoveryDirectory();
  QProcess gui;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  env.insert(QStringLiteral("LAMBDASCOPE_RECOVERY_DIR"), SessionManager::recoveryDirectory());
  env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp_.filePath(QStringLiteral("config")));
  env.insert(QStringLiteral("XDG_DATA_HOME"), tmp_.filePath(QStringLiteral("data")));
  gui.setProcessEnvironment(env);
  gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  // The bundled data, a full path; the autosave after the job is what the crash must not lose.
  gui.start(gGui, {QStringLiteral("--run"), QStringLiteral("--autosave-seconds"), QStringLiteral("1")});
  QVERIFY(gui.waitForStarted());
  // Each instance autosaves to its own file.
  const QString recovery = SessionManager::recoveryFilePathFor(gui.processId());
  QElapsedTimer clock;
  clock.start();
  SessionDocument autosaved;
  bool finished = false;
  while (clock.elapsed() < kTimeoutMs && gui.state() == QProcess::Running) {
    QTest::qWait(100);
    QString error;
    // Written with QSaveFile: whenever it exists, it is complete.
    if (QFileInfo::exists(recovery) && readSessionFile(recovery, autosaved, &error) && autosaved.path &&
        autosaved.pathState == QLatin1String("finished")) {
      finished = true;
      break;
    }
  }
  QVERIFY2(finished, "the GUI never autosaved a finished path");
  gui.kill();  // SIGKILL: no clean exit, no chance to remove the file
  QVERIFY(gui.waitForFinished(5000));
  QCOMPARE(gui.exitStatus(), QProcess::CrashExit);
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{recovery});

  // Start again: the recovery is offered (restored without asking here) and nothing recomputes.
  auto w = newWindow();
  QSignalSpy started(w->jobController(), &JobController::jobStarted);
  QVERIFY(w->sessionManager()->offerRecovery(true));
  QVERIFY(SessionManager::orphanedRecoveryFiles().isEmpty());  // claimed by w
  QCOMPARE(started.count(), 0);
  QVERIFY(w->hasDataset());
  QCOMPARE(w->sessionManager()->datasetStatus(), SessionManager::DatasetStatus::Same);
  comparePaths(w->pathModel()->points(), autosaved.path->points);
  QCOMPARE(w->pathModel()->pointCount(), 100);

  // And the killed run's path is the right one: the same model solved here, independently.
  NullObserver none;
  const PathResult fresh = computePath(*w->dataset(), w->pathModel()->spec(), PathOptions{}, none);
  QCOMPARE(fresh.points.size(), autosaved.path->points.size());
  for (std::size_t k = 0; k < fresh.points.size(); ++k) {
    QCOMPARE(fresh.points[k].support, autosaved.path->points[k].support);
    for (std::size_t i = 0; i < fresh.points[k].values.size(); ++i)
      QVERIFY(std::abs(fresh.points[k].values[i] - autosaved.path->points[k].values[i]) <=
              1e-12 * (1.0 + std::abs(fresh.points[k].values[i])));
  }

  // w never autosaved: closing it releases the claim and the file is an orphan again.
  w.reset();
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{recovery});

  // The GUI binary restores it too (--recover): it claims the file while it runs.
  QProcess again;
  again.setProcessEnvironment(env);
  again.start(gGui, {QStringLiteral("--recover"), QStringLiteral("--autosave-seconds"), QStringLiteral("0")});
  QVERIFY(again.waitForStarted());
  QVERIFY(waitFor([] { return SessionManager::orphanedRecoveryFiles().isEmpty(); }));
  QVERIFY(again.state() == QProcess::Running);
  again.terminate();  // SIGTERM: Qt does not catch it, so the file stays (as after a crash)
  again.waitForFinished(5000);
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{recovery});
}

void TestSession::orphansAreFilesNoLiveInstanceHolds() {
  clearRecoveryDirectory();
  const QDir dir(SessionManager::recoveryDirectory());
  QVERIFY(QDir().mkpath(dir.path()));
  auto w = newWindow();
  QVERIFY(load(*w));
  QString error;
  // A dead instance (no lock), an older legacy single file, and a live one (its lock held).
  const QString dead = SessionManager::recoveryFilePathFor(999999999);
  const QString legacy = dir.filePath(QStringLiteral("recovery.lambdascope.json"));
  const QString live = SessionManager::recoveryFilePathFor(999999998);
  for (const QString& f : {dead, legacy, live}) QVERIFY2(w->sessionManager()->saveSession(f, &error), qPrintable(error));
  {
    QFile old(legacy);
    QVERIFY(old.open(QIODevice::ReadWrite));
    QVERIFY(old.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
  }
  QLockFile liveLock(SessionManager::recoveryLockPath(live));
  QVERIFY(liveLock.tryLock(0));
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), (QStringList{dead, legacy}));  // newest first

  // Our own autosave is never an orphan of ours, and does not touch the others.
  QVERIFY2(w->sessionManager()->autosaveNow(&error), qPrintable(error));
  QVERIFY(SessionManager::hasRecoveryFile());
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), (QStringList{dead, legacy}));

  // Restoring the newest orphan claims it; our next autosave supersedes it and removes it.
  auto w2 = newWindow();
  QVERIFY(w2->sessionManager()->restoreRecovery(&error));
  QVERIFY(w2->hasDataset());
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{legacy});
  QVERIFY(QFileInfo::exists(dead));
  QVERIFY(w2->sessionManager()->autosaveNow(&error));
  QVERIFY(!QFileInfo::exists(dead));
  QVERIFY(QFileInfo::exists(live));  // a live instance's file is never touched
  liveLock.unlock();
  QCOMPARE(SessionManager::orphanedRecoveryFiles().size(), 2);  // its owner gone: legacy and live
  QFile::remove(SessionManager::recoveryFilePath());
  clearRecoveryDirectory();
}

void TestSession::twoInstancesKeepTheirOwnRecovery() {
  if (gGui.isEmpty()) QSKIP("the GUI executable was not given");
  clearRecoveryDirectory();
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  env.insert(QStringLiteral("LAMBDASCOPE_RECOVERY_DIR"), SessionManager::recoveryDirectory());
  env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp_.filePath(QStringLiteral("config")));
  env.insert(QStringLiteral("XDG_DATA_HOME"), tmp_.filePath(QStringLiteral("data")));
  // Two instances at once (the bundled data, autosaving every second): each writes its own file.
  QProcess a, b;
  for (QProcess* p : {&a, &b}) {
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->start(gGui, {QStringLiteral("--autosave-seconds"), QStringLiteral("1")});
    QVERIFY(p->waitForStarted());
  }
  const QString fileA = SessionManager::recoveryFilePathFor(a.processId());
  const QString fileB = SessionManager::recoveryFilePathFor(b.processId());
  QVERIFY(waitFor([&] { return QFileInfo::exists(fileA) && QFileInfo::exists(fileB); }));
  QVERIFY(SessionManager::orphanedRecoveryFiles().isEmpty());  // both alive: nothing to offer

  // A crashes: only its file is offered; B keeps autosaving to its own.
  a.kill();
  QVERIFY(a.waitForFinished(5000));
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{fileA});
  const QDateTime before = QFileInfo(fileB).lastModified();
  QVERIFY(waitFor([&] { return QFileInfo(fileB).lastModified() > before; }, 10000));
  QVERIFY(QFileInfo::exists(fileA));

  // A new window restores A's autosave, not B's.
  auto w = newWindow();
  QVERIFY(w->sessionManager()->offerRecovery(true));
  QCOMPARE(w->sessionManager()->sessionPath(), QString());  // Ctrl+S asks for a name
  QVERIFY(w->hasDataset());
  QVERIFY(SessionManager::orphanedRecoveryFiles().isEmpty());
  b.kill();
  QVERIFY(b.waitForFinished(5000));
  QCOMPARE(SessionManager::orphanedRecoveryFiles(), QStringList{fileB});
  w.reset();
  QCOMPARE(SessionManager::orphanedRecoveryFiles().size(), 2);
  clearRecoveryDirectory();
}

void TestSession::exportCoefficientsAtCursor() {
  auto w = newWindow();
  QVERIFY(load(*w));
  ModelSettings m = w->modelPanel()->settings();
  m.model = QStringLiteral("lasso");
  m.nLambdas = 30;
  m.standardize = false;
  w->modelPanel()->setSettings(m);
  QVERIFY(runPath(*w));
  w->setCursorIndex(12);
  const PathPoint& pt = w->pathModel()->points()[12];
  QString error;
  const QString json = tmp_.filePath(QStringLiteral("coef.json"));
  QVERIFY2(w->sessionManager()->exportCoefficientsAtCursor(json, &error), qPrintable(error));
  const QJsonObject o = QJsonDocument::fromJson(readAll(json)).object();
  QCOMPARE(o.value(QStringLiteral("lambda")).toDouble(), pt.lambda);
  const QJsonArray coef = o.value(QStringLiteral("coef")).toArray();
  QCOMPARE(coef.size(), 10);
  const Vec dense = pt.denseCoefficients(10);
  for (int j = 0; j < 10; ++j) QCOMPARE(coef[j].toDouble(), dense[j]);
  const QString csv = tmp_.filePath(QStringLiteral("coef.csv"));
  QVERIFY(w->sessionManager()->exportCoefficientsAtCursor(csv, &error));
  const QList<QByteArray> lines = readAll(csv).trimmed().split('\n');
  QCOMPARE(lines.size(), 12);  // header, intercept, 10 features
  QCOMPARE(lines[0], QByteArray("feature,coefficient"));
  QCOMPARE(lines[1].split(',')[1].toDouble(), pt.intercept);
  w->setCursorIndex(-1);
}

int main(int argc, char** argv) {
  // argv[1], argv[2]: the GUI and CLI executables; the rest goes to QTest.
  std::vector<char*> rest{argv[0]};
  if (argc > 1) gGui = QString::fromLocal8Bit(argv[1]);
  if (argc > 2) gCli = QString::fromLocal8Bit(argv[2]);
  for (int i = 3; i < argc; ++i) rest.push_back(argv[i]);
  int n = static_cast<int>(rest.size());
  QApplication app(n, rest.data());
  TestSession t;
  return QTest::qExec(&t, n, rest.data());
}

#include "test_session.moc"
