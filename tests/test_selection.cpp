// Choosing λ, core: folds, CV against scikit-learn / glmnet fixtures, serial == parallel, glmnet's
// λ_min / λ_1se rules, hypergradients (implicit = forward = reverse = central finite differences)
// on real data, and outer optimisers against a fine grid.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <set>

#include "core/io/dataset_io.hpp"
#include "core/selection/cross_validation.hpp"
#include "core/selection/hpo.hpp"
#include "core/selection/information_criteria.hpp"
#include "core/selection/row_subset.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {
class QuietCv final : public CvObserver {};
class QuietHpo final : public HpoObserver {};

QJsonObject loadJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<double> toVector(const QJsonArray& a) {
  std::vector<double> v;
  for (const auto& x : a) v.push_back(x.isNull() ? std::nan("") : x.toDouble());
  return v;
}

Dataset loadShared(const QString& path) { return loadDataset(path.toStdString()); }

/// Central difference of the criterion along the common log λ, from cold (null-model) starts.
double finiteDifference(BilevelCriterion& c, double logLambda, double rho, double h, const HypergradientOptions& o) {
  c.resetWarmStarts();
  const double up = c.value(c.space().fromLogLambda(logLambda + h, rho), o).value;
  c.resetWarmStarts();
  const double down = c.value(c.space().fromLogLambda(logLambda - h, rho), o).value;
  return (up - down) / (2.0 * h);
}

std::vector<Index> supportsAt(BilevelCriterion& c, double logLambda, double rho, const HypergradientOptions& o) {
  c.resetWarmStarts();
  return c.value(c.space().fromLogLambda(logLambda, rho), o).supports;
}
}  // namespace

class TestSelection : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void contiguousFoldsFollowGlmnet();
  void seededFoldsAreReproduciblePartitions();
  void stratifiedFoldsKeepProportions();
  void holdOutSplits();
  void subsetRowsDenseEqualsSparse();
  void oneSeRule();
  void cvMatchesPeers_data();
  void cvMatchesPeers();
  void cvParallelEqualsSerial();
  void informationCriteria();
  void hypergradientsAgree_data();
  void hypergradientsAgree();
  void hypergradientDenseEqualsSparse();
  void hpoReachesGridOptimum_data();
  void hpoReachesGridOptimum();
  void hpoStaysInBox();
};

void TestSelection::contiguousFoldsFollowGlmnet() {
  const auto folds = makeFolds(442, 10, FoldScheme::Contiguous);
  QCOMPARE(folds.size(), std::size_t{10});
  Index next = 0;
  for (std::size_t f = 0; f < folds.size(); ++f) {
    QCOMPARE(static_cast<Index>(folds[f].size()), f < 2 ? Index{45} : Index{44});  // 442 = 10·44 + 2
    for (const Index i : folds[f]) QCOMPARE(i, next++);
  }
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeFolds(5, 6, FoldScheme::Contiguous));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeFolds(5, 1, FoldScheme::Contiguous));
}

void TestSelection::seededFoldsAreReproduciblePartitions() {
  const auto a = makeFolds(103, 7, FoldScheme::Shuffled, 42);
  const auto b = makeFolds(103, 7, FoldScheme::Shuffled, 42);
  const auto c = makeFolds(103, 7, FoldScheme::Shuffled, 43);
  QVERIFY(a == b);
  QVERIFY(a != c);
  std::set<Index> seen;
  for (const auto& f : a) {
    QVERIFY(f.size() == 14 || f.size() == 15);
    for (const Index i : f) QVERIFY(seen.insert(i).second);
  }
  QCOMPARE(seen.size(), std::size_t{103});
  // A permutation is a permutation, and the first draws are pinned so the seed means the same
  // on every platform (mt19937_64's output is specified by the standard).
  const auto perm = seededPermutation(10, 7);
  QCOMPARE(std::set<Index>(perm.begin(), perm.end()).size(), std::size_t{10});
  QCOMPARE(seededPermutation(10, 7), perm);
}

void TestSelection::stratifiedFoldsKeepProportions() {
  Vec y(100);
  for (Index i = 0; i < 100; ++i) y[i] = i < 30 ? -1.0 : 1.0;
  const auto folds = makeFolds(100, 5, FoldScheme::Stratified, 3, &y);
  for (const auto& f : folds) {
    QCOMPARE(f.size(), std::size_t{20});
    Index negatives = 0;
    for (const Index i : f) negatives += y[i] < 0 ? 1 : 0;
    QCOMPARE(negatives, Index{6});
  }
}

void TestSelection::holdOutSplits() {
  const Split s = firstHalfSplit(11);
  QCOMPARE(s.train.size(), std::size_t{5});
  QCOMPARE(s.validation.front(), Index{5});
  const Split r = randomSplit(100, 1, 0.7);
  QCOMPARE(r.train.size(), std::size_t{70});
  QCOMPARE(complementRows(100, r.train), r.validation);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, userSplit(10, {3, 3}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, userSplit(10, {10}));
  QCOMPARE(userSplit(4, {2, 0}).train, (std::vector<Index>{1, 3}));
}

void TestSelection::subsetRowsDenseEqualsSparse() {
  const Dataset dense = test::bundledDiabetes();
  const Dataset sparse = dense.withStorage(StorageKind::Sparse);
  // Repeats, jumps back, runs of consecutive rows (copied as blocks) and a run ending at the last row.
  const std::vector<Index> rows{5, 0, 441, 17, 5, 6, 7, 8, 101, 100, 99, 100, 101, 102, 439, 440, 441};
  const Dataset a = subsetRows(dense, rows);
  const Dataset b = subsetRows(sparse, rows);
  QCOMPARE(a.samples(), Index{17});
  QVERIFY(b.storageKind() == StorageKind::Sparse);
  const Mat& Xa = std::get<Mat>(*a.storage());
  const Mat Xb = Mat(std::get<SpMat>(*b.storage()));
  QCOMPARE((Xa - Xb).cwiseAbs().maxCoeff(), 0.0);
  const Mat& X = std::get<Mat>(*dense.storage());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    QVERIFY(Xa.row(static_cast<Index>(k)) == X.row(rows[k]));
    QCOMPARE(a.target()[static_cast<Index>(k)], dense.target()[rows[k]]);
  }
  const Vec coded = -dense.target();
  QVERIFY(subsetRows(dense, coded, rows).target() == -a.target());
}

void TestSelection::oneSeRule() {
  // Hand-made losses: λ grid decreasing; mean minimal (tied) at columns 2 and 3 → λ_min is the
  // larger λ (column 2); λ_1se is the largest λ within one se of it.
  CvResult r;
  r.lambdas = {4.0, 3.0, 2.0, 1.0, 0.5};
  r.foldLoss.resize(3, 5);
  r.foldLoss << 9.0, 5.0, 3.0, 3.0, 4.0,  //
      9.0, 6.0, 4.0, 4.0, 5.0,            //
      9.0, 4.0, 2.0, 2.0, 6.0;
  summarizeCv(r);
  QCOMPARE(r.indexMin, Index{2});
  QCOMPARE(r.mean[2], 3.0);
  QVERIFY(std::abs(r.se[2] - 1.0 / std::sqrt(3.0)) < 1e-15);  // sd 1 (ddof 1) / √3
  QCOMPARE(r.index1se, Index{2});                              // 5 > 3 + 0.577
  r.foldLoss(1, 1) = 3.0;  // column 1 mean 4 > 3.577: still column 2
  r.foldLoss(0, 1) = 3.5;  // mean 3.5 ≤ 3.577: λ = 3 becomes λ_1se
  summarizeCv(r);
  QCOMPARE(r.index1se, Index{1});
  QCOMPARE(r.lambda1se, 3.0);
}

void TestSelection::cvMatchesPeers_data() {
  QTest::addColumn<QString>("fixture");
  QTest::addColumn<QString>("shared");  // empty: the bundled diabetes
  QTest::addColumn<double>("sklearnTol");
  QTest::addColumn<double>("glmnetTol");
  QTest::newRow("lasso/diabetes") << "cv_lasso_diabetes.json" << "" << 1e-9 << 1e-5;
  QTest::newRow("lasso/prostate") << "cv_lasso_prostate.json" << "tabular/prostate.csv" << 1e-9 << 1e-5;
  QTest::newRow("lasso/diabetes_x2") << "cv_lasso_diabetes_x2.json" << "tabular/diabetes_x2.csv" << 1e-7 << 1e-4;
  QTest::newRow("logreg/breast_cancer_std") << "cv_logreg_breast_cancer_std.json" << "tabular/breast_cancer_std.csv" << 0.0
                                            << 1e-4;
}

void TestSelection::cvMatchesPeers() {
  QFETCH(QString, fixture);
  QFETCH(QString, shared);
  QFETCH(double, sklearnTol);
  QFETCH(double, glmnetTol);
  Dataset data;
  if (shared.isEmpty()) {
    data = test::bundledDiabetes();
  } else {
    LAMBDASCOPE_REQUIRE_SHARED(path, shared);
    data = loadShared(path);
  }
  const QJsonObject fx = loadJson(test::sourcePath("tests/fixtures/" + fixture));
  QVERIFY(!fx.isEmpty());
  ModelSpec spec;
  spec.model = fx["model"].toString().toStdString();
  spec.tol = 1e-12;
  PathOptions grid;
  grid.lambdas = toVector(fx["lambdas"].toArray());
  CvOptions cv;
  cv.nFolds = fx["n_folds"].toInt();
  QuietCv quiet;
  const CvResult r = crossValidate(data, spec, grid, cv, quiet);
  QCOMPARE(r.foldLoss.rows(), Index{cv.nFolds});
  QCOMPARE(r.foldLoss.cols(), static_cast<Index>(grid.lambdas.size()));
  for (const char* peer : {"sklearn", "glmnet"}) {
    if (!fx.contains(peer)) continue;
    const double tol = std::string(peer) == "sklearn" ? sklearnTol : glmnetTol;
    const QJsonArray rows = fx[peer].toObject()["fold_loss"].toArray();
    double worst = 0.0;
    int compared = 0;
    for (Index f = 0; f < r.foldLoss.rows(); ++f) {
      const std::vector<double> ref = toVector(rows[static_cast<int>(f)].toArray());
      for (Index c = 0; c < r.foldLoss.cols(); ++c) {
        if (std::isnan(ref[static_cast<std::size_t>(c)])) continue;  // glmnet stopped its path early
        worst = std::max(worst, std::abs(r.foldLoss(f, c) - ref[static_cast<std::size_t>(c)]) / std::abs(ref[static_cast<std::size_t>(c)]));
        ++compared;
      }
    }
    QVERIFY(compared > r.foldLoss.size() / 2);
    QVERIFY2(worst <= tol, qPrintable(QStringLiteral("%1: max relative fold-loss difference %2 > %3").arg(peer).arg(worst).arg(tol)));
  }
  if (fx.contains("mean")) {
    const std::vector<double> mean = toVector(fx["mean"].toArray());
    const std::vector<double> se = toVector(fx["se"].toArray());
    for (std::size_t c = 0; c < mean.size(); ++c) {
      QVERIFY(std::abs(r.mean[c] - mean[c]) <= 1e-7 * mean[c]);
      QVERIFY(std::abs(r.se[c] - se[c]) <= 1e-6 * se[c]);
    }
    QCOMPARE(r.indexMin, static_cast<Index>(fx["index_min"].toInt()));
    QCOMPARE(r.index1se, static_cast<Index>(fx["index_1se"].toInt()));
  }
  QVERIFY(r.refitAtMin() != nullptr);
  QCOMPARE(r.refitAtMin()->lambda, r.lambdaMin);
}

void TestSelection::cvParallelEqualsSerial() {
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  PathOptions grid;
  grid.nLambdas = 30;
  CvOptions cv;
  cv.nFolds = 7;
  cv.scheme = FoldScheme::Shuffled;
  cv.seed = 11;
  QuietCv quiet;
  const CvResult a = crossValidate(data, spec, grid, cv, quiet);
  cv.parallel = false;
  const CvResult b = crossValidate(data, spec, grid, cv, quiet);
  QCOMPARE((a.foldLoss - b.foldLoss).cwiseAbs().maxCoeff(), 0.0);
  QCOMPARE(a.indexMin, b.indexMin);
  QCOMPARE(a.full.points.size(), std::size_t{30});
}

void TestSelection::informationCriteria() {
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  NullObserver none;
  PathOptions grid;
  grid.nLambdas = 50;
  const PathResult path = computePath(data, spec, grid, none);
  const PathCriteria c = pathCriteria(data, spec, path, 50.0);
  QCOMPARE(c.sure.size(), std::size_t{50});
  // At λ_max: only the intercept, RSS = Σ(y − ȳ)², df = 1.
  const Vec& y = data.target();
  const double rss = (y.array() - y.mean()).matrix().squaredNorm();
  const double n = static_cast<double>(y.size());
  QVERIFY(std::abs(c.fit[0] - rss) <= 1e-9 * rss);
  QVERIFY(std::abs(c.sure[0] - (rss / n - 2500.0 + 2.0 * 2500.0 / n)) <= 1e-9 * rss / n);
  QVERIFY(std::abs(c.bic[0] - (n * std::log(rss / n) + std::log(n))) <= 1e-9 * std::abs(c.bic[0]));
  QVERIFY(c.indexBic >= 0 && c.indexSure >= 0);
  // σ from OLS on diabetes (n > p): the known residual standard error, about 54.
  const NoiseEstimate est = estimateNoise(data, spec);
  QCOMPARE(QString::fromStdString(est.method), QStringLiteral("ols"));
  QVERIFY(est.sigma > 53.0 && est.sigma < 55.5);
}

void TestSelection::hypergradientsAgree_data() {
  QTest::addColumn<QString>("shared");  // empty: bundled diabetes
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("criterion");
  QTest::addColumn<double>("logLambda");
  QTest::newRow("diabetes/lasso/holdout") << "" << "lasso" << "holdout" << -2.0;
  QTest::newRow("diabetes/lasso/holdout/large") << "" << "lasso" << "holdout" << 0.0;
  QTest::newRow("diabetes/lasso/cv") << "" << "lasso" << "cv" << -1.0;
  QTest::newRow("diabetes/lasso/sure") << "" << "lasso" << "sure" << -1.0;
  QTest::newRow("diabetes/enet/holdout") << "" << "enet" << "holdout" << -2.0;
  QTest::newRow("diabetes/wlasso/holdout") << "" << "wlasso" << "holdout" << -1.5;
  QTest::newRow("diabetes/enet/sure") << "" << "enet" << "sure" << -1.0;
  QTest::newRow("leukemia/lasso/holdout") << "tabular/leukemia.csv" << "lasso" << "holdout" << -2.5;
  QTest::newRow("leukemia/logreg/holdout") << "tabular/leukemia.csv" << "logreg" << "holdout" << -2.5;
  QTest::newRow("breast_cancer_std/logreg/cv") << "tabular/breast_cancer_std.csv" << "logreg" << "cv" << -3.5;
  QTest::newRow("diabetes_x2/lasso/cv") << "tabular/diabetes_x2.csv" << "lasso" << "cv" << -1.0;
}

void TestSelection::hypergradientsAgree() {
  QFETCH(QString, shared);
  QFETCH(QString, model);
  QFETCH(QString, criterion);
  QFETCH(double, logLambda);
  Dataset data;
  if (shared.isEmpty()) {
    data = test::bundledDiabetes();
  } else {
    LAMBDASCOPE_REQUIRE_SHARED(path, shared);
    data = loadShared(path);
  }
  ModelSpec spec;
  spec.model = model.toStdString();
  spec.l1Ratio = 0.7;
  CriterionOptions copt;
  copt.kind = criterionKindFromString(criterion.toStdString());
  copt.nFolds = 4;
  HypergradientOptions o;
  o.tol = 1e-12;
  BilevelCriterion c(data, spec, copt);
  const double h = 1e-4;
  // The check is meaningful only where the supports do not change within ±h.
  const auto s0 = supportsAt(c, logLambda, spec.l1Ratio, o);
  QVERIFY(s0 == supportsAt(c, logLambda - h, spec.l1Ratio, o));
  QVERIFY(s0 == supportsAt(c, logLambda + h, spec.l1Ratio, o));
  const double fd = finiteDifference(c, logLambda, spec.l1Ratio, h, o);
  const Vec theta = c.space().fromLogLambda(logLambda, spec.l1Ratio);
  c.resetWarmStarts();
  const HyperEvaluation imp = c.evaluate(theta, HyperMethod::Implicit, o);
  const HyperEvaluation fwd = c.evaluate(theta, HyperMethod::Forward, o);
  const HyperEvaluation rev = c.evaluate(theta, HyperMethod::Reverse, o);
  QVERIFY(std::abs(fd) > 0.0);
  const double scale = std::max(std::abs(fd), 1e-12);
  auto rel = [&](double a, double b) { return std::abs(a - b) / scale; };
  QVERIFY2(rel(imp.gradLogLambda, fd) <= 1e-4, qPrintable(QStringLiteral("implicit %1 vs fd %2").arg(imp.gradLogLambda, 0, 'g', 12).arg(fd, 0, 'g', 12)));
  QVERIFY2(rel(fwd.gradLogLambda, fd) <= 1e-4, qPrintable(QStringLiteral("forward %1 vs fd %2").arg(fwd.gradLogLambda, 0, 'g', 12).arg(fd, 0, 'g', 12)));
  QVERIFY2(rel(rev.gradLogLambda, fd) <= 1e-4, qPrintable(QStringLiteral("reverse %1 vs fd %2").arg(rev.gradLogLambda, 0, 'g', 12).arg(fd, 0, 'g', 12)));
  // Every component (enet: λ₁ and λ₂; wlasso: one per feature) agrees between the three methods.
  const double gscale = std::max(imp.grad.lpNorm<Eigen::Infinity>(), 1e-12);
  QVERIFY((imp.grad - fwd.grad).lpNorm<Eigen::Infinity>() <= 1e-6 * gscale);
  QVERIFY((imp.grad - rev.grad).lpNorm<Eigen::Infinity>() <= 1e-6 * gscale);
  QVERIFY(std::abs(imp.value - fwd.value) <= 1e-9 * std::abs(imp.value));
  QVERIFY(std::abs(imp.value - rev.value) <= 1e-9 * std::abs(imp.value));
  if (c.space().dimension() > 1) {
    // Each component against its own finite difference (one log level moved at a time).
    for (Index k = 0; k < c.space().dimension(); ++k) {
      if (std::abs(imp.grad[k]) < 1e-6 * gscale) continue;
      Vec up = theta, down = theta;
      up[k] += h;
      down[k] -= h;
      c.resetWarmStarts();
      const double vu = c.value(up, o).value;
      c.resetWarmStarts();
      const double vd = c.value(down, o).value;
      const double fdk = (vu - vd) / (2.0 * h);
      QVERIFY2(std::abs(fdk - imp.grad[k]) <= 1e-4 * std::max(std::abs(fdk), 1e-3 * gscale),
               qPrintable(QStringLiteral("component %1: %2 vs fd %3").arg(k).arg(imp.grad[k]).arg(fdk)));
    }
  }
}

void TestSelection::hypergradientDenseEqualsSparse() {
  const Dataset dense = test::bundledDiabetes();
  const Dataset sparse = dense.withStorage(StorageKind::Sparse);
  ModelSpec spec;
  CriterionOptions copt;
  HypergradientOptions o;
  BilevelCriterion a(dense, spec, copt);
  BilevelCriterion b(sparse, spec, copt);
  const Vec theta = a.space().fromLogLambda(-1.0);
  for (const HyperMethod m : {HyperMethod::Implicit, HyperMethod::Forward, HyperMethod::Reverse}) {
    const HyperEvaluation ea = a.evaluate(theta, m, o);
    const HyperEvaluation eb = b.evaluate(theta, m, o);
    QVERIFY(std::abs(ea.value - eb.value) <= 1e-10 * ea.value);
    QVERIFY(std::abs(ea.gradLogLambda - eb.gradLogLambda) <= 1e-8 * std::abs(ea.gradLogLambda));
  }
}

void TestSelection::hpoReachesGridOptimum_data() {
  QTest::addColumn<QString>("optimizer");
  QTest::addColumn<double>("tolerance");
  QTest::newRow("gd") << "gd" << 1e-5;
  QTest::newRow("linesearch") << "linesearch" << 1e-5;
  QTest::newRow("lbfgs") << "lbfgs" << 1e-5;
  QTest::newRow("adam") << "adam" << 1e-3;
}

void TestSelection::hpoReachesGridOptimum() {
  QFETCH(QString, optimizer);
  QFETCH(double, tolerance);
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  CriterionOptions copt;  // hold-out, first half
  BilevelCriterion c(data, spec, copt);
  HpoOptions grid;
  grid.optimizer = OuterOptimizer::Grid;
  grid.maxOuter = 2000;
  QuietHpo quiet;
  const HpoResult g = runHpo(c, c.space().fromLogLambda(0.0), grid, quiet);
  HpoOptions o;
  o.optimizer = outerOptimizerFromString(optimizer.toStdString());
  o.maxOuter = optimizer == "adam" ? 150 : 50;
  c.resetWarmStarts();
  const HpoResult r = runHpo(c, c.space().fromLogLambda(0.0), o, quiet);
  QVERIFY2(r.value <= g.value * (1.0 + tolerance),
           qPrintable(QStringLiteral("%1: %2 after %3 solves (%4); grid %5").arg(optimizer).arg(r.value, 0, 'g', 12)
                          .arg(r.innerSolves).arg(QString::fromStdString(r.stopReason)).arg(g.value, 0, 'g', 12)));
  QVERIFY(r.innerSolves < 200);
  // Accepted iterates never increase for the monotone methods.
  if (optimizer != "adam")
    for (std::size_t k = 1; k < r.trajectory.size(); ++k) QVERIFY(r.trajectory[k].value <= r.trajectory[k - 1].value);
}

void TestSelection::hpoStaysInBox() {
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  CriterionOptions copt;
  BilevelCriterion c(data, spec, copt);
  Vec lo, hi;
  hyperBox(c, 1e-6, lo, hi);
  HpoOptions o;
  o.optimizer = OuterOptimizer::Adam;
  o.learningRate = 5.0;  // wildly too large: the guard must keep λ in range
  o.maxOuter = 30;
  QuietHpo quiet;
  const HpoResult r = runHpo(c, c.space().fromLogLambda(std::log(c.lambdaMax()) - 1.0), o, quiet);
  for (const HpoStep& s : r.evaluations) {
    QVERIFY(s.theta[0] >= lo[0] - 1e-12);
    QVERIFY(s.theta[0] <= hi[0] + 1e-12);
    QVERIFY(std::isfinite(s.value));
  }
  QVERIFY(r.trajectory.front().logLambda <= std::log(c.lambdaMax()) + 1e-12);
}

QTEST_GUILESS_MAIN(TestSelection)
#include "test_selection.moc"
