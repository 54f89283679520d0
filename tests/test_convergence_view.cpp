// GUI test of the Convergence tab (offscreen): a live solver race at the cursor's λ, its traces
// and threshold, cancelling a race, stale races, export, and the per-λ certificate markers of
// the path plot.

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>
#include <random>

#include "core/model.hpp"
#include "tests/test_support.hpp"
#include "ui/convergence_controller.hpp"
#include "ui/convergence_model.hpp"
#include "ui/convergence_view.hpp"
#include "ui/main_window.hpp"
#include "ui/model_panel.hpp"
#include "ui/path_model.hpp"
#include "ui/plots/convergence_plot.hpp"
#include "ui/plots/path_plot.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {

constexpr int kRunTimeoutMs = 30000;

/// More features than samples, AR(1)-correlated columns (ρ = 0.9), sparse truth: at
/// λ = 10⁻⁴ λ_max cyclic CD is far from a 1e-14 tolerance after 100 000 epochs (~15 s), so a
/// race on it is certainly still running when it is cancelled.
Dataset slowDataset(Index n = 300, Index p = 1000) {
  return test::correlatedSynthetic(n, p, 0.9);
}

QStringList solverNames() {
  QStringList out;
  for (const std::string& s : availableSolvers()) out << QString::fromStdString(s);
  return out;
}

}  // namespace

class TestConvergenceView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void tabAndControls();
  void allPointsCertifiedAtDefaultTol();
  void racesTwoSolversLive();
  void secondsAxis();
  void solverInternals();
  void exportsConvergencePlot_data();
  void exportsConvergencePlot();
  void screenshot();
  void restartedRaceIgnoresStaleLanes();
  void cancelRaceReturnsToIdle();
  void markersFlagPointsStoppedEarly();
  void cleanupTestCase();

 private:
  void setModel(int nLambdas, double ratio, double tol);
  void runAndWait(int expectedPoints);
  void raceAndWait(bool expectCancelled = false);

  std::unique_ptr<MainWindow> window_;
  QTemporaryDir tmp_;
};

void TestConvergenceView::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("Lambdascope"));
  QCoreApplication::setApplicationName(QStringLiteral("LambdascopeConvergenceTest"));
  QSettings().clear();
  QVERIFY(tmp_.isValid());
  tmp_.setAutoRemove(qEnvironmentVariableIsEmpty("LAMBDASCOPE_KEEP_TEST_FILES"));
  window_ = std::make_unique<MainWindow>();
  window_->setInteractive(false);
  window_->resize(1280, 820);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openBundledDataset();
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
}

void TestConvergenceView::setModel(int nLambdas, double ratio, double tol) {
  ModelSettings s;
  s.nLambdas = nLambdas;
  s.lambdaMinRatio = ratio;
  s.tol = tol;
  window_->modelPanel()->setSettings(s);
}

void TestConvergenceView::runAndWait(int expectedPoints) {
  QSignalSpy finished(window_.get(), &MainWindow::pathFinished);
  QVERIFY(window_->runPath() != 0);
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kRunTimeoutMs);
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(window_->pathModel()->pointCount(), expectedPoints);
}

void TestConvergenceView::raceAndWait(bool expectCancelled) {
  QSignalSpy finished(window_.get(), &MainWindow::raceFinished);
  QVERIFY(window_->startRace() != 0);
  QVERIFY(window_->isRacing());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kRunTimeoutMs);
  QCOMPARE(finished.first().first().toBool(), expectCancelled);
  QVERIFY(!window_->isRacing());
}

void TestConvergenceView::tabAndControls() {
  QTabWidget* tabs = window_->plotTabs();
  QStringList titles;
  for (int i = 0; i < tabs->count(); ++i) titles << tabs->tabText(i);
  QCOMPARE(titles.value(2), QStringLiteral("Convergence"));
  QCOMPARE(tabs->widget(2), window_->convergenceView());
  // The solver lists are availableSolvers() (B also offers "none").
  ConvergenceView* view = window_->convergenceView();
  const QStringList solvers = solverNames();
  QCOMPARE(view->solverACombo()->count(), solvers.size());
  QCOMPARE(view->solverBCombo()->count(), solvers.size() + 1);
  for (int i = 0; i < solvers.size(); ++i)
    QCOMPARE(view->solverACombo()->itemData(i).toString(), solvers[i]);
  // No path yet: nothing to race.
  QVERIFY(!view->raceButton()->isEnabled());
  auto* race = window_->findChild<QAction*>(QStringLiteral("actionRace"));
  QVERIFY(race);
  QVERIFY(!race->isEnabled());
  QCOMPARE(race->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  QSignalSpy errors(window_.get(), &MainWindow::errorOccurred);
  QCOMPARE(window_->startRace(), quint64{0});
  QCOMPARE(errors.count(), 1);
}

void TestConvergenceView::allPointsCertifiedAtDefaultTol() {
  setModel(100, 1e-3, 1e-6);
  runAndWait(100);
  window_->flushPlots();
  PathPlot* plot = window_->pathPlot();
  QCOMPARE(plot->certifiedMarkers()->dataCount(), 100);
  QCOMPARE(plot->uncertifiedMarkers()->dataCount(), 0);
  // Markers sit at the path's λ, and the coefficient curves are still the only graphs.
  QCOMPARE(plot->graphCount(), 10);
  const auto& points = window_->pathModel()->points();
  std::vector<double> keys;
  for (auto it = plot->certifiedMarkers()->data()->begin(); it != plot->certifiedMarkers()->data()->end(); ++it)
    keys.push_back(it->key);
  for (int k : {0, 50, 99}) QCOMPARE(keys[std::size_t(k)], points[std::size_t(k)].lambda);
  QVERIFY(window_->convergenceView()->raceButton()->isEnabled());
}

void TestConvergenceView::racesTwoSolversLive() {
  const QStringList solvers = solverNames();
  if (solvers.size() < 2) QSKIP("only one solver is available: no race");
  window_->setCursorIndex(50);
  window_->plotTabs()->setCurrentWidget(window_->convergenceView());
  ConvergenceView* view = window_->convergenceView();
  view->setSolvers(solvers[0], solvers[1]);
  view->setTolDivisor(100.0);
  raceAndWait();
  window_->flushPlots();

  const ConvergenceModel* model = window_->convergenceModel();
  ConvergencePlot* plot = window_->convergencePlot();
  const PathPoint& pt = window_->pathModel()->points()[50];
  QCOMPARE(model->state(), ConvergenceModel::State::Finished);
  QCOMPARE(model->context().lambda, pt.lambda);
  QCOMPARE(model->laneCount(), 2);
  QCOMPARE(plot->traceCount(), 2);
  // The threshold is the race's tol (path tol / 100) × P(0), drawn as a horizontal line.
  const double threshold = model->threshold();
  QVERIFY(std::abs(threshold - 1e-8 * window_->pathModel()->nullObjective()) <= 1e-9 * threshold);
  QVERIFY(plot->thresholdLine()->visible());
  QCOMPARE(plot->thresholdLine()->point1->value(), threshold);
  QCOMPARE(plot->thresholdLine()->point2->value(), threshold);
  QCOMPARE(plot->yAxis->label(), QStringLiteral("duality gap"));
  QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);

  for (int lane = 0; lane < 2; ++lane) {
    const ConvergenceModel::Lane& l = model->lane(lane);
    QCOMPARE(l.solver, solvers[lane]);
    QVERIFY(l.finished);
    QCOMPARE(l.summary.termination, Termination::Converged);
    QCOMPARE(l.summary.points, int(l.points.size()));
    QCPGraph* g = plot->trace(lane);
    QVERIFY(g);
    QVERIFY2(g->dataCount() >= 2, qPrintable(QStringLiteral("%1: %2 points").arg(l.solver).arg(g->dataCount())));
    QCOMPARE(g->dataCount(), int(l.points.size()));
    double previousKey = -1.0;
    for (auto it = g->data()->begin(); it != g->data()->end(); ++it) {
      QVERIFY(std::isfinite(it->value) && it->value > 0.0);
      QVERIFY2(it->key > previousKey, "epochs must increase");
      previousKey = it->key;
    }
    const double first = g->data()->begin()->value;
    const double last = (g->data()->end() - 1)->value;
    QVERIFY(last < first);
    QVERIFY2(l.points.back().criterion <= threshold,
             qPrintable(QStringLiteral("%1 ends at %2 > %3").arg(l.solver).arg(l.points.back().criterion).arg(threshold)));
    QCOMPARE(l.points.back().epoch, l.summary.epochs);
    // Legend: "solver: time, epochs".
    QVERIFY(g->name().startsWith(l.solver + QStringLiteral(": ")));
    QVERIFY(g->name().contains(QStringLiteral("epoch")));
    qInfo("%s", qPrintable(g->name() + QStringLiteral(" (%1 gap evaluations)").arg(g->dataCount())));
  }
  QVERIFY(plot->trace(0)->pen().color() != plot->trace(1)->pen().color());
  QVERIFY(view->statusLabel()->text().startsWith(QStringLiteral("Race done")));
  QVERIFY(view->raceButton()->isEnabled());
  QVERIFY(!view->stopButton()->isEnabled());
  QCOMPARE(window_->currentPlot(), static_cast<PlotWidget*>(plot));
}

void TestConvergenceView::solverInternals() {
  // Working-set CD reports its working-set size (and kept extrapolations); plain CD has none.
  window_->setCursorIndex(60);
  ConvergenceView* view = window_->convergenceView();
  view->setSolvers(QStringLiteral("ws-cd"), QStringLiteral("cd"));
  view->setTolDivisor(10000.0);
  raceAndWait();
  window_->flushPlots();
  ConvergencePlot* plot = window_->convergencePlot();
  const ConvergenceModel* model = window_->convergenceModel();
  QVERIFY(plot->internalsRect() != nullptr);
  QCPGraph* ws = plot->internalsTrace(0, ConvergencePlot::Internal::WorkingSet);
  QVERIFY(ws && ws->visible());
  QCOMPARE(ws->dataCount(), static_cast<int>(model->lane(0).points.size()));
  double largest = 0.0;
  for (auto it = ws->data()->constBegin(); it != ws->data()->constEnd(); ++it) largest = std::max(largest, it->value);
  QVERIFY(largest >= 1.0 && largest <= 10.0);  // diabetes has 10 features
  for (const ConvergencePoint& p : model->lane(1).points) QCOMPARE(p.workingSet, 0LL);
  // The internals share the criterion's x axis.
  QCOMPARE(plot->internalsRect()->axis(QCPAxis::atBottom)->range().upper, plot->xAxis->range().upper);
}

void TestConvergenceView::secondsAxis() {
  ConvergenceView* view = window_->convergenceView();
  ConvergencePlot* plot = window_->convergencePlot();
  if (plot->traceCount() == 0) QSKIP("no race");
  view->xAxisCombo()->setCurrentIndex(1);
  QCOMPARE(plot->xAxisMode(), ConvergencePlot::XAxis::Seconds);
  plot->flush();
  QVERIFY(plot->xAxis->label().startsWith(QStringLiteral("time")));
  for (int lane = 0; lane < plot->traceCount(); ++lane) {
    double previous = -1.0;
    for (auto it = plot->trace(lane)->data()->begin(); it != plot->trace(lane)->data()->end(); ++it) {
      QVERIFY(it->key >= previous);
      previous = it->key;
    }
  }
  view->xAxisCombo()->setCurrentIndex(0);
  plot->flush();
  QCOMPARE(plot->xAxis->label(), QStringLiteral("epoch"));
}

void TestConvergenceView::exportsConvergencePlot_data() {
  QTest::addColumn<QString>("extension");
  for (const char* ext : {"png", "svg", "pdf"}) QTest::newRow(ext) << ext;
}

void TestConvergenceView::exportsConvergencePlot() {
  QFETCH(QString, extension);
  const QString path = tmp_.filePath(QStringLiteral("convergence.%1").arg(extension));
  QString error;
  QVERIFY2(window_->exportPlot(window_->convergencePlot(), path, &error), qPrintable(error));
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  QVERIFY(bytes.size() > 1000);
  if (extension == QLatin1String("png")) QVERIFY(!QImage(path).isNull());
  else if (extension == QLatin1String("svg")) QVERIFY(bytes.contains("<svg"));
  else QVERIFY(bytes.startsWith("%PDF"));
}

void TestConvergenceView::screenshot() {
  // The whole window on the Convergence tab, for a look (and the README's screenshot when
  // LAMBDASCOPE_SCREENSHOT names a file): a longer race, at a small λ and a tight tolerance.
  const QStringList solvers = solverNames();
  const QString a = solvers.contains(QStringLiteral("ws-cd")) ? QStringLiteral("ws-cd") : solvers[0];
  const QString b = qEnvironmentVariable("LAMBDASCOPE_SCREENSHOT_RIVAL", QStringLiteral("cd"));
  window_->convergenceView()->setSolvers(a, solvers.contains(b) && b != a ? b : solvers.value(1));
  window_->convergenceView()->setTolDivisor(1e4);
  window_->setCursorIndex(90);
  window_->plotTabs()->setCurrentWidget(window_->convergenceView());
  window_->resize(1440, 900);  // the size of the README's other screenshot
  raceAndWait();
  window_->flushPlots();
  QTest::qWait(50);
  const QImage image = window_->grab().toImage();
  QVERIFY(!image.isNull());
  QString path = qEnvironmentVariable("LAMBDASCOPE_SCREENSHOT");
  if (path.isEmpty()) path = tmp_.filePath(QStringLiteral("window-convergence.png"));
  QVERIFY(image.save(path));
  qInfo("window grabbed to %s", qPrintable(path));
}

void TestConvergenceView::restartedRaceIgnoresStaleLanes() {
  const QStringList solvers = solverNames();
  ConvergenceView* view = window_->convergenceView();
  view->setSolvers(solvers[0], solvers.value(1));
  window_->setCursorIndex(80);
  RaceController* races = window_->raceController();
  QSignalSpy lanes(races, &RaceController::laneFinished);
  QSignalSpy finished(window_.get(), &MainWindow::raceFinished);
  const quint64 first = window_->startRace();
  const quint64 second = window_->startRace();  // supersedes the first before it reports
  QVERIFY(second > first);
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kRunTimeoutMs);
  QTest::qWait(100);  // anything late of the first race would arrive now
  QCOMPARE(finished.count(), 1);
  QCOMPARE(finished.first().first().toBool(), false);
  for (const auto& args : lanes) QCOMPARE(args.at(0).toULongLong(), second);
  QCOMPARE(window_->convergenceModel()->raceId(), second);
  QCOMPARE(window_->convergenceModel()->context().lambda, window_->pathModel()->points()[80].lambda);
}

void TestConvergenceView::cancelRaceReturnsToIdle() {
  const QStringList solvers = solverNames();
  if (!solvers.contains(QStringLiteral("cd"))) QSKIP("needs the cyclic CD solver");
  window_->setDataset(slowDataset(), QStringLiteral("synthetic (test)"));
  QCOMPARE(window_->convergenceModel()->laneCount(), 0);  // the old race belonged to the old data
  QVERIFY(!window_->convergenceView()->raceButton()->isEnabled());
  setModel(10, 1e-4, 1e-4);
  runAndWait(10);
  window_->setCursorIndex(9);  // λ = 10⁻⁴ λ_max: many active, correlated features
  ConvergenceView* view = window_->convergenceView();
  view->setSolvers(QStringLiteral("cd"), solvers.value(0) == QLatin1String("cd") ? solvers.value(1) : solvers.value(0));
  view->setTolDivisor(1e10);  // tol 1e-14

  QSignalSpy finished(window_.get(), &MainWindow::raceFinished);
  QElapsedTimer clock;
  qint64 finishedAt = -1;
  // The context dies with this function: the lambda writes to its locals and must not outlive them.
  QObject scope;
  connect(window_.get(), &MainWindow::raceFinished, &scope, [&] { finishedAt = clock.elapsed(); });
  clock.start();
  QVERIFY(window_->startRace() != 0);
  QVERIFY(view->stopButton()->isEnabled());
  QCOMPARE(view->raceButton()->text(), QStringLiteral("Restart race"));
  // Live: the cyclic CD trace grows while it runs.
  QTRY_VERIFY_WITH_TIMEOUT(window_->convergencePlot()->trace(0)->dataCount() >= 2, kRunTimeoutMs);
  QVERIFY2(window_->isRacing(),
           qPrintable(QStringLiteral("the slow race finished before it could be cancelled: %1")
                          .arg(window_->convergencePlot()->traceName(0))));
  auto* cancel = window_->findChild<QAction*>(QStringLiteral("actionCancel"));
  QVERIFY(cancel && cancel->isEnabled());
  const qint64 cancelledAt = clock.elapsed();
  cancel->trigger();  // Esc
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
  qInfo("race cancel → raceFinished in %lld ms", finishedAt - cancelledAt);
  QVERIFY(finishedAt - cancelledAt < 500);
  QCOMPARE(finished.first().first().toBool(), true);
  // Idle again.
  QVERIFY(!window_->isRacing());
  QVERIFY(!view->stopButton()->isEnabled());
  QVERIFY(view->raceButton()->isEnabled());
  QCOMPARE(view->raceButton()->text(), QStringLiteral("Race"));
  QVERIFY(!cancel->isEnabled());
  QVERIFY(view->statusLabel()->text().startsWith(QStringLiteral("Race stopped")));
  const ConvergenceModel* model = window_->convergenceModel();
  QCOMPARE(model->state(), ConvergenceModel::State::Cancelled);
  QVERIFY(model->lane(0).summary.cancelled);
  window_->flushPlots();
  QCOMPARE(window_->convergencePlot()->trace(0)->dataCount(), int(model->lane(0).points.size()));
  QVERIFY(window_->convergencePlot()->trace(0)->name().contains(QStringLiteral("stopped")));
}

void TestConvergenceView::markersFlagPointsStoppedEarly() {
  // The model panel has no epoch budget, so build a path by hand: 7 certified λ, then 3 that
  // stopped early (epoch budget reached; one with a gap above its threshold).
  PathModel model;
  PathPlot plot;
  plot.setModel(&model);
  const Dataset data = test::bundledDiabetes();
  model.beginJob(1, data, ModelSpec{}, 10);
  for (int k = 0; k < 10; ++k) {
    PathPoint pt;
    pt.index = k;
    pt.lambda = std::pow(10.0, -0.3 * k);
    pt.gapThreshold = 1e-3;
    pt.dualityGap = k < 7 ? 1e-4 : 5e-2;
    pt.termination = k < 7 ? Termination::Converged : Termination::MaxIterations;
    if (k == 9) pt.termination = Termination::Converged;  // claims convergence, gap says no
    model.appendPoint(1, pt);
  }
  plot.flush();
  QCOMPARE(plot.certifiedMarkers()->dataCount(), 7);
  QCOMPARE(plot.uncertifiedMarkers()->dataCount(), 3);
  QCOMPARE(plot.uncertifiedMarkers()->data()->at(0)->key, std::pow(10.0, -0.3 * 7));
  // A new job starts from an empty row.
  model.beginJob(2, data, ModelSpec{}, 10);
  plot.flush();
  QCOMPARE(plot.certifiedMarkers()->dataCount() + plot.uncertifiedMarkers()->dataCount(), 0);
}

void TestConvergenceView::cleanupTestCase() {
  window_->close();
  window_.reset();
  QSettings().clear();
}

QTEST_MAIN(TestConvergenceView)
#include "test_convergence_view.moc"
