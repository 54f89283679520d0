// Sample weights: integer weights must act exactly like repeated rows (for every datafit, solver
// and storage), and real weights must match glmnet and scikit-learn (fixtures).
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <random>

#include "core/io/dataset_io.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

/// Seeded integer weights in {1, 2, 3}, and the dataset with row i repeated weight_i times.
std::pair<std::vector<double>, Dataset> weightsAndRepeatedRows(const Dataset& data, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(1, 3);
  std::vector<double> weights(static_cast<std::size_t>(data.samples()));
  Index total = 0;
  for (auto& w : weights) total += static_cast<Index>(w = pick(rng));
  const Mat X = test::denseFeatures(data);
  Mat Xr(total, X.cols());
  Vec yr(total);
  Index r = 0;
  for (Index i = 0; i < X.rows(); ++i)
    for (int k = 0; k < static_cast<int>(weights[static_cast<std::size_t>(i)]); ++k, ++r) {
      Xr.row(r) = X.row(i);
      yr[r] = data.target()[i];
    }
  return {weights, Dataset(std::move(Xr), std::move(yr), data.featureNames(), data.targetName())};
}

Dataset binaryDiabetes() {
  // A real binary target: disease progression above its median.
  const Dataset d = test::bundledDiabetes();
  Vec y = d.target();
  std::vector<double> sorted(y.data(), y.data() + y.size());
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median = sorted[sorted.size() / 2];
  for (Index i = 0; i < y.size(); ++i) y[i] = y[i] > median ? 1.0 : -1.0;
  return Dataset(test::denseFeatures(d), std::move(y), d.featureNames(), "above_median");
}

void compare(const PathResult& weighted, const PathResult& repeated, double objectiveTol) {
  QCOMPARE(weighted.points.size(), repeated.points.size());
  QVERIFY(std::abs(weighted.lambdaMax - repeated.lambdaMax) <= 1e-12 * repeated.lambdaMax);
  QVERIFY(std::abs(weighted.nullObjective - repeated.nullObjective) <= 1e-12 * repeated.nullObjective);
  for (std::size_t k = 0; k < weighted.points.size(); ++k) {
    const PathPoint& a = weighted.points[k];
    const PathPoint& b = repeated.points[k];
    QVERIFY2(a.certified(), qPrintable(QStringLiteral("k=%1 not certified: gap %2 threshold %3 epochs %4 %5 (repeated rows: %6 epochs)").arg(k).arg(a.dualityGap).arg(a.gapThreshold).arg(a.epochs).arg(terminationName(a.termination)).arg(b.epochs)));
    QVERIFY2(std::abs(a.objective - b.objective) <= objectiveTol * b.objective,
             qPrintable(QStringLiteral("k=%1: weighted %2, repeated rows %3").arg(k).arg(a.objective, 0, 'g', 17).arg(b.objective, 0, 'g', 17)));
    const Vec wa = a.denseCoefficients(10);
    const Vec wb = b.denseCoefficients(10);
    QVERIFY2((wa - wb).norm() <= 1e-4 * (1.0 + wb.norm()),
             qPrintable(QStringLiteral("k=%1: coefficients differ by %2").arg(k).arg((wa - wb).norm())));
  }
}

}  // namespace

class TestSampleWeights : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void integerWeightsRepeatRows_data();
  void integerWeightsRepeatRows();
  void invalidWeightsAreRefused();
  void matchesGlmnetAndScikitLearn();
};

void TestSampleWeights::integerWeightsRepeatRows_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("solver");
  QTest::addColumn<bool>("sparse");
  QTest::addColumn<bool>("standardize");
  for (const char* solver : {"ws-cd", "cd", "fista"}) {
    QTest::addRow("lasso %s dense", solver) << "lasso" << solver << false << false;
    QTest::addRow("lasso %s sparse std", solver) << "lasso" << solver << true << true;
  }
  QTest::addRow("enet ws-cd") << "enet" << "ws-cd" << false << true;
  QTest::addRow("mcp ws-cd") << "mcp" << "ws-cd" << false << true;
  QTest::addRow("group bcd") << "group" << "bcd" << false << true;
  for (const char* solver : {"prox-newton", "ws-cd", "cd"}) {
    QTest::addRow("logreg %s dense", solver) << "logreg" << solver << false << true;
    QTest::addRow("logreg %s sparse", solver) << "logreg" << solver << true << true;
  }
}

void TestSampleWeights::integerWeightsRepeatRows() {
  QFETCH(QString, model);
  QFETCH(QString, solver);
  QFETCH(bool, sparse);
  QFETCH(bool, standardize);
  Dataset base = model == QLatin1String("logreg") ? binaryDiabetes() : test::bundledDiabetes();
  auto [weights, repeated] = weightsAndRepeatedRows(base, 7);
  if (sparse) {
    base = base.withStorage(StorageKind::Sparse);
    repeated = repeated.withStorage(StorageKind::Sparse);
  }
  ModelSpec spec;
  spec.model = model.toStdString();
  spec.solver = solver.toStdString();
  // FISTA is far slower to reach a tight gap on raw diabetes (it stalls at 1e-11 in 1e5 steps,
  // weighted or not): a looser tolerance for it.
  const bool fista = solver == QLatin1String("fista");
  spec.tol = fista ? 1e-8 : 1e-11;
  spec.groupSize = 3;
  spec.preprocessing.standardize = standardize;
  PathOptions options;
  options.nLambdas = fista ? 8 : 20;
  options.lambdaMinRatio = model == QLatin1String("logreg") ? 1e-2 : 1e-3;
  NullObserver none;
  const PathResult plain = computePath(repeated, spec, options, none);
  ModelSpec weighted = spec;
  weighted.sampleWeights = weights;
  compare(computePath(base, weighted, options, none), plain, fista ? 1e-6 : model == QLatin1String("mcp") ? 1e-7 : 1e-9);
}

void TestSampleWeights::invalidWeightsAreRefused() {
  const Dataset d = test::bundledDiabetes();
  NullObserver none;
  ModelSpec spec;
  spec.sampleWeights.assign(441, 1.0);  // one short
  try {
    computePath(d, spec, PathOptions{}, none);
    QFAIL("expected an error");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(std::string(e.what()).find("one per sample (442), got 441") != std::string::npos, e.what());
  }
  spec.sampleWeights.assign(442, 1.0);
  spec.sampleWeights[9] = 0.0;
  QVERIFY(spec.validate().find("sample weight #10 must be a finite number > 0") != std::string::npos);
  spec.sampleWeights[9] = 1.0;
  spec.model = "mtl";
  QVERIFY(spec.validate().find("multitask") != std::string::npos);
}

void TestSampleWeights::matchesGlmnetAndScikitLearn() {
  QFile f(test::sourcePath(QStringLiteral("tests/fixtures/lasso_weighted_diabetes.json")));
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  std::vector<double> weights;
  for (const auto w : o["sample_weights"].toArray()) weights.push_back(w.toDouble());
  std::vector<double> lambdas;
  for (const auto l : o["lambdas"].toArray()) lambdas.push_back(l.toDouble());
  const Dataset d = test::bundledDiabetes();
  ModelSpec spec;
  spec.sampleWeights = weights;
  spec.tol = 1e-13;
  PathOptions options;
  options.lambdas = lambdas;
  NullObserver none;
  const PathResult path = computePath(d, spec, options, none);
  QVERIFY(std::abs(path.lambdaMax - o["lambda_max"].toDouble()) <= 1e-10 * path.lambdaMax);
  const Mat X = test::denseFeatures(d);
  Vec s = Eigen::Map<const Vec>(weights.data(), static_cast<Index>(weights.size()));
  s *= static_cast<double>(s.size()) / s.sum();
  const auto objective = [&](const Vec& beta, double b0, double lambda) {
    const Vec r = d.target() - X * beta - Vec::Constant(X.rows(), b0);
    return (s.array() * r.array().square()).sum() / (2.0 * static_cast<double>(X.rows())) + lambda * beta.lpNorm<1>();
  };
  for (const char* peer : {"sklearn", "glmnet"}) {
    const QJsonObject fit = o[QLatin1String(peer)].toObject();
    const QJsonArray coefs = fit["coef"].toArray();
    const QJsonArray intercepts = fit["intercept"].toArray();
    QCOMPARE(coefs.size(), static_cast<qsizetype>(lambdas.size()));
    for (std::size_t k = 0; k < lambdas.size(); ++k) {
      Vec beta = Vec::Zero(10);
      const QJsonObject c = coefs[static_cast<qsizetype>(k)].toObject();
      const QJsonArray idx = c["index"].toArray();
      const QJsonArray val = c["value"].toArray();
      for (qsizetype a = 0; a < idx.size(); ++a) beta[idx[a].toInt()] = val[a].toDouble();
      const double theirs = objective(beta, intercepts[static_cast<qsizetype>(k)].toDouble(), lambdas[k]);
      const PathPoint& pt = path.points[k];
      const double ours = objective(pt.denseCoefficients(10), pt.intercept, lambdas[k]);
      QVERIFY(std::abs(ours - pt.objective) <= 1e-12 * ours);
      // Ours is never worse than the peer's beyond rounding, and not better than a certified
      // gap allows.
      QVERIFY2(ours <= theirs * (1 + 1e-12) && theirs - ours <= 1e-7 * theirs,
               qPrintable(QStringLiteral("%1 k=%2: ours %3, theirs %4").arg(peer).arg(k).arg(ours, 0, 'g', 17).arg(theirs, 0, 'g', 17)));
    }
  }
}

QTEST_APPLESS_MAIN(TestSampleWeights)
#include "test_sample_weights.moc"
