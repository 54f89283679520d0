// GUI test of the M/EEG window (offscreen): it opens on the bundled real case, computes a short
// α path on its worker thread, the slider shows exactly each path point's active set, a click on
// a source selects it, the butterfly residual is M − G·B, TF-MxNE's |Z| is shown for a source,
// plots and solutions export, sessions round-trip, Cancel stops a long path, and the hypergradient
// search for α is drawn on the SURE curve and its solution shown.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <cmath>

#include "core/meeg/meeg_case.hpp"
#include "tests/test_support.hpp"
#include "ui/meeg/alpha_curves_plot.hpp"
#include "ui/meeg/alpha_support_heatmap.hpp"
#include "ui/meeg/butterfly_plot.hpp"
#include "ui/meeg/glass_brain_view.hpp"
#include "ui/meeg/meeg_window.hpp"
#include "ui/meeg/tf_view.hpp"
#include "ui/meeg/time_course_plot.hpp"

using namespace lambdascope;
using namespace lambdascope::ui::meeg;

namespace {

constexpr int kJobTimeoutMs = 240000;

/// A short path on whatever case the window holds (6 points, 80 → 20 % of α_max).
PathRequest shortPath() {
  PathRequest r;
  r.solver = QStringLiteral("mxne");
  r.nAlphas = 6;
  r.maxPercent = 80.0;
  r.minPercent = 20.0;
  r.tol = 1e-6;
  r.criterion = QStringLiteral("sure");
  return r;
}

bool waitFor(QSignalSpy& spy, int timeoutMs = kJobTimeoutMs) { return spy.count() > 0 || spy.wait(timeoutMs); }

}  // namespace

class TestMeegView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void opensOnTheBundledCase();
  void sliderShowsEachPathPointsActiveSet();
  void clickingASourceSelectsIt();
  void butterflyResidualIsMMinusGB();
  void timeFrequencyViewShowsZ();
  void exportsPlotsAndSolution();
  void sessionRoundTrip();
  void cancelStopsALongPath();
  void hypergradientSearchDrawnOnTheCurve();
  void perSourceSearchAndCancel();
  void auditoryCorticesOnTheSharedCase();
  void screenshot();

 private:
  /// A window on the bundled case with the short path computed.
  std::unique_ptr<MeegWindow> windowWithPath(const QString& casePath = {});

  QTemporaryDir tmp_;
  QString bundled_;
};

void TestMeegView::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(tmp_.isValid());
  bundled_ = MeegWindow::bundledCasePath();
  if (bundled_.isEmpty()) bundled_ = test::sourcePath(QStringLiteral("resources/meeg"));
  qInfo("bundled case: %s", qPrintable(bundled_));
}

std::unique_ptr<MeegWindow> TestMeegView::windowWithPath(const QString& casePath) {
  auto w = std::make_unique<MeegWindow>(nullptr, false);
  w->setAutoRun(false);
  QSignalSpy loaded(w.get(), &MeegWindow::caseLoaded);
  QSignalSpy failed(w.get(), &MeegWindow::loadFailed);
  w->openCase(casePath.isEmpty() ? bundled_ : casePath);
  if (!loaded.wait(60000) && loaded.isEmpty()) {
    qWarning("load failed: %s", failed.isEmpty() ? "timeout" : qPrintable(failed.front().front().toString()));
    return nullptr;
  }
  QSignalSpy finished(w.get(), &MeegWindow::pathFinished);
  w->runPath(shortPath());
  if (!waitFor(finished)) return nullptr;
  return w;
}

void TestMeegView::opensOnTheBundledCase() {
  // The default constructor opens the bundled case and computes its path on its own.
  MeegWindow w;
  QSignalSpy loaded(&w, &MeegWindow::caseLoaded);
  QSignalSpy finished(&w, &MeegWindow::pathFinished);
  QVERIFY2(loaded.wait(60000), "the bundled case did not load");
  const MeegCase* c = w.currentCase();
  QVERIFY(c);
  QVERIFY(c->sources() > 0 && c->sensors() > 0 && c->timePoints() > 0);
  QCOMPARE(w.brainView()->sourceCount(), c->sources());
  QVERIFY2(c->anatomy.has_value(), "the bundled case should carry its cortical meshes");
  QVERIFY(w.brainView()->meshEdgeCount() > 1000);
  w.butterflyPlot()->flush();
  QCOMPARE(w.butterflyPlot()->traceCount(ButterflyPlot::Measured), static_cast<int>(c->sensors()));
  w.cancel();  // the default path is long for a unit test; what was solved stays
  QVERIFY(waitFor(finished));
  QVERIFY(!w.isRunning());
}

void TestMeegView::sliderShowsEachPathPointsActiveSet() {
  auto w = windowWithPath();
  QVERIFY(w);
  const MeegPathModel& model = w->pathModel();
  QCOMPARE(model.size(), 6);
  QVERIFY(w->alphaSlider()->isEnabled());
  // The first α is the largest; the support grows (weakly) along a warm-started MxNE path.
  QVERIFY(model.entries().front().solution.alphaPercent > model.entries().back().solution.alphaPercent);
  QVERIFY(!model.entries().back().solution.activeSet.empty());
  for (int k = 0; k < model.size(); ++k) {
    const MeegSolution& s = model.entries()[static_cast<std::size_t>(k)].solution;
    // Drag the slider to that point's α: the brain draws exactly its active set, nothing re-solved.
    w->alphaSlider()->setValue(w->sliderPosition(s.alphaPercent));
    QCOMPARE(w->selectedPathIndex(), k);
    QCOMPARE(w->brainView()->activeSources(), s.activeSet);
    QCOMPARE(w->brainView()->activeAmplitudes().size(), s.activeSet.size());
    for (std::size_t i = 0; i < s.activeSet.size(); ++i)
      QVERIFY(std::abs(w->brainView()->activeAmplitudes()[i] - s.rows.row(static_cast<Index>(i)).norm()) <= 1e-12 * (1.0 + s.rows.norm()));
    w->alphaCurvesPlot()->flush();
    QVERIFY(std::abs(w->alphaCurvesPlot()->cursorAlphaPercent() - s.alphaPercent) < 1e-9 * s.alphaPercent);
    // The heat map column of this point marks exactly the active sources.
    w->supportHeatmap()->flush();
    const int col = w->supportHeatmap()->columnOf(k);
    QVERIFY(col >= 0);
    const auto& rows = w->supportHeatmap()->rowSources();
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
      const bool active = std::find(s.activeSet.begin(), s.activeSet.end(), rows[static_cast<std::size_t>(r)]) != s.activeSet.end();
      QCOMPARE(w->supportHeatmap()->cell(col, r) > 0.0, active);
    }
  }
  // Between two points the slider snaps to the nearest (in log α).
  const double a0 = model.entries()[1].solution.alphaPercent, a1 = model.entries()[2].solution.alphaPercent;
  w->alphaSlider()->setValue(w->sliderPosition(std::pow(10.0, 0.8 * std::log10(a0) + 0.2 * std::log10(a1))));
  QCOMPARE(w->selectedPathIndex(), 1);
  // The count curve has one point per path point; SURE was computed along the path.
  w->alphaCurvesPlot()->flush();
  QCOMPARE(w->alphaCurvesPlot()->activeCountGraph()->dataCount(), model.size());
  QCOMPARE(w->alphaCurvesPlot()->sureGraph()->dataCount(), model.size());
  QVERIFY(model.sureIndex() >= 0);
  // Keyboard-equivalent stepping.
  w->setSelectedPathIndex(0);
  w->setAlphaPercent(model.entries()[3].solution.alphaPercent * 1.001);
  QCOMPARE(w->selectedPathIndex(), 3);
}

void TestMeegView::clickingASourceSelectsIt() {
  auto w = windowWithPath();
  QVERIFY(w);
  w->resize(1500, 950);
  w->show();
  QVERIFY(QTest::qWaitForWindowExposed(w.get()));
  w->setSelectedPathIndex(w->pathModel().size() - 1);
  GlassBrainView* brain = w->brainView();
  brain->flush();
  const auto active = brain->activeSources();
  QVERIFY(active.size() >= 2);
  // Find an active source that is alone within the pick radius in some projection, and click it.
  bool clicked = false;
  for (Index j : active) {
    if (j == w->selectedSource()) continue;
    for (BrainProjection view : {BrainProjection::Axial, BrainProjection::Coronal, BrainProjection::Sagittal}) {
      const QPointF p = brain->sourcePixel(j, view);
      if (brain->sourceAt(p) != j) continue;
      QTest::mouseClick(brain, Qt::LeftButton, {}, p.toPoint());
      QCOMPARE(w->selectedSource(), brain->sourceAt(QPointF(p.toPoint())));
      QCOMPARE(brain->selectedSource(), w->selectedSource());
      // The time course plot shows that source's row of B.
      const MeegSolution* s = w->currentSolution();
      const Index r = s->rowOf(w->selectedSource());
      QVERIFY(r >= 0);
      const Vec& course = w->timeCoursePlot()->selectedCourse();
      QCOMPARE(course.size(), s->rows.cols());
      QVERIFY((course.transpose() - s->rows.row(r)).norm() <= 1e-12 * (1.0 + course.norm()));
      clicked = true;
      break;
    }
    if (clicked) break;
  }
  QVERIFY2(clicked, "no active source could be clicked alone");
  // A click far from any source keeps the selection.
  const Index before = w->selectedSource();
  QTest::mouseClick(brain, Qt::LeftButton, {}, QPoint(2, 2));
  QCOMPARE(w->selectedSource(), before);
}

void TestMeegView::butterflyResidualIsMMinusGB() {
  auto w = windowWithPath();
  QVERIFY(w);
  const MeegCase& c = *w->currentCase();
  for (int k : {0, w->pathModel().size() / 2, w->pathModel().size() - 1}) {
    w->setSelectedPathIndex(k);
    const MeegSolution& s = w->pathModel().entries()[static_cast<std::size_t>(k)].solution;
    // G·B from the dense B, independently of the views' G[:, A]·B_A.
    Mat B = Mat::Zero(c.sources(), c.timePoints());
    for (std::size_t i = 0; i < s.activeSet.size(); ++i) B.row(s.activeSet[i]) = s.rows.row(static_cast<Index>(i));
    const Mat R = c.M - c.G * B;
    const ButterflyPlot* b = w->butterflyPlot();
    QVERIFY((b->residual() - R).norm() <= 1e-10 * c.M.norm());
    QVERIFY((b->predicted() - c.G * B).norm() <= 1e-10 * c.M.norm());
    const double ev = 1.0 - R.squaredNorm() / c.M.squaredNorm();
    QVERIFY(std::abs(b->explainedVariance() - ev) < 1e-12);
    QVERIFY(std::abs(w->pathModel().entries()[static_cast<std::size_t>(k)].explained - ev) < 1e-12);
    QVERIFY(ev > 0.0 && ev < 1.0);
  }
  // Smaller α explains more of the data.
  QVERIFY(w->pathModel().entries().back().explained > w->pathModel().entries().front().explained);
}

void TestMeegView::timeFrequencyViewShowsZ() {
  auto w = std::make_unique<MeegWindow>(nullptr, false);
  w->setAutoRun(false);
  QSignalSpy loaded(w.get(), &MeegWindow::caseLoaded);
  w->openCase(bundled_);
  QVERIFY(loaded.wait(60000));
  QSignalSpy done(w.get(), &MeegWindow::tfFinished);
  TfRequest r;
  r.alphaPercent = 40.0;
  r.l1Ratio = 0.05;
  r.wsize = 16;
  r.tstep = 4;
  r.tol = 1e-4;
  w->runTf(r);
  QVERIFY(waitFor(done));
  const auto summary = done.front().front().value<MeegJobSummary>();
  QVERIFY2(!summary.failed, qPrintable(summary.error));
  QVERIFY(w->tfResult().has_value());
  const TfSolution& tf = *w->tfResult();
  QVERIFY(!tf.solution.activeSet.empty());
  QVERIFY(w->showsTf());
  QCOMPARE(w->brainView()->activeSources(), tf.solution.activeSet);
  QCOMPARE(tf.nFreqs, 16 / 2 + 1);
  // The selected source (the strongest) is TF-active: its |Z| image is |activeZ| reshaped.
  const Index j = w->selectedSource();
  const Index row = tf.solution.rowOf(j);
  QVERIFY(row >= 0);
  const Mat& mag = w->tfView()->magnitude();
  QCOMPARE(mag.rows(), static_cast<Index>(tf.nFreqs));
  QCOMPARE(mag.cols(), static_cast<Index>(tf.nSteps));
  for (int f = 0; f < tf.nFreqs; ++f)
    for (int s = 0; s < tf.nSteps; ++s)
      QCOMPARE(mag(f, s), std::abs(tf.activeZ(row, static_cast<Index>(f) * tf.nSteps + s)));
  w->tfView()->flush();
  QCOMPARE(w->tfView()->colorMap()->data()->keySize(), tf.nSteps);
  QCOMPARE(w->tfView()->colorMap()->data()->valueSize(), tf.nFreqs);
  // Time axis in s, frequency in Hz.
  const MeegCase& c = *w->currentCase();
  QVERIFY(std::abs(w->tfView()->colorMap()->data()->valueRange().upper - (tf.nFreqs - 1) * c.sfreq / 16) < 1e-9);
}

void TestMeegView::exportsPlotsAndSolution() {
  auto w = windowWithPath();
  QVERIFY(w);
  w->setSelectedPathIndex(3);
  using F = MeegWindow::Figure;
  for (F f : {F::Brain, F::Butterfly, F::TimeCourse, F::SupportHeatmap, F::AlphaCurves, F::TimeFrequency})
    for (const char* ext : {"png", "svg", "pdf"}) {
      const QString path = tmp_.filePath(QStringLiteral("fig%1.%2").arg(static_cast<int>(f)).arg(QLatin1String(ext)));
      QString error;
      QVERIFY2(w->exportFigure(f, path, &error), qPrintable(error));
      QVERIFY(QFileInfo(path).size() > 500);
    }
  const QString json = tmp_.filePath(QStringLiteral("solution.json"));
  QString error;
  QVERIFY2(w->exportSolutionJson(json, &error), qPrintable(error));
  QFile f(json);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  for (const char* key : {"solver", "alpha", "alpha_max", "alpha_percent", "active_set", "time_courses", "objective",
                          "duality_gap", "n_iter", "seconds"})
    QVERIFY2(o.contains(QLatin1String(key)), key);
  const MeegSolution& s = w->pathModel().entries()[3].solution;
  QCOMPARE(o.value("solver").toString(), QStringLiteral("mxne"));
  QCOMPARE(o.value("alpha").toDouble(), s.alpha);
  QCOMPARE(o.value("alpha_max").toDouble(), w->currentCase()->alphaMax);
  QCOMPARE(o.value("active_set").toArray().size(), static_cast<qsizetype>(s.activeSet.size()));
  QCOMPARE(o.value("time_courses").toArray().first().toArray().size(), static_cast<qsizetype>(w->currentCase()->timePoints()));
  QCOMPARE(o.value("time_courses").toArray().first().toArray().first().toDouble(), s.rows(0, 0));
  const QString csv = tmp_.filePath(QStringLiteral("solution.csv"));
  QVERIFY2(w->exportSolutionCsv(csv, &error), qPrintable(error));
  QFile g(csv);
  QVERIFY(g.open(QIODevice::ReadOnly | QIODevice::Text));
  const QStringList lines = QString::fromUtf8(g.readAll()).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 3 + static_cast<int>(s.activeSet.size()));
  QCOMPARE(lines[3].split(',').front().toLongLong(), static_cast<qint64>(s.activeSet.front()));
  QCOMPARE(lines[3].split(',').size(), 1 + static_cast<int>(w->currentCase()->timePoints()));
}

void TestMeegView::sessionRoundTrip() {
  auto w = windowWithPath();
  QVERIFY(w);
  w->setSelectedPathIndex(2);
  const QJsonObject state = w->saveSessionState();
  QCOMPARE(w->sessionKey(), QStringLiteral("meeg"));
  MeegWindow other(nullptr, false);
  QString error;
  QVERIFY2(other.restoreSessionState(QJsonDocument::fromJson(QJsonDocument(state).toJson()).object(), &error),
           qPrintable(error));
  QCOMPARE(other.pathModel().size(), w->pathModel().size());
  QCOMPARE(other.selectedPathIndex(), 2);
  QCOMPARE(other.pathModel().sureIndex(), w->pathModel().sureIndex());
  QCOMPARE(other.brainView()->activeSources(), w->brainView()->activeSources());
  QCOMPARE(other.selectedSource(), w->selectedSource());
  QVERIFY((other.butterflyPlot()->residual() - w->butterflyPlot()->residual()).norm() <= 1e-12 * w->currentCase()->M.norm());
  QVERIFY(!other.isRunning());  // restoring does not recompute
  QJsonObject newer = state;
  newer.insert(QStringLiteral("version"), 99);
  QVERIFY(!other.restoreSessionState(newer, &error));
  QVERIFY(error.contains(QStringLiteral("meeg")));
}

void TestMeegView::cancelStopsALongPath() {
  MeegWindow w(nullptr, false);
  w.setAutoRun(false);
  QSignalSpy loaded(&w, &MeegWindow::caseLoaded);
  w.openCase(bundled_);
  QVERIFY(loaded.wait(60000));
  QSignalSpy finished(&w, &MeegWindow::pathFinished);
  PathRequest r;
  r.solver = QStringLiteral("irmxne");
  r.nAlphas = 200;
  r.maxPercent = 95.0;
  r.minPercent = 1.0;
  r.nReweight = 50;
  r.tol = 1e-12;
  w.runPath(r);
  QVERIFY(w.isRunning());
  QTRY_VERIFY_WITH_TIMEOUT(w.pathModel().size() >= 1, 60000);
  QElapsedTimer timer;
  timer.start();
  w.cancel();
  QVERIFY(waitFor(finished, 30000));
  qInfo("cancel took %lld ms after %d points", timer.elapsed(), w.pathModel().size());
  const auto summary = finished.front().front().value<MeegJobSummary>();
  QVERIFY(summary.cancelled);
  QVERIFY(w.pathModel().size() < 200);
  QVERIFY(!w.isRunning());
  QVERIFY(!w.progressBar()->isVisible());
  // The points solved before Cancel are still browsable.
  w.setSelectedPathIndex(0);
  QCOMPARE(w.brainView()->activeSources(), w.pathModel().entries().front().solution.activeSet);
}

void TestMeegView::hypergradientSearchDrawnOnTheCurve() {
  auto w = windowWithPath();
  QVERIFY(w);
  const MeegPathModel& model = w->pathModel();
  // Start at the path's largest α, where SURE is far from its minimum.
  w->setSelectedPathIndex(0);
  TuneRequest request = w->tuneRequest();
  QCOMPARE(request.criterion, QStringLiteral("sure"));
  QCOMPARE(request.initPercent, model.entries().front().solution.alphaPercent);
  request.maxOuter = 15;
  request.tol = 1e-8;
  QSignalSpy done(w.get(), &MeegWindow::tuneFinished);
  w->runTune(request);
  QVERIFY(w->isRunning());
  QVERIFY(waitFor(done));
  const auto summary = done.front().front().value<MeegJobSummary>();
  QVERIFY2(!summary.failed, qPrintable(summary.error));
  QVERIFY(!summary.cancelled);
  QVERIFY(w->tuneResult().has_value());
  const TuneResult& t = *w->tuneResult();
  QVERIFY(t.valid);
  QVERIFY(t.steps.size() >= 2);
  // The search lowers SURE from its start and ends no worse than the best point of the path grid
  // it started on (SURE's minimum over 6 α from 80 to 20 %), up to the probe's rounding.
  QVERIFY(t.value < t.steps.front().value);
  double gridBest = std::numeric_limits<double>::infinity();
  for (const PathEntry& e : model.entries()) gridBest = std::min(gridBest, e.sure);
  QVERIFY2(t.value <= gridBest + 1e-6 * std::abs(gridBest), qPrintable(QStringLiteral("tuned %1, grid %2").arg(t.value).arg(gridBest)));
  // Drawn on the curve: one point per accepted evaluation, one tangent per accepted gradient.
  int accepted = 0, withGradient = 0;
  for (const TuneStep& s : t.steps) {
    accepted += s.accepted ? 1 : 0;
    withGradient += s.accepted && std::isfinite(s.gradLogAlpha) ? 1 : 0;
  }
  w->alphaCurvesPlot()->flush();
  QCOMPARE(w->alphaCurvesPlot()->tuningGraph()->dataCount(), accepted);
  QCOMPARE(w->alphaCurvesPlot()->tuningGraph()->dataCount() + w->alphaCurvesPlot()->tuningRejectedGraph()->dataCount(),
           static_cast<int>(t.steps.size()));
  QCOMPARE(w->alphaCurvesPlot()->tangentCount(), withGradient);
  // The tuned solution is shown, and it is MxNE at the tuned α: its gap is within the threshold.
  QVERIFY(w->showsTuned());
  QCOMPARE(w->currentSolution(), &t.solution);
  QCOMPARE(w->brainView()->activeSources(), t.solution.activeSet);
  QVERIFY(!t.solution.activeSet.empty());
  const MeegCase& c = *w->currentCase();
  QVERIFY(t.solution.dualityGap <= request.tol * c.M.squaredNorm() * (1.0 + 1e-9));
  // Its residual is M − G·B of that solution.
  Mat GB = Mat::Zero(c.M.rows(), c.M.cols());
  for (std::size_t i = 0; i < t.solution.activeSet.size(); ++i)
    GB += c.G.col(t.solution.activeSet[i]) * t.solution.rows.row(static_cast<Index>(i));
  QVERIFY((w->butterflyPlot()->residual() - (c.M - GB)).norm() <= 1e-9 * c.M.norm());
  // Moving the slider goes back to the path; the box brings the tuned solution back.
  w->setSelectedPathIndex(2);
  QVERIFY(!w->showsTuned());
  QCOMPARE(w->brainView()->activeSources(), model.entries()[2].solution.activeSet);
  w->setShowTuned(true);
  QCOMPARE(w->brainView()->activeSources(), t.solution.activeSet);
  // Sessions keep the search and the tuned solution, restored without recomputing.
  const QJsonObject state = w->saveSessionState();
  MeegWindow other(nullptr, false);
  QString error;
  QVERIFY2(other.restoreSessionState(QJsonDocument::fromJson(QJsonDocument(state).toJson()).object(), &error),
           qPrintable(error));
  QVERIFY(other.tuneResult().has_value());
  QCOMPARE(other.tuneResult()->steps.size(), t.steps.size());
  QCOMPARE(other.tuneResult()->value, t.value);
  QVERIFY(other.showsTuned());
  QCOMPARE(other.brainView()->activeSources(), t.solution.activeSet);
  QVERIFY(!other.isRunning());
}

void TestMeegView::perSourceSearchAndCancel() {
  auto w = std::make_unique<MeegWindow>(nullptr, false);
  w->setAutoRun(false);
  QSignalSpy loaded(w.get(), &MeegWindow::caseLoaded);
  w->openCase(bundled_);
  QVERIFY(loaded.wait(60000));
  // One α per source from 40 %: a few outer steps, each a gradient with one entry per source.
  TuneRequest r;
  r.perSource = true;
  r.initPercent = 40.0;
  r.maxOuter = 4;
  r.tol = 1e-8;
  QSignalSpy done(w.get(), &MeegWindow::tuneFinished);
  w->runTune(r);
  QVERIFY(waitFor(done));
  auto summary = done.front().front().value<MeegJobSummary>();
  QVERIFY2(!summary.failed, qPrintable(summary.error));
  const TuneResult& t = *w->tuneResult();
  QVERIFY(t.valid);
  QCOMPARE(static_cast<Index>(t.alphasPercent.size()), w->currentCase()->sources());
  QVERIFY(t.value <= t.steps.front().value);
  // The sources' levels moved apart from their common start.
  const auto [lo, hi] = std::minmax_element(t.alphasPercent.begin(), t.alphasPercent.end());
  QVERIFY(*hi > *lo);
  QCOMPARE(w->brainView()->activeSources(), t.solution.activeSet);

  // Cancel mid-search: the window stops within seconds and keeps the previous tuned result.
  done.clear();
  r.perSource = false;
  r.optimizer = QStringLiteral("gd");
  r.maxOuter = 500;
  r.tol = 1e-14;
  w->runTune(r);
  QTRY_VERIFY_WITH_TIMEOUT(w->alphaCurvesPlot()->tuning().size() >= 1, 60000);
  QElapsedTimer timer;
  timer.start();
  w->cancel();
  QVERIFY(waitFor(done, 30000));
  qInfo("hypergradient search cancelled %lld ms after the request", timer.elapsed());
  summary = done.front().front().value<MeegJobSummary>();
  QVERIFY(summary.cancelled);
  QVERIFY(!w->isRunning());
  QVERIFY(!w->progressBar()->isVisible());
  QVERIFY(w->tuneResult().has_value() && w->tuneResult()->valid);
  QCOMPARE(w->tuneResult()->request.perSource, true);
}

void TestMeegView::auditoryCorticesOnTheSharedCase() {
  // Physiology through the window: at 40 % of α_max on the full case (left-ear tone), the
  // strongest active source of each hemisphere lies near that hemisphere's auditory cortex.
  LAMBDASCOPE_REQUIRE_SHARED(npz, QStringLiteral("meeg/sample_la_meg/sample_la_meg.npz"));
  MeegWindow w(nullptr, false);
  w.setAutoRun(false);
  QSignalSpy loaded(&w, &MeegWindow::caseLoaded);
  w.openCase(npz);
  QVERIFY(loaded.wait(60000));
  QSignalSpy finished(&w, &MeegWindow::pathFinished);
  PathRequest r = shortPath();
  r.nAlphas = 3;
  r.maxPercent = 60.0;
  r.minPercent = 40.0 * 40.0 / 60.0;  // geometric grid 60, 40, 26.7 %: 40 % is a grid point
  w.runPath(r);
  QVERIFY(waitFor(finished));
  w.setAlphaPercent(40.0);
  const MeegSolution* s = w.currentSolution();
  QVERIFY(s && std::abs(s->alphaPercent - 40.0) < 1e-6);
  const MeegCase& c = *w.currentCase();
  const std::array<Eigen::Vector3d, 2> auditory{Eigen::Vector3d(-58, -20, 24), Eigen::Vector3d(56, -16, 37)};
  for (int hemi = 0; hemi < 2; ++hemi) {
    Index best = -1;
    double bestNorm = 0.0;
    for (std::size_t k = 0; k < s->activeSet.size(); ++k) {
      const Index j = s->activeSet[k];
      if (c.hemisphere[static_cast<std::size_t>(j)] != hemi) continue;
      const double n = s->rows.row(static_cast<Index>(k)).norm();
      if (n > bestNorm) {
        bestNorm = n;
        best = j;
      }
    }
    QVERIFY2(best >= 0, hemi == 0 ? "no active lh source" : "no active rh source");
    const Eigen::Vector3d pos = 1000.0 * c.sourcePositions.row(best).transpose();
    const double d = (pos - auditory[static_cast<std::size_t>(hemi)]).norm();
    qInfo("%s strongest source #%lld at (%.1f, %.1f, %.1f) mm, %.1f mm from the auditory reference",
          hemi == 0 ? "lh" : "rh", static_cast<long long>(best), pos.x(), pos.y(), pos.z(), d);
    QVERIFY(d < 30.0);
  }
}

void TestMeegView::screenshot() {
  // The whole window, for a look: LAMBDASCOPE_MEEG_SCREENSHOT names the file (default: a
  // temporary one), LAMBDASCOPE_MEEG_CASE the case (default: bundled), LAMBDASCOPE_MEEG_ALPHA
  // the α in % to show (default: SURE's choice).
  const QString casePath = qEnvironmentVariable("LAMBDASCOPE_MEEG_CASE", bundled_);
  auto w = std::make_unique<MeegWindow>(nullptr, false);
  w->setAutoRun(false);
  QSignalSpy loaded(w.get(), &MeegWindow::caseLoaded);
  w->openCase(casePath);
  QVERIFY(loaded.wait(60000));
  QSignalSpy finished(w.get(), &MeegWindow::pathFinished);
  PathRequest r;
  r.nAlphas = qEnvironmentVariableIntValue("LAMBDASCOPE_MEEG_POINTS") > 1 ? qEnvironmentVariableIntValue("LAMBDASCOPE_MEEG_POINTS") : 15;
  r.maxPercent = 90.0;
  r.minPercent = 10.0;
  w->runPath(r);
  QVERIFY(waitFor(finished));
  if (qEnvironmentVariableIsSet("LAMBDASCOPE_MEEG_TF")) {
    QSignalSpy tf(w.get(), &MeegWindow::tfFinished);
    w->runTf();
    QVERIFY(waitFor(tf));
    w->setShowTf(false);
  }
  if (qEnvironmentVariableIsSet("LAMBDASCOPE_MEEG_TUNE")) {
    // LAMBDASCOPE_MEEG_TUNE=sure|holdout[,persource]: the hypergradient search from the first α.
    const QString spec = qEnvironmentVariable("LAMBDASCOPE_MEEG_TUNE");
    w->setSelectedPathIndex(0);
    TuneRequest t = w->tuneRequest();
    t.criterion = spec.startsWith(QStringLiteral("holdout")) ? QStringLiteral("holdout") : QStringLiteral("sure");
    t.perSource = spec.contains(QStringLiteral("persource"));
    QSignalSpy tuned(w.get(), &MeegWindow::tuneFinished);
    w->runTune(t);
    QVERIFY(waitFor(tuned));
    qInfo("tuned: %s", qPrintable(w->statusText()));
  }
  if (qEnvironmentVariableIsSet("LAMBDASCOPE_MEEG_ALPHA")) w->setAlphaPercent(qEnvironmentVariable("LAMBDASCOPE_MEEG_ALPHA").toDouble());
  w->resize(1600, 1000);
  w->show();
  QVERIFY(QTest::qWaitForWindowExposed(w.get()));
  QTest::qWait(100);
  for (auto* plot : {static_cast<ui::PlotWidget*>(w->brainView()), static_cast<ui::PlotWidget*>(w->butterflyPlot()),
                     static_cast<ui::PlotWidget*>(w->timeCoursePlot()), static_cast<ui::PlotWidget*>(w->supportHeatmap()),
                     static_cast<ui::PlotWidget*>(w->alphaCurvesPlot()), static_cast<ui::PlotWidget*>(w->tfView())})
    plot->flush();
  QTest::qWait(100);
  // What one slider step costs on this case: re-select, update every view, redraw the brain.
  QElapsedTimer timer;
  timer.start();
  const int steps = w->pathModel().size();
  const int keep = w->selectedPathIndex();
  for (int k = 0; k < steps; ++k) {
    w->setSelectedPathIndex(k);
    w->brainView()->flush();
    w->butterflyPlot()->flush();
  }
  qInfo("%d α steps (views updated, brain and butterfly redrawn): %.1f ms per step", steps,
        static_cast<double>(timer.elapsed()) / std::max(steps, 1));
  w->setSelectedPathIndex(keep);
  if (w->tuneResult()) w->setShowTuned(true);
  for (auto* plot : {static_cast<ui::PlotWidget*>(w->brainView()), static_cast<ui::PlotWidget*>(w->butterflyPlot())}) plot->flush();
  const QImage image = w->grab().toImage();
  QVERIFY(!image.isNull());
  QString path = qEnvironmentVariable("LAMBDASCOPE_MEEG_SCREENSHOT");
  if (path.isEmpty()) path = tmp_.filePath(QStringLiteral("meeg.png"));
  QVERIFY(image.save(path));
  qInfo("M/EEG window grabbed to %s", qPrintable(path));
}

QTEST_MAIN(TestMeegView)
#include "test_meeg_view.moc"
