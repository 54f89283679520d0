// GUI test of the main window (offscreen): load, live path, cursor, cancel, restart, load
// errors, export and settings. One window is shared by the cases, which run in order.

#include <QApplication>
#include <QDialogButtonBox>
#include <QListWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "tests/test_support.hpp"
#include "ui/dataset_panel.hpp"
#include "ui/job_controller.hpp"
#include "ui/main_window.hpp"
#include "ui/model_panel.hpp"
#include "ui/path_model.hpp"
#include "ui/plots/coefficient_bar_plot.hpp"
#include "ui/plots/path_plot.hpp"
#include "ui/plots/support_plot.hpp"
#include "ui/settings_keys.hpp"
#include "ui/targets_dialog.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {

constexpr int kRunTimeoutMs = 30000;

/// Correlated Gaussian design (n × p) with a sparse truth: slow enough at tol 1e-12 and 500 λ
/// that cancelling mid-run is certain to interrupt it.
Dataset slowDataset(Index n = 2000, Index p = 300) {
  return test::correlatedSynthetic(n, p, 0.8);
}

void writeFile(const QString& path, const QByteArray& content) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(content);
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void opensBundledDataset();
  void runsFullPath();
  void cursorUpdatesBarChartAndInfo();
  void mouseDragMovesCursor();
  void keyboardStepsCursor();
  void cancelKeepsConsistentPartialPath();
  void runWhileRunningRestarts();
  void loadErrorKeepsPreviousDataset();
  void libsvmZeroBasedOption();
  void multitaskTargets();
  void exportsPlots_data();
  void exportsPlots();
  void exportsPathJsonAndCsv();
  void dropOpensFileAndRemembersIt();
  void settingsPersist();
  void cleanupTestCase();

 private:
  void setModel(int nLambdas, double ratio, double tol);
  void runAndWait(int expectedPoints);
  void useBundled();

  std::unique_ptr<MainWindow> window_;
  QTemporaryDir tmp_;
};

void TestMainWindow::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);  // QSettings go to ~/.qttest, not the user's
  QCoreApplication::setOrganizationName(QStringLiteral("Lambdascope"));
  QCoreApplication::setApplicationName(QStringLiteral("LambdascopeTest"));
  QSettings().clear();
  QVERIFY(tmp_.isValid());
  tmp_.setAutoRemove(qEnvironmentVariableIsEmpty("LAMBDASCOPE_KEEP_TEST_FILES"));
  qInfo("temporary files in %s", qPrintable(tmp_.path()));
  window_ = std::make_unique<MainWindow>();
  window_->setInteractive(false);
  window_->resize(1280, 820);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestMainWindow::setModel(int nLambdas, double ratio, double tol) {
  ModelSettings s;
  s.nLambdas = nLambdas;
  s.lambdaMinRatio = ratio;
  s.tol = tol;
  window_->modelPanel()->setSettings(s);
}

void TestMainWindow::runAndWait(int expectedPoints) {
  QSignalSpy finished(window_.get(), &MainWindow::pathFinished);
  QVERIFY(window_->runPath() != 0);
  QVERIFY(window_->isRunning());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kRunTimeoutMs);
  QCOMPARE(finished.first().first().toBool(), false);
  QVERIFY(!window_->isRunning());
  QCOMPARE(window_->pathModel()->state(), PathModel::State::Finished);
  QCOMPARE(window_->pathModel()->pointCount(), expectedPoints);
}

void TestMainWindow::useBundled() {
  if (window_->datasetName() == MainWindow::kBundledDatasetName) return;
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openBundledDataset();
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
}

void TestMainWindow::opensBundledDataset() {
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openBundledDataset();
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QVERIFY(window_->hasDataset());
  QCOMPARE(window_->datasetName(), MainWindow::kBundledDatasetName);
  QCOMPARE(window_->dataset()->samples(), Index{442});
  QCOMPARE(window_->dataset()->features(), Index{10});
  QCOMPARE(window_->windowTitle(), QStringLiteral("Lambdascope — diabetes.csv (bundled)"));
  QCOMPARE(window_->datasetPanel()->shapeText(), QStringLiteral("442 × 10"));
  // The preview reads the dataset: target first, then the features.
  const QAbstractItemModel* preview = window_->datasetPanel()->table()->model();
  QCOMPARE(preview->columnCount(), 11);
  QCOMPARE(preview->headerData(0, Qt::Horizontal).toString(), QStringLiteral("y"));
  QCOMPARE(preview->headerData(1, Qt::Horizontal).toString(), QStringLiteral("age"));
  QCOMPARE(preview->data(preview->index(0, 0), Qt::ToolTipRole).toDouble(), 151.0);
  // Same data as the file on disk.
  const Dataset disk = test::bundledDiabetes();
  QCOMPARE(window_->dataset()->target(), disk.target());
}

void TestMainWindow::runsFullPath() {
  useBundled();
  setModel(100, 1e-3, 1e-6);
  runAndWait(100);
  window_->flushPlots();

  PathPlot* plot = window_->pathPlot();
  const PathModel* model = window_->pathModel();
  QCOMPARE(plot->graphCount(), 10);
  for (Index j = 0; j < 10; ++j) {
    QCPGraph* g = plot->curve(j);
    QVERIFY(g);
    QCOMPARE(g->name(), QString::fromStdString(window_->dataset()->featureNames()[std::size_t(j)]));
    QCOMPARE(g->dataCount(), 100);
  }
  // Curve values are the path's coefficients (keys are λ).
  for (int k : {0, 37, 99}) {
    const PathPoint& pt = model->points()[std::size_t(k)];
    QCOMPARE(pt.index, Index(k));
    const Vec beta = pt.denseCoefficients(10);
    for (Index j = 0; j < 10; ++j) {
      auto it = plot->curve(j)->data()->findBegin(pt.lambda, false);
      QCOMPARE(it->key, pt.lambda);
      QCOMPARE(it->value, beta[j]);
    }
  }
  // At λ_max the solution is w = 0 (up to rounding in the solver's soft-threshold).
  double largest = 0.0;
  for (const PathPoint& pt : model->points())
    for (double v : pt.values) largest = std::max(largest, std::abs(v));
  for (double v : model->points().front().values) QVERIFY(std::abs(v) <= 1e-9 * largest);
  // Top axis: support sizes at a few λ (glmnet's convention).
  auto ticker = plot->xAxis2->ticker().dynamicCast<QCPAxisTickerText>();
  QVERIFY(ticker);
  QVERIFY(ticker->ticks().size() >= 5);
  QCOMPARE(ticker->ticks().value(model->points().back().lambda),
           QString::number(model->points().back().support.size()));
  // Heat map: one column per λ, one row per feature, signs of the coefficients.
  SupportPlot* support = window_->supportPlot();
  support->flush();
  QCOMPARE(support->colorMap()->data()->keySize(), 100);
  QCOMPARE(support->colorMap()->data()->valueSize(), 10);
  const PathPoint& last = model->points().back();
  for (std::size_t s = 0; s < last.support.size(); ++s)
    QCOMPARE(support->cell(99, int(last.support[s])), last.values[s] > 0 ? 1.0 : -1.0);
  QCOMPARE(support->cell(0, 0), 0.0);
  // UI back to idle; progress shows everything.
  QVERIFY(window_->modelPanel()->runButton()->isEnabled());
  QVERIFY(!window_->modelPanel()->cancelButton()->isEnabled());
  QCOMPARE(window_->modelPanel()->progressBar()->value(), 100);
  QCOMPARE(window_->modelPanel()->progressBar()->maximum(), 100);
  QVERIFY(window_->modelPanel()->statusLabel()->text().startsWith(QStringLiteral("Done")));
}

void TestMainWindow::cursorUpdatesBarChartAndInfo() {
  const PathModel* model = window_->pathModel();
  QCOMPARE(model->pointCount(), 100);
  CoefficientBarPlot* bars = window_->barPlot();

  window_->setCursorIndex(20);
  QCOMPARE(window_->cursorIndex(), 20);
  const std::vector<double> at20 = bars->barValues();
  const Vec beta20 = model->points()[20].denseCoefficients(10);
  QCOMPARE(at20.size(), std::size_t{10});
  for (Index j = 0; j < 10; ++j) QCOMPARE(at20[std::size_t(j)], beta20[j]);
  QCOMPARE(bars->barLabels().front(), QStringLiteral("age"));
  QCOMPARE(bars->barLabels().back(), QStringLiteral("s6"));

  window_->setCursorIndex(80);
  const std::vector<double> at80 = bars->barValues();
  const Vec beta80 = model->points()[80].denseCoefficients(10);
  for (Index j = 0; j < 10; ++j) QCOMPARE(at80[std::size_t(j)], beta80[j]);
  QVERIFY(at20 != at80);

  const QString info = window_->cursorInfoLabel()->text();
  QVERIFY(info.contains(QStringLiteral("support size")));
  QVERIFY(info.contains(QString::number(model->points()[80].support.size())));
  QVERIFY(info.contains(QStringLiteral("duality gap")));
  QVERIFY(info.contains(QStringLiteral("certified")));
  // The cursor line sits at that λ.
  QCOMPARE(window_->pathPlot()->cursorLine()->point1->key(), model->points()[80].lambda);
  window_->flushPlots();
}

void TestMainWindow::mouseDragMovesCursor() {
  window_->plotTabs()->setCurrentWidget(window_->pathPlot());
  PathPlot* plot = window_->pathPlot();
  plot->replot();
  const int y = plot->axisRect()->rect().center().y();
  const QPoint from(int(std::lround(plot->pixelForIndex(30))), y);
  const QPoint to(int(std::lround(plot->pixelForIndex(70))), y);
  QVERIFY(plot->axisRect()->rect().contains(from));
  QVERIFY(plot->axisRect()->rect().contains(to));

  QSignalSpy moved(plot, &PathPlot::cursorIndexChanged);
  QMouseEvent press(QEvent::MouseButtonPress, from, plot->mapToGlobal(from), Qt::LeftButton,
                    Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(plot, &press);
  QCOMPARE(window_->cursorIndex(), 30);
  const std::vector<double> before = window_->barPlot()->barValues();
  // Drag in a few steps, as a real mouse does.
  for (int i = 1; i <= 4; ++i) {
    const QPoint p(from.x() + (to.x() - from.x()) * i / 4, y);
    QMouseEvent move(QEvent::MouseMove, p, plot->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
  }
  QMouseEvent release(QEvent::MouseButtonRelease, to, plot->mapToGlobal(to), Qt::LeftButton,
                      Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(plot, &release);
  QCOMPARE(window_->cursorIndex(), 70);
  QVERIFY(moved.count() >= 2);
  const std::vector<double> after = window_->barPlot()->barValues();
  QVERIFY(before != after);
  const Vec beta = window_->pathModel()->points()[70].denseCoefficients(10);
  for (Index j = 0; j < 10; ++j) QCOMPARE(after[std::size_t(j)], beta[j]);
  // Moving without the button pressed does not move the cursor.
  QMouseEvent hover(QEvent::MouseMove, from, plot->mapToGlobal(from), Qt::NoButton,
                    Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(plot, &hover);
  QCOMPARE(window_->cursorIndex(), 70);
}

void TestMainWindow::keyboardStepsCursor() {
  PathPlot* plot = window_->pathPlot();
  window_->setCursorIndex(50);
  QTest::keyClick(plot, Qt::Key_Right);
  QCOMPARE(window_->cursorIndex(), 51);
  QTest::keyClick(plot, Qt::Key_Left);
  QTest::keyClick(plot, Qt::Key_Left);
  QCOMPARE(window_->cursorIndex(), 49);
  QTest::keyClick(plot, Qt::Key_Home);
  QCOMPARE(window_->cursorIndex(), 0);
  QTest::keyClick(plot, Qt::Key_Left);  // clamped
  QCOMPARE(window_->cursorIndex(), 0);
  QTest::keyClick(plot, Qt::Key_End);
  QCOMPARE(window_->cursorIndex(), 99);
  const Vec beta = window_->pathModel()->points()[99].denseCoefficients(10);
  QCOMPARE(window_->barPlot()->barValues()[0], beta[0]);
}

void TestMainWindow::cancelKeepsConsistentPartialPath() {
  window_->setDataset(slowDataset(), QStringLiteral("synthetic (test)"));
  QCOMPARE(window_->windowTitle(), QStringLiteral("Lambdascope — synthetic (test)"));
  setModel(500, 1e-4, 1e-12);

  JobController* jobs = window_->jobController();
  QSignalSpy received(jobs, &JobController::pathPointReady);
  QSignalSpy finished(jobs, &JobController::jobFinished);
  QElapsedTimer clock;
  qint64 cancelledAt = -1;
  qint64 finishedAt = -1;
  // The context dies with this function: the lambda writes to its locals and must not outlive them.
  QObject scope;
  connect(jobs, &JobController::jobFinished, &scope, [&] { finishedAt = clock.elapsed(); });

  const int replotsBefore = window_->pathPlot()->throttle()->updateCount();
  clock.start();
  const quint64 id = window_->runPath();
  QVERIFY(id != 0);
  // Plots fill in while the job runs.
  QTRY_VERIFY_WITH_TIMEOUT(window_->pathPlot()->plottedPoints() >= 3, kRunTimeoutMs);
  QVERIFY2(window_->isRunning(), "the slow job finished before it could be cancelled");
  QVERIFY(window_->modelPanel()->cancelButton()->isEnabled());
  // Redraws are throttled: at most one per 40 ms (plus the first).
  const int replots = window_->pathPlot()->throttle()->updateCount() - replotsBefore;
  QVERIFY2(replots <= clock.elapsed() / PlotThrottle::kDefaultIntervalMs + 2,
           qPrintable(QStringLiteral("%1 replots in %2 ms").arg(replots).arg(clock.elapsed())));

  cancelledAt = clock.elapsed();
  window_->cancelPath();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
  const qint64 reaction = finishedAt - cancelledAt;
  qInfo("cancel → jobFinished delivered in %lld ms (%d points kept)", reaction,
        window_->pathModel()->pointCount());
  // A release-build claim: under ASan on the shared 2-core machine it took 753 ms.
  QVERIFY2(reaction < 500 * test::kTimeBudgetScale, qPrintable(QStringLiteral("cancel took %1 ms").arg(reaction)));

  const auto summary = finished.first().at(1).value<PathJobSummary>();
  QCOMPARE(finished.first().at(0).toULongLong(), id);
  QVERIFY(summary.cancelled);
  QVERIFY(!summary.failed);
  const PathModel* model = window_->pathModel();
  QCOMPARE(model->state(), PathModel::State::Cancelled);
  QVERIFY(!window_->isRunning());
  // Every point received was kept, in grid order, and the summary agrees.
  const int n = model->pointCount();
  QVERIFY(n >= 3 && n < 500);
  QCOMPARE(received.count(), n);
  QCOMPARE(summary.points, n);
  for (int k = 0; k < n; ++k) {
    QCOMPARE(model->points()[std::size_t(k)].index, Index(k));
    QCOMPARE(model->points()[std::size_t(k)].lambda, model->lambdas()[std::size_t(k)]);
  }
  window_->flushPlots();
  PathPlot* plot = window_->pathPlot();
  QCOMPARE(plot->plottedPoints(), n);
  QVERIFY(plot->graphCount() > 0);
  for (int g = 0; g < plot->graphCount(); ++g) QCOMPARE(plot->graph(g)->dataCount(), n);
  // Idle UI.
  QVERIFY(!window_->modelPanel()->cancelButton()->isEnabled());
  QCOMPARE(window_->modelPanel()->runButton()->text(), QStringLiteral("Run"));
  QCOMPARE(window_->modelPanel()->progressBar()->value(), n);
  QVERIFY(window_->modelPanel()->statusLabel()->text().startsWith(QStringLiteral("Cancelled")));
  QVERIFY(window_->cursorIndex() >= 0 && window_->cursorIndex() < n);

  // And it runs again.
  setModel(20, 0.1, 1e-4);
  runAndWait(20);
}

void TestMainWindow::runWhileRunningRestarts() {
  setModel(500, 1e-4, 1e-12);  // still the slow synthetic data
  JobController* jobs = window_->jobController();
  QSignalSpy finished(jobs, &JobController::jobFinished);
  const quint64 first = window_->runPath();
  QTRY_VERIFY_WITH_TIMEOUT(window_->pathModel()->pointCount() >= 1, kRunTimeoutMs);
  QVERIFY(window_->isRunning());

  setModel(25, 0.05, 1e-5);
  const quint64 second = window_->runPath();  // cancels the first, starts the second
  QVERIFY(second > first);
  QCOMPARE(window_->pathModel()->jobId(), second);
  QCOMPARE(window_->pathModel()->pointCount(), 0);
  QTRY_VERIFY_WITH_TIMEOUT(!window_->isRunning(), kRunTimeoutMs);
  // Only the current job reports; the superseded one is ignored entirely.
  QCOMPARE(finished.count(), 1);
  QCOMPARE(finished.first().at(0).toULongLong(), second);
  QCOMPARE(window_->pathModel()->state(), PathModel::State::Finished);
  QCOMPARE(window_->pathModel()->pointCount(), 25);
  window_->flushPlots();
  for (int g = 0; g < window_->pathPlot()->graphCount(); ++g)
    QCOMPARE(window_->pathPlot()->graph(g)->dataCount(), 25);
}

void TestMainWindow::loadErrorKeepsPreviousDataset() {
  useBundled();
  const QString before = window_->datasetName();
  const QString bad = tmp_.filePath(QStringLiteral("malformed.csv"));
  writeFile(bad, "a,b,y\n1,2,3\n4,oops,6\n");

  QSignalSpy errors(window_.get(), &MainWindow::errorOccurred);
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openFile(bad);
  QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 10000);
  const QString message = errors.first().first().toString();
  qInfo("load error reported as: %s", qPrintable(message));
  QVERIFY(message.contains(QStringLiteral("malformed.csv")));
  QVERIFY(message.contains(QStringLiteral(":3:")));  // line 3
  QCOMPARE(loaded.count(), 0);
  QCOMPARE(window_->datasetName(), before);
  QCOMPARE(window_->dataset()->samples(), Index{442});
  QCOMPARE(window_->datasetPanel()->shapeText(), QStringLiteral("442 × 10"));
  QVERIFY(!window_->recentFiles().contains(bad));

  window_->openFile(tmp_.filePath(QStringLiteral("does-not-exist.csv")));
  QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 10000);
  QCOMPARE(window_->datasetName(), before);
}

void TestMainWindow::libsvmZeroBasedOption() {
  const QString file = tmp_.filePath(QStringLiteral("tiny.libsvm"));
  writeFile(file, "1 0:1.5 2:3\n-1 1:2\n0.5 0:1 1:1 2:1\n");
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->datasetPanel()->setZeroBasedIndices(true);
  window_->openFile(file);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(window_->dataset()->samples(), Index{3});
  QCOMPARE(window_->dataset()->features(), Index{3});
  QCOMPARE(window_->datasetName(), QStringLiteral("tiny.libsvm"));
  window_->datasetPanel()->setZeroBasedIndices(false);
  useBundled();
}

void TestMainWindow::multitaskTargets() {
  // The targets dialog: one or several checked columns, never all of them.
  {
    TargetsDialog dialog({"a", "b", "y1", "y2"}, {"y2"});
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("targetsList"));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(list && ok);
    QCOMPARE(dialog.targets(), QStringList{QStringLiteral("y2")});
    QVERIFY(ok->isEnabled());
    list->item(2)->setCheckState(Qt::Checked);
    QCOMPARE(dialog.targets(), (QStringList{QStringLiteral("y1"), QStringLiteral("y2")}));
    list->item(0)->setCheckState(Qt::Checked);
    list->item(1)->setCheckState(Qt::Checked);
    QVERIFY(!ok->isEnabled());  // no feature left
    for (int i = 0; i < 4; ++i) list->item(i)->setCheckState(Qt::Unchecked);
    QVERIFY(!ok->isEnabled());  // no target
  }
  // Reloading a CSV with three targets selects the multitask model and plots row norms.
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  window_->openFile(test::sourcePath(QStringLiteral("tests/fixtures/linnerud.csv")));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(window_->dataset()->tasks(), Index{1});
  QVERIFY(window_->reloadWithTargets({QStringLiteral("Weight"), QStringLiteral("Waist"), QStringLiteral("Pulse")}));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
  QCOMPARE(window_->dataset()->tasks(), Index{3});
  QCOMPARE(window_->dataset()->features(), Index{3});
  QCOMPARE(window_->modelPanel()->settings().model, QStringLiteral("mtl"));
  ModelSettings s = window_->modelPanel()->settings();
  s.nLambdas = 30;
  window_->modelPanel()->setSettings(s);
  runAndWait(30);
  QCOMPARE(window_->pathModel()->pointCount(), 30);
  const PathPoint last = window_->pathModel()->points().back();  // a copy: reloads clear the model
  QCOMPARE(last.tasks, Index(3));
  QCOMPARE(last.intercepts.size(), std::size_t{3});
  QVERIFY(last.certified());
  QVERIFY(window_->pathPlot()->yAxis->label().contains(QStringLiteral("row norm")));
  // The plotted value of a feature is its row norm.
  const Vec norms = last.denseCoefficients(3);
  QVERIFY(!last.support.empty());
  const Index j = last.support.front();
  const double expected = std::sqrt(last.values[0] * last.values[0] + last.values[1] * last.values[1] +
                                    last.values[2] * last.values[2]);
  QVERIFY(std::abs(norms[j] - expected) <= 1e-12 * expected);
  QVERIFY(std::abs(window_->pathModel()->coefficient(29, j) - expected) <= 1e-12 * expected);
  // One target again: back to a single-task dataset (mtl still applies).
  QVERIFY(window_->reloadWithTargets({QStringLiteral("Pulse")}));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 10000);
  QCOMPARE(window_->dataset()->tasks(), Index{1});
  QCOMPARE(window_->dataset()->targetName(), std::string("Pulse"));
  setModel(100, 1e-3, 1e-6);
  useBundled();
}

void TestMainWindow::exportsPlots_data() {
  QTest::addColumn<QString>("plot");
  QTest::addColumn<QString>("extension");
  for (const char* plot : {"path", "bars", "support"})
    for (const char* ext : {"png", "svg", "pdf"})
      QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(plot, ext))) << plot << ext;
}

void TestMainWindow::exportsPlots() {
  QFETCH(QString, plot);
  QFETCH(QString, extension);
  if (window_->pathModel()->pointCount() != 100 ||
      window_->datasetName() != MainWindow::kBundledDatasetName) {
    useBundled();
    setModel(100, 1e-3, 1e-6);
    runAndWait(100);
  }
  window_->setCursorIndex(60);
  PlotWidget* widget = plot == QLatin1String("path")   ? static_cast<PlotWidget*>(window_->pathPlot())
                       : plot == QLatin1String("bars") ? static_cast<PlotWidget*>(window_->barPlot())
                                                       : static_cast<PlotWidget*>(window_->supportPlot());
  const QString path = tmp_.filePath(QStringLiteral("%1.%2").arg(plot, extension));
  QString error;
  QVERIFY2(window_->exportPlot(widget, path, &error), qPrintable(error));
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  QVERIFY(bytes.size() > 1000);
  if (extension == QLatin1String("png")) {
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 100);
  } else if (extension == QLatin1String("svg")) {
    QVERIFY(bytes.contains("<svg"));
  } else {
    QVERIFY(bytes.startsWith("%PDF"));
  }
  QVERIFY(!window_->exportPlot(widget, tmp_.filePath(QStringLiteral("x.bmp")), &error));
  QVERIFY(!error.isEmpty());
}

void TestMainWindow::exportsPathJsonAndCsv() {
  const PathModel* model = window_->pathModel();
  QCOMPARE(model->pointCount(), 100);
  QString error;
  const QString json = tmp_.filePath(QStringLiteral("path.json"));
  QVERIFY2(window_->exportPathJson(json, &error), qPrintable(error));
  QFile jf(json);
  QVERIFY(jf.open(QIODevice::ReadOnly));
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(jf.readAll(), &parseError);
  QVERIFY2(!doc.isNull(), qPrintable(parseError.errorString()));
  QCOMPARE(doc.object().value(QStringLiteral("path")).toArray().size(), 100);
  QCOMPARE(doc.object().value(QStringLiteral("n_features")).toInt(), 10);

  const QString csv = tmp_.filePath(QStringLiteral("path.csv"));
  QVERIFY2(window_->exportPathCsv(csv, &error), qPrintable(error));
  QFile cf(csv);
  QVERIFY(cf.open(QIODevice::ReadOnly | QIODevice::Text));
  const QList<QByteArray> lines = cf.readAll().trimmed().split('\n');
  QCOMPARE(lines.size(), 101);  // header + one row per λ
  QVERIFY(lines.front().contains("age"));
}

void TestMainWindow::dropOpensFileAndRemembersIt() {
  const QString file = test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"));
  QSignalSpy loaded(window_.get(), &MainWindow::datasetLoaded);
  auto* mime = new QMimeData;
  mime->setUrls({QUrl::fromLocalFile(file)});
  const QPointF pos(window_->width() / 2.0, window_->height() / 2.0);
  QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, mime, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(window_.get(), &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(pos, Qt::CopyAction, mime, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(window_.get(), &drop);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(window_->datasetName(), QStringLiteral("diabetes.csv"));
  QCOMPARE(window_->windowTitle(), QStringLiteral("Lambdascope — diabetes.csv"));
  QCOMPARE(window_->recentFiles().value(0), QFileInfo(file).absoluteFilePath());
  delete mime;
}

void TestMainWindow::settingsPersist() {
  ModelSettings s;
  s.nLambdas = 73;
  s.lambdaMinRatio = 5e-3;
  s.tol = 1e-8;
  s.fitIntercept = false;
  s.standardize = true;
  s.useExplicitLambdas = true;
  s.explicitLambdas = QStringLiteral("10, 1, 0.1");
  window_->modelPanel()->setSettings(s);
  window_->close();  // closeEvent saves settings and stops the worker
  QSettings settings;
  QVERIFY(settings.contains(keys::kGeometry));
  QCOMPARE(settings.value(keys::kNLambdas).toInt(), 73);

  MainWindow second;
  const ModelSettings r = second.modelPanel()->settings();
  QCOMPARE(r.nLambdas, 73);
  QCOMPARE(r.lambdaMinRatio, 5e-3);
  QCOMPARE(r.tol, 1e-8);
  QCOMPARE(r.fitIntercept, false);
  QCOMPARE(r.standardize, true);
  QCOMPARE(r.useExplicitLambdas, true);
  QCOMPARE(r.explicitLambdas, QStringLiteral("10, 1, 0.1"));
  QVERIFY(!second.recentFiles().isEmpty());
  // The explicit list is what a run would use.
  ModelSpec spec;
  PathOptions options;
  QString error;
  QVERIFY2(second.modelPanel()->buildRequest(spec, options, &error), qPrintable(error));
  QCOMPARE(options.lambdas, (std::vector<double>{10.0, 1.0, 0.1}));
  QVERIFY(!spec.preprocessing.fitIntercept);
  QVERIFY(spec.preprocessing.standardize);
}

void TestMainWindow::cleanupTestCase() {
  window_.reset();
  QSettings().clear();
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
