// Hypergradients of MxNE's α on the bundled real MEG case: implicit differentiation on the active
// rows against central finite differences of the criterion (FDMC-SURE and the time hold-out, one
// α and one α per source), the two linear solvers against each other, Newton polishing against
// the KKT conditions, and the outer optimisers against a grid search of the same criterion.
#include <QtTest>

#include <cmath>
#include <map>
#include <random>

#include "core/meeg/meeg_case.hpp"
#include "core/meeg/meeg_hypergrad.hpp"
#include "core/meeg/row_support_system.hpp"
#include "core/selection/hpo.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

const MeegCase& bundledCase() {
  static const MeegCase c = loadMeegCase(test::sourcePath(QStringLiteral("resources/meeg/sample_la_meg_small.npz")).toStdString());
  return c;
}

HypergradientOptions tight() {
  HypergradientOptions o;
  o.tol = 1e-13;
  return o;
}

/// Central difference of the criterion along direction v (cold starts on both sides), with the
/// supports on both sides, to check that the support did not change.
struct Difference {
  double slope = 0.0;
  std::vector<Index> upSupports, downSupports;
};
Difference centralDifference(MeegCriterion& c, const Vec& theta, const Vec& v, double h) {
  Difference d;
  c.resetWarmStarts();
  const HyperEvaluation up = c.value(theta + h * v, tight());
  c.resetWarmStarts();
  const HyperEvaluation down = c.value(theta - h * v, tight());
  d.slope = (up.value - down.value) / (2.0 * h);
  d.upSupports = up.supports;
  d.downSupports = down.supports;
  return d;
}

/// ‖∇ of the smooth part + α_i u_i‖ on the active rows: the stationarity an exact solution has.
double kktResidual(const Mat& G, const Mat& M, const Vec& alphas, const RowMat& B) {
  const RowSupportSystem sys = buildRowSupportSystem(G, B, alphas);
  RowMat BS(static_cast<Index>(sys.S.size()), B.cols());
  for (std::size_t k = 0; k < sys.S.size(); ++k) BS.row(static_cast<Index>(k)) = B.row(sys.S[k]);
  RowMat F = sys.GS.transpose() * (sys.GS * BS - M);
  for (Index k = 0; k < F.rows(); ++k) F.row(k) += sys.alpha[k] * sys.U.row(k);
  return F.norm();
}

class QuietHpo final : public HpoObserver {};

}  // namespace

class TestMeegHypergrad : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void singleAlphaMatchesFiniteDifferences_data();
  void singleAlphaMatchesFiniteDifferences();
  void perSourceMatchesFiniteDifferences_data();
  void perSourceMatchesFiniteDifferences();
  void linearSolversAgree();
  void polishReachesStationarity();
  void optimisersBeatTheGrid_data();
  void optimisersBeatTheGrid();
  void refusesWhatItCannotDo();
};

void TestMeegHypergrad::singleAlphaMatchesFiniteDifferences_data() {
  QTest::addColumn<QString>("criterion");
  QTest::addColumn<double>("percent");
  for (const char* crit : {"sure", "holdout"})
    for (double pc : {60.0, 35.0, 20.0})
      QTest::newRow(qPrintable(QStringLiteral("%1 %2%").arg(crit).arg(pc))) << QString::fromLatin1(crit) << pc;
}

void TestMeegHypergrad::singleAlphaMatchesFiniteDifferences() {
  QFETCH(QString, criterion);
  QFETCH(double, percent);
  const MeegCase& c = bundledCase();
  MeegCriterionOptions o;
  o.criterion = criterion.toStdString();
  MeegCriterion crit(c.G, c.M, o);
  const Vec theta = Vec::Constant(1, std::log(percent / 100.0 * crit.alphaMax()));
  const HyperEvaluation e = crit.evaluate(theta, HyperMethod::Implicit, tight());
  QVERIFY(e.hasGradient);
  QVERIFY(e.supports.front() > 0);
  const Difference d = centralDifference(crit, theta, Vec::Ones(1), 1e-4);
  if (d.upSupports != e.supports || d.downSupports != e.supports) QSKIP("the support changes within the difference step");
  qInfo("%s at %.0f%%: support %lld, implicit %.10g, central difference %.10g", qPrintable(criterion), percent,
        static_cast<long long>(e.supports.front()), e.gradLogLambda, d.slope);
  QVERIFY(std::abs(e.gradLogLambda) > 0.0);
  QVERIFY2(std::abs(e.gradLogLambda - d.slope) <= 1e-4 * std::abs(d.slope),
           qPrintable(QStringLiteral("implicit %1 vs finite difference %2").arg(e.gradLogLambda, 0, 'g', 12).arg(d.slope, 0, 'g', 12)));
}

void TestMeegHypergrad::perSourceMatchesFiniteDifferences_data() {
  QTest::addColumn<QString>("criterion");
  QTest::newRow("sure") << QStringLiteral("sure");
  QTest::newRow("holdout") << QStringLiteral("holdout");
}

void TestMeegHypergrad::perSourceMatchesFiniteDifferences() {
  QFETCH(QString, criterion);
  const MeegCase& c = bundledCase();
  MeegCriterionOptions o;
  o.criterion = criterion.toStdString();
  MeegCriterion single(c.G, c.M, o);
  o.perSource = true;
  MeegCriterion perSource(c.G, c.M, o);
  QCOMPARE(perSource.dimension(), c.G.cols());

  // At a common α the per-source gradient sums to the one-α gradient.
  const double logAlpha = std::log(0.4 * single.alphaMax());
  const HyperEvaluation one = single.evaluate(Vec::Constant(1, logAlpha), HyperMethod::Implicit, tight());
  const HyperEvaluation many = perSource.evaluate(Vec::Constant(c.G.cols(), logAlpha), HyperMethod::Implicit, tight());
  QCOMPARE(many.value, one.value);
  QVERIFY(std::abs(many.gradLogLambda - one.gradLogLambda) <= 1e-8 * std::abs(one.gradLogLambda));
  // Inactive sources have no local effect: their entries are exactly zero.
  Index nonZero = 0;
  for (Index j = 0; j < many.grad.size(); ++j) nonZero += many.grad[j] != 0.0 ? 1 : 0;
  QVERIFY(nonZero > 1);
  QVERIFY(nonZero <= many.supports.front() + (many.supports.size() > 1 ? many.supports[1] : 0));

  // Directional derivatives at uneven levels: random directions, and one active source alone.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  Vec theta(c.G.cols());
  for (Index j = 0; j < theta.size(); ++j) theta[j] = logAlpha + 0.1 * normal(rng);
  perSource.resetWarmStarts();
  const HyperEvaluation e = perSource.evaluate(theta, HyperMethod::Implicit, tight());
  Index strongest = 0;
  e.grad.cwiseAbs().maxCoeff(&strongest);
  std::vector<Vec> directions{Vec::NullaryExpr(theta.size(), [&] { return normal(rng); }), Vec::Unit(theta.size(), strongest)};
  int checked = 0;
  for (const Vec& v : directions) {
    const Difference d = centralDifference(perSource, theta, v, 1e-4);
    if (d.upSupports != e.supports || d.downSupports != e.supports) continue;
    const double implicit = e.grad.dot(v);
    qInfo("%s per source: implicit %.10g, central difference %.10g", qPrintable(criterion), implicit, d.slope);
    QVERIFY2(std::abs(implicit - d.slope) <= 1e-4 * std::abs(d.slope),
             qPrintable(QStringLiteral("implicit %1 vs finite difference %2").arg(implicit, 0, 'g', 12).arg(d.slope, 0, 'g', 12)));
    ++checked;
  }
  QVERIFY2(checked > 0, "every direction changed the support");
}

void TestMeegHypergrad::linearSolversAgree() {
  const MeegCase& c = bundledCase();
  MeegCriterionOptions o;
  MeegCriterion crit(c.G, c.M, o);
  const Vec theta = Vec::Constant(1, std::log(0.35 * crit.alphaMax()));
  HypergradientOptions dense = tight(), cg = tight();
  dense.linear = HypergradientOptions::Linear::Cholesky;
  cg.linear = HypergradientOptions::Linear::Cg;
  const HyperEvaluation a = crit.evaluate(theta, HyperMethod::Implicit, dense);
  const HyperEvaluation b = crit.evaluate(theta, HyperMethod::Implicit, cg);
  QVERIFY(a.supports.front() > 1);
  QVERIFY2(std::abs(a.gradLogLambda - b.gradLogLambda) <= 1e-7 * std::abs(a.gradLogLambda),
           qPrintable(QStringLiteral("LDLT %1 vs CG %2").arg(a.gradLogLambda, 0, 'g', 14).arg(b.gradLogLambda, 0, 'g', 14)));

  // The system itself: A(X) reproduces the right-hand side.
  const RowSupportSystem sys = buildRowSupportSystem(c.G, crit.lastSolution(), crit.alphas(theta));
  RowMat rhs = RowMat::Random(sys.U.rows(), sys.U.cols()), back(sys.U.rows(), sys.U.cols());
  for (const auto& opt : {dense, cg}) {
    const RowMat X = solveRowJacobian(sys, rhs, opt);
    applyRowJacobian(sys, X, back);
    QVERIFY((back - rhs).norm() <= 1e-8 * rhs.norm());
  }
}

void TestMeegHypergrad::polishReachesStationarity() {
  const MeegCase& c = bundledCase();
  const double alpha = 0.3 * meegAlphaMax(c.G, c.M);
  MxneOptions mo;
  mo.alpha = alpha;
  mo.gapThreshold = 1e-6 * c.M.squaredNorm();  // a loose solve leaves room to polish
  NullObserver quiet;
  const MxneResult r = solveMxne(c.G, c.M, mo, quiet);
  const Vec alphas = Vec::Constant(c.G.cols(), alpha);
  RowMat B = r.B;
  const double before = kktResidual(c.G, c.M, alphas, B);
  const int steps = polishRows(c.G, c.M, alphas, B, tight());
  const double after = kktResidual(c.G, c.M, alphas, B);
  qInfo("KKT residual on the support %.3g -> %.3g in %d Newton steps", before, after, steps);
  QVERIFY(steps >= 1);
  QVERIFY(after <= 1e-6 * before);
  const MxneCertificate polished = mxneCertificate(c.G, c.M, B, alpha), loose = mxneCertificate(c.G, c.M, r.B, alpha);
  QVERIFY(polished.primal <= loose.primal);
  QVERIFY(polished.gap() <= loose.gap());
}

void TestMeegHypergrad::optimisersBeatTheGrid_data() {
  QTest::addColumn<QString>("criterion");
  QTest::addColumn<QString>("optimizer");
  QTest::newRow("sure lbfgs") << QStringLiteral("sure") << QStringLiteral("lbfgs");
  QTest::newRow("sure gd") << QStringLiteral("sure") << QStringLiteral("gd");
  QTest::newRow("sure adam") << QStringLiteral("sure") << QStringLiteral("adam");
}

void TestMeegHypergrad::optimisersBeatTheGrid() {
  QFETCH(QString, criterion);
  QFETCH(QString, optimizer);
  const MeegCase& c = bundledCase();
  MeegCriterionOptions o;
  o.criterion = criterion.toStdString();
  MeegCriterion crit(c.G, c.M, o);
  HpoOptions h;
  h.lowRatio = 0.1;  // SURE's minimum is near 33 % of α_max; small α are slow to solve
  h.inner.tol = 1e-10;
  QuietHpo quiet;
  static std::map<QString, HpoResult> grids;  // one grid per criterion, shared by the rows
  if (!grids.count(criterion)) {
    h.optimizer = OuterOptimizer::Grid;
    h.maxOuter = 20;
    grids[criterion] = runHpo(crit, crit.thetaAt(std::log(crit.lambdaMax()), 1.0), h, quiet);
    crit.resetWarmStarts();
  }
  const HpoResult& grid = grids[criterion];
  h.optimizer = outerOptimizerFromString(optimizer.toStdString());
  h.maxOuter = 30;
  const HpoResult r = runHpo(crit, crit.thetaAt(std::log(0.7 * crit.alphaMax()), 1.0), h, quiet);
  qInfo("%s %s: %.6g at %.1f%% after %d solves (%s); 20-point grid best %.6g at %.1f%%", qPrintable(criterion),
        qPrintable(optimizer), r.value, 100.0 * std::exp(r.theta[0]) / crit.alphaMax(), r.innerSolves,
        r.stopReason.c_str(), grid.value, 100.0 * std::exp(grid.theta[0]) / crit.alphaMax());
  QVERIFY(!r.cancelled);
  QVERIFY(r.trajectory.size() >= 2);
  // A first-order method lands on a local minimum of the piecewise-smooth criterion: at least as
  // good as the grid's best, up to the grid's resolution on a flat bottom.
  QVERIFY2(r.value <= grid.value + 1e-3 * std::abs(grid.value),
           qPrintable(QStringLiteral("hypergradient %1 vs grid %2").arg(r.value).arg(grid.value)));
}

void TestMeegHypergrad::refusesWhatItCannotDo() {
  const MeegCase& c = bundledCase();
  MeegCriterionOptions o;
  o.criterion = "cv";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MeegCriterion(c.G, c.M, o));
  o.criterion = "sure";
  MeegCriterion crit(c.G, c.M, o);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, crit.evaluate(Vec::Constant(1, 0.0), HyperMethod::Forward, tight()));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, crit.evaluate(Vec::Constant(2, 0.0), HyperMethod::Implicit, tight()));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           crit.evaluate(Vec::Constant(1, std::nan("")), HyperMethod::Implicit, tight()));
  // Above α_max everything is zero: value of the null model, zero gradient.
  const HyperEvaluation top = crit.evaluate(Vec::Constant(1, std::log(2.0 * crit.lambdaMax())), HyperMethod::Implicit, tight());
  QCOMPARE(top.supports.front(), Index(0));
  QCOMPARE(top.gradLogLambda, 0.0);
}

QTEST_GUILESS_MAIN(TestMeegHypergrad)
#include "test_meeg_hypergrad.moc"
