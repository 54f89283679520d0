// k-sparse models with certified gaps: exhaustive enumeration is the oracle (real data with
// p ≤ 20 and a seeded correlated synthetic case); branch-and-bound must equal it, every lower
// bound must sit below it and every heuristic above it; the perspective relaxation must agree with
// the independent Boolean-relaxation formulation; the exact prox is checked against its
// variational inequality and the penalty against its Lagrangian dual; cancellation keeps a valid
// certificate; the k-path is monotone and certified; p = 50 correlated real features are certified
// within a minute.
#include <QtTest>

#include <chrono>
#include <random>
#include <thread>

#include "core/io/dataset_io.hpp"
#include "core/l0/boolean_relaxation.hpp"
#include "core/l0/branch_and_bound.hpp"
#include "core/l0/enumeration.hpp"
#include "core/l0/iht.hpp"
#include "core/l0/k_path.hpp"
#include "core/l0/l0_solver.hpp"
#include "core/l0/perspective_relaxation.hpp"
#include "core/l0/swap_search.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;
using namespace lambdascope::l0;

Q_DECLARE_METATYPE(lambdascope::l0::L0Loss)

namespace {

/// The first `count` feature columns of a dense dataset (same rows and target).
Dataset firstColumns(const Dataset& data, Index count) {
  const Mat X = std::get<Mat>(*data.storage()).leftCols(count);
  std::vector<std::string> names(data.featureNames().begin(), data.featureNames().begin() + count);
  return Dataset(X, data.target(), names, data.targetName(), data.source());
}

/// Binary 0/1 labels from a regression target (above the median), same features.
Dataset binarized(const Dataset& data) {
  Vec y = data.target();
  std::vector<double> sorted(y.data(), y.data() + y.size());
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median = sorted[sorted.size() / 2];
  for (Index i = 0; i < y.size(); ++i) y[i] = y[i] > median ? 1.0 : 0.0;
  return Dataset(std::get<Mat>(*data.storage()), y, data.featureNames(), data.targetName(), data.source());
}

/// The objective of original-scale coefficients, recomputed from the raw file values (not from
/// the problem's centred/Gram bookkeeping): loss + λ₂‖θ‖², θ = β·s on the model scale.
double independentObjective(const Dataset& data, const L0Settings& settings, const Vec& beta, double b0,
                            const Vec& scale) {
  const Mat& X = std::get<Mat>(*data.storage());
  const Vec eta = (X * beta).array() + b0;
  const Vec& y = data.target();
  const double n = static_cast<double>(y.size());
  double loss = 0.0;
  const double hi = y.maxCoeff();
  for (Index i = 0; i < y.size(); ++i) {
    if (settings.loss == L0Loss::Squared) {
      loss += 0.5 * (y[i] - eta[i]) * (y[i] - eta[i]);
    } else {
      const double t = (y[i] == hi ? 1.0 : -1.0) * eta[i];
      loss += std::max(-t, 0.0) + std::log1p(std::exp(-std::abs(t)));
    }
  }
  return loss / n + settings.ridge * beta.cwiseProduct(scale).squaredNorm();
}

double meanCurvature(const Dataset& data, L0Loss loss) {
  L0Settings s;
  s.loss = loss;
  s.ridge = loss == L0Loss::Logistic ? 1.0 : 0.0;
  return L0Problem(data, s).columnCurvature().mean();
}

/// Bound tolerance for comparisons with the enumerated optimum: rounding in the objectives only.
double slack(double v) { return 1e-10 * std::max(1.0, std::abs(v)); }

}  // namespace

class TestL0 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void proxSatisfiesItsVariationalInequality();
  void penaltyMatchesItsLagrangianDual();
  void relaxationAgreesWithBooleanRelaxation_data();
  void relaxationAgreesWithBooleanRelaxation();
  void enumerationIsTheOptimum_data();
  void enumerationIsTheOptimum();
  void logisticLabelsAreMapped();
  void standardizeReportsOriginalScale();
  void cancellationKeepsACertificate();
  void timeLimitIsHonoured();
  void kPathIsMonotoneAndCertified();
  void matchedSupportsAndJaccard();
  void fiftyCorrelatedRealFeaturesWithinAMinute();
  void tinyRidgeBigMBoundsAreValid_data();
  void tinyRidgeBigMBoundsAreValid();
  void bigMProxSatisfiesItsVariationalInequality();
};

void TestL0::proxSatisfiesItsVariationalInequality() {
  // p = prox_{a h}(v) iff h(w) ≥ h(p) + ⟨(v − p)/a, w − p⟩ for every w (h convex).
  std::mt19937_64 rng(7);
  std::normal_distribution<double> gauss;
  std::uniform_int_distribution<int> stateDraw(0, 5);
  PerspectivePenalty pen(12);
  for (int trial = 0; trial < 3000; ++trial) {
    const Index p = 3 + trial % 10;
    std::vector<VarState> state(static_cast<std::size_t>(p));
    Index nIn = 0, nFree = 0;
    for (auto& s : state) {
      const int d = stateDraw(rng);
      s = d == 0 ? VarState::In : (d == 1 ? VarState::Out : VarState::Free);
      nIn += s == VarState::In;
      nFree += s == VarState::Free;
    }
    const Index budget = 1 + trial % std::max<Index>(1, nFree);
    const double a = std::exp(2.0 * gauss(rng));
    Vec v(p);
    for (Index j = 0; j < p; ++j) v[j] = 3.0 * gauss(rng);
    Vec prox = v;
    pen.prox(prox, a, state, budget);
    const double hp = pen.value(prox, state, budget);
    QVERIFY(std::isfinite(hp));
    for (int w = 0; w < 40; ++w) {
      Vec other(p);
      for (Index j = 0; j < p; ++j)
        other[j] = state[static_cast<std::size_t>(j)] == VarState::Out ? 0.0 : prox[j] + gauss(rng) * (w % 2 ? 0.01 : 2.0);
      const double lhs = pen.value(other, state, budget);
      const double rhs = hp + (v - prox).dot(other - prox) / a;
      QVERIFY2(lhs >= rhs - 1e-9 * (1.0 + std::abs(lhs)),
               qPrintable(QStringLiteral("trial %1: h(w) = %2 < %3").arg(trial).arg(lhs, 0, 'g', 17).arg(rhs, 0, 'g', 17)));
    }
  }
}

void TestL0::penaltyMatchesItsLagrangianDual() {
  // ‖θ‖²_(K-sp) = min_{z ∈ [0,1]^m, Σz ≤ K} Σ θ_j²/z_j = max_{μ ≥ 0} Σ_j h_μ(θ_j) − μK with
  // h_μ(t) = t² + μ if |t| ≥ √μ else 2√μ|t| (Lagrangian dual, concave in μ; golden section).
  std::mt19937_64 rng(11);
  std::normal_distribution<double> gauss;
  PerspectivePenalty pen(10);
  for (int trial = 0; trial < 200; ++trial) {
    const Index m = 2 + trial % 9;
    const Index K = 1 + trial % m;
    Vec theta(m);
    for (Index j = 0; j < m; ++j) theta[j] = gauss(rng) * (j % 3 == 0 ? 5.0 : 1.0);
    std::vector<VarState> state(static_cast<std::size_t>(m), VarState::Free);
    const double value = pen.value(theta, state, K);
    auto dual = [&](double r) {  // r = √μ
      double acc = -r * r * static_cast<double>(K);
      for (Index j = 0; j < m; ++j) {
        const double t = std::abs(theta[j]);
        acc += t >= r ? t * t + r * r : 2.0 * r * t;
      }
      return acc;
    };
    double lo = 0.0, hi = theta.cwiseAbs().sum() + 1.0;
    for (int it = 0; it < 300; ++it) {
      const double m1 = lo + (hi - lo) / 3.0, m2 = hi - (hi - lo) / 3.0;
      (dual(m1) < dual(m2) ? lo : hi) = dual(m1) < dual(m2) ? m1 : m2;
    }
    const double best = dual(0.5 * (lo + hi));
    QVERIFY2(std::abs(best - value) <= 1e-9 * (1.0 + value),
             qPrintable(QStringLiteral("trial %1: closed form %2, dual %3").arg(trial).arg(value, 0, 'g', 17).arg(best, 0, 'g', 17)));
  }
}

void TestL0::relaxationAgreesWithBooleanRelaxation_data() {
  QTest::addColumn<QString>("dataset");
  QTest::addColumn<L0Loss>("loss");
  QTest::addColumn<double>("ridgeScale");
  QTest::addColumn<int>("k");
  for (int k : {2, 5}) {
    for (double r : {0.05, 1.0}) {
      QTest::addRow("diabetes/squared/r%g/k%d", r, k) << "diabetes" << L0Loss::Squared << r << k;
      QTest::addRow("synthetic/squared/r%g/k%d", r, k) << "synthetic" << L0Loss::Squared << r << k;
      QTest::addRow("synthetic/logistic/r%g/k%d", r, k) << "synthetic" << L0Loss::Logistic << r << k;
    }
  }
}

void TestL0::relaxationAgreesWithBooleanRelaxation() {
  QFETCH(QString, dataset);
  QFETCH(L0Loss, loss);
  QFETCH(double, ridgeScale);
  QFETCH(int, k);
  Dataset data = dataset == "diabetes" ? test::bundledDiabetes() : test::correlatedSynthetic(80, 12, 0.8);
  if (loss == L0Loss::Logistic) data = binarized(data);
  L0Settings s;
  s.loss = loss;
  s.ridge = ridgeScale * meanCurvature(data, loss);
  const L0Problem problem(data, s);
  PerspectiveRelaxation persp(problem);
  const RelaxationResult r = persp.root(k, 1e-12, 200000);
  const BooleanRelaxationResult b = solveBooleanRelaxation(problem, k, 20000, 1e-10);
  const double scale = std::abs(r.upperBound);
  // Each method brackets the same value; the brackets must overlap and be narrow.
  QVERIFY2(r.upperBound - r.lowerBound <= 1e-8 * scale,
           qPrintable(QStringLiteral("perspective [%1, %2]").arg(r.lowerBound, 0, 'g', 17).arg(r.upperBound, 0, 'g', 17)));
  QVERIFY2(b.upperBound - b.lowerBound <= 1e-6 * scale,
           qPrintable(QStringLiteral("boolean [%1, %2] after %3").arg(b.lowerBound, 0, 'g', 17).arg(b.upperBound, 0, 'g', 17).arg(b.iterations)));
  QVERIFY2(r.lowerBound <= b.upperBound + 1e-12 * scale && b.lowerBound <= r.upperBound + 1e-12 * scale,
           qPrintable(QStringLiteral("perspective [%1, %2] vs boolean [%3, %4]")
                          .arg(r.lowerBound, 0, 'g', 17).arg(r.upperBound, 0, 'g', 17)
                          .arg(b.lowerBound, 0, 'g', 17).arg(b.upperBound, 0, 'g', 17)));
  // And the relaxation is a lower bound of the k-sparse optimum.
  const EnumerationResult e = enumerateSupports(problem, k);
  QVERIFY(r.lowerBound <= e.best.objective + slack(e.best.objective));
  QVERIFY(b.lowerBound <= e.best.objective + slack(e.best.objective));
}

void TestL0::enumerationIsTheOptimum_data() {
  QTest::addColumn<QString>("dataset");
  QTest::addColumn<L0Loss>("loss");
  QTest::addColumn<double>("ridgeScale");
  QTest::addColumn<int>("kMax");
  for (double r : {0.0, 0.02, 0.5}) {
    QTest::addRow("diabetes/squared/r%g", r) << "diabetes" << L0Loss::Squared << r << 6;
    QTest::addRow("synthetic16/squared/r%g", r) << "synthetic16" << L0Loss::Squared << r << 5;
    QTest::addRow("prostate/squared/r%g", r) << "prostate" << L0Loss::Squared << r << 5;
    QTest::addRow("diabetes_x2_first18/squared/r%g", r) << "diabetes_x2" << L0Loss::Squared << r << 4;
    if (r > 0.0) {
      QTest::addRow("synthetic12/logistic/r%g", r) << "synthetic12" << L0Loss::Logistic << r << 4;
      QTest::addRow("breast_cancer_std_first12/logistic/r%g", r) << "breast_cancer" << L0Loss::Logistic << r << 3;
    }
  }
}

void TestL0::enumerationIsTheOptimum() {
  QFETCH(QString, dataset);
  QFETCH(L0Loss, loss);
  QFETCH(double, ridgeScale);
  QFETCH(int, kMax);
  Dataset data;
  if (dataset == "diabetes") {
    data = test::bundledDiabetes();
  } else if (dataset == "synthetic16") {
    data = test::correlatedSynthetic(60, 16, 0.85);
  } else if (dataset == "synthetic12") {
    data = binarized(test::correlatedSynthetic(120, 12, 0.8));
  } else if (dataset == "prostate") {
    LAMBDASCOPE_REQUIRE_SHARED(path, QStringLiteral("tabular/prostate.csv"));
    data = loadDataset(path.toStdString());
  } else if (dataset == "diabetes_x2") {
    LAMBDASCOPE_REQUIRE_SHARED(path, QStringLiteral("tabular/diabetes_x2.csv"));
    data = firstColumns(loadDataset(path.toStdString()), 18);
  } else {
    LAMBDASCOPE_REQUIRE_SHARED(path, QStringLiteral("tabular/breast_cancer_std.csv"));
    data = firstColumns(loadDataset(path.toStdString()), 12);
  }
  L0Settings s;
  s.loss = loss;
  s.ridge = ridgeScale * meanCurvature(data, loss);
  const L0Problem problem(data, s);
  for (Index k = 1; k <= kMax; ++k) {
    const EnumerationResult e = enumerateSupports(problem, k);
    const double opt = e.best.objective;
    // The oracle's objective, recomputed from the raw data and original-scale coefficients.
    const double direct = independentObjective(data, s, problem.originalCoefficients(e.best),
                                               problem.originalIntercept(e.best), problem.columnScale());
    QVERIFY2(std::abs(direct - opt) <= 1e-9 * std::abs(opt),
             qPrintable(QStringLiteral("k=%1: enumerated %2, recomputed %3").arg(k).arg(opt, 0, 'g', 17).arg(direct, 0, 'g', 17)));

    std::vector<std::pair<QString, L0Result>> runs;
    for (L0Method m : {L0Method::Iht, L0Method::Swaps, L0Method::Bnb}) {
      L0SolveOptions opt0;
      opt0.method = m;
      opt0.k = k;
      runs.emplace_back(QString::fromLatin1(toString(m)), solveL0(problem, &data, opt0));
    }
    for (const auto& [name, r] : runs) {
      const QString where = QStringLiteral("k=%1 %2: objective %3, bound %4, optimum %5")
                                .arg(k).arg(name).arg(r.objective, 0, 'g', 17).arg(r.lowerBound, 0, 'g', 17).arg(opt, 0, 'g', 17);
      QVERIFY2(static_cast<Index>(r.solution.support.size()) <= k, qPrintable(where));
      QVERIFY2(r.objective >= opt - slack(opt), qPrintable(where));   // upper bounds
      QVERIFY2(r.lowerBound <= opt + slack(opt), qPrintable(where));  // lower bounds
      QVERIFY2(r.rootBound <= opt + slack(opt), qPrintable(where));
      QVERIFY2(std::abs(r.gap - relativeGap(r.objective, r.lowerBound)) <= 1e-15, qPrintable(where));
      QCOMPARE(r.certified, r.gap <= kCertifiedGap);
      const double check = independentObjective(data, s, r.coef, r.intercept, problem.columnScale());
      QVERIFY2(std::abs(check - r.objective) <= 1e-9 * std::abs(opt), qPrintable(where));
      for (const BnbProgress& pr : r.trace) {
        QVERIFY2(pr.lowerBound <= opt + slack(opt), qPrintable(where));
        QVERIFY2(pr.incumbent >= opt - slack(opt), qPrintable(where));
      }
    }
    const L0Result& bnb = runs.back().second;
    QVERIFY2(bnb.certified && bnb.status == "optimal", qPrintable(QStringLiteral("k=%1 gap %2").arg(k).arg(bnb.gap)));
    QVERIFY2(bnb.objective <= opt * (1.0 + 1e-7) + slack(opt),
             qPrintable(QStringLiteral("k=%1: bnb %2 vs optimum %3").arg(k).arg(bnb.objective, 0, 'g', 17).arg(opt, 0, 'g', 17)));
  }
}

void TestL0::logisticLabelsAreMapped() {
  const Dataset zeroOne = binarized(test::correlatedSynthetic(100, 8, 0.5));
  Vec pm = zeroOne.target();
  for (Index i = 0; i < pm.size(); ++i) pm[i] = pm[i] > 0.5 ? 1.0 : -1.0;
  const Dataset plusMinus(std::get<Mat>(*zeroOne.storage()), pm, zeroOne.featureNames(), "y");
  L0Settings s;
  s.loss = L0Loss::Logistic;
  s.ridge = 0.01;
  L0SolveOptions o;
  o.method = L0Method::Bnb;
  o.k = 3;
  const L0Result a = solveL0(L0Problem(zeroOne, s), &zeroOne, o);
  const L0Result b = solveL0(L0Problem(plusMinus, s), &plusMinus, o);
  QCOMPARE(a.solution.support, b.solution.support);
  QVERIFY(std::abs(a.objective - b.objective) <= 1e-12 * a.objective);
  // A target with three values is refused with a message.
  Vec three = pm;
  three[0] = 2.0;
  const Dataset bad(std::get<Mat>(*zeroOne.storage()), three, zeroOne.featureNames(), "y");
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, L0Problem(bad, s));
  s.ridge = 0.0;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, L0Problem(zeroOne, s));
}

void TestL0::standardizeReportsOriginalScale() {
  const Dataset data = test::bundledDiabetes();
  L0Settings s;
  s.ridge = 0.05;
  s.standardize = true;
  const L0Problem problem(data, s);
  L0SolveOptions o;
  o.method = L0Method::Bnb;
  o.k = 4;
  const L0Result r = solveL0(problem, &data, o);
  QVERIFY(r.certified);
  // The objective is the standardized problem's: recompute it from standardized raw columns.
  const Mat& X = std::get<Mat>(*data.storage());
  Mat Z = X.rowwise() - X.colwise().mean();
  for (Index j = 0; j < Z.cols(); ++j) Z.col(j) /= std::sqrt(Z.col(j).squaredNorm() / static_cast<double>(Z.rows()));
  const Vec theta = r.coef.cwiseProduct(problem.columnScale());
  const Vec resid = (data.target().array() - data.target().mean()).matrix() - Z * theta;
  const double direct = resid.squaredNorm() / (2.0 * static_cast<double>(Z.rows())) + s.ridge * theta.squaredNorm();
  QVERIFY(std::abs(direct - r.objective) <= 1e-10 * r.objective);
  // Original-scale predictions equal the standardized model's predictions.
  const Vec pred = (X * r.coef).array() + r.intercept;
  const Vec predStd = (Z * theta).array() + data.target().mean();
  QVERIFY((pred - predStd).cwiseAbs().maxCoeff() <= 1e-9 * predStd.cwiseAbs().maxCoeff());
}

void TestL0::cancellationKeepsACertificate() {
  // A hard instance (tiny ridge, strongly correlated): cancelled by the callback, then by the token.
  const Dataset data = test::correlatedSynthetic(100, 40, 0.95);
  L0Settings s;
  s.ridge = 1e-5;
  const L0Problem problem(data, s);
  const L0Solution start = bestHeuristic(problem, 12, {});
  int reports = 0;
  BnbOptions o;
  o.progressInterval = 0.0;
  const BnbResult a = branchAndBound(problem, 12, &start, o, [&](const BnbProgress&) {
    return ++reports >= 30 ? Control::Stop : Control::Continue;
  });
  QCOMPARE(a.status, BnbStatus::Cancelled);
  QVERIFY(a.incumbent.valid());
  QVERIFY(a.incumbent.objective <= start.objective);
  QVERIFY(a.lowerBound <= a.incumbent.objective);
  QVERIFY(a.lowerBound >= a.rootBound || a.nodes <= 1);
  QCOMPARE(a.gap, relativeGap(a.incumbent.objective, a.lowerBound));

  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    source.request_stop();
  });
  const auto t0 = std::chrono::steady_clock::now();
  const BnbResult b = branchAndBound(problem, 12, &start, {}, {}, source.get_token());
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stopper.join();
  if (b.status != BnbStatus::Optimal) {
    QCOMPARE(b.status, BnbStatus::Cancelled);
    QVERIFY2(took < 1.0, qPrintable(QStringLiteral("stopped after %1 s").arg(took)));
  }
  QVERIFY(b.lowerBound <= b.incumbent.objective);
}

void TestL0::timeLimitIsHonoured() {
  const Dataset data = test::correlatedSynthetic(100, 40, 0.95);
  L0Settings s;
  s.ridge = 1e-6;
  const L0Problem problem(data, s);
  BnbOptions o;
  o.timeLimit = 0.3;
  const auto t0 = std::chrono::steady_clock::now();
  const BnbResult r = branchAndBound(problem, 15, nullptr, o);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  QVERIFY2(took < 1.5, qPrintable(QStringLiteral("%1 s").arg(took)));
  QVERIFY(r.status == BnbStatus::TimeLimit || r.status == BnbStatus::Optimal);
  QVERIFY(r.incumbent.valid() && r.lowerBound <= r.incumbent.objective);
  o.timeLimit = std::numeric_limits<double>::infinity();
  o.maxNodes = 10;
  const BnbResult n = branchAndBound(problem, 15, nullptr, o);
  QVERIFY(n.status == BnbStatus::NodeLimit || n.status == BnbStatus::Optimal);
  QVERIFY(n.nodes <= 10);
}

void TestL0::kPathIsMonotoneAndCertified() {
  const Dataset data = test::bundledDiabetes();
  L0Settings s;
  s.ridge = 0.02 * meanCurvature(data, L0Loss::Squared);
  KPathOptions o;
  o.kMax = 10;
  o.holdoutFraction = 0.3;
  o.bnbSecondsPerK = 10.0;
  int seen = 0;
  const KPathResult path = computeKPath(data, s, o, [&](const KPathPoint&) {
    ++seen;
    return Control::Continue;
  });
  QCOMPARE(static_cast<int>(path.points.size()), 10);
  QCOMPARE(seen, 10);
  QCOMPARE(static_cast<int>(path.holdoutRows.size()), 133);
  const L0Problem problem(data, s);
  for (std::size_t i = 0; i < path.points.size(); ++i) {
    const KPathPoint& pt = path.points[i];
    QCOMPARE(pt.k, static_cast<Index>(i + 1));
    QVERIFY(pt.certified);
    QVERIFY(static_cast<Index>(pt.support.size()) <= pt.k);
    if (i > 0) QVERIFY(pt.objective <= path.points[i - 1].objective * (1.0 + 1e-12));
    QVERIFY(pt.lowerBound <= pt.objective);
    QVERIFY(std::isfinite(pt.validationLoss) && pt.validationLoss > 0.0);
    const EnumerationResult e = enumerateSupports(problem, pt.k);
    QVERIFY(std::abs(pt.objective - e.best.objective) <= 1e-7 * e.best.objective);
  }
  // Root bounds only (no branch-and-bound): still valid bounds, gaps reported.
  o.bnbSecondsPerK = 0.0;
  o.holdoutFraction = 0.0;
  const KPathResult quick = computeKPath(data, s, o);
  for (const KPathPoint& pt : quick.points) {
    QVERIFY(pt.lowerBound <= pt.objective);
    QVERIFY(std::isnan(pt.validationLoss));
    QCOMPARE(pt.status, std::string("heuristic"));
  }
  // Cancel from the callback after three points.
  const KPathResult cut = computeKPath(data, s, o, [](const KPathPoint& pt) {
    return pt.k >= 3 ? Control::Stop : Control::Continue;
  });
  QVERIFY(cut.cancelled);
  QCOMPARE(static_cast<int>(cut.points.size()), 3);
}

void TestL0::matchedSupportsAndJaccard() {
  QCOMPARE(jaccard({1, 2, 3}, {2, 3, 4}), 0.5);
  QCOMPARE(jaccard({}, {}), 1.0);
  QCOMPARE(jaccard({0}, {1}), 0.0);
  const Dataset data = test::bundledDiabetes();
  ModelSpec spec;
  NullObserver none;
  const PathResult lasso = computePath(data, spec, {}, none);
  for (Index k = 1; k <= 10; ++k) {
    const MatchedSupport m = matchBySize(lasso, k);
    QVERIFY(m.index >= 0);
    if (m.exactSize) QCOMPARE(static_cast<Index>(m.support.size()), k);
    // No earlier point (larger λ) has the same size.
    for (Index i = 0; i < m.index && m.exactSize; ++i)
      QVERIFY(static_cast<Index>(lasso.points[static_cast<std::size_t>(i)].support.size()) != k);
  }
}

void TestL0::fiftyCorrelatedRealFeaturesWithinAMinute() {
  // diabetes_x2: 10 main effects, their squares and interactions, strongly correlated; first 50.
  LAMBDASCOPE_REQUIRE_SHARED(path, QStringLiteral("tabular/diabetes_x2.csv"));
  const Dataset data = firstColumns(loadDataset(path.toStdString()), 50);
  const double curvature = meanCurvature(data, L0Loss::Squared);  // 1/n: unit-norm columns
  for (double r : {0.5, 0.05}) {
    for (Index k : {5, 10, 15}) {
      L0Settings s;
      s.ridge = r * curvature;
      const L0Problem problem(data, s);
      L0SolveOptions o;
      o.method = L0Method::Bnb;
      o.k = k;
      o.timeLimit = 60.0 * test::kTimeBudgetScale;
      const L0Result res = solveL0(problem, &data, o);
      qInfo("diabetes_x2[:50] ridge=%g (%.2g x mean curvature) k=%d: %s in %.2f s, %lld nodes, gap %.2g, root gap %.2g",
            s.ridge, r, static_cast<int>(k), res.status.c_str(), res.seconds, res.nodes, res.gap,
            relativeGap(res.objective, res.rootBound));
      QVERIFY2(res.certified, qPrintable(QStringLiteral("k=%1 r=%2: gap %3 after %4 s").arg(k).arg(r).arg(res.gap).arg(res.seconds)));
      QVERIFY(res.seconds < 60.0 * test::kTimeBudgetScale);
    }
  }
  // The tiny-ridge regime (λ₂ = 1e-6 ≈ 4e-4 × the column curvature), where the plain perspective
  // bound barely beats plain least squares: certified thanks to the big-M boxes.
  L0Settings s;
  s.ridge = 1e-6;
  const L0Problem problem(data, s);
  L0SolveOptions o;
  o.method = L0Method::Bnb;
  o.k = 15;
  o.timeLimit = 60.0 * test::kTimeBudgetScale;
  const L0Result res = solveL0(problem, &data, o);
  qInfo("diabetes_x2[:50] ridge=1e-06 k=15: %s in %.2f s, %lld nodes, gap %.2g, root gap %.2g", res.status.c_str(),
        res.seconds, res.nodes, res.gap, relativeGap(res.objective, res.rootBound));
  QVERIFY2(res.certified, qPrintable(QStringLiteral("tiny ridge: gap %1 after %2 s").arg(res.gap).arg(res.seconds)));
}

void TestL0::tinyRidgeBigMBoundsAreValid_data() {
  QTest::addColumn<QString>("dataset");
  QTest::addColumn<double>("ridge");
  QTest::addColumn<int>("k");
  for (double r : {1e-6, 1e-5}) {
    QTest::addRow("diabetes_x2_first20/r%g/k6", r) << "diabetes_x2" << r << 6;
    QTest::addRow("diabetes_x2_first20/r%g/k9", r) << "diabetes_x2" << r << 9;
    QTest::addRow("synthetic20/r%g/k7", r) << "synthetic" << r << 7;
  }
}

void TestL0::tinyRidgeBigMBoundsAreValid() {
  // The regime where the plain perspective bound is weak (λ₂ ≪ the column curvatures, strongly
  // correlated columns): the big-M boxes from the incumbent's level set must keep every bound
  // below the enumerated optimum — also when the incumbent IS the optimum (tightest boxes) — and
  // must not need more nodes than the plain relaxation.
  QFETCH(QString, dataset);
  QFETCH(double, ridge);
  QFETCH(int, k);
  Dataset data;
  if (dataset == "diabetes_x2") {
    LAMBDASCOPE_REQUIRE_SHARED(path, QStringLiteral("tabular/diabetes_x2.csv"));
    data = firstColumns(loadDataset(path.toStdString()), 20);
  } else {
    data = test::correlatedSynthetic(80, 20, 0.95);
  }
  L0Settings s;
  s.ridge = ridge;
  const L0Problem problem(data, s);
  const EnumerationResult e = enumerateSupports(problem, k);
  const double opt = e.best.objective;
  const L0Solution heuristic = bestHeuristic(problem, k, {});
  BnbOptions plainOpt;
  plainOpt.bigMBox = false;
  plainOpt.timeLimit = 30.0;
  const BnbResult plain = branchAndBound(problem, k, &heuristic, plainOpt);
  BnbOptions boxOpt;
  boxOpt.timeLimit = 30.0;
  for (const L0Solution* start : {&heuristic, &e.best}) {
    const BnbResult r = branchAndBound(problem, k, start, boxOpt);
    const QString where = QStringLiteral("objective %1, bound %2, root %3, optimum %4, %5 nodes")
                              .arg(r.incumbent.objective, 0, 'g', 17).arg(r.lowerBound, 0, 'g', 17)
                              .arg(r.rootBound, 0, 'g', 17).arg(opt, 0, 'g', 17).arg(r.nodes);
    QVERIFY2(r.status == BnbStatus::Optimal, qPrintable(where));
    QVERIFY2(r.lowerBound <= opt + slack(opt), qPrintable(where));
    QVERIFY2(r.rootBound <= opt + slack(opt), qPrintable(where));
    QVERIFY2(std::abs(r.incumbent.objective - opt) <= 1e-7 * opt, qPrintable(where));
    for (const BnbProgress& pr : r.trace) QVERIFY2(pr.lowerBound <= opt + slack(opt), qPrintable(where));
    if (start == &heuristic) {
      qInfo("%s: plain %lld nodes %.3f s (root gap %.3g), big-M %lld nodes %.3f s (root gap %.3g)",
            QTest::currentDataTag(), plain.nodes, plain.seconds, relativeGap(opt, plain.rootBound), r.nodes,
            r.seconds, relativeGap(opt, r.rootBound));
      QVERIFY2(r.nodes <= plain.nodes, qPrintable(QStringLiteral("big-M %1 nodes, plain %2").arg(r.nodes).arg(plain.nodes)));
      QVERIFY2(r.rootBound >= plain.rootBound - slack(opt), qPrintable(where));
    }
  }
}

void TestL0::bigMProxSatisfiesItsVariationalInequality() {
  // As for the plain penalty: p = prox_{a h_M}(v) iff h_M(w) ≥ h_M(p) + ⟨(v − p)/a, w − p⟩ for all
  // w in the domain (checked at random w inside the box and at the other prox points), and the
  // conjugate's Fenchel–Young inequality φ(v) ≥ ⟨v, w⟩ − λ h_M(w) holds.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> gauss;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> stateDraw(0, 5);
  PerspectivePenalty pen(12);
  for (int trial = 0; trial < 2000; ++trial) {
    const Index p = 3 + trial % 10;
    std::vector<VarState> state(static_cast<std::size_t>(p));
    Index nFree = 0;
    for (auto& st : state) {
      const int d = stateDraw(rng);
      st = d == 0 ? VarState::In : (d == 1 ? VarState::Out : VarState::Free);
      nFree += st == VarState::Free;
    }
    const Index budget = 1 + trial % std::max<Index>(1, nFree);
    Vec box(p);
    for (Index j = 0; j < p; ++j) box[j] = trial % 7 == 0 && j % 3 == 0 ? std::numeric_limits<double>::infinity()
                                                                         : std::exp(gauss(rng));
    pen.setBox(&box);
    const double a = std::exp(2.0 * gauss(rng));
    Vec v(p);
    for (Index j = 0; j < p; ++j) v[j] = 3.0 * gauss(rng);
    Vec prox = v;
    pen.prox(prox, a, state, budget);
    const double hp = pen.value(prox, state, budget);
    if (!std::isfinite(hp)) {
      for (Index j = 0; j < p; ++j)
        qInfo("j=%d state=%d M=%g v=%g prox=%g", int(j), int(state[static_cast<std::size_t>(j)]), box[j], v[j], prox[j]);
      qInfo("a=%g budget=%d", a, int(budget));
    }
    QVERIFY2(std::isfinite(hp), qPrintable(QStringLiteral("trial %1: prox point outside the domain").arg(trial)));
    for (int w = 0; w < 20; ++w) {
      // A random feasible w: z on the capped simplex, |w_j| ≤ M_j z_j.
      Vec z = Vec::Zero(p), wv = Vec::Zero(p);
      double left = static_cast<double>(budget);
      for (Index j = 0; j < p; ++j) {
        const VarState st = state[static_cast<std::size_t>(j)];
        if (st == VarState::Out) continue;
        const double zj = st == VarState::In ? 1.0 : std::min(left, unit(rng));
        if (st == VarState::Free) left -= zj;
        const double cap = std::isfinite(box[j]) ? box[j] * zj : 5.0 * zj;
        wv[j] = (2.0 * unit(rng) - 1.0) * cap;
      }
      const double hw = pen.value(wv, state, budget);
      QVERIFY(std::isfinite(hw));
      const double rhs = hp + (v - prox).dot(wv - prox) / a;
      QVERIFY2(hw >= rhs - 1e-7 * (1.0 + std::abs(hw) + std::abs(rhs)),
               qPrintable(QStringLiteral("trial %1: h(w) = %2 < %3").arg(trial).arg(hw, 0, 'g', 17).arg(rhs, 0, 'g', 17)));
      const double lam = std::exp(gauss(rng));
      const double conj = pen.conjugate(v, lam, state, budget);
      QVERIFY2(conj >= v.dot(wv) - lam * hw - 1e-9 * (1.0 + std::abs(conj)),
               qPrintable(QStringLiteral("trial %1: Fenchel-Young violated").arg(trial)));
    }
  }
}

QTEST_APPLESS_MAIN(TestL0)
#include "test_l0.moc"
