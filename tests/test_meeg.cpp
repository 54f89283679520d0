// MxNE / irMxNE / the α path / FDMC-SURE and hold-out on real MEG data, against MNE-Python 1.3's
// own solvers (tests/fixtures/make_meeg_fixtures.py mne): the bundled reduced case
// (resources/meeg) always, the full shared case when ../shared/data is present. Duality gaps are
// recomputed independently; the physiology of the README is checked at 40 % of α_max.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

#include "core/meeg/irmxne.hpp"
#include "core/meeg/meeg_case.hpp"
#include "core/meeg/meeg_path.hpp"
#include "core/meeg/meeg_selection.hpp"
#include "core/meeg/mxne.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

QJsonObject readJson(const QString& relative) {
  QFile f(test::sourcePath(relative));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(relative));
  return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<Index> indices(const QJsonArray& a) {
  std::vector<Index> out;
  for (const auto v : a) out.push_back(v.toInt());
  return out;
}

QString show(const std::vector<Index>& v) {
  QStringList s;
  for (Index i : v) s << QString::number(i);
  return s.join(',');
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

const MeegCase& bundledCase() {
  static const MeegCase c = loadMeegCase(test::sourcePath(QStringLiteral("resources/meeg/sample_la_meg_small.npz")).toStdString());
  return c;
}

// Our solutions against one MNE fixture file.
void compareWithMne(const MeegCase& c, const QJsonObject& fx) {
  QVERIFY(rel(c.alphaMax, fx["alpha_max"].toDouble()) < 1e-12);
  const MxneProblem problem(c.G, c.M);
  NullObserver none;
  const double threshold = 1e-9;  // absolute gap (MNE's fixtures: 1e-10; ours is floored at 1e-13·‖M‖²)
  for (const auto v : fx["mxne"].toArray()) {
    const QJsonObject pt = v.toObject();
    MxneOptions o;
    o.alpha = pt["alpha"].toDouble();
    o.gapThreshold = threshold;
    const MxneResult r = problem.solve(o, nullptr, none);
    const auto label = QStringLiteral("MxNE %1%").arg(pt["alpha_percent"].toDouble());
    QVERIFY2(r.termination == Termination::Converged, qPrintable(label));
    QVERIFY2(r.activeSet == indices(pt["support"].toArray()),
             qPrintable(label + ": ours " + show(r.activeSet) + " MNE " + show(indices(pt["support"].toArray()))));
    QVERIFY2(rel(r.objective, pt["objective"].toDouble()) < 1e-9,
             qPrintable(label + QStringLiteral(": ours %1 MNE %2").arg(r.objective, 0, 'g', 17).arg(pt["objective"].toDouble(), 0, 'g', 17)));
    // The gap, recomputed from B alone (residual rescaled into the dual ball).
    const MxneCertificate cert = mxneCertificate(c.G, c.M, r.B, o.alpha);
    QVERIFY(rel(cert.primal, r.objective) < 1e-12);
    QVERIFY2(cert.gap() <= 10 * std::max(threshold, kMxneGapFloor * c.M.squaredNorm()),
             qPrintable(label + QStringLiteral(" gap %1").arg(cert.gap())));
    // Row norms of B (MNE's X / c).
    const QJsonArray norms = pt["row_norms"].toArray();
    for (std::size_t a = 0; a < r.activeSet.size(); ++a) {
      const double mine = r.activeRows.row(static_cast<Index>(a)).norm();
      const double peer = norms[static_cast<int>(a)].toDouble();
      QVERIFY2(std::abs(mine - peer) <= 1e-5 * (1.0 + peer), qPrintable(label + QStringLiteral(" row %1: %2 vs %3").arg(a).arg(mine).arg(peer)));
    }
  }
  for (const auto v : fx["irmxne"].toArray()) {
    const QJsonObject pt = v.toObject();
    IrMxneOptions o;
    o.alpha = pt["alpha"].toDouble();
    o.weightScale = c.alphaMax / 100.0;
    o.nReweight = pt["n_reweight"].toInt();
    o.gapThreshold = threshold;
    o.tol = threshold;
    const IrMxneResult r = solveIrMxne(problem, o, none);
    const auto label = QStringLiteral("irMxNE %1%").arg(pt["alpha_percent"].toDouble());
    QVERIFY2(r.activeSet == indices(pt["support"].toArray()),
             qPrintable(label + ": ours " + show(r.activeSet) + " MNE " + show(indices(pt["support"].toArray()))));
    const QJsonArray stages = pt["stage_objectives"].toArray();
    // The change tests differ (MNE 1e-10, here 1e-9): the number of stages may differ by one.
    QVERIFY2(std::abs(static_cast<int>(r.stages.size()) - stages.size()) <= 1,
             qPrintable(label + QStringLiteral(": %1 stages vs %2").arg(r.stages.size()).arg(stages.size())));
    const auto common = std::min<std::size_t>(r.stages.size(), static_cast<std::size_t>(stages.size()));
    for (std::size_t k = 0; k < common; ++k)
      QVERIFY2(rel(r.stages[k].objective, stages[static_cast<int>(k)].toDouble()) < 1e-6,
               qPrintable(label + QStringLiteral(" stage %1: ours %2 MNE %3").arg(k).arg(r.stages[k].objective, 0, 'g', 17)
                                      .arg(stages[static_cast<int>(k)].toDouble(), 0, 'g', 17)));
    QVERIFY(rel(r.objective, irMxneObjective(c.G, c.M, r.B, o.alpha, o.weightScale)) < 1e-12);
    const QJsonArray norms = pt["row_norms"].toArray();
    for (std::size_t a = 0; a < r.activeSet.size(); ++a) {
      const double mine = r.activeRows.row(static_cast<Index>(a)).norm();
      const double peer = norms[static_cast<int>(a)].toDouble();
      QVERIFY2(std::abs(mine - peer) <= 1e-4 * (1.0 + peer), qPrintable(label + QStringLiteral(" row %1: %2 vs %3").arg(a).arg(mine).arg(peer)));
    }
  }
}

void compareSureWithMne(const MeegCase& c, const QJsonObject& fx) {
  const QJsonObject sure = fx["sure"].toObject();
  MeegPathOptions o;
  for (const auto v : sure["path"].toArray()) o.percents.push_back(v.toObject()["alpha_percent"].toDouble());
  o.sureSeed = static_cast<unsigned>(sure["seed"].toInt());
  o.tol = 1e-9 / c.M.squaredNorm();
  o.computeSure = true;
  NullObserver none;
  const MeegPath path = computeMeegPath(c, o, none);
  QCOMPARE(path.points.size(), o.percents.size());
  const QJsonArray peer = sure["path"].toArray();
  for (std::size_t k = 0; k < path.points.size(); ++k) {
    const QJsonObject pk = peer[static_cast<int>(k)].toObject();
    const MeegPathPoint& mine = path.points[k];
    // The dof term divides solver differences by ε ≈ 0.36: agree to 1e-6 of the data scale.
    QVERIFY2(std::abs(mine.sure - pk["sure"].toDouble()) <= 1e-6 * c.M.squaredNorm(),
             qPrintable(QStringLiteral("%1%: SURE ours %2 MNE %3, dof %4 vs %5").arg(mine.alphaPercent)
                            .arg(mine.sure, 0, 'g', 12).arg(pk["sure"].toDouble(), 0, 'g', 12)
                            .arg(mine.sureDof, 0, 'g', 12).arg(pk["dof"].toDouble(), 0, 'g', 12)));
  }
  QVERIFY(path.selected.has_value());
  QVERIFY2(rel(path.points[*path.selected].alphaPercent, sure["best_alpha_percent"].toDouble()) < 1e-12,
           qPrintable(QStringLiteral("SURE picks %1%, MNE %2%").arg(path.points[*path.selected].alphaPercent)
                          .arg(sure["best_alpha_percent"].toDouble())));
}

// README §5: at 40 % of α_max the strongest sources sit near the auditory cortices and peak
// around 80–110 ms.
void checkPhysiology(const MeegCase& c) {
  const MxneProblem problem(c.G, c.M);
  MxneOptions o;
  o.alpha = 0.4 * c.alphaMax;
  o.gapThreshold = 1e-8 * c.M.squaredNorm();
  NullObserver none;
  const MxneResult r = problem.solve(o, nullptr, none);
  const Eigen::RowVector3d auditory[2] = {{-0.058, -0.020, 0.024}, {0.056, -0.016, 0.037}};  // lh, rh (m)
  for (int h = 0; h < 2; ++h) {
    Index best = -1;
    double bestNorm = 0.0;
    for (std::size_t a = 0; a < r.activeSet.size(); ++a) {
      const Index j = r.activeSet[a];
      if (c.hemisphere[static_cast<std::size_t>(j)] != h) continue;
      const double norm = r.activeRows.row(static_cast<Index>(a)).norm();
      if (norm > bestNorm) bestNorm = norm, best = static_cast<Index>(a);
    }
    QVERIFY2(best >= 0, h ? "no right-hemisphere source" : "no left-hemisphere source");
    const double dist = (c.sourcePositions.row(r.activeSet[static_cast<std::size_t>(best)]) - auditory[h]).norm();
    QVERIFY2(dist < 0.02, qPrintable(QStringLiteral("hemisphere %1: strongest source %2 mm from the auditory cortex").arg(h).arg(dist * 1000)));
  }
  // The power of the sources within 2 cm of either auditory point peaks in the N100m window.
  Vec power = Vec::Zero(c.timePoints());
  for (std::size_t a = 0; a < r.activeSet.size(); ++a) {
    const Index j = r.activeSet[a];
    const int h = c.hemisphere[static_cast<std::size_t>(j)];
    if ((c.sourcePositions.row(j) - auditory[h]).norm() < 0.02)
      power += r.activeRows.row(static_cast<Index>(a)).transpose().cwiseAbs2();
  }
  Index peak = 0;
  power.maxCoeff(&peak);
  QVERIFY2(c.times[peak] >= 0.08 && c.times[peak] <= 0.11, qPrintable(QStringLiteral("peak at %1 s").arg(c.times[peak])));
}

}  // namespace

class TestMeeg : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void numpyProbe();
  void bundledCaseLoads();
  void matchesMneOnBundledCase();
  void matchesMneOnSharedCase();
  void sureMatchesMneOnBundledCase();
  void sureMatchesMneOnSharedCase();
  void pathWarmStartsEqualColdSolves();
  void irMxneDecreasesItsObjective();
  void holdoutIsAScore();
  void physiologyBundled();
  void physiologyShared();
  void stopTokenStopsThePath();
  void rejectsBadOptions();
};

void TestMeeg::numpyProbe() {
  const QJsonObject all = readJson(QStringLiteral("tests/fixtures/meeg_npy_expected.json"))["arrays"].toObject();
  for (const auto& [key, seed] : {std::pair{"randn_seed42", 42u}, std::pair{"randn_seed7", 7u}}) {
    const QJsonObject e = all[QLatin1String(key)].toObject();
    const QJsonArray shape = e["shape"].toArray();
    const Mat mine = numpyLegacyRandn(seed, shape[0].toInt(), shape[1].toInt());
    const QJsonArray values = e["values"].toArray();  // C order
    for (Index i = 0; i < mine.rows(); ++i)
      for (Index j = 0; j < mine.cols(); ++j)
        QCOMPARE(mine(i, j), values[static_cast<int>(i * mine.cols() + j)].toDouble());
  }
}

void TestMeeg::bundledCaseLoads() {
  const MeegCase& c = bundledCase();
  QCOMPARE(c.sensors(), Index(305));
  QCOMPARE(c.timePoints(), Index(61));
  QVERIFY(c.sources() > 500 && c.sources() < 800);
  QVERIFY(c.anatomy.has_value());
  QCOMPARE(c.anatomy->lh.vertices.rows(), Index(1026));
  QCOMPARE(static_cast<Index>(c.hemisphere.size()), c.sources());
  QVERIFY(c.fileAlphaMax.has_value());
}

void TestMeeg::matchesMneOnBundledCase() {
  compareWithMne(bundledCase(), readJson(QStringLiteral("tests/fixtures/meeg_mne_bundled.json")));
}

void TestMeeg::matchesMneOnSharedCase() {
  LAMBDASCOPE_REQUIRE_SHARED(file, QStringLiteral("meeg/sample_la_meg/sample_la_meg.npz"));
  compareWithMne(loadMeegCase(file.toStdString()), readJson(QStringLiteral("tests/fixtures/meeg_mne_sample_la_meg.json")));
}

void TestMeeg::sureMatchesMneOnBundledCase() {
  compareSureWithMne(bundledCase(), readJson(QStringLiteral("tests/fixtures/meeg_mne_bundled.json")));
}

void TestMeeg::sureMatchesMneOnSharedCase() {
  LAMBDASCOPE_REQUIRE_SHARED(file, QStringLiteral("meeg/sample_la_meg/sample_la_meg.npz"));
  compareSureWithMne(loadMeegCase(file.toStdString()), readJson(QStringLiteral("tests/fixtures/meeg_mne_sample_la_meg.json")));
}

void TestMeeg::pathWarmStartsEqualColdSolves() {
  const MeegCase& c = bundledCase();
  MeegPathOptions o;
  o.nAlphas = 8;
  o.minPercent = 15.0;
  o.tol = 1e-12;
  o.computeSure = false;
  o.select = "";
  std::vector<double> reported;
  o.onPoint = [&](const MeegPathPoint& pt) {
    reported.push_back(pt.alphaPercent);
    return Control::Continue;
  };
  NullObserver none;
  const MeegPath path = computeMeegPath(c, o, none);
  QCOMPARE(path.points.size(), std::size_t{8});
  QCOMPARE(reported.size(), std::size_t{8});
  QCOMPARE(path.points.front().alphaPercent, 100.0);
  QVERIFY(path.points.front().activeSet.empty());
  const MxneProblem problem(c.G, c.M);
  for (const MeegPathPoint& pt : path.points) {
    QVERIFY(pt.termination == Termination::Converged);
    QVERIFY(pt.dualityGap <= path.gapThreshold);
    MxneOptions mo;
    mo.alpha = pt.alpha;
    mo.gapThreshold = path.gapThreshold;
    const MxneResult cold = problem.solve(mo, nullptr, none);
    QCOMPARE(pt.activeSet, cold.activeSet);
    QVERIFY(rel(pt.objective, cold.objective) < 1e-10);
    QVERIFY(pt.explainedVariance >= 0.0 && pt.explainedVariance <= 1.0);
  }
  for (std::size_t k = 1; k < path.points.size(); ++k)
    QVERIFY(path.points[k].explainedVariance >= path.points[k - 1].explainedVariance - 1e-9);
}

void TestMeeg::irMxneDecreasesItsObjective() {
  // Each stage minimises a majoriser of the ℓ2,0.5 objective at the previous iterate.
  const MeegCase& c = bundledCase();
  const MxneProblem problem(c.G, c.M);
  IrMxneOptions o;
  o.alpha = 0.3 * c.alphaMax;
  o.weightScale = c.alphaMax / 100.0;
  o.gapThreshold = 1e-9;
  o.tol = 1e-9;
  NullObserver none;
  const IrMxneResult r = solveIrMxne(problem, o, none);
  QVERIFY(r.stages.size() >= 2);
  for (std::size_t k = 1; k < r.stages.size(); ++k)
    QVERIFY2(r.stages[k].objective <= r.stages[k - 1].objective * (1 + 1e-12),
             qPrintable(QStringLiteral("stage %1: %2 after %3").arg(k).arg(r.stages[k].objective).arg(r.stages[k - 1].objective)));
  // Sparser than MxNE at the same λ, and active sources only shrink along the stages.
  MxneOptions mo;
  mo.alpha = o.alpha;
  mo.gapThreshold = 1e-9;
  QVERIFY(r.activeSet.size() <= problem.solve(mo, nullptr, none).activeSet.size());
  for (std::size_t k = 1; k < r.stages.size(); ++k)
    for (Index j : r.stages[k].activeSet)
      QVERIFY(std::binary_search(r.stages[k - 1].activeSet.begin(), r.stages[k - 1].activeSet.end(), j));
}

void TestMeeg::holdoutIsAScore() {
  const MeegCase& c = bundledCase();
  const TimeSplit s = holdoutSplit(61, 4);
  QCOMPARE(s.test.size(), std::size_t{14});  // 4, 8, ..., 56
  QCOMPARE(s.train.front(), Index(0));
  QCOMPARE(s.train.back(), Index(60));
  // B = 0 scores the mean square of the held-out data.
  const RowMat zero = RowMat::Zero(c.sources(), static_cast<Index>(s.train.size()));
  const double null = holdoutScore(c.G, c.M, s, zero);
  QVERIFY(rel(null, selectColumns(c.M, s.test).squaredNorm() / (305.0 * 14.0)) < 1e-12);
  MeegPathOptions o;
  o.percents = {100, 60, 40, 25};
  o.computeSure = false;
  o.computeHoldout = true;
  o.select = "holdout";
  NullObserver none;
  const MeegPath path = computeMeegPath(c, o, none);
  QVERIFY(std::isfinite(path.points.back().holdout));
  QVERIFY(path.points.back().holdout < path.points.front().holdout);
  QVERIFY(path.selected.has_value());
}

void TestMeeg::physiologyBundled() { checkPhysiology(bundledCase()); }

void TestMeeg::physiologyShared() {
  LAMBDASCOPE_REQUIRE_SHARED(file, QStringLiteral("meeg/sample_la_meg/sample_la_meg.npz"));
  checkPhysiology(loadMeegCase(file.toStdString()));
}

void TestMeeg::stopTokenStopsThePath() {
  const MeegCase& c = bundledCase();
  MeegPathOptions o;
  o.nAlphas = 10;
  o.computeSure = false;
  std::stop_source source;
  o.onPoint = [&](const MeegPathPoint& pt) {
    if (pt.index == 2) source.request_stop();
    return Control::Continue;
  };
  NullObserver none;
  const MeegPath path = computeMeegPath(c, o, none, source.get_token());
  QVERIFY(path.cancelled);
  QCOMPARE(path.points.size(), std::size_t{3});
}

void TestMeeg::rejectsBadOptions() {
  MeegPathOptions o;
  o.solver = "lasso";
  QVERIFY(!o.validate().empty());
  o = {};
  o.minPercent = 0;
  QVERIFY(!o.validate().empty());
  o = {};
  o.select = "cv";
  QVERIFY(!o.validate().empty());
  NullObserver none;
  o.solver = "nope";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeMeegPath(bundledCase(), o, none));
}

QTEST_APPLESS_MAIN(TestMeeg)
#include "test_meeg.moc"
