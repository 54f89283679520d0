// DesignMatrix: dense and CSC kernels agree, and implicit centring/scaling equals doing it
// explicitly on a dense copy.
#include <QtTest>

#include <algorithm>
#include <random>

#include "core/dataset.hpp"
#include "core/design_matrix.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

/// Seeded test matrix with ~60% zeros and a large offset in one column (raw, uncentred data).
Mat makeMatrix(Index n, Index p, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unif;
  Mat X(n, p);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i) X(i, j) = unif(gen) < 0.6 ? 0.0 : normal(gen);
  X.col(1).array() += 50.0;  // far from zero mean: stresses the implicit centring
  return X;
}

Vec randomVec(Index n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  Vec v(n);
  for (Index i = 0; i < n; ++i) v[i] = normal(gen);
  return v;
}

}  // namespace

class TestDesignMatrix : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void kernelsMatchExplicit_data();
  void kernelsMatchExplicit();
  void standardizationHasUnitVariance();
  void sparseStorageIsHandedOverNotCopied();
};

void TestDesignMatrix::sparseStorageIsHandedOverNotCopied() {
  // Eigen 3.4's SparseMatrix has no move constructor: a std::move into the variant, the Dataset
  // or a shared_ptr copied every non-zero (movielens: three copies of X while loading).
  SpMat X(50, 4);
  for (int j = 0; j < 4; ++j) X.insert(3 * j + 1, j) = 1.0 + j;
  X.makeCompressed();
  const double* values = X.valuePtr();
  FeatureStorage storage = takeStorage(std::move(X));
  QCOMPARE(std::get<SpMat>(storage).valuePtr(), values);
  const Dataset data(std::move(storage), Vec::LinSpaced(50, 0.0, 1.0), {}, "y");
  QCOMPARE(std::get<SpMat>(*data.storage()).valuePtr(), values);
  QCOMPARE(std::get<SpMat>(*data.storage()).nonZeros(), Index{4});
  QCOMPARE(std::get<SpMat>(*data.storage()).coeff(7, 2), 3.0);
}

void TestDesignMatrix::kernelsMatchExplicit_data() {
  QTest::addColumn<bool>("sparse");
  QTest::addColumn<bool>("intercept");
  QTest::addColumn<bool>("standardize");
  for (bool sparse : {false, true})
    for (bool intercept : {false, true})
      for (bool standardize : {false, true}) {
        const QString name = QStringLiteral("%1/%2/%3")
                                  .arg(sparse ? "sparse" : "dense")
                                  .arg(intercept ? "centred" : "raw")
                                  .arg(standardize ? "scaled" : "unscaled");
        QTest::newRow(qPrintable(name)) << sparse << intercept << standardize;
      }
}

void TestDesignMatrix::kernelsMatchExplicit() {
  QFETCH(bool, sparse);
  QFETCH(bool, intercept);
  QFETCH(bool, standardize);
  const Index n = 41;
  const Index p = 7;
  const Mat X = makeMatrix(n, p, 7);
  Dataset data(X, randomVec(n, 3), {}, "y");
  if (sparse) data = data.withStorage(StorageKind::Sparse);
  QCOMPARE(data.storageKind() == StorageKind::Sparse, sparse);
  const DesignMatrix D = data.design({intercept, standardize});

  // Explicit X̃ = (X − 1μᵀ) diag(1/s).
  Mat Xt = X;
  for (Index j = 0; j < p; ++j) Xt.col(j) = (X.col(j).array() - D.center()[j]) / D.scale()[j];
  if (intercept) {
    for (Index j = 0; j < p; ++j) QVERIFY(std::abs(Xt.col(j).sum()) < 1e-9);
  }

  const Vec v = randomVec(n, 11);
  const Vec w = randomVec(p, 13);
  for (Index j = 0; j < p; ++j) {
    QVERIFY(std::abs(D.colDot(j, v) - Xt.col(j).dot(v)) < 1e-9);
    QVERIFY(std::abs(D.colSquaredNorm(j) - Xt.col(j).squaredNorm()) < 1e-8 * (1 + Xt.col(j).squaredNorm()));
    QVERIFY(std::abs(D.colSum(j) - Xt.col(j).sum()) < 1e-9);
  }
  Vec out(n);
  D.apply(w, out);
  QVERIFY((out - Xt * w).norm() < 1e-9);
  // A sparse w takes the column-by-column branch.
  Vec sparseW = Vec::Zero(p);
  sparseW[p - 2] = w[p - 2];
  D.apply(sparseW, out);
  QVERIFY((out - Xt * sparseW).norm() < 1e-9);
  D.apply(Vec::Zero(p), out);
  QCOMPARE(out.norm(), 0.0);
  Vec outT(p);
  D.applyTransposed(v, outT);
  QVERIFY((outT - Xt.transpose() * v).norm() < 1e-9);
  // Listed columns only; the others keep what they held.
  const std::vector<Index> listed{5, 0, 3};
  Vec some = Vec::Constant(p, 42.0);
  D.transposeTimes(listed, v, some);
  for (Index j = 0; j < p; ++j) {
    const bool isListed = std::find(listed.begin(), listed.end(), j) != listed.end();
    QVERIFY(std::abs(some[j] - (isListed ? Xt.col(j).dot(v) : 42.0)) < 1e-9);
  }

  // Shifted vector arithmetic: a sequence of column updates and intercept shifts.
  ShiftedVector eta(n);
  Vec explicitEta = Vec::Zero(n);
  for (int step = 0; step < 20; ++step) {
    const Index j = step % p;
    const double a = 0.1 * (step + 1) * (step % 2 ? -1.0 : 1.0);
    D.colAxpy(j, a, eta);
    explicitEta += a * Xt.col(j);
    if (step % 5 == 0) {
      eta.addConstant(0.3);
      explicitEta.array() += 0.3;
    }
    QVERIFY((eta.materialized() - explicitEta).norm() < 1e-9);
    QVERIFY(std::abs(eta.sum() - explicitEta.sum()) < 1e-8);
    for (Index k = 0; k < p; ++k) QVERIFY(std::abs(D.colDot(k, eta) - Xt.col(k).dot(explicitEta)) < 1e-8);
  }
}

void TestDesignMatrix::standardizationHasUnitVariance() {
  const Dataset data = test::bundledDiabetes();
  const DesignMatrix D = data.design({true, true});
  const double n = static_cast<double>(data.samples());
  for (Index j = 0; j < D.cols(); ++j) {
    QVERIFY(std::abs(D.colSum(j)) < 1e-10);
    QVERIFY(std::abs(D.colSquaredNorm(j) / n - 1.0) < 1e-12);
  }
}

QTEST_APPLESS_MAIN(TestDesignMatrix)
#include "test_design_matrix.moc"
