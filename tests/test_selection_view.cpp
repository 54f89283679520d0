// The "Choose λ" view offscreen: a small CV and an HPO run through the worker thread; the plots
// hold what the core computed (mean/se per λ, λ_min/λ_1se markers, iterates with tangents,
// baselines), Cancel stops a run, and the window links the tab to the path cursor. `screenshot`
// grabs the window on the tab after a CV and a search (LAMBDASCOPE_SELECTION_SCREENSHOT=out.png;
// run under xvfb-run with QT_QPA_PLATFORM=xcb for a real window).
#include <QtTest>

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>

#include <cmath>

#include "tests/test_support.hpp"
#include "ui/main_window.hpp"
#include "ui/path_model.hpp"
#include "ui/plots/path_plot.hpp"
#include "ui/selection/search_plots.hpp"
#include "ui/selection/selection_view.hpp"
#include "ui/selection/validation_plot.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {
void useDiabetes(SelectionView& view, const std::string& model = "lasso") {
  view.setContextProvider([model](Dataset& data, ModelSpec& spec, PathOptions& grid, QString*) {
    data = test::bundledDiabetes();
    spec.model = model;
    grid.nLambdas = 25;
    return true;
  });
}
}  // namespace

class TestSelectionView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void cvFillsTheCurve();
  void hpoDrawsTheSearch();
  void enetMapAndCancel();
  void windowTabFollowsCursor();
  void screenshot();
};

void TestSelectionView::cvFillsTheCurve() {
  SelectionView view;
  useDiabetes(view);
  view.foldsSpin()->setValue(5);
  QSignalSpy done(&view, &SelectionView::runFinished);
  QSignalSpy picked(&view, &SelectionView::lambdaPicked);
  QVERIFY(view.runCv() > 0);
  QVERIFY(done.wait(60000));
  QCOMPARE(done.first().first().toBool(), false);
  const auto cv = view.lastCv();
  QVERIFY(cv != nullptr);
  ValidationPlot* plot = view.validationPlot();
  plot->flush();
  QCOMPARE(plot->meanGraph()->dataCount(), 25);
  QCOMPARE(plot->errorBars()->dataCount(), 25);
  QCOMPARE(plot->foldDots()->dataCount(), 5 * 25);
  QCOMPARE(plot->completeColumns(), 25);
  // The plotted mean and se are the core's.
  for (int k = 0; k < 25; ++k) {
    const double lambda = cv->lambdas[static_cast<std::size_t>(k)];
    auto it = plot->meanGraph()->data()->findBegin(lambda, false);
    QVERIFY(std::abs(it->key - lambda) <= 1e-12 * lambda);
    QVERIFY(std::abs(it->value - cv->mean[static_cast<std::size_t>(k)]) <= 1e-9 * cv->mean[static_cast<std::size_t>(k)]);
  }
  QVERIFY(plot->minLine()->visible());
  QCOMPARE(plot->minLine()->point1->coords().x(), cv->lambdaMin);
  QCOMPARE(plot->oneSeLine()->point1->coords().x(), cv->lambda1se);
  QCOMPARE(plot->liveIndexMin(), cv->indexMin);
  QCOMPARE(picked.count(), 1);
  QCOMPARE(picked.first().first().toDouble(), cv->lambdaMin);
  QTemporaryDir dir;
  QString error;
  QVERIFY2(view.exportResults(dir.filePath("cv.json"), &error), qPrintable(error));
  QVERIFY(plot->exportTo(dir.filePath("cv.png"), &error));
}

void TestSelectionView::hpoDrawsTheSearch() {
  SelectionView view;
  useDiabetes(view);
  view.modeCombo()->setCurrentIndex(1);
  view.optimizerCombo()->setCurrentText(QStringLiteral("gd"));
  view.maxOuterSpin()->setValue(25);
  QSignalSpy done(&view, &SelectionView::runFinished);
  QVERIFY(view.run() > 0);
  QVERIFY(done.wait(60000));
  QCOMPARE(done.first().first().toBool(), false);
  const auto hpo = view.lastHpo();
  QVERIFY(hpo != nullptr);
  ValidationPlot* plot = view.validationPlot();
  plot->flush();
  QCOMPARE(plot->curveGraph()->dataCount(), 40);  // the grid baseline draws the criterion curve
  QCOMPARE(plot->trajectory()->dataCount(), static_cast<int>(hpo->trajectory.size()));
  QCOMPARE(plot->tangentCount(), static_cast<int>(hpo->trajectory.size()));
  QVERIFY(hpo->trajectory.size() >= 2);
  // The trajectory's points are the optimiser's accepted iterates.
  const auto last = plot->trajectory()->data()->at(plot->trajectory()->dataCount() - 1);
  QVERIFY(std::abs(last->key - std::exp(hpo->trajectory.back().logLambda)) <= 1e-12 * last->key);
  QCOMPARE(last->value, hpo->trajectory.back().value);
  // The search beats (or matches) its grid baseline's best, with fewer inner solves.
  double gridBest = std::numeric_limits<double>::infinity();
  int random = 0;
  for (const auto& [series, step] : view.hpoSteps()) {
    if (series == HpoSeries::Grid) gridBest = std::min(gridBest, step.value);
    random += series == HpoSeries::Random ? 1 : 0;
  }
  QCOMPARE(random, 40);
  QVERIFY(hpo->value <= gridBest * (1.0 + 1e-6));
  QVERIFY(hpo->innerSolves < 40);
  view.comparisonPlot()->flush();
  QVERIFY(view.comparisonPlot()->series(HpoSeries::Optimizer)->dataCount() > 0);
  QCOMPARE(view.comparisonPlot()->series(HpoSeries::Grid)->dataCount(), 40);
  // The y-axis spans the best value up to the search's start, not the grid's λ_max value.
  const QCPRange y = view.comparisonPlot()->yAxis->range();
  const double start = hpo->trajectory.front().value;
  const double best = std::min(hpo->value, gridBest);
  QVERIFY2(y.lower <= best && y.upper >= start && y.upper <= start + 0.1 * (start - best) + 1e-12,
           qPrintable(QStringLiteral("y [%1, %2], best %3, start %4").arg(y.lower).arg(y.upper).arg(best).arg(start)));
}

void TestSelectionView::enetMapAndCancel() {
  SelectionView view;
  useDiabetes(view, "enet");
  view.modeCombo()->setCurrentIndex(1);
  view.maxOuterSpin()->setValue(10);
  QSignalSpy done(&view, &SelectionView::runFinished);
  QVERIFY(view.run() > 0);
  QVERIFY(done.wait(120000));
  QCOMPARE(done.first().first().toBool(), false);
  view.mapPlot()->flush();
  QCOMPARE(view.mapPlot()->cells(), 24 * 12);
  QVERIFY(view.mapPlot()->trajectory()->dataCount() >= 1);
  // Cancel: a long search stops promptly and reports cancelled.
  useDiabetes(view, "lasso");
  view.maxOuterSpin()->setValue(1000);
  view.methodCombo()->setCurrentText(QStringLiteral("reverse"));
  done.clear();
  QVERIFY(view.run() > 0);
  view.cancel();
  QVERIFY(done.wait(30000));
  QCOMPARE(done.first().first().toBool(), true);
  QVERIFY(!view.isRunning());
}

// The main window on the bundled diabetes data with its path computed.
static bool showDiabetesPath(MainWindow& w) {
  w.setInteractive(false);
  w.setDataset(test::bundledDiabetes(), QStringLiteral("diabetes"));
  QSignalSpy finished(&w, &MainWindow::pathFinished);
  return w.runPath() > 0 && finished.wait(30000);
}

void TestSelectionView::windowTabFollowsCursor() {
  MainWindow w;
  QVERIFY(showDiabetesPath(w));
  SelectionView* view = w.selectionView();
  QVERIFY(view != nullptr);
  QVERIFY(w.plotTabs()->indexOf(view) >= 0);
  w.setCursorIndex(10);
  const double lambda = w.pathModel()->points()[10].lambda;
  view->validationPlot()->flush();
  QVERIFY(view->validationPlot()->cursorLine()->visible());
  QCOMPARE(view->validationPlot()->cursorLine()->point1->coords().x(), lambda);
  // A CV run from the tab moves the path cursor to λ_min.
  view->foldsSpin()->setValue(5);
  QSignalSpy done(view, &SelectionView::runFinished);
  QVERIFY(view->runCv() > 0);
  QVERIFY(done.wait(60000));
  const double lambdaMin = view->lastCv()->lambdaMin;
  QVERIFY(std::abs(std::log(w.pathModel()->points()[static_cast<std::size_t>(w.cursorIndex())].lambda / lambdaMin)) < 0.2);
}

void TestSelectionView::screenshot() {
  MainWindow w;
  QVERIFY(showDiabetesPath(w));
  SelectionView* view = w.selectionView();
  w.plotTabs()->setCurrentWidget(view);
  view->foldsSpin()->setValue(10);
  QSignalSpy done(view, &SelectionView::runFinished);
  QVERIFY(view->runCv() > 0);
  QVERIFY(done.wait(60000));
  // Then the hypergradient search (the plot switches to its criterion curve and iterates).
  view->modeCombo()->setCurrentIndex(1);
  view->optimizerCombo()->setCurrentText(QStringLiteral("lbfgs"));
  done.clear();
  QVERIFY(view->run() > 0);
  QVERIFY(done.wait(60000));
  QCOMPARE(done.first().first().toBool(), false);
  w.resize(1440, 900);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.flushPlots();
  view->validationPlot()->flush();
  QTest::qWait(200);
  const QImage image = w.grab().toImage();
  QVERIFY(!image.isNull());
  QTemporaryDir dir;
  QString path = qEnvironmentVariable("LAMBDASCOPE_SELECTION_SCREENSHOT");
  if (path.isEmpty()) path = dir.filePath(QStringLiteral("selection.png"));
  QVERIFY(image.save(path));
  qInfo("window on the Choose λ tab grabbed to %s", qPrintable(path));
}

QTEST_MAIN(TestSelectionView)
#include "test_selection_view.moc"
