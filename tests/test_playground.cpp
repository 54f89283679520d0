// The teaching playground's core: problems against their definitions (finite differences, exact
// minimisers), methods against closed forms and the theorems' bounds, prox operators against
// brute-force minimisation, contours, presets and the compiled-in data.
#include <QtTest>

#include <Eigen/Eigenvalues>

#include <QDir>
#include <QFile>

#include <cmath>
#include <limits>
#include <random>

#include "core/io/dataset_io.hpp"
#include "core/playground/contours.hpp"
#include "core/playground/diabetes_table.hpp"
#include "core/playground/methods.hpp"
#include "core/playground/preset.hpp"
#include "core/playground/problems.hpp"
#include "core/playground/prox_explorer.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;
using namespace lambdascope::playground;

namespace {

std::unique_ptr<Problem> problem(const QString& name, double condition = 10.0, double rotation = 0.0,
                                 std::optional<double> lambda = std::nullopt) {
  ProblemSpec s;
  s.name = name.toStdString();
  s.condition = condition;
  s.rotationDeg = rotation;
  s.lambda = lambda;
  return makeProblem(s);
}

MethodSpec named(const char* method) {
  MethodSpec m;
  m.method = method;
  return m;
}

Trace run(const Problem& p, const QString& method, const Vec2& start, int iters,
          std::optional<double> step = std::nullopt, std::optional<double> momentum = std::nullopt) {
  MethodSpec m;
  m.method = method.toStdString();
  m.step = step;
  m.momentum = momentum;
  return runMethod(p, m, start, iters);
}

/// argmin_x ½(x − v)² + pen(x) by a fine grid then golden-section refinement, in long double.
long double bruteProx(const std::function<long double(long double)>& obj, long double lo, long double hi) {
  const int n = 20001;
  long double best = lo, bestVal = obj(lo);
  for (int i = 1; i < n; ++i) {
    const long double x = lo + (hi - lo) * i / (n - 1);
    if (const long double v = obj(x); v < bestVal) {
      bestVal = v;
      best = x;
    }
  }
  long double a = best - (hi - lo) / (n - 1), b = best + (hi - lo) / (n - 1);
  const long double r = (std::sqrt(5.0L) - 1) / 2;
  for (int it = 0; it < 200; ++it) {
    const long double c = b - r * (b - a), d = a + r * (b - a);
    if (obj(c) < obj(d)) b = d;
    else a = c;
  }
  const long double x = (a + b) / 2;
  return obj(x) < obj(best) ? x : best;
}

}  // namespace

class TestPlayground : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void quadraticIsTheTextbookFormula();
  void derivativesMatchFiniteDifferences_data();
  void derivativesMatchFiniteDifferences();
  void minimisersAreOptimal_data();
  void minimisersAreOptimal();
  void gdMatchesClosedFormOnDiagonalQuadratic_data();
  void gdMatchesClosedFormOnDiagonalQuadratic();
  void measuredSuboptimalitySitsUnderBound_data();
  void measuredSuboptimalitySitsUnderBound();
  void boundsAreNotVacuous();
  void newtonConvergesInOneStepOnQuadratic();
  void fistaAndIstaMeetTheirBounds_data();
  void fistaAndIstaMeetTheirBounds();
  void svrgConvergesLinearly();
  void stochasticRunsAreSeededAndRecordSampledGradients();
  void coordinateDescentMovesOneCoordinate();
  void bfgsAndNewtonSolveRosenbrock();
  void incompatibleMethodsAreRefused();
  void divergenceStopsCleanly();
  void proxMatchesBruteForce_data();
  void proxMatchesBruteForce();
  void blockProxMatchesBruteForce();
  void contoursLieOnLevelSets();
  void shippedPresetsParseAndRun();
  void presetRoundTripAndErrors();
  void compiledDiabetesMatchesBundledCsv();
};

void TestPlayground::quadraticIsTheTextbookFormula() {
  for (double K : {1.0, 10.0, 123.5}) {
    const auto p = problem("quadratic", K, 0.0);
    for (const Vec2& x : {Vec2(1.5, -0.7), Vec2(-3.0, 2.25), Vec2(0.1, 0.0)}) {
      QCOMPARE(p->value(x), (x[0] * x[0] + K * x[1] * x[1]) / 2.0);
      QCOMPARE(p->gradient(x), Vec2(x[0], K * x[1]));
    }
    QCOMPARE(*p->lipschitz(), std::max(1.0, K));
    QCOMPARE(p->strongConvexity(), std::min(1.0, K));
  }
  // Rotation keeps the spectrum and turns the eigenvectors.
  const auto r = problem("quadratic", 10.0, 30.0);
  const Vec2 u(std::cos(M_PI / 6), std::sin(M_PI / 6)), v(-std::sin(M_PI / 6), std::cos(M_PI / 6));
  QVERIFY((r->hessian(Vec2::Zero()) * u - u).norm() < 1e-14);
  QVERIFY((r->hessian(Vec2::Zero()) * v - 10.0 * v).norm() < 1e-13);
}

void TestPlayground::derivativesMatchFiniteDifferences_data() {
  QTest::addColumn<QString>("name");
  for (const auto& n : availableProblems()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
}

void TestPlayground::derivativesMatchFiniteDifferences() {
  QFETCH(QString, name);
  const auto p = problem(name, 7.0, 25.0);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  const ViewBox b = p->defaultView();
  for (int trial = 0; trial < 10; ++trial) {
    const Vec2 x(b.xMin + (b.xMax - b.xMin) * (u(rng) + 1) / 2, b.yMin + (b.yMax - b.yMin) * (u(rng) + 1) / 2);
    const double h = 1e-6 * std::max(1.0, x.norm());
    for (int i = 0; i < 2; ++i) {
      Vec2 e = Vec2::Zero();
      e[i] = h;
      const double fd = (p->smoothValue(x + e) - p->smoothValue(x - e)) / (2 * h);
      QVERIFY2(std::abs(fd - p->gradient(x)[i]) <= 1e-6 * std::max(1.0, std::abs(fd)), qPrintable(name));
      if (p->hasHessian()) {
        const Vec2 hd = (p->gradient(x + e) - p->gradient(x - e)) / (2 * h);
        QVERIFY2((hd - p->hessian(x).col(i)).norm() <= 1e-5 * std::max(1.0, hd.norm()), qPrintable(name));
      }
    }
    if (p->samples() > 0) {  // f = (1/n) Σ f_i
      Vec2 mean = Vec2::Zero();
      for (long i = 0; i < p->samples(); ++i) mean += p->sampleGradient(i, x);
      mean /= static_cast<double>(p->samples());
      QVERIFY((mean - p->gradient(x)).norm() <= 1e-12 * std::max(1.0, mean.norm()));
    }
    if (auto L = p->lipschitz(); L && p->hasHessian()) {  // L bounds the curvature
      const Eigen::Vector2d eig = Eigen::SelfAdjointEigenSolver<Mat2>(p->hessian(x)).eigenvalues();
      QVERIFY(eig[1] <= *L * (1 + 1e-12));
      QVERIFY(eig[0] >= p->strongConvexity() * (1 - 1e-12));
    }
  }
}

void TestPlayground::minimisersAreOptimal_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<double>("lambda");
  QTest::newRow("quadratic") << "quadratic" << -1.0;
  QTest::newRow("logistic ridge 0.01") << "logistic" << 0.01;
  QTest::newRow("logistic no ridge") << "logistic" << 0.0;
  QTest::newRow("lasso2d 0.1 (corner)") << "lasso2d" << 0.1;
  QTest::newRow("lasso2d 0.005 (dense)") << "lasso2d" << 0.005;
  QTest::newRow("lasso2d 0.5 (zero)") << "lasso2d" << 0.5;
  QTest::newRow("enet2d 0.1") << "enet2d" << 0.1;
  QTest::newRow("rosenbrock") << "rosenbrock" << -1.0;
  QTest::newRow("nonsmooth") << "nonsmooth" << -1.0;
}

void TestPlayground::minimisersAreOptimal() {
  QFETCH(QString, name);
  QFETCH(double, lambda);
  const auto p = problem(name, 10, 0, lambda >= 0 ? std::optional<double>(lambda) : std::nullopt);
  const Vec2 xs = p->minimizer();
  const double fs = p->optimalValue();
  // No point of a fine polar grid around x* (radii 1e-7 .. 1e-1) does better.
  for (double r = 1e-7; r < 0.2; r *= 3.0) {
    for (int k = 0; k < 64; ++k) {
      const Vec2 d(std::cos(k * M_PI / 32), std::sin(k * M_PI / 32));
      QVERIFY2(p->value(xs + r * d) >= fs - 1e-15 * std::max(1.0, std::abs(fs)),
               qPrintable(QStringLiteral("%1 beats F* at r=%2").arg(name).arg(r)));
    }
  }
  if (name == "lasso2d" && lambda == 0.1) {  // the picture's point: a corner solution
    QVERIFY(xs[0] != 0.0);
    QCOMPARE(xs[1], 0.0);
  }
  if (name == "lasso2d" && lambda == 0.5) QCOMPARE(xs, Vec2(0, 0));
  if (name == "lasso2d" && lambda == 0.005) QVERIFY(xs[0] != 0.0 && xs[1] != 0.0);
  if (name == "logistic") QVERIFY(p->gradient(xs).norm() < 1e-14);
}

void TestPlayground::gdMatchesClosedFormOnDiagonalQuadratic_data() {
  QTest::addColumn<double>("K");
  QTest::addColumn<double>("step");
  QTest::newRow("K=10 s=1/L") << 10.0 << 0.1;
  QTest::newRow("K=10 s=0.19 (oscillating y)") << 10.0 << 0.19;
  QTest::newRow("K=4 s=0.3") << 4.0 << 0.3;
  QTest::newRow("K=50 s=0.021 (diverging y)") << 50.0 << 0.041;
}

void TestPlayground::gdMatchesClosedFormOnDiagonalQuadratic() {
  QFETCH(double, K);
  QFETCH(double, step);
  const auto p = problem("quadratic", K, 0.0);
  const Vec2 x0(1.5, -1.2);
  const Trace t = run(*p, "gd", x0, 40, step);
  QCOMPARE(t.iterates.size(), std::size_t(41));
  const double a[2] = {1.0, K};
  for (std::size_t k = 0; k < t.iterates.size(); ++k) {
    for (int i = 0; i < 2; ++i) {
      const double expected = std::pow(1.0 - step * a[i], static_cast<double>(k)) * x0[i];
      QVERIFY2(std::abs(t.iterates[k][i] - expected) <= 1e-13 * (k + 1) * std::abs(x0[i]) + 1e-300,
               qPrintable(QStringLiteral("k=%1 i=%2: %3 vs %4").arg(k).arg(i).arg(t.iterates[k][i]).arg(expected)));
    }
    QCOMPARE(t.values[k], p->value(t.iterates[k]));
  }
}

void TestPlayground::measuredSuboptimalitySitsUnderBound_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<double>("param");  // condition (quadratic) or λ
  QTest::addColumn<QString>("method");
  QTest::addColumn<double>("step");   // ≤ 0: default
  QTest::addColumn<int>("iters");
  const struct {
    const char* tag;
    const char* name;
    double param;
    const char* method;
    double step;
    int iters;
  } rows[] = {
      {"gd quadratic K=10", "quadratic", 10, "gd", -1, 200},
      {"gd quadratic K=100 s=0.5/L", "quadratic", 100, "gd", 0.005, 300},
      {"gd logistic", "logistic", 0.01, "gd", -1, 300},
      {"gd logistic no ridge (1/k)", "logistic", 0.0, "gd", -1, 300},
      {"armijo quadratic K=30", "quadratic", 30, "gd-armijo", -1, 200},
      {"armijo logistic", "logistic", 0.01, "gd-armijo", -1, 200},
      {"heavy-ball quadratic K=10", "quadratic", 10, "heavy-ball", -1, 200},
      {"heavy-ball quadratic K=1000", "quadratic", 1000, "heavy-ball", -1, 400},
      {"heavy-ball lasso2d lambda 0 (quadratic)", "lasso2d", 0.0, "heavy-ball", -1, 300},
      {"nesterov quadratic K=100", "quadratic", 100, "nesterov", -1, 300},
      {"nesterov logistic (strongly convex)", "logistic", 0.01, "nesterov", -1, 300},
      {"nesterov logistic no ridge (t_k)", "logistic", 0.0, "nesterov", -1, 300},
      {"ista lasso2d", "lasso2d", 0.1, "ista", -1, 300},
      {"ista enet2d", "enet2d", 0.1, "ista", -1, 300},
      {"ista nonsmooth (proximal point)", "nonsmooth", -1, "ista", 0.05, 100},
      {"fista lasso2d", "lasso2d", 0.1, "fista", -1, 300},
      {"fista nonsmooth", "nonsmooth", -1, "fista", 0.05, 100},
      {"gd nonsmooth (subgradient, constant)", "nonsmooth", -1, "gd", 0.05, 400},
      {"subgradient nonsmooth", "nonsmooth", -1, "subgradient", 0.5, 400},
  };
  for (const auto& r : rows)
    QTest::newRow(r.tag) << r.name << r.param << r.method << r.step << r.iters;
}

void TestPlayground::measuredSuboptimalitySitsUnderBound() {
  QFETCH(QString, name);
  QFETCH(double, param);
  QFETCH(QString, method);
  QFETCH(double, step);
  QFETCH(int, iters);
  const bool quad = name == "quadratic";
  const auto p = problem(name, quad ? param : 10.0, quad ? 20.0 : 0.0,
                         !quad && param >= 0 ? std::optional<double>(param) : std::nullopt);
  const Vec2 x0 = p->defaultStart() * 1.3;
  const Trace t = run(*p, method, x0, iters, step > 0 ? std::optional<double>(step) : std::nullopt);
  QCOMPARE(t.termination, std::string("iterations"));
  QVERIFY2(!t.bound.empty(), "a bound applies to this run");
  QCOMPARE(t.bound.values.size(), t.values.size());
  const double fs = p->optimalValue();
  double best = std::numeric_limits<double>::infinity();
  int tight = 0;
  for (std::size_t k = 0; k < t.values.size(); ++k) {
    best = std::min(best, t.values[k]);
    const double gap = (t.bound.bestIterate ? best : t.values[k]) - fs;
    const double bound = t.bound.values[k];
    // Rounding in F(x_k) − F* is ~1e-16·|F*|: allow that much, nothing else.
    QVERIFY2(gap <= bound * (1 + 1e-9) + 4e-16 * std::max(1.0, std::abs(fs)),
             qPrintable(QStringLiteral("k=%1: gap %2 > bound %3 (%4)").arg(k).arg(gap).arg(bound).arg(t.bound.name.c_str())));
    if (gap > 0.01 * bound) ++tight;
  }
  QVERIFY(tight > 0);  // the bound is not absurdly loose everywhere
}

void TestPlayground::boundsAreNotVacuous() {
  // The bound has the theorem's constants: at k = 1 for GD with s = 1/L on the diagonal quadratic,
  // R²L/2 with R² = ‖x0‖²; and the linear factor is (1 − μ/L) exactly.
  const auto p = problem("quadratic", 10.0, 0.0);
  const Vec2 x0(1.0, 1.0);
  const Trace t = run(*p, "gd", x0, 5);
  QCOMPARE(t.bound.values[1], std::min(2.0 * 10.0 / 2.0, 0.9 * p->value(x0)));
  QCOMPARE(t.bound.values[3], std::min(2.0 * 10.0 / 6.0, std::pow(0.9, 3) * p->value(x0)));
  const Trace f = run(*p, "fista", x0, 5);
  QCOMPARE(f.bound.values[4], 2.0 * 10.0 * 2.0 / 25.0);
  // Outside the hypotheses (s > 1/L) no GD bound is drawn.
  QVERIFY(run(*p, "gd", x0, 5, 0.15).bound.empty());
  // Reference curves: 1/k, 1/k², linear, accelerated.
  const auto rates = referenceRates(*p, x0, 10);
  QCOMPARE(rates.size(), std::size_t(4));
  QCOMPARE(rates[0].values[2], 10.0 * 2.0 / 4.0);
  QCOMPARE(rates[1].values[2], 2.0 * 10.0 * 2.0 / 9.0);
}

void TestPlayground::newtonConvergesInOneStepOnQuadratic() {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-5.0, 5.0);
  for (double K : {1.0, 10.0, 1e4}) {
    for (double theta : {0.0, 17.0, 45.0}) {
      const auto p = problem("quadratic", K, theta);
      const Vec2 x0(u(rng), u(rng));
      const Trace t = run(*p, "newton", x0, 3);
      // Exact up to the rounding of the 2 × 2 solve: ~ cond(A)·ε·‖x0‖.
      QVERIFY2(t.iterates[1].norm() <= 1e-15 * K * x0.norm(), qPrintable(QStringLiteral("K=%1 θ=%2").arg(K).arg(theta)));
      QVERIFY(t.values[1] <= 1e-24 * K * x0.squaredNorm());
    }
  }
  // On lasso2d with λ = 0 (a quadratic with data), too.
  const auto ls = problem("lasso2d", 10, 0, 0.0);
  const Trace t = run(*ls, "newton", Vec2(0.5, -0.5), 1);
  QVERIFY((t.iterates[1] - ls->minimizer()).norm() < 1e-14);
  // And quadratic convergence on logistic: machine precision in a handful of steps.
  const auto lg = problem("logistic");
  const Trace n = run(*lg, "newton", lg->defaultStart(), 8);
  QVERIFY(n.values[6] - lg->optimalValue() <= 1e-15);
}

void TestPlayground::fistaAndIstaMeetTheirBounds_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<double>("lambda");
  QTest::newRow("lasso2d") << "lasso2d" << 0.1;
  QTest::newRow("lasso2d small lambda") << "lasso2d" << 0.01;
  QTest::newRow("enet2d") << "enet2d" << 0.2;
  QTest::newRow("quadratic K=100") << "quadratic" << -1.0;
}

void TestPlayground::fistaAndIstaMeetTheirBounds() {
  // The bounds computed here from L and ‖x0 − x*‖, independently of the trace's own bound.
  QFETCH(QString, name);
  QFETCH(double, lambda);
  const auto p = problem(name, 100.0, 30.0, lambda >= 0 ? std::optional<double>(lambda) : std::nullopt);
  const double L = *p->lipschitz();
  for (const Vec2& x0 : {p->defaultStart(), Vec2(-p->defaultStart()[0], 2 * p->defaultStart()[1])}) {
    const double R2 = (x0 - p->minimizer()).squaredNorm();
    const Trace fista = run(*p, "fista", x0, 500);
    const Trace ista = run(*p, "ista", x0, 500);
    const double fs = p->optimalValue();
    for (std::size_t k = 1; k < fista.values.size(); ++k) {
      const double kk = static_cast<double>(k);
      QVERIFY2(fista.values[k] - fs <= 2.0 * L * R2 / ((kk + 1) * (kk + 1)) + 1e-15,
               qPrintable(QStringLiteral("FISTA k=%1").arg(k)));
      QVERIFY2(ista.values[k] - fs <= L * R2 / (2.0 * kk) + 1e-15, qPrintable(QStringLiteral("ISTA k=%1").arg(k)));
    }
    // On the Lasso and the elastic net, FISTA reaches the minimiser computed from the KKT conditions.
    if (name != "quadratic") QVERIFY((fista.iterates.back() - p->minimizer()).norm() < 1e-7);
  }
}

void TestPlayground::svrgConvergesLinearly() {
  const auto p = problem("logistic");  // ridge 0.01: strongly convex finite sum, n = 442
  const long n = p->samples();
  MethodSpec m;
  m.method = "svrg";
  m.seed = 7;
  const int epochs = 20;
  const Trace t = runMethod(*p, m, p->defaultStart(), static_cast<int>(n) * epochs);
  const double fs = p->optimalValue();
  std::vector<double> atSnapshots;
  for (int e = 0; e <= epochs; ++e) atSnapshots.push_back(t.values[static_cast<std::size_t>(e * n)] - fs);
  // Linear: the gap shrinks by a constant factor per epoch until it hits rounding (~1e-16).
  const double start = atSnapshots[0];
  QVERIFY(start > 0.1);
  int epochsToPrecision = -1;
  for (int e = 1; e <= epochs; ++e) {
    if (atSnapshots[e] < 1e-13) {
      epochsToPrecision = e;
      break;
    }
    QVERIFY2(atSnapshots[e] <= 0.5 * atSnapshots[e - 1],
             qPrintable(QStringLiteral("epoch %1: %2 after %3").arg(e).arg(atSnapshots[e]).arg(atSnapshots[e - 1])));
  }
  QVERIFY2(epochsToPrecision > 0 && epochsToPrecision <= 15, qPrintable(QString::number(epochsToPrecision)));
  // Plain SGD with the same budget and a constant step stalls in a noise ball.
  m.method = "sgd";
  const Trace s = runMethod(*p, m, p->defaultStart(), static_cast<int>(n) * epochs);
  QVERIFY(s.values.back() - fs > 1e-6);
  // SVRG's cost counts the snapshots' full gradients: n per epoch + 2 per inner step.
  QCOMPARE(t.gradientEvaluations[static_cast<std::size_t>(n)], 3 * n);
}

void TestPlayground::stochasticRunsAreSeededAndRecordSampledGradients() {
  const auto p = problem("logistic");
  MethodSpec m;
  m.method = "minibatch";
  m.batchSize = 16;
  m.seed = 5;
  const Trace a = runMethod(*p, m, Vec2(1, 1), 50), b = runMethod(*p, m, Vec2(1, 1), 50);
  QCOMPARE(a.iterates, b.iterates);
  m.seed = 6;
  QVERIFY(runMethod(*p, m, Vec2(1, 1), 50).iterates != a.iterates);
  QCOMPARE(a.gradients.size(), std::size_t(50));
  QCOMPARE(a.fullGradients.size(), std::size_t(50));
  int differ = 0;
  for (std::size_t k = 0; k < 50; ++k) {
    // x_{k+1} = x_k − s ĝ_k exactly, and ĝ_k is not the full gradient (it is sampled).
    QVERIFY((a.iterates[k + 1] - (a.iterates[k] - a.step * a.gradients[k])).norm() < 1e-15);
    QVERIFY((a.fullGradients[k] - p->gradient(a.iterates[k])).norm() < 1e-15);
    if ((a.gradients[k] - a.fullGradients[k]).norm() > 1e-6) ++differ;
  }
  QVERIFY(differ > 40);
  QCOMPARE(a.gradientEvaluations.back(), 50LL * 16);
  // Minibatch on lasso2d applies the prox: exact zeros appear.
  const auto l = problem("lasso2d", 10, 0, 0.1);
  m.method = "sgd";
  m.step = 0.01;
  const Trace z = runMethod(*l, m, Vec2(0.1, 0.1), 400);
  int zeros = 0;
  for (std::size_t k = 0; k + 1 < z.iterates.size(); ++k) {
    QCOMPARE(z.iterates[k + 1], l->prox(z.iterates[k] - z.step * z.gradients[k], z.step));
    zeros += z.iterates[k + 1][1] == 0.0;
  }
  QVERIFY(zeros > 0);
}

void TestPlayground::coordinateDescentMovesOneCoordinate() {
  const auto p = problem("lasso2d", 10, 0, 0.1);
  const Trace t = run(*p, "cd", Vec2(0.3, 0.3), 40);
  for (std::size_t k = 0; k + 1 < t.iterates.size(); ++k) {
    const int i = static_cast<int>(k % 2);
    QCOMPARE(t.iterates[k + 1][1 - i], t.iterates[k][1 - i]);  // the other coordinate is untouched
    // Exact minimisation along coordinate i (quadratic f, step 1/L_i, soft thresholding):
    // the partial subgradient condition holds.
    const Vec2 x = t.iterates[k + 1];
    const double g = p->gradient(x)[i];
    if (x[i] != 0.0) QVERIFY(std::abs(g + 0.1 * (x[i] > 0 ? 1 : -1)) < 1e-12);
    else QVERIFY(std::abs(g) <= 0.1 + 1e-12);
  }
  QVERIFY((t.iterates.back() - p->minimizer()).norm() < 1e-10);
  QCOMPARE(t.iterates.back()[1], 0.0);  // CD finds the exact corner
  const Trace r = run(*p, "cd-random", Vec2(0.3, 0.3), 200);
  QVERIFY((r.iterates.back() - p->minimizer()).norm() < 1e-10);
}

void TestPlayground::bfgsAndNewtonSolveRosenbrock() {
  const auto p = problem("rosenbrock");
  const Trace b = run(*p, "bfgs", Vec2(-1.2, 1.0), 100);
  QVERIFY2(b.values.back() < 1e-16, qPrintable(QString::number(b.values.back())));
  const Trace n = run(*p, "newton", Vec2(-1.2, 1.0), 10);
  QVERIFY2(n.values.back() < 1e-20, qPrintable(QString::number(n.values.back())));
  // BFGS: monotone (Armijo), Newton: not necessarily (pure steps).
  for (std::size_t k = 1; k < b.values.size(); ++k) QVERIFY(b.values[k] <= b.values[k - 1]);
  // GD with the default step crawls along the valley.
  const Trace g = run(*p, "gd", Vec2(-1.2, 1.0), 100);
  QVERIFY(g.values.back() > 1e-3);
}

void TestPlayground::incompatibleMethodsAreRefused() {
  const auto lasso = problem("lasso2d");
  const auto quad = problem("quadratic");
  QVERIFY(!incompatibility(*lasso, named("newton")).empty());
  QVERIFY(!incompatibility(*lasso, named("bfgs")).empty());
  QVERIFY(!incompatibility(*lasso, named("gd-armijo")).empty());
  QVERIFY(!incompatibility(*quad, named("sgd")).empty());
  QVERIFY(!incompatibility(*quad, named("frobnicate")).empty());
  QVERIFY(incompatibility(*lasso, named("svrg")).empty());
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runMethod(*quad, named("newton"), Vec2(1, 1), -1));
  MethodSpec bad = named("gd");
  bad.step = -1.0;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runMethod(*quad, bad, Vec2(1, 1), 5));
  bad = named("heavy-ball");
  bad.momentum = 1.0;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runMethod(*quad, bad, Vec2(1, 1), 5));
}

void TestPlayground::divergenceStopsCleanly() {
  const auto p = problem("quadratic", 10.0);
  const Trace t = run(*p, "gd", Vec2(1, 1), 1000, 0.5);  // s > 2/L: |1 − 5| = 4 per step
  QCOMPARE(t.termination, std::string("diverged"));
  QVERIFY(t.iterates.size() < 100);
  for (double v : t.values) QVERIFY(std::isfinite(v));
  QCOMPARE(t.values.size(), t.iterates.size());
}

void TestPlayground::proxMatchesBruteForce_data() {
  QTest::addColumn<QString>("op");
  QTest::addColumn<double>("lambda");
  QTest::addColumn<double>("gamma");
  for (const char* op : {"soft", "hard", "firm", "scad", "block"}) {
    for (double lambda : {0.0, 0.5, 1.7}) {
      const double gamma = QString(op) == "scad" ? 3.7 : 2.5;
      QTest::newRow(QStringLiteral("%1 λ=%2").arg(op).arg(lambda).toUtf8()) << op << lambda << gamma;
    }
  }
  QTest::newRow("firm γ=1.2") << "firm" << 1.0 << 1.2;
  QTest::newRow("scad γ=2.1") << "scad" << 1.0 << 2.1;
}

void TestPlayground::proxMatchesBruteForce() {
  QFETCH(QString, op);
  QFETCH(double, lambda);
  QFETCH(double, gamma);
  const ProxOperator o = proxOperatorFromName(op.toStdString());
  const ProxParams params{lambda, gamma};
  QVERIFY(validateProx(o, params).empty());
  for (double v = -6.0; v <= 6.0; v += 0.137) {
    const auto obj = [&](long double x) {
      return 0.5L * (x - v) * (x - v) + static_cast<long double>(penaltyValue(o, static_cast<double>(x), params));
    };
    const double mine = proxScalar(o, v, params);
    const long double brute = bruteProx(obj, -8.0L, 8.0L);
    // The objective at our prox is the minimum (ties, e.g. hard thresholding at |v| = λ, allowed).
    QVERIFY2(obj(mine) <= obj(brute) + 1e-12L,
             qPrintable(QStringLiteral("v=%1: prox %2 (obj %3) vs brute %4 (obj %5)")
                            .arg(v).arg(mine).arg(double(obj(mine))).arg(double(brute)).arg(double(obj(brute)))));
    // The penalty's own exact zero: hard/soft/firm/scad (λ > 0) map |v| < λ to exactly 0.
    if (lambda > 0 && std::abs(v) < lambda) QCOMPARE(mine, 0.0);
  }
  // The curves the explorer draws are these values.
  const ProxCurves c = proxCurves(o, params, 3.0, 61);
  QCOMPARE(c.x.size(), std::size_t(61));
  QCOMPARE(c.x[30], 0.0);
  for (std::size_t i = 0; i < c.x.size(); ++i) QCOMPARE(c.prox[i], proxScalar(o, c.x[i], params));
}

void TestPlayground::blockProxMatchesBruteForce() {
  const ProxParams params{0.8, 3.0};
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(-2.0, 2.0);
  for (int trial = 0; trial < 40; ++trial) {
    const Vec2 v(u(rng), u(rng));
    const Vec2 p = proxVector(ProxOperator::Block, v, params);
    const auto obj = [&](const Vec2& x) { return 0.5 * (x - v).squaredNorm() + params.lambda * x.norm(); };
    // Polar brute force: the minimiser is along v (or 0), so search every direction and radius.
    double best = obj(Vec2::Zero());
    for (int a = 0; a < 720; ++a) {
      const Vec2 d(std::cos(a * M_PI / 360), std::sin(a * M_PI / 360));
      for (int r = 1; r <= 400; ++r) best = std::min(best, obj(d * (r * 0.0075)));
    }
    QVERIFY(obj(p) <= best + 1e-12);
    // Block soft thresholding keeps the direction (unlike coordinate-wise soft thresholding).
    if (p.norm() > 0) QVERIFY(std::abs(p[0] * v[1] - p[1] * v[0]) < 1e-14);
  }
}

void TestPlayground::contoursLieOnLevelSets() {
  const auto p = problem("quadratic", 4.0, 0.0);
  const ViewBox box{-2, 2, -2, 2};
  const Grid g = sampleGrid([&](const Vec2& x) { return p->value(x); }, box, 161, 161);
  const auto levels = chooseLevels(g, 0.0, 12);
  QCOMPARE(levels.size(), std::size_t(12));
  for (std::size_t i = 1; i < levels.size(); ++i) QVERIFY(levels[i] > levels[i - 1]);
  const double h = 4.0 / 160;
  for (double level : {0.3, 1.0, 1.9}) {  // ellipses x² + 4y² = 2c, inside the box
    const Contour c = contourAt(g, level);
    QCOMPARE(c.lines.size(), std::size_t(1));
    const auto& line = c.lines.front();
    QVERIFY(line.size() > 40);
    QCOMPARE(line.front(), line.back());  // closed
    for (const Vec2& q : line) {
      // Linear interpolation on the grid: error O(h²·curvature).
      QVERIFY2(std::abs(p->value(q) - level) <= 4.0 * h * h, qPrintable(QString::number(p->value(q) - level)));
    }
  }
}

void TestPlayground::shippedPresetsParseAndRun() {
  const QDir dir(test::sourcePath("resources/presets"));
  const QStringList files = dir.entryList({"*.json"}, QDir::Files);
  QVERIFY2(files.size() >= 6, "six lessons are shipped");
  for (const QString& f : files) {
    const Preset preset = loadPreset(dir.filePath(f).toStdString());
    QVERIFY2(!preset.title.empty(), qPrintable(f));
    const auto p = makeProblem(preset.problem);
    for (const MethodSpec& m : preset.methods) {
      QVERIFY2(incompatibility(*p, m).empty(), qPrintable(f + ": " + QString::fromStdString(m.method)));
      const Trace t = runMethod(*p, m, preset.start.value_or(p->defaultStart()), preset.iterations);
      QCOMPARE(int(t.iterates.size()), preset.iterations + 1);
    }
  }
}

void TestPlayground::presetRoundTripAndErrors() {
  Preset p;
  p.title = "Round \"trip\"";
  p.description = "ünïcode ✓";
  p.problem.name = "enet2d";
  p.problem.lambda = 0.2;
  p.problem.l1Ratio = 0.3;
  p.problem.features = {"bmi", "bp"};
  p.start = Vec2(0.25, -0.125);
  p.iterations = 77;
  MethodSpec m = named("minibatch");
  m.step = 0.05;
  m.batchSize = 7;
  m.seed = 9;
  m.label = "mb";
  p.methods = {m, named("fista")};
  p.view.box = ViewBox{-1, 2, -3, 4};
  p.view.largeFonts = true;
  p.prox = PresetProx{};
  p.prox->params.lambda = 0.7;
  const std::string text = presetToJson(p);
  const Preset q = parsePreset(text, "mem.json");
  QCOMPARE(q.title, p.title);
  QCOMPARE(q.description, p.description);
  QCOMPARE(q.problem.name, p.problem.name);
  QCOMPARE(*q.problem.lambda, 0.2);
  QCOMPARE(q.problem.l1Ratio, 0.3);
  QCOMPARE(q.problem.features, p.problem.features);
  QCOMPARE(*q.start, *p.start);
  QCOMPARE(q.iterations, 77);
  QCOMPARE(q.methods.size(), std::size_t(2));
  QCOMPARE(*q.methods[0].step, 0.05);
  QCOMPARE(q.methods[0].batchSize, 7);
  QCOMPARE(q.methods[0].seed, std::uint64_t(9));
  QCOMPARE(q.methods[0].label, std::string("mb"));
  QVERIFY(!q.methods[1].step);
  QCOMPARE(q.view.box->yMax, 4.0);
  QVERIFY(q.view.largeFonts);
  QCOMPARE(q.prox->params.lambda, 0.7);
  QCOMPARE(presetToJson(q), text);

  const auto fails = [](const std::string& json, const char* expected) {
    try {
      parsePreset(json, "x.json");
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      return what.find("x.json") == 0 && what.find(expected) != std::string::npos && what.find('\n') == std::string::npos;
    }
    return false;
  };
  const std::string head = R"({"format": "lambdascope-playground", "version": 1, )";
  QVERIFY(fails("{", "line 1"));
  QVERIFY(fails(R"({"version": 1, "problem": {"name": "quadratic"}})", "format"));
  QVERIFY(fails(head + R"("problem": {"name": "quadratic"}, "colour": 1})", "colour"));
  QVERIFY(fails(head + R"("problem": {"name": "cubic"}})", "cubic"));
  QVERIFY(fails(head + R"("problem": {"name": "quadratic", "condition": "ten"}})", "problem.condition"));
  QVERIFY(fails(head + R"("problem": {"name": "quadratic"}, "methods": [{"method": "adam"}]})", "adam"));
  QVERIFY(fails(R"({"format": "lambdascope-playground", "version": 2, "problem": {"name": "quadratic"}})", "version"));
  QVERIFY(fails(head + R"("problem": {"name": "quadratic"}, "start": [1]})", "start"));
  QVERIFY(fails(head + R"("problem": {"name": "quadratic"}, "prox": {"operators": ["firm"], "gamma": 0.5}})", "gamma"));
}

void TestPlayground::compiledDiabetesMatchesBundledCsv() {
  const Dataset d = test::bundledDiabetes();
  QCOMPARE(d.samples(), Index(diabetes::kRowCount));
  QCOMPARE(d.features() + 1, Index(diabetes::kColumnCount));
  const auto& X = std::get<Mat>(*d.storage());
  for (int r = 0; r < diabetes::kRowCount; ++r) {
    for (int c = 0; c + 1 < diabetes::kColumnCount; ++c) QCOMPARE(diabetes::kValues[r][c], X(r, c));
    QCOMPARE(diabetes::kValues[r][diabetes::kColumnCount - 1], d.target()[r]);
  }
  for (int c = 0; c + 1 < diabetes::kColumnCount; ++c)
    QCOMPARE(std::string(diabetes::kColumns[c]), d.featureNames()[static_cast<std::size_t>(c)]);
}

QTEST_APPLESS_MAIN(TestPlayground)
#include "test_playground.moc"
