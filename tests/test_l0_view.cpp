// The k-sparse view offscreen: a small k-path and a branch-and-bound on diabetes arrive in the
// view's model through the worker thread; certificates hold; Cancel keeps the incumbent with a
// valid gap; plots and results export; the main window has the tab and feeds it the dataset.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>

#include "ui/l0/bnb_plot.hpp"
#include "ui/l0/k_path_plot.hpp"
#include "ui/l0/l0_controller.hpp"
#include "ui/l0/l0_model.hpp"
#include "ui/l0/l0_view.hpp"
#include "ui/l0/support_grid_plot.hpp"
#include "ui/main_window.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;
using namespace lambdascope::ui::l0;

class TestL0View : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void kPathFillsTheModel();
  void bnbCertifiesAndExports();
  void cancelKeepsTheIncumbent();
  void mainWindowHasTheTab();
};

void TestL0View::kPathFillsTheModel() {
  L0View view;
  view.resize(1400, 900);
  view.show();
  view.setDataset(test::bundledDiabetes(), QStringLiteral("diabetes"));
  view.setRidge(5e-4);
  view.setKMax(5);
  view.setBnbSecondsPerK(2.0);
  view.setHoldoutFraction(0.3);
  QSignalSpy finished(&view, &L0View::kPathFinished);
  QSignalSpy errors(&view, &L0View::errorOccurred);
  QVERIFY(view.runKPath() > 0);
  QVERIFY(view.isRunning());
  QVERIFY(finished.wait(120000));
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(errors.count(), 0);
  const L0Model* m = view.model();
  QCOMPARE(static_cast<int>(m->points().size()), 5);
  for (int k = 1; k <= 5; ++k) {
    const auto* pt = m->pointFor(k);
    QVERIFY(pt);
    QVERIFY(pt->certified);
    QVERIFY(pt->lowerBound <= pt->objective);
    QVERIFY(std::isfinite(pt->validationLoss));
    const double jl = m->jaccardAt(k, 0);
    QVERIFY(jl >= 0.0 && jl <= 1.0);
    QVERIFY(std::isfinite(m->jaccardAt(k, 1)));  // MCP for least squares
    if (k > 1) QVERIFY(pt->objective <= m->pointFor(k - 1)->objective);
  }
  QCOMPARE(m->convex().lasso.size(), std::size_t{5});
  // The plots received the data.
  view.flushPlots();
  QCOMPARE(view.kPathPlot()->objectiveGraph()->dataCount(), 5);
  QCOMPARE(view.supportPlot()->cell(0, 3, static_cast<int>(m->pointFor(3)->support.front())), 1.0);
  view.setK(3);
  QVERIFY(view.certificateLabel()->text().contains(QStringLiteral("k = 3")));
  // LAMBDASCOPE_SCREENSHOT_DIR=DIR saves the view (for the README and for eyeballing it).
  if (const QByteArray dir = qgetenv("LAMBDASCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
    QSignalSpy bnbDone(&view, &L0View::bnbFinished);
    QVERIFY(view.runBnb() > 0);
    QVERIFY(bnbDone.wait(60000));
    view.flushPlots();
    QVERIFY(view.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/k-sparse-view.png")));
  }
  QVERIFY(!view.isRunning());
}

void TestL0View::bnbCertifiesAndExports() {
  L0View view;
  view.resize(1400, 900);
  view.show();
  view.setDataset(test::bundledDiabetes(), QStringLiteral("diabetes"));
  view.setRidge(1e-4);
  // A k-path with root bounds only first: branch-and-bound then certifies its k = 4 point.
  view.setKMax(4);
  view.setBnbSecondsPerK(0.0);
  view.setHoldoutFraction(0.0);
  QSignalSpy pathDone(&view, &L0View::kPathFinished);
  QVERIFY(view.runKPath() > 0);
  QVERIFY(pathDone.wait(120000));
  QVERIFY(view.model()->pointFor(4));
  QCOMPARE(view.model()->pointFor(4)->status, std::string("heuristic"));
  view.setK(4);
  QCOMPARE(view.k(), 4);
  QSignalSpy finished(&view, &L0View::bnbFinished);
  QVERIFY(view.runBnb() > 0);
  QVERIFY(finished.wait(120000));
  QCOMPARE(finished.first().first().toBool(), false);
  const auto& r = view.model()->bnbResult();
  QVERIFY(r.has_value());
  QVERIFY(r->certified);
  QCOMPARE(r->status, std::string("optimal"));
  QCOMPARE(static_cast<int>(r->solution.support.size()), 4);
  QVERIFY(!view.model()->trace().empty());
  QVERIFY(view.model()->pointFor(4)->certified);
  QCOMPARE(view.model()->pointFor(4)->support, r->solution.support);
  for (const auto& pr : view.model()->trace()) QVERIFY(pr.lowerBound <= pr.incumbent);
  view.flushPlots();
  QVERIFY(view.bnbPlot()->incumbentGraph()->dataCount() > 0);
  QVERIFY(view.bnbPlot()->titleText().contains(QStringLiteral("certified")));

  QTemporaryDir dir;
  QString error;
  QVERIFY2(view.exportPlots(dir.path(), ui::PlotFormat::Png, &error), qPrintable(error));
  QVERIFY2(view.exportPlots(dir.path(), ui::PlotFormat::Svg, &error), qPrintable(error));
  QVERIFY2(view.exportPlots(dir.path(), ui::PlotFormat::Pdf, &error), qPrintable(error));
  for (const char* name : {"k-path", "k-support-grid", "k-validation", "branch-and-bound"})
    for (const char* ext : {"png", "svg", "pdf"})
      QVERIFY2(QFileInfo(dir.filePath(QStringLiteral("%1.%2").arg(name, ext))).size() > 0, name);
  const QString json = dir.filePath(QStringLiteral("k.json"));
  QVERIFY(view.exportResultsJson(json, &error));
  QFile f(json);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  const QJsonObject bnb = o["branch_and_bound"].toObject();
  QVERIFY(bnb["certified"].toBool());
  QCOMPARE(bnb["support"].toArray().size(), 4);
  QVERIFY(!bnb["trace"].toArray().isEmpty());
  QVERIFY(view.exportBnbCsv(dir.filePath(QStringLiteral("t.csv")), &error));
  QVERIFY(view.exportKPathCsv(dir.filePath(QStringLiteral("k.csv")), &error));
}

void TestL0View::cancelKeepsTheIncumbent() {
  // Tiny ridge, strongly correlated features: branch-and-bound runs long; Cancel stops it.
  L0View view;
  view.setDataset(test::correlatedSynthetic(100, 40, 0.95), QStringLiteral("synthetic"));
  view.setRidge(1e-6);
  view.setKMax(15);
  view.setK(15);
  view.setTimeLimit(600);
  QSignalSpy finished(&view, &L0View::bnbFinished);
  QVERIFY(view.runBnb() > 0);
  // Let branch-and-bound start (progress arrives), then cancel.
  QTRY_VERIFY_WITH_TIMEOUT(!view.model()->trace().empty(), 30000);
  view.cancel();
  QVERIFY(finished.wait(10000));
  const auto& r = view.model()->bnbResult();
  QVERIFY(r.has_value());
  QVERIFY(r->solution.valid());
  QVERIFY(r->lowerBound <= r->objective);
  QVERIFY(std::isfinite(r->gap));
  qInfo("after Cancel: %s, %lld nodes, gap %.3g", r->status.c_str(), r->nodes, r->gap);
  if (r->status != "optimal") {
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(r->status, std::string("cancelled"));
  }
  QVERIFY(!view.isRunning());
}

void TestL0View::mainWindowHasTheTab() {
  ui::MainWindow w;
  w.setInteractive(false);
  w.setDataset(test::bundledDiabetes(), QStringLiteral("diabetes"));
  QTabWidget* tabs = w.plotTabs();
  int found = -1;
  for (int i = 0; i < tabs->count(); ++i)
    if (tabs->tabText(i) == QStringLiteral("k-sparse")) found = i;
  QVERIFY(found >= 0);
  QCOMPARE(tabs->widget(found), static_cast<QWidget*>(w.kSparseView()));
  QVERIFY(w.kSparseView()->hasDataset());
  QCOMPARE(w.kSparseView()->model()->featureNames().size(), 10);
}

QTEST_MAIN(TestL0View)
#include "test_l0_view.moc"
