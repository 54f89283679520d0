// "Copy as command" (offscreen): the command built from the window's settings is RUN with the
// built lambdascope-cli and its JSON compared with what the window computed (same λ grid,
// coefficients to 1e-8 relative, same supports) — for paths of several models, cross-validation,
// k-sparse and the playground; shell quoting through /bin/sh; `replay` of a saved session.
// Arguments: the lambdascope GUI and lambdascope-cli executables.

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>

#include "core/l0/l0_solver.hpp"
#include "tests/test_support.hpp"
#include "ui/l0/l0_model.hpp"
#include "ui/l0/l0_view.hpp"
#include "ui/main_window.hpp"
#include "ui/model_panel.hpp"
#include "ui/path_model.hpp"
#include "ui/playground/playground_window.hpp"
#include "ui/selection/selection_view.hpp"
#include "ui/session/command_line.hpp"
#include "ui/session/session_manager.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {

QString gGui;
QString gCli;
constexpr int kTimeoutMs = 120000;

QJsonObject parseObject(const QByteArray& bytes) {
  QJsonParseError e{};
  const QJsonDocument d = QJsonDocument::fromJson(bytes, &e);
  if (e.error != QJsonParseError::NoError) qWarning("not JSON: %s", bytes.left(300).constData());
  return d.object();
}

/// Run the command's argv with the built CLI (stdin fed from stdinText); its JSON output.
QJsonObject runCommand(const CliCommand& c, int* exitCode = nullptr) {
  QProcess p;
  p.start(gCli, c.argv);
  if (!p.waitForStarted()) return {};
  if (!c.stdinText.isEmpty()) p.write(c.stdinText.toUtf8());
  p.closeWriteChannel();
  p.waitForFinished(kTimeoutMs);
  if (exitCode) *exitCode = p.exitCode();
  if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
  return parseObject(p.readAllStandardOutput());
}

bool closeEnough(double a, double b, double scale, double rtol = 1e-8) {
  return std::abs(a - b) <= rtol * std::max({std::abs(a), std::abs(b), scale});
}

}  // namespace

class TestCommandLine : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void shellQuotingSurvivesTheShell();
  void pathCommandReproducesTheWindow_data();
  void pathCommandReproducesTheWindow();
  void shellTextRunsAsIs();
  void cvCommandReproducesChooseLambda();
  void kSparseCommandReproducesBranchAndBound();
  void playgroundCommandReproducesTheLesson();
  void replayChecksASession();
  void commandNeedsAFile();

 private:
  std::unique_ptr<MainWindow> window_;
  QTemporaryDir tmp_;

  bool runPath(const ModelSettings& m);
};

void TestCommandLine::initTestCase() {
  QVERIFY2(!gCli.isEmpty() && QFileInfo(gCli).isExecutable(), "pass the GUI and CLI executables");
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("Lambdascope"));
  QCoreApplication::setApplicationName(QStringLiteral("LambdascopeCommandTest"));
  QSettings().clear();
  QVERIFY(tmp_.isValid());
  qputenv("LAMBDASCOPE_RECOVERY_DIR", QFile::encodeName(tmp_.filePath(QStringLiteral("recovery"))));
  window_ = std::make_unique<MainWindow>();
  window_->setInteractive(false);
  window_->show();
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openBundledDataset();
  QVERIFY(loaded.wait(kTimeoutMs));
}

bool TestCommandLine::runPath(const ModelSettings& m) {
  window_->modelPanel()->setSettings(m);
  QSignalSpy finished(window_.get(), &MainWindow::pathFinished);
  if (window_->runPath() == 0) return false;
  return finished.wait(kTimeoutMs) && !finished.front().front().toBool();
}

void TestCommandLine::shellQuotingSurvivesTheShell() {
  const QStringList words{QStringLiteral("plain"), QStringLiteral("with space"), QStringLiteral("it's"),
                          QStringLiteral("$HOME"), QStringLiteral("a\\b"), QStringLiteral("\"q\""),
                          QStringLiteral("λ→0"), QStringLiteral("*"), QStringLiteral("x;rm -rf y"), QStringLiteral("--k=3")};
  QStringList quoted;
  for (const QString& w : words) quoted << shellQuote(w);
  QProcess sh;
  sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\n' ") + quoted.join(QLatin1Char(' '))});
  QVERIFY(sh.waitForFinished());
  QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts), words);
  QCOMPARE(shellQuote(QStringLiteral("/tmp/data.csv")), QStringLiteral("/tmp/data.csv"));
  QCOMPARE(exactNumber(0.1).toDouble(), 0.1);
  QCOMPARE(exactNumber(1.0 / 3.0).toDouble(), 1.0 / 3.0);
}

void TestCommandLine::pathCommandReproducesTheWindow_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("solver");
  QTest::addColumn<bool>("standardize");
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<bool>("positive");
  QTest::addColumn<QString>("lambdas");  // explicit list, or empty for 40 geometric
  QTest::newRow("lasso/auto") << "lasso" << "auto" << false << true << false << "";
  QTest::newRow("lasso/ws-cd/standardize/positive") << "lasso" << "ws-cd" << true << true << true << "";
  QTest::newRow("enet/explicit-grid") << "enet" << "auto" << true << true << false << "1.5, 0.3 0.07;0.01";
  QTest::newRow("mcp/cd/no-intercept") << "mcp" << "cd" << true << false << false << "";
  QTest::newRow("scad/fista") << "scad" << "fista" << true << true << false << "";
  QTest::newRow("group/bcd") << "group" << "bcd" << true << true << false << "";
  QTest::newRow("wlasso") << "wlasso" << "auto" << false << true << false << "";
}

void TestCommandLine::pathCommandReproducesTheWindow() {
  QFETCH(QString, model);
  QFETCH(QString, solver);
  QFETCH(bool, standardize);
  QFETCH(bool, intercept);
  QFETCH(bool, positive);
  QFETCH(QString, lambdas);
  ModelSettings m;
  m.model = model;
  m.solver = solver;
  m.standardize = standardize;
  m.fitIntercept = intercept;
  m.positive = positive;
  m.nLambdas = 40;
  m.lambdaMinRatio = 1e-2;
  m.tol = 1e-9;
  m.l1Ratio = 0.35;
  m.gamma = model == QLatin1String("mcp") ? 2.5 : 0.0;
  m.groupSize = 3;
  if (!lambdas.isEmpty()) {
    m.useExplicitLambdas = true;
    m.explicitLambdas = lambdas;
  }
  if (model == QLatin1String("wlasso")) {
    // A path with a quote and a space, so the quoting is exercised too.
    const QString weights = tmp_.filePath(QStringLiteral("it's weights.txt"));
    QFile f(weights);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("1 0.5 2 1 0 1 1.5 1 1 0.25\n");
    f.close();
    m.weightsFile = weights;
  }
  QVERIFY(runPath(m));
  CliCommand c;
  QString error;
  QVERIFY2(window_->sessionManager()->command(SessionManager::CommandTarget::Path, c, &error), qPrintable(error));
  QCOMPARE(c.name, QStringLiteral("path"));
  QVERIFY(c.certificate.contains(QStringLiteral("max_gap")));
  QCOMPARE(c.certificate.value(QStringLiteral("points")).toInt(), window_->pathModel()->pointCount());
  int code = -1;
  const QJsonObject out = runCommand(c, &code);
  QCOMPARE(code, 0);
  const QJsonArray points = out.value(QStringLiteral("path")).toArray();
  const auto& gui = window_->pathModel()->points();
  QCOMPARE(points.size(), static_cast<qsizetype>(gui.size()));
  QVERIFY(closeEnough(out.value(QStringLiteral("lambda_max")).toDouble(), window_->pathModel()->lambdaMax(), 0.0, 1e-12));
  double worst = 0.0;
  for (qsizetype k = 0; k < points.size(); ++k) {
    const QJsonObject p = points[k].toObject();
    const PathPoint& g = gui[static_cast<std::size_t>(k)];
    QVERIFY(closeEnough(p.value(QStringLiteral("lambda")).toDouble(), g.lambda, 0.0, 1e-14));  // same grid
    const QJsonArray index = p.value(QStringLiteral("coef")).toObject().value(QStringLiteral("index")).toArray();
    const QJsonArray value = p.value(QStringLiteral("coef")).toObject().value(QStringLiteral("value")).toArray();
    QCOMPARE(index.size(), static_cast<qsizetype>(g.support.size()));  // same support
    double scale = 0.0;
    for (const double v : g.values) scale = std::max(scale, std::abs(v));
    for (qsizetype i = 0; i < index.size(); ++i) {
      QCOMPARE(static_cast<Index>(index[i].toInt()), g.support[static_cast<std::size_t>(i)]);
      const double v = value[i].toDouble();
      const double gv = g.values[static_cast<std::size_t>(i)];
      worst = std::max(worst, std::abs(v - gv) / std::max(std::abs(gv), 1e-300));
      QVERIFY2(closeEnough(v, gv, 0.0), qPrintable(QStringLiteral("λ #%1 feature %2: cli %3, gui %4").arg(k).arg(g.support[static_cast<std::size_t>(i)]).arg(v, 0, 'g', 17).arg(gv, 0, 'g', 17)));
    }
    QVERIFY(closeEnough(p.value(QStringLiteral("intercept")).toDouble(), g.intercept, std::abs(g.intercept) + 1e-12));
  }
  qInfo("%s: %lld points, worst relative coefficient difference %.3g", QTest::currentDataTag(),
        static_cast<long long>(points.size()), worst);
  // The JSON config carries the same argv.
  const QJsonObject config = c.toJson();
  QCOMPARE(config.value(QStringLiteral("format")).toString(), QStringLiteral("lambdascope-command"));
  QCOMPARE(config.value(QStringLiteral("options")).toObject().value(QStringLiteral("model")).toString(), model);
}

void TestCommandLine::shellTextRunsAsIs() {
  ModelSettings m;
  m.nLambdas = 15;
  QVERIFY(runPath(m));
  CliCommand c;
  QString error;
  QVERIFY(window_->sessionManager()->command(SessionManager::CommandTarget::Path, c, &error));
  const QString text = c.shellText(gCli);
  QVERIFY2(text.startsWith(QLatin1String("# Reproduces a Lambdascope")), qPrintable(text));
  QVERIFY(text.contains(QStringLiteral("duality gap")));
  QProcess sh;
  sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), text});
  QVERIFY(sh.waitForFinished(kTimeoutMs));
  QCOMPARE(sh.exitCode(), 0);
  const QJsonArray points = parseObject(sh.readAllStandardOutput()).value(QStringLiteral("path")).toArray();
  QCOMPARE(points.size(), 15);
  QCOMPARE(points[14].toObject().value(QStringLiteral("lambda")).toDouble(), window_->pathModel()->points()[14].lambda);
}

void TestCommandLine::cvCommandReproducesChooseLambda() {
  ModelSettings m;
  m.nLambdas = 30;
  window_->modelPanel()->setSettings(m);
  SelectionView* view = window_->selectionView();
  window_->plotTabs()->setCurrentWidget(view);
  view->modeCombo()->setCurrentIndex(0);  // cross-validation
  view->foldsSpin()->setValue(5);
  view->schemeCombo()->setCurrentText(QStringLiteral("shuffled"));
  view->seedSpin()->setValue(11);
  QSignalSpy done(view, &SelectionView::runFinished);
  QVERIFY(view->runCv() != 0);
  QVERIFY(done.wait(kTimeoutMs));
  const auto cv = view->lastCv();
  QVERIFY(cv != nullptr);
  CliCommand c;
  QString error;
  QVERIFY2(window_->sessionManager()->command(SessionManager::CommandTarget::Current, c, &error), qPrintable(error));
  QCOMPARE(c.name, QStringLiteral("cv"));
  int code = -1;
  const QJsonObject out = runCommand(c, &code);
  QCOMPARE(code, 0);
  const QJsonArray lambdas = out.value(QStringLiteral("lambdas")).toArray();
  const QJsonArray mean = out.value(QStringLiteral("mean")).toArray();
  QCOMPARE(lambdas.size(), static_cast<qsizetype>(cv->lambdas.size()));
  for (qsizetype k = 0; k < lambdas.size(); ++k) {
    QVERIFY(closeEnough(lambdas[k].toDouble(), cv->lambdas[static_cast<std::size_t>(k)], 0.0, 1e-14));
    QVERIFY(closeEnough(mean[k].toDouble(), cv->mean[static_cast<std::size_t>(k)], 0.0));
  }
  QCOMPARE(out.value(QStringLiteral("lambda_min")).toDouble(), cv->lambdaMin);
  QCOMPARE(out.value(QStringLiteral("lambda_1se")).toDouble(), cv->lambda1se);
  window_->plotTabs()->setCurrentIndex(0);
}

void TestCommandLine::kSparseCommandReproducesBranchAndBound() {
  ui::l0::L0View* view = window_->kSparseView();
  window_->plotTabs()->setCurrentWidget(view);
  view->setRidge(0.01);
  view->setStandardize(true);
  view->setK(3);
  view->setTimeLimit(30);
  QSignalSpy done(view, &ui::l0::L0View::bnbFinished);
  QVERIFY(view->runBnb() != 0);
  QVERIFY(done.wait(kTimeoutMs));
  const auto& result = view->model()->bnbResult();
  QVERIFY(result.has_value());
  CliCommand c;
  QString error;
  QVERIFY2(window_->sessionManager()->command(SessionManager::CommandTarget::Current, c, &error), qPrintable(error));
  QCOMPARE(c.name, QStringLiteral("l0"));
  int code = -1;
  const QJsonObject out = runCommand(c, &code);
  QCOMPARE(code, 0);
  QJsonArray expected;
  for (const Index j : result->solution.support) expected.append(static_cast<int>(j));
  QCOMPARE(out.value(QStringLiteral("support")).toArray(), expected);
  QVERIFY(closeEnough(out.value(QStringLiteral("objective")).toDouble(), result->objective, 0.0));
  QCOMPARE(out.value(QStringLiteral("certified")).toBool(), result->certified);
  window_->plotTabs()->setCurrentIndex(0);
}

void TestCommandLine::playgroundCommandReproducesTheLesson() {
  auto* pg = window_->openPlayground();
  QString error;
  const QStringList lessons = ui::playground::PlaygroundWindow::shippedPresets();
  QVERIFY(!lessons.isEmpty());
  QVERIFY2(pg->loadPresetFile(lessons.front(), &error), qPrintable(error));
  pg->recompute();
  CliCommand c;
  QVERIFY2(window_->sessionManager()->command(SessionManager::CommandTarget::Playground, c, &error), qPrintable(error));
  QVERIFY(!c.stdinText.isEmpty());
  // Through the shell, here-document included.
  QProcess sh;
  sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), c.shellText(gCli)});
  QVERIFY(sh.waitForFinished(kTimeoutMs));
  QCOMPARE(sh.exitCode(), 0);
  const QJsonArray runs = parseObject(sh.readAllStandardOutput()).value(QStringLiteral("runs")).toArray();
  QCOMPARE(runs.size(), static_cast<qsizetype>(pg->runs().size()));
  for (qsizetype r = 0; r < runs.size(); ++r) {
    const QJsonArray values = runs[r].toObject().value(QStringLiteral("values")).toArray();
    const auto& trace = pg->runs()[static_cast<std::size_t>(r)];
    QCOMPARE(values.size(), static_cast<qsizetype>(trace.values.size()));
    for (qsizetype k = 0; k < values.size(); ++k)
      QVERIFY(closeEnough(values[k].toDouble(), trace.values[static_cast<std::size_t>(k)], 0.0, 1e-12));
  }
  pg->close();
}

void TestCommandLine::replayChecksASession() {
  ModelSettings m;
  m.model = QStringLiteral("enet");
  m.nLambdas = 25;
  m.standardize = true;
  QVERIFY(runPath(m));
  const QString file = tmp_.filePath(QStringLiteral("replay.lambdascope.json"));
  QString error;
  QVERIFY(window_->sessionManager()->saveSession(file, &error));
  test::CliRun run = test::runProgram(gCli, {QStringLiteral("replay"), file});
  QCOMPARE(run.exitCode, 0);
  QJsonObject report = parseObject(run.out);
  QVERIFY(report.value(QStringLiteral("match")).toBool());
  const QJsonObject first = report.value(QStringLiteral("commands")).toArray().first().toObject();
  QVERIFY(first.value(QStringLiteral("compared_values")).toInt() > 25 * 3);
  qInfo("replay: %d values compared, max relative difference %.3g", first.value(QStringLiteral("compared_values")).toInt(),
        first.value(QStringLiteral("max_relative_difference")).toDouble());

  // Tamper with one stored coefficient: the replay must notice.
  QFile f(file);
  QVERIFY(f.open(QIODevice::ReadOnly));
  QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
  f.close();
  QJsonObject path = root.value(QStringLiteral("path")).toObject();
  QJsonArray points = path.value(QStringLiteral("path")).toArray();
  QJsonObject p = points[20].toObject();
  QJsonObject coef = p.value(QStringLiteral("coef")).toObject();
  QJsonArray values = coef.value(QStringLiteral("value")).toArray();
  // The largest coefficient, 1e-6 relative: far above the 1e-8 tolerance on that array's scale.
  qsizetype largest = 0;
  for (qsizetype i = 1; i < values.size(); ++i)
    if (std::abs(values[i].toDouble()) > std::abs(values[largest].toDouble())) largest = i;
  values[largest] = values[largest].toDouble() * (1.0 + 1e-6);
  coef[QStringLiteral("value")] = values;
  p[QStringLiteral("coef")] = coef;
  points[20] = p;
  path[QStringLiteral("path")] = points;
  root[QStringLiteral("path")] = path;
  QVERIFY(writeSessionJson(file, root, &error));
  run = test::runProgram(gCli, {QStringLiteral("replay"), file});
  QCOMPARE(run.exitCode, 4);
  report = parseObject(run.out);
  QVERIFY(!report.value(QStringLiteral("match")).toBool());
  const QString mismatch =
      report.value(QStringLiteral("commands")).toArray().first().toObject().value(QStringLiteral("mismatches")).toArray().first().toString();
  QVERIFY2(mismatch.startsWith(QStringLiteral("$.path[20].coef.value[%1]").arg(largest)), qPrintable(mismatch));

  // A corrupt file is a usage error with one line naming it.
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write("{\"format\": \"lambdascope-session\", ");
  f.close();
  run = test::runProgram(gCli, {QStringLiteral("replay"), file});
  QCOMPARE(run.exitCode, 2);
  QVERIFY2(run.err.contains(file.toUtf8()) && run.err.contains("not valid JSON"), run.err.constData());

  // A JSON config from Copy as Command replays too (no expected values: it just runs).
  CliCommand c;
  QVERIFY(window_->sessionManager()->command(SessionManager::CommandTarget::Path, c, &error));
  const QString config = tmp_.filePath(QStringLiteral("command.json"));
  QVERIFY(writeSessionJson(config, c.toJson(), &error));
  run = test::runProgram(gCli, {QStringLiteral("replay"), config});
  QCOMPARE(run.exitCode, 0);
  QCOMPARE(parseObject(run.out).value(QStringLiteral("path")).toArray().size(), 25);
}

void TestCommandLine::commandNeedsAFile() {
  MainWindow w;
  w.setInteractive(false);
  w.setDataset(test::bundledDiabetes(), QStringLiteral("in memory"));
  CliCommand c;
  QString error;
  QVERIFY(!w.sessionManager()->command(SessionManager::CommandTarget::Path, c, &error));
  QVERIFY2(error.contains(QStringLiteral("file")), qPrintable(error));
}

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  if (argc > 1) gGui = QString::fromLocal8Bit(argv[1]);
  if (argc > 2) gCli = QString::fromLocal8Bit(argv[2]);
  for (int i = 3; i < argc; ++i) rest.push_back(argv[i]);
  int n = static_cast<int>(rest.size());
  QApplication app(n, rest.data());
  TestCommandLine t;
  return QTest::qExec(&t, n, rest.data());
}

#include "test_command_line.moc"
