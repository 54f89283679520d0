// The Lasso path, certified: KKT at every λ on real data, λ ≥ λ_max gives zero, brute-force
// optimum on tiny problems, dense == sparse, cancellation.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include <Eigen/Dense>

#include "core/io/dataset_io.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

struct KktReport {
  double worstOffSupport = 0.0;  ///< max over j ∉ S of (|x̃_jᵀr|/n − λ)/λ
  double worstOnSupport = 0.0;   ///< max over j ∈ S of |x̃_jᵀr/n − λ sign(w_j)|/λ
};

/// KKT of 1/(2n)‖y − X̃w − b0‖² + λ‖w‖₁ at a path point, on the design's scale, recomputed
/// from scratch (independent of the solver's bookkeeping).
KktReport kkt(const Dataset& data, const Preprocessing& prep, const PathPoint& pt) {
  const DesignMatrix X = data.design(prep);
  const Index n = X.rows();
  const Vec beta = pt.denseCoefficients(X.cols());
  Vec w = beta.cwiseProduct(X.scale());
  Vec Xw(n);
  X.apply(w, Xw);
  // Intercept on the design's scale: b0 = intercept + μᵀβ.
  const double b0 = pt.intercept + X.center().dot(beta);
  const Vec r = data.target() - Xw - Vec::Constant(n, b0);
  Vec g(X.cols());
  X.applyTransposed(r, g);
  g /= static_cast<double>(n);
  KktReport rep;
  for (Index j = 0; j < X.cols(); ++j) {
    if (w[j] == 0.0) {
      rep.worstOffSupport = std::max(rep.worstOffSupport, (std::abs(g[j]) - pt.lambda) / pt.lambda);
    } else {
      const double s = w[j] > 0 ? 1.0 : -1.0;
      rep.worstOnSupport = std::max(rep.worstOnSupport, std::abs(g[j] - pt.lambda * s) / pt.lambda);
    }
  }
  return rep;
}

/// Global minimum of the Lasso on a tiny problem by enumerating every sign pattern: each
/// consistent pattern gives a feasible point, and the optimum is one of them.
double bruteForceLasso(const Dataset& data, const Preprocessing& prep, double lambda, Vec& best) {
  const DesignMatrix X = data.design(prep);
  const Index n = X.rows();
  const Index p = X.cols();
  Mat Xt(n, p);
  for (Index j = 0; j < p; ++j) {
    Vec e = Vec::Zero(p);
    e[j] = 1.0;
    Vec col(n);
    X.apply(e, col);
    Xt.col(j) = col;
  }
  Vec y = data.target();
  if (prep.fitIntercept) y.array() -= y.mean();
  double bestObj = std::numeric_limits<double>::infinity();
  const double nn = static_cast<double>(n);
  int patterns = 1;
  for (Index j = 0; j < p; ++j) patterns *= 3;
  for (int code = 0; code < patterns; ++code) {
    Eigen::VectorXi sign(p);
    int c = code;
    std::vector<Index> S;
    for (Index j = 0; j < p; ++j) {
      sign[j] = c % 3 - 1;
      c /= 3;
      if (sign[j] != 0) S.push_back(j);
    }
    Vec w = Vec::Zero(p);
    if (!S.empty()) {
      const auto k = static_cast<Index>(S.size());
      Mat XS(n, k);
      Vec s(k);
      for (Index a = 0; a < k; ++a) {
        XS.col(a) = Xt.col(S[a]);
        s[a] = sign[S[a]];
      }
      const Vec wS = (XS.transpose() * XS).ldlt().solve(XS.transpose() * y - nn * lambda * s);
      bool consistent = true;
      for (Index a = 0; a < k; ++a) consistent = consistent && (wS[a] * s[a] > 0);
      if (!consistent) continue;
      for (Index a = 0; a < k; ++a) w[S[a]] = wS[a];
    }
    const double obj = (y - Xt * w).squaredNorm() / (2 * nn) + lambda * w.lpNorm<1>();
    if (obj < bestObj) {
      bestObj = obj;
      best = w;
    }
  }
  return bestObj;
}

/// The first rows/columns of the bundled real dataset, as a small problem.
Dataset smallDiabetes(Index rows, Index cols) {
  const Dataset full = test::bundledDiabetes();
  const Mat& X = std::get<Mat>(*full.storage());
  std::vector<std::string> names(full.featureNames().begin(), full.featureNames().begin() + cols);
  return Dataset(Mat(X.topLeftCorner(rows, cols)), full.target().head(rows), names, "y");
}

class StopAfter final : public ProgressObserver {
 public:
  explicit StopAfter(int points) : points_(points) {}
  Control onPathPoint(const PathPoint&) override {
    return ++seen_ >= points_ ? Control::Stop : Control::Continue;
  }
  int seen() const { return seen_; }

 private:
  int points_;
  int seen_ = 0;
};

}  // namespace

class TestLasso : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void kktOnRealData_data();
  void kktOnRealData();
  void zeroAboveLambdaMax();
  void matchesBruteForce_data();
  void matchesBruteForce();
  void denseEqualsSparse_data();
  void denseEqualsSparse();
  void gapAndToleranceReported();
  void observerStopKeepsFinishedPoints();
  void stopTokenInterruptsQuickly_data();
  void stopTokenInterruptsQuickly();
  void invalidOptionsAreRejected();
};

void TestLasso::kktOnRealData_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<bool>("standardize");
  QTest::addColumn<bool>("shared");
  QTest::addColumn<QString>("solver");
  const QString bundled = test::sourcePath("resources/datasets/diabetes.csv");
  for (const QString solver : {"ws-cd", "cd"}) {
    auto row = [&](const QString& name) -> QTestData& { return QTest::newRow(qPrintable(name + "/" + solver)); };
    row("diabetes/intercept") << bundled << true << false << false << solver;
    row("diabetes/no-intercept") << bundled << false << false << false << solver;
    row("diabetes/standardize") << bundled << true << true << false << solver;
    row("prostate/intercept") << "tabular/prostate.csv" << true << false << true << solver;
    row("prostate/standardize") << "tabular/prostate.csv" << true << true << true << solver;
    row("diabetes_x2/intercept") << "tabular/diabetes_x2.csv" << true << false << true << solver;
  }
  // p ≫ n, sparse storage: the working-set solver (plain CD takes minutes at this tolerance).
  QTest::newRow("leukemia/libsvm-sparse/ws-cd") << "tabular/leukemia.libsvm" << true << false << true << "ws-cd";
  QTest::newRow("colon/standardize/ws-cd") << "tabular/colon.csv" << true << true << true << "ws-cd";
}

void TestLasso::kktOnRealData() {
  QFETCH(QString, file);
  QFETCH(bool, intercept);
  QFETCH(bool, standardize);
  QFETCH(bool, shared);
  QFETCH(QString, solver);
  QString path = file;
  if (shared) {
    LAMBDASCOPE_REQUIRE_SHARED(sharedPath, file);
    path = sharedPath;
  }
  LoadOptions lo;
  lo.storage = path.endsWith("libsvm") ? StorageChoice::Sparse : StorageChoice::Auto;
  const Dataset data = loadDataset(path.toStdString(), lo);
  ModelSpec spec;
  spec.solver = solver.toStdString();
  spec.preprocessing = {intercept, standardize};
  spec.tol = 1e-13;  // certify far below the KKT tolerance checked here
  PathOptions opt;
  // Near-interpolating λ on p ≫ n data costs much at this tolerance; stop at 1e-2·λ_max there.
  if (path.contains("leukemia")) opt.lambdaMinRatio = 1e-2;
  NullObserver none;
  const PathResult res = computePath(data, spec, opt, none);
  QCOMPARE(static_cast<int>(res.points.size()), opt.nLambdas);
  QVERIFY(!res.cancelled);
  for (const PathPoint& pt : res.points) {
    QVERIFY2(pt.certified(), qPrintable(QStringLiteral("lambda %1 not certified: gap %2 > %3")
                                            .arg(pt.lambda).arg(pt.dualityGap).arg(pt.gapThreshold)));
    QVERIFY(pt.dualityGap >= -1e-9 * res.nullObjective);  // weak duality, up to rounding
    const KktReport rep = kkt(data, spec.preprocessing, pt);
    QVERIFY2(rep.worstOffSupport <= 1e-6 && rep.worstOnSupport <= 1e-6,
             qPrintable(QStringLiteral("lambda %1 (#%2): KKT off-support %3, on-support %4")
                            .arg(pt.lambda).arg(pt.index).arg(rep.worstOffSupport).arg(rep.worstOnSupport)));
  }
  // The grid is glmnet's: geometric from λ_max to ratio·λ_max.
  QVERIFY(std::abs(res.lambdas.front() - res.lambdaMax) <= 1e-15 * res.lambdaMax);
  QVERIFY(std::abs(res.lambdas.back() - opt.lambdaMinRatio * res.lambdaMax) <= 1e-12 * res.lambdaMax);
}

void TestLasso::zeroAboveLambdaMax() {
  const Dataset data = test::bundledDiabetes();
  for (bool standardize : {false, true}) {
    ModelSpec spec;
    spec.preprocessing.standardize = standardize;
    spec.tol = 1e-12;
    NullObserver none;
    PathOptions probe;
    probe.nLambdas = 1;
    const double lmax = computePath(data, spec, probe, none).lambdaMax;
    QVERIFY(lmax > 0);
    PathOptions opt;
    opt.lambdas = {10 * lmax, 1.5 * lmax, lmax, 0.99 * lmax};
    const PathResult res = computePath(data, spec, opt, none);
    QCOMPARE(res.points.size(), std::size_t{4});
    for (int k = 0; k < 3; ++k) {
      QVERIFY(res.points[static_cast<std::size_t>(k)].support.empty());
      QVERIFY(std::abs(res.points[static_cast<std::size_t>(k)].intercept - data.target().mean()) < 1e-9);
    }
    QVERIFY(!res.points[3].support.empty());
  }
}

void TestLasso::matchesBruteForce_data() {
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("cols");
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<double>("ratio");
  QTest::addColumn<QString>("solver");
  for (const QString solver : {"ws-cd", "cd"}) {
    for (double ratio : {0.5, 0.1, 0.01}) {
      QTest::newRow(qPrintable(QStringLiteral("30x4/intercept/%1/%2").arg(ratio).arg(solver)))
          << 30 << 4 << true << ratio << solver;
      QTest::newRow(qPrintable(QStringLiteral("25x5/no-intercept/%1/%2").arg(ratio).arg(solver)))
          << 25 << 5 << false << ratio << solver;
    }
  }
}

void TestLasso::matchesBruteForce() {
  QFETCH(int, rows);
  QFETCH(int, cols);
  QFETCH(bool, intercept);
  QFETCH(double, ratio);
  QFETCH(QString, solver);
  const Dataset data = smallDiabetes(rows, cols);
  ModelSpec spec;
  spec.solver = solver.toStdString();
  spec.preprocessing.fitIntercept = intercept;
  spec.tol = 1e-14;
  NullObserver none;
  PathOptions probe;
  probe.nLambdas = 1;
  const double lambda = ratio * computePath(data, spec, probe, none).lambdaMax;
  PathOptions opt;
  opt.lambdas = {lambda};
  const PathResult res = computePath(data, spec, opt, none);
  Vec best;
  const double optimum = bruteForceLasso(data, spec.preprocessing, lambda, best);
  const PathPoint& pt = res.points.at(0);
  QVERIFY2(std::abs(pt.objective - optimum) <= 1e-10 * optimum,
           qPrintable(QStringLiteral("objective %1 vs brute force %2").arg(pt.objective, 0, 'g', 17).arg(optimum, 0, 'g', 17)));
  QVERIFY((pt.denseCoefficients(cols) - best).norm() <= 1e-6 * (1 + best.norm()));
}

void TestLasso::denseEqualsSparse_data() {
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<bool>("standardize");
  QTest::addColumn<QString>("solver");
  for (const QString solver : {"ws-cd", "cd"}) {
    QTest::newRow(qPrintable("intercept/" + solver)) << true << false << solver;
    QTest::newRow(qPrintable("no-intercept/" + solver)) << false << false << solver;
    QTest::newRow(qPrintable("intercept+standardize/" + solver)) << true << true << solver;
    QTest::newRow(qPrintable("standardize-only/" + solver)) << false << true << solver;
  }
}

void TestLasso::denseEqualsSparse() {
  QFETCH(bool, intercept);
  QFETCH(bool, standardize);
  QFETCH(QString, solver);
  const Dataset dense = test::bundledDiabetes();
  const Dataset sparse = dense.withStorage(StorageKind::Sparse);
  QCOMPARE(sparse.storageKind(), StorageKind::Sparse);
  ModelSpec spec;
  spec.solver = solver.toStdString();
  spec.preprocessing = {intercept, standardize};
  spec.tol = 1e-12;
  PathOptions opt;
  opt.nLambdas = 50;
  NullObserver none;
  const PathResult a = computePath(dense, spec, opt, none);
  const PathResult b = computePath(sparse, spec, opt, none);
  QCOMPARE(a.points.size(), b.points.size());
  QVERIFY(std::abs(a.lambdaMax - b.lambdaMax) <= 1e-12 * a.lambdaMax);
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    const PathPoint& pa = a.points[k];
    const PathPoint& pb = b.points[k];
    QVERIFY(std::abs(pa.objective - pb.objective) <= 1e-9 * a.nullObjective);
    QCOMPARE(pa.support, pb.support);
    QVERIFY((pa.denseCoefficients(10) - pb.denseCoefficients(10)).norm() <=
            1e-5 * (1 + pa.denseCoefficients(10).norm()));
    QVERIFY(std::abs(pa.intercept - pb.intercept) <= 1e-5 * (1 + std::abs(pa.intercept)));
  }
}

void TestLasso::gapAndToleranceReported() {
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;  // defaults: tol 1e-6
  PathOptions opt;
  NullObserver none;
  const PathResult res = computePath(data, spec, opt, none);
  QCOMPARE(res.points.size(), std::size_t{100});
  // P(0) is the variance of y over 2.
  const Vec yc = data.target().array() - data.target().mean();
  QVERIFY(std::abs(res.nullObjective - yc.squaredNorm() / (2.0 * 442)) < 1e-9 * res.nullObjective);
  for (const PathPoint& pt : res.points) {
    QVERIFY(pt.certified());
    QVERIFY(pt.dualityGap <= 1e-6 * res.nullObjective);
    QCOMPARE(pt.gapThreshold, 1e-6 * res.nullObjective);
    QVERIFY(pt.epochs >= (pt.lambda < res.lambdaMax ? 1 : 0));
    QVERIFY(pt.seconds >= 0);
  }
  // Support grows (weakly) as λ decreases on this data set's path end to end.
  QVERIFY(res.points.front().support.empty());
  QCOMPARE(static_cast<int>(res.points.back().support.size()), 10);
}

void TestLasso::observerStopKeepsFinishedPoints() {
  const Dataset data = test::bundledDiabetes();
  StopAfter stopper(7);
  const PathResult res = computePath(data, ModelSpec{}, PathOptions{}, stopper);
  QVERIFY(res.cancelled);
  QCOMPARE(res.points.size(), std::size_t{7});
  QCOMPARE(res.lambdas.size(), std::size_t{100});
  for (std::size_t k = 0; k < res.points.size(); ++k) {
    QCOMPARE(res.points[k].index, static_cast<Index>(k));
    QVERIFY(res.points[k].certified());
  }
}

void TestLasso::stopTokenInterruptsQuickly_data() {
  QTest::addColumn<QString>("solver");
  QTest::newRow("ws-cd") << "ws-cd";
  QTest::newRow("cd") << "cd";
}

void TestLasso::stopTokenInterruptsQuickly() {
  QFETCH(QString, solver);
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  spec.solver = solver.toStdString();
  // The gap is checked only after epoch 1, so below λ_max no λ can finish: only a stop ends it.
  spec.tol = 1e-300;
  spec.maxEpochs = 1000000000;
  spec.checkEvery = 1000000000;
  std::stop_source source;
  std::atomic<bool> done{false};
  PathResult res;
  std::thread worker([&] {
    NullObserver none;
    res = computePath(data, spec, PathOptions{}, none, source.get_token());
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  QVERIFY(!done);
  const auto t0 = std::chrono::steady_clock::now();
  source.request_stop();
  worker.join();
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  QVERIFY2(waited < 0.1, qPrintable(QStringLiteral("stop took %1 s").arg(waited)));
  QVERIFY(res.cancelled);
  // Only λ_max (solved exactly) can have finished; the interrupted λ is not reported.
  QVERIFY(res.points.size() <= 1);
  for (const PathPoint& pt : res.points) QVERIFY(pt.certified() && pt.support.empty());
}

void TestLasso::invalidOptionsAreRejected() {
  const Dataset data = test::bundledDiabetes();
  NullObserver none;
  ModelSpec badTol;
  badTol.tol = 0.0;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePath(data, badTol, PathOptions{}, none));
  PathOptions badGrid;
  badGrid.lambdas = {1.0, -2.0};
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePath(data, ModelSpec{}, badGrid, none));
  PathOptions badRatio;
  badRatio.lambdaMinRatio = 0.0;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePath(data, ModelSpec{}, badRatio, none));
  ModelSpec badModel;
  badModel.model = "ridge-regression";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePath(data, badModel, PathOptions{}, none));
}

QTEST_APPLESS_MAIN(TestLasso)
#include "test_lasso.moc"
