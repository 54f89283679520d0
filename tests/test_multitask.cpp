// Multitask least squares + row-wise ℓ2,1 ("mtl"): against scikit-learn and MNE-Python fixtures,
// against the single-task Lasso (T = 1), across storages and solvers, with the duality gap
// recomputed independently; multi-target loading.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fstream>
#include <random>
#include <sstream>

#include "core/io/dataset_io.hpp"
#include "core/multitask/gram_correlation.hpp"
#include "core/multitask/multitask_gap.hpp"
#include "core/multitask/multitask_path.hpp"
#include "core/multitask/multitask_quadratic.hpp"
#include "core/multitask/row_l21.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

struct FixturePoint {
  double lambda = 0.0;
  std::vector<double> intercept;
  std::vector<Index> support;
  std::vector<std::vector<double>> rows;
  double objective = 0.0;
};

std::vector<FixturePoint> readFixture(const QString& file, QJsonObject* header = nullptr) {
  QFile f(test::sourcePath(file));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open fixture %s", qPrintable(file));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  if (header) *header = o;
  std::vector<FixturePoint> out;
  for (const auto v : o["path"].toArray()) {
    const QJsonObject p = v.toObject();
    FixturePoint pt;
    pt.lambda = p["lambda"].toDouble();
    pt.objective = p["objective"].toDouble();
    for (const auto b : p["intercept"].toArray()) pt.intercept.push_back(b.toDouble());
    const QJsonObject coef = p["coef"].toObject();
    for (const auto j : coef["index"].toArray()) pt.support.push_back(j.toInt());
    for (const auto row : coef["value"].toArray()) {
      std::vector<double> r;
      for (const auto x : row.toArray()) r.push_back(x.toDouble());
      pt.rows.push_back(std::move(r));
    }
    out.push_back(std::move(pt));
  }
  return out;
}

/// A headerless numeric CSV (the M/EEG case's G.csv and M.csv) as a dense matrix.
Dataset linnerud() {
  LoadOptions opt;
  opt.targetColumns = {"Weight", "Waist", "Pulse"};
  return loadDataset(test::sourcePath(QStringLiteral("tests/fixtures/linnerud.csv")).toStdString(), opt);
}

/// The p × T coefficient matrix of a path point, from its row-major support values.
Mat denseRows(const PathPoint& pt, Index p) {
  Mat B = Mat::Zero(p, pt.tasks);
  for (std::size_t k = 0; k < pt.support.size(); ++k)
    for (Index t = 0; t < pt.tasks; ++t) B(pt.support[k], t) = pt.values[k * static_cast<std::size_t>(pt.tasks) + static_cast<std::size_t>(t)];
  return B;
}

/// The mtl objective and its duality gap, computed here from dense matrices (independent of the
/// solver's bookkeeping): P = 1/(2n)‖Y − XB − 1b0ᵀ‖² + λΣ‖B_j‖; dual point U = R/n centred,
/// scaled to ‖X_jᵀU‖ ≤ λ; D = ⟨U, Y⟩ − (n/2)‖U‖².
std::pair<double, double> objectiveAndGap(const Mat& X, const Mat& Y, const Mat& B, const Vec& b0,
                                          double lambda, bool intercept) {
  const double n = static_cast<double>(X.rows());
  const Mat R = (Y - X * B).rowwise() - b0.transpose();
  const double primal = R.squaredNorm() / (2 * n) + lambda * B.rowwise().norm().sum();
  Mat U = R / n;
  if (intercept) U.rowwise() -= U.colwise().mean();
  const double scale = std::max(1.0, (X.transpose() * U).rowwise().norm().maxCoeff() / lambda);
  U /= scale;
  const double dual = (U.array() * Y.array()).sum() - 0.5 * n * U.squaredNorm();
  return {primal, primal - dual};
}

}  // namespace

class TestMultitask : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void loadsSeveralTargets();
  void targetErrorsNameTheColumn();
  void matchesScikitLearnOnLinnerud();
  void matchesMneOnRealMeg();
  void oneTaskEqualsTheLasso();
  void storagesAndSolversAgree();
  void certificateRecomputedIndependently();
  void cancelKeepsFinishedPoints();
  void gramCorrelationMatchesTheProduct();
};

void TestMultitask::loadsSeveralTargets() {
  const Dataset d = linnerud();
  QCOMPARE(d.samples(), Index(20));
  QCOMPARE(d.features(), Index(3));
  QCOMPARE(d.tasks(), Index(3));
  QCOMPARE(d.targetNames(), (std::vector<std::string>{"Weight", "Waist", "Pulse"}));
  QCOMPARE(d.featureNames(), (std::vector<std::string>{"Chins", "Situps", "Jumps"}));
  const Mat Y = d.targets();
  // First data row of the file: 5,162,60,191,36,50.
  QCOMPARE(Y(0, 0), 191.0);
  QCOMPARE(Y(0, 2), 50.0);
  QCOMPARE(d.target()[0], 191.0);
  // Targets in the order asked, wherever they sit in the file; features keep theirs.
  LoadOptions opt;
  opt.targetColumns = {"Pulse", "Chins"};
  const Dataset e = parseDataset("a,Chins,b,Pulse\n1,2,3,4\n5,6,7,9\n2,8,1,1\n", "t.csv", opt);
  QCOMPARE(e.tasks(), Index(2));
  QCOMPARE(e.targetNames(), (std::vector<std::string>{"Pulse", "Chins"}));
  QCOMPARE(e.featureNames(), (std::vector<std::string>{"a", "b"}));
  QCOMPARE(e.targets()(1, 0), 9.0);
  QCOMPARE(e.targets()(1, 1), 6.0);
  QCOMPARE(std::get<Mat>(*e.storage())(2, 1), 1.0);
  // Dense ↔ sparse keeps every target.
  QCOMPARE(e.withStorage(StorageKind::Sparse).targets(), e.targets());
}

void TestMultitask::targetErrorsNameTheColumn() {
  const auto message = [](const std::string& content, std::vector<std::string> targets) {
    LoadOptions opt;
    opt.targetColumns = std::move(targets);
    try {
      parseDataset(content, "t.csv", opt);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  QVERIFY(message("a,b,c\n1,2,3\n4,5,7\n", {"b", "zz"}).find("unknown target column 'zz'") != std::string::npos);
  QVERIFY(message("a,b,c\n1,2,3\n4,5,7\n", {"b", "b"}).find("listed twice") != std::string::npos);
  QVERIFY(message("a,b\n1,2\n4,5\n", {"a", "b"}).find("need at least one feature column") != std::string::npos);
  QVERIFY(message("a,b,c\n1,2,3\n4,2,7\n", {"b", "c"}).find("target column 'b'") != std::string::npos);
  LoadOptions opt;
  opt.targetColumns = {"1", "2"};
  opt.format = FileFormat::Libsvm;
  QVERIFY_THROWS_EXCEPTION(DataError, parseDataset("1 1:2\n2 1:3\n", "t.libsvm", opt));
  // A single-target model refuses several targets, naming the way out.
  ModelSpec spec;
  PathOptions po;
  NullObserver none;
  try {
    computePath(linnerud(), spec, po, none);
    QFAIL("expected an error");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(std::string(e.what()).find("mtl") != std::string::npos, e.what());
  }
}

void TestMultitask::matchesScikitLearnOnLinnerud() {
  QJsonObject header;
  const auto fixture = readFixture(QStringLiteral("tests/fixtures/mtl_linnerud.json"), &header);
  QCOMPARE(fixture.size(), std::size_t(20));
  const Dataset data = linnerud();
  ModelSpec spec;
  spec.model = "mtl";
  spec.tol = 1e-13;
  PathOptions options;
  for (const auto& pt : fixture) options.lambdas.push_back(pt.lambda);
  NullObserver none;
  const PathResult path = computePath(data, spec, options, none);
  QCOMPARE(path.points.size(), fixture.size());
  QVERIFY(std::abs(path.lambdaMax - header["lambda_max"].toDouble()) <= 1e-12 * path.lambdaMax);
  for (std::size_t k = 0; k < fixture.size(); ++k) {
    const PathPoint& mine = path.points[k];
    const FixturePoint& peer = fixture[k];
    QVERIFY2(mine.certified(), qPrintable(QString::number(k)));
    QCOMPARE(mine.support, peer.support);
    QVERIFY2(std::abs(mine.objective - peer.objective) <= 1e-10 * peer.objective,
             qPrintable(QStringLiteral("k=%1 ours %2 sklearn %3").arg(k).arg(mine.objective, 0, 'g', 17).arg(peer.objective, 0, 'g', 17)));
    for (std::size_t r = 0; r < peer.rows.size(); ++r)
      for (std::size_t t = 0; t < 3; ++t)
        QVERIFY(std::abs(mine.values[r * 3 + t] - peer.rows[r][t]) <= 1e-5 * (1.0 + std::abs(peer.rows[r][t])));
    for (std::size_t t = 0; t < 3; ++t)
      QVERIFY(std::abs(mine.intercepts[t] - peer.intercept[t]) <= 1e-5 * (1.0 + std::abs(peer.intercept[t])));
  }
}

void TestMultitask::matchesMneOnRealMeg() {
  LAMBDASCOPE_REQUIRE_SHARED(gainFile, QStringLiteral("meeg/sample_la_meg/csv/G.csv"));
  LAMBDASCOPE_REQUIRE_SHARED(dataFile, QStringLiteral("meeg/sample_la_meg/csv/M.csv"));
  Mat G = test::readNumericCsv(gainFile);
  const Mat M = test::readNumericCsv(dataFile);
  QCOMPARE(G.rows(), Index(305));
  QCOMPARE(G.cols(), Index(1984));
  QCOMPARE(M.cols(), Index(61));
  std::vector<std::string> times;
  for (Index t = 0; t < M.cols(); ++t) times.push_back("t" + std::to_string(t));
  const Dataset data(std::move(G), M, {}, times, "sample_la_meg");

  QJsonObject header;
  const auto fixture = readFixture(QStringLiteral("tests/fixtures/mtl_sample_la_meg.json"), &header);
  ModelSpec spec;
  spec.model = "mtl";
  spec.tol = 1e-12;
  spec.preprocessing.fitIntercept = false;
  PathOptions options;
  for (const auto& pt : fixture) options.lambdas.push_back(pt.lambda);
  NullObserver none;
  const PathResult path = computePath(data, spec, options, none);
  QVERIFY(std::abs(path.lambdaMax - header["lambda_max"].toDouble()) <= 1e-12 * path.lambdaMax);
  const Mat X = test::denseFeatures(data);
  for (std::size_t k = 0; k < fixture.size(); ++k) {
    const PathPoint& mine = path.points[k];
    QVERIFY(mine.certified());
    QCOMPARE(mine.support, fixture[k].support);
    QVERIFY2(std::abs(mine.objective - fixture[k].objective) <= 1e-9 * fixture[k].objective,
             qPrintable(QStringLiteral("k=%1 ours %2 MNE %3").arg(k).arg(mine.objective, 0, 'g', 17).arg(fixture[k].objective, 0, 'g', 17)));
    const auto [primal, gap] = objectiveAndGap(X, M, denseRows(mine, X.cols()), Vec::Zero(61), mine.lambda, false);
    QVERIFY(std::abs(primal - mine.objective) <= 1e-12 * primal);
    QVERIFY2(gap <= 1e-11 * path.nullObjective, qPrintable(QString::number(gap)));
  }
}

void TestMultitask::oneTaskEqualsTheLasso() {
  // With one target the row norm is |w_j|: mtl and the Lasso solve the same problem.
  const Dataset diabetes = test::bundledDiabetes();
  ModelSpec lasso;
  lasso.tol = 1e-12;
  ModelSpec mtl = lasso;
  mtl.model = "mtl";
  PathOptions options;
  options.nLambdas = 30;
  NullObserver none;
  const PathResult a = computePath(diabetes, lasso, options, none);
  const PathResult b = computePath(diabetes, mtl, options, none);
  QCOMPARE(b.points.size(), a.points.size());
  QVERIFY(std::abs(a.lambdaMax - b.lambdaMax) <= 1e-13 * a.lambdaMax);
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    QVERIFY(std::abs(a.points[k].objective - b.points[k].objective) <= 1e-10 * a.points[k].objective);
    QCOMPARE(b.points[k].support, a.points[k].support);
    for (std::size_t s = 0; s < a.points[k].values.size(); ++s)
      QVERIFY(std::abs(a.points[k].values[s] - b.points[k].values[s]) <= 1e-6 * (1.0 + std::abs(a.points[k].values[s])));
  }
}

void TestMultitask::storagesAndSolversAgree() {
  const Dataset dense = linnerud();
  const Dataset sparse = dense.withStorage(StorageKind::Sparse);
  NullObserver none;
  PathOptions options;
  options.nLambdas = 25;
  for (const bool standardize : {false, true}) {
    ModelSpec spec;
    spec.model = "mtl";
    spec.tol = 1e-12;
    spec.preprocessing.standardize = standardize;
    const PathResult reference = computePath(dense, spec, options, none);
    QCOMPARE(reference.solver, std::string("ws-bcd"));
    ModelSpec plain = spec;
    plain.solver = "bcd";
    for (const PathResult& other : {computePath(sparse, spec, options, none), computePath(dense, plain, options, none),
                                    computePath(sparse, plain, options, none)}) {
      QCOMPARE(other.points.size(), reference.points.size());
      for (std::size_t k = 0; k < other.points.size(); ++k) {
        QVERIFY(other.points[k].certified());
        QVERIFY(std::abs(other.points[k].objective - reference.points[k].objective) <= 1e-9 * reference.points[k].objective);
        QCOMPARE(other.points[k].support, reference.points[k].support);
      }
    }
  }
}

void TestMultitask::certificateRecomputedIndependently() {
  const Dataset data = linnerud();
  ModelSpec spec;
  spec.model = "mtl";  // default tol 1e-6
  PathOptions options;
  NullObserver none;
  const PathResult path = computePath(data, spec, options, none);
  const Mat X = test::denseFeatures(data);
  const Mat Y = data.targets();
  for (const PathPoint& pt : path.points) {
    QVERIFY(pt.certified());
    const Vec b0 = Eigen::Map<const Vec>(pt.intercepts.data(), 3);
    const auto [primal, gap] = objectiveAndGap(X, Y, denseRows(pt, 3), b0, pt.lambda, true);
    QVERIFY(std::abs(primal - pt.objective) <= 1e-9 * primal);
    // The solver's gap is at a scaled dual point of its own; ours is another valid one, so it is
    // an upper bound on the true suboptimality, and must also be within the threshold (slack for
    // the intercept fitted by its own exact step).
    QVERIFY2(gap <= 2 * pt.gapThreshold + 1e-12 * primal, qPrintable(QStringLiteral("%1 vs %2").arg(gap).arg(pt.gapThreshold)));
  }
}

void TestMultitask::cancelKeepsFinishedPoints() {
  class StopAfter final : public ProgressObserver {
   public:
    Control onPathPoint(const PathPoint&) override { return ++seen_ >= 5 ? Control::Stop : Control::Continue; }

   private:
    int seen_ = 0;
  } observer;
  ModelSpec spec;
  spec.model = "mtl";
  const PathResult path = computePath(linnerud(), spec, PathOptions{}, observer);
  QVERIFY(path.cancelled);
  QCOMPARE(path.points.size(), std::size_t(5));
}

// The gap's X̃ᵀU from X̃ᵀY and cached Gram columns (small supports) against the direct product,
// on all rows and on a subset, as the support grows past the cache and moves on; scaled and
// unscaled designs. Beyond a quarter of n the Gram path must decline.
void TestMultitask::gramCorrelationMatchesTheProduct() {
  std::mt19937 rng(5);
  std::normal_distribution<double> normal;
  const Index n = 40, p = 120, T = 7;
  Mat G(n, p), Y(n, T);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i) G(i, j) = normal(rng);
  for (Index t = 0; t < T; ++t)
    for (Index i = 0; i < n; ++i) Y(i, t) = normal(rng);
  Vec scale = Vec::Constant(p, 1.0);
  for (Index j = 0; j < p; ++j) scale[j] = 0.5 + 0.01 * static_cast<double>(j);
  for (const bool scaled : {false, true}) {
    const DesignMatrix X(std::make_shared<const FeatureStorage>(G), Vec(), scaled ? scale : Vec());
    for (const double c : {1.0, 1.0 / static_cast<double>(n)}) {
      MultitaskQuadratic datafit(c);
      datafit.prepare(X, Y);
      const MultitaskProblem problem{X, Y, datafit, false};
      QVERIFY(GramCorrelation::applies(problem));
      QVERIFY(!GramCorrelation::applies(MultitaskProblem{X, Y, datafit, true}));
      const RowL21 penalty(Vec(), 0.3);
      GramCorrelation gram;
      MultitaskGapWorkspace direct, cached;
      direct.resize(n, p, T);
      cached.resize(n, p, T);
      cached.gram = &gram;
      RowMat B = RowMat::Zero(p, T);
      // Supports of 0, 3, 7, then 7 others (the cache restarts), then n/4 + 1 rows (declined).
      const std::vector<std::vector<Index>> supports = {
          {}, {3, 50, 119}, {3, 50, 119, 7, 8, 9, 60}, {1, 2, 4, 5, 6, 10, 11}, {}};
      for (std::size_t s = 0; s < supports.size(); ++s) {
        B.setZero();
        std::vector<Index> rows = supports[s];
        if (s + 1 == supports.size())
          for (Index k = 0; k <= n / 4; ++k) rows.push_back(k * 3);
        for (const Index k : rows)
          for (Index t = 0; t < T; ++t) B(k, t) = normal(rng);
        ShiftedMatrix E(n, T);
        for (Index k = 0; k < p; ++k)
          if (!B.row(k).isZero(0.0)) X.colRankOneUpdate(k, B.row(k).transpose(), E);
        const std::vector<Index> subset = {0, 3, 17, 50, 88, 119};
        for (const bool all : {true, false}) {
          const std::span<const Index> which = all ? std::span<const Index>() : std::span<const Index>(subset);
          const MultitaskGap a = evaluateMultitaskGap(problem, penalty, B, E, direct, which);
          const MultitaskGap b = evaluateMultitaskGap(problem, penalty, B, E, cached, which);
          const double zNorm = direct.z.norm();
          QVERIFY2((direct.z - cached.z).norm() <= 1e-12 * zNorm,
                   qPrintable(QStringLiteral("support %1, %2 rows: |dz| = %3 of %4").arg(s).arg(all ? p : 6)
                                  .arg((direct.z - cached.z).norm()).arg(zNorm)));
          QVERIFY(std::abs(a.gap() - b.gap()) <= 1e-12 * std::abs(a.primal));
          QVERIFY(std::abs(a.dualScale - b.dualScale) <= 1e-12 * a.dualScale);
        }
        if (s + 1 == supports.size()) {
          Mat z = Mat::Constant(p, T, 42.0);
          QVERIFY(!gram.correlate(problem, B, {}, z));
          QCOMPARE(z(0, 0), 42.0);  // declined: z left alone
        }
      }
    }
  }
}

QTEST_APPLESS_MAIN(TestMultitask)
#include "test_multitask.moc"
