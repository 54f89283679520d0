// Datafits: gradients against finite differences, Lipschitz constants against curvature, weak
// duality, intercept steps, target coding; and the logistic path's KKT conditions on real data.
#include <QtTest>

#include <memory>
#include <random>

#include "core/datafits/logistic.hpp"
#include "core/datafits/quadratic.hpp"
#include "core/io/dataset_io.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

std::unique_ptr<Datafit> makeDatafit(const QString& name) {
  if (name == QLatin1String("logistic")) return std::make_unique<Logistic>();
  return std::make_unique<Quadratic>();
}

/// The bundled diabetes data; for the logistic datafit the target becomes ±1 (above the median).
Dataset diabetesFor(const QString& datafit, bool sparse) {
  Dataset d = test::bundledDiabetes();
  if (datafit == QLatin1String("logistic")) {
    Vec y = d.target();
    Vec sorted = y;
    std::sort(sorted.data(), sorted.data() + sorted.size());
    const double median = sorted[sorted.size() / 2];
    for (Index i = 0; i < y.size(); ++i) y[i] = y[i] > median ? 1.0 : -1.0;
    d = Dataset(std::get<Mat>(*d.storage()), y, d.featureNames(), "y>median");
  }
  return sparse ? d.withStorage(StorageKind::Sparse) : d;
}

double objectiveAt(const Datafit& f, const DesignMatrix& X, const Vec& y, const Vec& w, double b0) {
  Vec eta(X.rows());
  X.apply(w, eta);
  eta.array() += b0;
  return f.value(y, eta);
}

}  // namespace

class TestDatafits : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void derivatives_data();
  void derivatives();
  void weakDualityAndInterceptStep_data();
  void weakDualityAndInterceptStep();
  void logisticTargetCoding();
  void logisticPathKkt_data();
  void logisticPathKkt();
};

void TestDatafits::derivatives_data() {
  QTest::addColumn<QString>("datafit");
  QTest::addColumn<bool>("sparse");
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<bool>("standardize");
  for (const QString f : {"quadratic", "logistic"})
    for (bool sparse : {false, true})
      for (bool intercept : {false, true})
        for (bool standardize : {false, true})
          QTest::newRow(qPrintable(QStringLiteral("%1/%2/%3/%4").arg(f, sparse ? "sparse" : "dense",
                                                                     intercept ? "centred" : "raw",
                                                                     standardize ? "scaled" : "unscaled")))
              << f << sparse << intercept << standardize;
}

void TestDatafits::derivatives() {
  QFETCH(QString, datafit);
  QFETCH(bool, sparse);
  QFETCH(bool, intercept);
  QFETCH(bool, standardize);
  const Dataset data = diabetesFor(datafit, sparse);
  auto f = makeDatafit(datafit);
  const DesignMatrix X = data.design({intercept, standardize}, f->cheapSparseCentering());
  const Vec y = f->canonicalTarget(data.target());
  f->prepare(X, y);
  const Index p = X.cols();
  std::mt19937 gen(42);
  std::normal_distribution<double> normal;
  const double wScale = datafit == QLatin1String("logistic") ? (standardize ? 0.3 : 10.0) : (standardize ? 10.0 : 300.0);
  for (int trial = 0; trial < 3; ++trial) {
    Vec w(p);
    for (Index j = 0; j < p; ++j) w[j] = wScale * normal(gen);
    const double b0 = 0.5 * normal(gen);
    Vec eta(X.rows());
    X.apply(w, eta);
    eta.array() += b0;
    ShiftedVector shifted(X.rows());
    shifted.assign(eta);
    Vec sampleGrad(X.rows());
    f->sampleGradient(y, eta, sampleGrad);
    Vec fullGrad(p);
    X.applyTransposed(sampleGrad, fullGrad);
    for (Index j = 0; j < p; ++j) {
      const double g = f->coordinateGradient(X, y, shifted, j);
      // Central differences along coordinate j.
      const double h = 1e-5 * (1.0 + std::abs(w[j]));
      Vec wp = w, wm = w;
      wp[j] += h;
      wm[j] -= h;
      const double fp = objectiveAt(*f, X, y, wp, b0);
      const double fm = objectiveAt(*f, X, y, wm, b0);
      const double fd = (fp - fm) / (2 * h);
      const double f0 = objectiveAt(*f, X, y, w, b0);
      QVERIFY2(std::abs(g - fd) <= 1e-5 * (1.0 + std::abs(g)),
               qPrintable(QStringLiteral("j=%1: gradient %2, finite difference %3").arg(j).arg(g).arg(fd)));
      QVERIFY(std::abs(g - fullGrad[j]) <= 1e-10 * (1.0 + std::abs(g)));
      // The coordinate Lipschitz constant bounds the average curvature over any interval; a wide
      // step keeps the second difference clear of round-off (f is ~1e4 here).
      const double hc = 0.5 * (1.0 + std::abs(w[j]));
      Vec wpc = w, wmc = w;
      wpc[j] += hc;
      wmc[j] -= hc;
      const double curvature =
          (objectiveAt(*f, X, y, wpc, b0) - 2 * f0 + objectiveAt(*f, X, y, wmc, b0)) / (hc * hc);
      QVERIFY2(curvature <= f->coordinateLipschitz(X, j) * (1 + 1e-6) + 1e-12 * std::abs(f0) / (hc * hc),
               qPrintable(QStringLiteral("j=%1: curvature %2 > L %3").arg(j).arg(curvature).arg(f->coordinateLipschitz(X, j))));
      if (datafit == QLatin1String("quadratic"))  // exact: the quadratic's curvature is L itself
        QVERIFY(curvature >= f->coordinateLipschitz(X, j) * (1 - 1e-6) - 1e-12 * std::abs(f0) / (hc * hc));
    }
  }
}

void TestDatafits::weakDualityAndInterceptStep_data() {
  QTest::addColumn<QString>("datafit");
  QTest::newRow("quadratic") << "quadratic";
  QTest::newRow("logistic") << "logistic";
}

void TestDatafits::weakDualityAndInterceptStep() {
  QFETCH(QString, datafit);
  const Dataset data = diabetesFor(datafit, false);
  auto f = makeDatafit(datafit);
  const DesignMatrix X = data.design({true, false});
  const Vec y = f->canonicalTarget(data.target());
  f->prepare(X, y);
  // Intercept steps from b0 = 0 decrease the objective monotonically and converge.
  ShiftedVector eta(X.rows());
  double previous = f->value(y, eta.materialized());
  for (int it = 0; it < 20; ++it) {
    const double step = f->interceptStep(y, eta);
    eta.addConstant(step);
    const double now = f->value(y, eta.materialized());
    QVERIFY(now <= previous + 1e-12 * std::abs(previous));
    previous = now;
  }
  QVERIFY(std::abs(f->interceptStep(y, eta)) < 1e-8);
  // Weak duality: any dual point −∇f(η) (feasible for the unpenalised problem after centring,
  // i.e. λ large) gives D ≤ P at every η.
  std::mt19937 gen(1);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 5; ++trial) {
    Vec e(X.rows());
    for (Index i = 0; i < e.size(); ++i) e[i] = (datafit == "logistic" ? 1.0 : 50.0) * normal(gen);
    Vec u(X.rows());
    f->sampleGradient(y, e, u);
    u = -u;
    const double dual = f->dualValue(y, u);
    const double primal = f->value(y, e);
    QVERIFY2(dual <= primal + 1e-9 * std::abs(primal), qPrintable(QStringLiteral("D %1 > P %2").arg(dual).arg(primal)));
    // Fenchel–Young equality: at u = −∇f(η), f(η) + f*(−u) = −uᵀη, i.e. D = P + uᵀη.
    QVERIFY(std::abs(dual - (primal + u.dot(e))) <= 1e-8 * (1 + std::abs(primal)));
  }
}

void TestDatafits::logisticTargetCoding() {
  Logistic f;
  Vec y01(4);
  y01 << 0, 1, 1, 0;
  Vec expected(4);
  expected << -1, 1, 1, -1;
  QCOMPARE(f.canonicalTarget(y01), expected);
  Vec y12(3);
  y12 << 2, 1, 2;
  QCOMPARE(f.canonicalTarget(y12), Vec((Vec(3) << 1, -1, 1).finished()));
  Vec three(3);
  three << 0, 1, 2;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.canonicalTarget(three));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.canonicalTarget(Vec::Constant(3, 1.0)));
}

void TestDatafits::logisticPathKkt_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("sparse");
  QTest::newRow("breast_cancer_std/dense") << "tabular/breast_cancer_std.csv" << false;
  QTest::newRow("breast_cancer_std/sparse") << "tabular/breast_cancer_std.libsvm" << true;
  QTest::newRow("colon/dense") << "tabular/colon.csv" << false;
}

void TestDatafits::logisticPathKkt() {
  QFETCH(QString, file);
  QFETCH(bool, sparse);
  LAMBDASCOPE_REQUIRE_SHARED(path, file);
  LoadOptions lo;
  lo.storage = sparse ? StorageChoice::Sparse : StorageChoice::Dense;
  const Dataset data = loadDataset(path.toStdString(), lo);
  ModelSpec spec;
  spec.model = "logreg";
  spec.tol = 1e-12;
  PathOptions opt;
  opt.nLambdas = 30;
  opt.lambdaMinRatio = 1e-2;
  NullObserver none;
  const PathResult res = computePath(data, spec, opt, none);
  QCOMPARE(res.points.size(), std::size_t{30});
  const Mat X = test::denseFeatures(data);
  const Vec& y = data.target();
  const double n = static_cast<double>(y.size());
  for (const PathPoint& pt : res.points) {
    QVERIFY(pt.certified());
    const Vec beta = pt.denseCoefficients(X.cols());
    const Vec eta = X * beta + Vec::Constant(y.size(), pt.intercept);
    Vec g(y.size());
    for (Index i = 0; i < y.size(); ++i) g[i] = -y[i] / (1.0 + std::exp(y[i] * eta[i])) / n;
    QVERIFY(std::abs(g.sum()) < 1e-7);  // intercept optimal
    const Vec grad = X.transpose() * g;
    for (Index j = 0; j < X.cols(); ++j) {
      if (beta[j] == 0.0) {
        QVERIFY2(std::abs(grad[j]) <= pt.lambda * (1 + 1e-5),
                 qPrintable(QStringLiteral("lambda %1 j %2: |grad| %3").arg(pt.lambda).arg(j).arg(std::abs(grad[j]))));
      } else {
        QVERIFY2(std::abs(grad[j] + pt.lambda * (beta[j] > 0 ? 1 : -1)) <= 1e-5 * pt.lambda,
                 qPrintable(QStringLiteral("lambda %1 j %2: grad %3").arg(pt.lambda).arg(j).arg(grad[j])));
      }
    }
  }
}

QTEST_APPLESS_MAIN(TestDatafits)
#include "test_datafits.moc"
