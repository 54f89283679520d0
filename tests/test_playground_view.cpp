// GUI test of the optimization playground (offscreen): shipped lessons load and run, the drawn
// iterates are exactly core's, animation, click-to-start, sliders, the prox explorer, presets
// saved and reloaded, and figures exported to SVG, PDF and PNG with and without large fonts.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <cmath>

#include "core/playground/methods.hpp"
#include "core/playground/preset.hpp"
#include "tests/test_support.hpp"
#include "ui/playground/level_set_plot.hpp"
#include "ui/playground/playground_window.hpp"
#include "ui/playground/prox_explorer_view.hpp"
#include "ui/playground/rate_plot.hpp"

using namespace lambdascope;
using namespace lambdascope::playground;
using namespace lambdascope::ui::playground;

namespace {

Preset readPreset(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return parsePreset(f.readAll().toStdString(), path.toStdString());
}

/// The drawn iterates of run i must be core's, bit for bit.
void compareDrawnWithCore(PlaygroundWindow& w, const Preset& preset) {
  const auto problem = makeProblem(preset.problem);
  const Vec2 start = preset.start.value_or(problem->defaultStart());
  // Methods that cannot run on the problem are reported and not drawn; the others in order.
  std::vector<MethodSpec> runnable;
  for (const MethodSpec& m : preset.methods)
    if (incompatibility(*problem, m).empty()) runnable.push_back(m);
  QCOMPARE(w.levelSetPlot()->runCount(), static_cast<int>(runnable.size()));
  for (std::size_t i = 0; i < runnable.size(); ++i) {
    const Trace core = runMethod(*problem, runnable[i], start, preset.iterations);
    QCPCurve* curve = w.levelSetPlot()->runCurve(static_cast<int>(i));
    QVERIFY(curve);
    QCOMPARE(curve->data()->size(), static_cast<int>(core.iterates.size()));
    int k = 0;
    for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it, ++k) {
      QCOMPARE(it->t, double(k));
      QCOMPARE(it->key, core.iterates[static_cast<std::size_t>(k)][0]);
      QCOMPARE(it->value, core.iterates[static_cast<std::size_t>(k)][1]);
    }
    QCPGraph* g = w.ratePlot()->runGraph(static_cast<int>(i));
    QCOMPARE(g->dataCount(), static_cast<int>(core.values.size()));
    for (int j = 0; j < g->dataCount(); ++j) {
      const double gap = core.values[static_cast<std::size_t>(j)] - problem->optimalValue();
      const double drawn = g->data()->at(j)->value;
      if (gap > 0) QCOMPARE(drawn, gap);
      else QVERIFY(std::isnan(drawn));
    }
    QCOMPARE(w.ratePlot()->boundGraph(static_cast<int>(i)) != nullptr, !core.bound.empty());
  }
}

bool looksLike(const QString& path, const QByteArray& magic) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return false;
  const QByteArray head = f.read(4096);
  return f.size() > 1000 && head.contains(magic);
}

}  // namespace

class TestPlaygroundView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void shippedLessonsDrawCoreIterates();
  void animationDrawsAPrefix();
  void clickSetsTheStart();
  void slidersRerun();
  void incompatibleMethodIsReportedNotFatal();
  void proxExplorerFollowsLambda();
  void presetSaveAndReload();
  void exportsSlideQualityFigures();
  void screenshot();

 private:
  QTemporaryDir tmp_;
};

void TestPlaygroundView::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(tmp_.isValid());
  QCOMPARE(PlaygroundWindow::shippedPresets().size(), 6);
}

void TestPlaygroundView::shippedLessonsDrawCoreIterates() {
  PlaygroundWindow w;
  for (const QString& path : PlaygroundWindow::shippedPresets()) {
    QString error;
    QVERIFY2(w.loadPresetFile(path, &error), qPrintable(error));
    QVERIFY2(w.lastError().isEmpty(), qPrintable(path + ": " + w.lastError()));
    const Preset preset = readPreset(path);
    QCOMPARE(w.shownIteration(), preset.iterations);
    compareDrawnWithCore(w, preset);
    QVERIFY(w.levelSetPlot()->contourLineCount() >= preset.view.levels);
    QCOMPARE(w.tabs()->currentIndex(), preset.view.tab == "prox" ? 1 : 0);
  }
  // The same lessons from the source tree (as a teacher's file) give the same picture.
  QString error;
  const QString file = test::sourcePath("resources/presets/ista_fista_lasso.json");
  QVERIFY2(w.loadPresetFile(file, &error), qPrintable(error));
  compareDrawnWithCore(w, readPreset(file));
}

void TestPlaygroundView::animationDrawsAPrefix() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/momentum.json", &error));
  w.setShownIteration(3);
  for (int i = 0; i < w.levelSetPlot()->runCount(); ++i) QCOMPARE(w.levelSetPlot()->runCurve(i)->data()->size(), 4);
  Preset p = w.preset();
  p.iterations = 8;
  w.setPreset(p);
  w.setShownIteration(0);
  w.play();
  QVERIFY(w.isPlaying());
  QTRY_VERIFY_WITH_TIMEOUT(!w.isPlaying(), 10000);
  QCOMPARE(w.shownIteration(), 8);
  QCOMPARE(w.levelSetPlot()->runCurve(0)->data()->size(), 9);
}

void TestPlaygroundView::clickSetsTheStart() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/gd_condition_number.json", &error));
  w.resize(1200, 800);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  LevelSetPlot* plot = w.levelSetPlot();
  plot->replot();
  const QPoint pixel(static_cast<int>(plot->xAxis->coordToPixel(0.8)), static_cast<int>(plot->yAxis->coordToPixel(-0.6)));
  QSignalSpy spy(&w, &PlaygroundWindow::recomputed);
  QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, pixel);
  QVERIFY(spy.wait(5000));
  const Vec2 start = w.runs().front().iterates.front();
  QVERIFY(std::abs(start[0] - 0.8) < 0.02);
  QVERIFY(std::abs(start[1] + 0.6) < 0.02);
  QCOMPARE(*w.preset().start, start);
  compareDrawnWithCore(w, w.preset());
}

void TestPlaygroundView::slidersRerun() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/gd_condition_number.json", &error));
  auto* condition = w.findChild<QSlider*>("conditionSlider");
  QVERIFY(condition);
  QSignalSpy spy(&w, &PlaygroundWindow::recomputed);
  condition->setValue(200);  // K = 100
  QVERIFY(spy.wait(5000));
  QCOMPARE(w.preset().problem.condition, 100.0);
  QCOMPARE(*w.problem()->lipschitz(), 100.0);
  compareDrawnWithCore(w, w.preset());
  // The step slider of the selected method (auto off) changes its run.
  auto* step = w.findChild<QSlider*>("stepSlider");
  auto* box = w.findChild<QComboBox*>("problemBox");
  QVERIFY(step && box);
  box->setCurrentText("lasso2d");
  QVERIFY(spy.wait(5000));
  QCOMPARE(w.preset().problem.name, std::string("lasso2d"));
  QVERIFY(w.lastError().contains("gd-armijo"));  // needs a differentiable objective
  compareDrawnWithCore(w, w.preset());
  // Fixing the step of the selected (first) method reruns it with that step.
  auto* autoStep = w.findChild<QCheckBox*>("autoStepBox");
  QVERIFY(autoStep && autoStep->isChecked());
  QVERIFY(!w.preset().methods.front().step);
  autoStep->setChecked(false);
  step->setValue(-150);  // s = 10^-1.5
  QVERIFY(spy.wait(5000));
  QCOMPARE(*w.preset().methods.front().step, std::pow(10.0, -1.5));
  QCOMPARE(w.runs().front().step, std::pow(10.0, -1.5));
  compareDrawnWithCore(w, w.preset());
}

void TestPlaygroundView::incompatibleMethodIsReportedNotFatal() {
  PlaygroundWindow w;
  Preset p;
  p.problem.name = "lasso2d";
  MethodSpec newton, fista;
  newton.method = "newton";
  fista.method = "fista";
  p.methods = {newton, fista};
  p.iterations = 20;
  w.setPreset(p);
  QVERIFY(w.lastError().contains("newton"));
  QCOMPARE(w.runs().size(), std::size_t(1));
  QCOMPARE(w.runs().front().method, std::string("fista"));
}

void TestPlaygroundView::proxExplorerFollowsLambda() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/prox_operators.json", &error));
  ProxExplorerView* prox = w.proxExplorer();
  QCOMPARE(prox->settings().params.lambda, 1.0);
  prox->lambdaSlider()->setValue(50);
  QCOMPARE(prox->settings().params.lambda, 0.5);
  QCOMPARE(w.preset().prox->params.lambda, 0.5);
  // Graph 0 is the identity; graph 1 soft thresholding with λ = 0.5.
  QCPGraph* soft = prox->proxPlot()->graph(1);
  for (int i = 0; i < soft->dataCount(); ++i) {
    const double v = soft->data()->at(i)->key;
    QCOMPARE(soft->data()->at(i)->value, std::abs(v) <= 0.5 ? 0.0 : v - std::copysign(0.5, v));
  }
}

void TestPlaygroundView::presetSaveAndReload() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/sgd_svrg_logistic.json", &error));
  w.setStart(0.5, -1.5);
  w.recompute();
  const QString file = tmp_.filePath("lesson.json");
  QVERIFY2(w.savePresetFile(file, &error), qPrintable(error));
  PlaygroundWindow other;
  QVERIFY2(other.loadPresetFile(file, &error), qPrintable(error));
  QCOMPARE(*other.preset().start, Vec2(0.5, -1.5));
  QCOMPARE(other.runs().size(), w.runs().size());
  for (std::size_t i = 0; i < w.runs().size(); ++i) QCOMPARE(other.runs()[i].iterates, w.runs()[i].iterates);
  // The stochastic runs draw the sampled and the true gradient at the current iterate.
  other.setShownIteration(10);
  QCOMPARE(other.levelSetPlot()->itemCount(), 2 * 3);
  other.setShownIteration(other.preset().iterations);  // no step leaves the last iterate
  QCOMPARE(other.levelSetPlot()->itemCount(), 0);
}

void TestPlaygroundView::exportsSlideQualityFigures() {
  PlaygroundWindow w;
  QString error;
  QVERIFY(w.loadPresetFile(":/presets/ista_fista_lasso.json", &error));
  for (bool large : {false, true}) {
    w.setLargeFonts(large);
    QCOMPARE(w.levelSetPlot()->xAxis->tickLabelFont().pointSizeF() > 12, large);
    const QString tag = large ? "large" : "normal";
    const QString svg = tmp_.filePath("levels-" + tag + ".svg"), pdf = tmp_.filePath("rates-" + tag + ".pdf");
    const QString png = tmp_.filePath("prox-" + tag + ".png");
    QVERIFY2(w.exportFigure(PlaygroundWindow::Figure::LevelSets, svg, &error), qPrintable(error));
    QVERIFY2(w.exportFigure(PlaygroundWindow::Figure::Convergence, pdf, &error), qPrintable(error));
    QVERIFY2(w.exportFigure(PlaygroundWindow::Figure::ProxOperators, png, &error), qPrintable(error));
    QVERIFY(looksLike(svg, "<svg"));
    QVERIFY(looksLike(pdf, "%PDF"));
    QVERIFY(looksLike(png, "PNG"));
    if (large) {
      QImage image(png);
      QCOMPARE(image.size(), QSize(2560, 1600));  // 1280 × 800 at 2×
    }
  }
  const QString json = tmp_.filePath("runs.json");
  QVERIFY(w.exportRunJson(json, &error));
  QVERIFY(looksLike(json, "\"iterates\""));
  QVERIFY(!w.exportFigure(PlaygroundWindow::Figure::LevelSets, tmp_.filePath("x.bmp"), &error));
}

void TestPlaygroundView::screenshot() {
  // The whole window on a lesson, for a look (LAMBDASCOPE_PLAYGROUND_SCREENSHOT names the file;
  // LAMBDASCOPE_PLAYGROUND_LESSON the resource, default the momentum lesson).
  PlaygroundWindow w;
  QString error;
  const QString lesson = qEnvironmentVariable("LAMBDASCOPE_PLAYGROUND_LESSON", ":/presets/momentum.json");
  QVERIFY2(w.loadPresetFile(lesson, &error), qPrintable(error));
  w.resize(1440, 900);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  if (qEnvironmentVariableIsSet("LAMBDASCOPE_PLAYGROUND_K")) w.setShownIteration(qEnvironmentVariableIntValue("LAMBDASCOPE_PLAYGROUND_K"));
  w.levelSetPlot()->flush();
  w.ratePlot()->flush();
  QTest::qWait(50);
  const QImage image = w.grab().toImage();
  QVERIFY(!image.isNull());
  QString path = qEnvironmentVariable("LAMBDASCOPE_PLAYGROUND_SCREENSHOT");
  if (path.isEmpty()) path = tmp_.filePath(QStringLiteral("playground.png"));
  QVERIFY(image.save(path));
  qInfo("playground grabbed to %s", qPrintable(path));
}

QTEST_MAIN(TestPlaygroundView)
#include "test_playground_view.moc"
