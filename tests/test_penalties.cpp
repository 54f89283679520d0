// The penalty family against its definitions: prox by brute-force 1-D minimisation, values by
// formula, subdifferential distances by one-sided numeric derivatives, λ_max by the prox at 0,
// conjugates by Fenchel–Young, and the L1 special cases of the weighted L1 and the elastic net.
#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/penalties/elastic_net.hpp"
#include "core/penalties/l1.hpp"
#include "core/penalties/mcp.hpp"
#include "core/penalties/prox.hpp"
#include "core/penalties/scad.hpp"
#include "core/penalties/weighted_l1.hpp"

using namespace lambdascope;

namespace {

using Real = long double;  // the references run in extended precision, independent of the code
constexpr Index kP = 4;
constexpr Real kInf = std::numeric_limits<Real>::infinity();

/// Weights of the weighted L1 under test: one unpenalised feature, one heavy, one light.
Vec testWeights() {
  Vec w(kP);
  w << 1.0, 0.0, 2.5, 0.3;
  return w;
}

enum class Kind { L1, WeightedL1, ElasticNet, Mcp, Scad, Unknown };

Kind parseKind(const QString& kind) {
  if (kind == "l1") return Kind::L1;
  if (kind == "weighted_l1") return Kind::WeightedL1;
  if (kind == "elastic_net") return Kind::ElasticNet;
  if (kind == "mcp") return Kind::Mcp;
  if (kind == "scad") return Kind::Scad;
  return Kind::Unknown;
}

struct Spec {
  QString kind;         ///< l1, weighted_l1, elastic_net, mcp, scad
  double lambda = 1.0;
  double param = 0.0;   ///< γ for mcp/scad, ρ for the elastic net
  bool positive = false;
  Kind k = parseKind(kind);
  Vec weights = testWeights();
};

std::unique_ptr<Penalty> makePenalty(const Spec& s) {
  switch (s.k) {
    case Kind::L1: return std::make_unique<L1>(s.lambda, s.positive);
    case Kind::WeightedL1: return std::make_unique<WeightedL1>(testWeights(), s.lambda, s.positive);
    case Kind::ElasticNet: return std::make_unique<ElasticNet>(s.lambda, s.param, s.positive);
    case Kind::Mcp: return std::make_unique<Mcp>(s.lambda, s.param);
    case Kind::Scad: return std::make_unique<Scad>(s.lambda, s.param);
    case Kind::Unknown: break;
  }
  return nullptr;
}

/// λ·g_j(x) straight from the definitions, in long double.
Real reference(const Spec& s, Real x, Index j) {
  if (s.positive && x < 0) return kInf;
  const Real lam = s.lambda;
  const Real a = std::fabs(x);
  const Real gam = s.param;
  switch (s.k) {
    case Kind::L1: return lam * a;
    case Kind::WeightedL1: return lam * static_cast<Real>(s.weights[j]) * a;
    case Kind::ElasticNet: return lam * (gam * a + (1 - gam) / 2 * x * x);
    case Kind::Mcp: return a <= gam * lam ? lam * a - x * x / (2 * gam) : gam * lam * lam / 2;
    case Kind::Scad:
      if (a <= lam) return lam * a;
      if (a <= gam * lam) return (2 * gam * lam * a - x * x - lam * lam) / (2 * (gam - 1));
      return lam * lam * (gam + 1) / 2;
    case Kind::Unknown: break;
  }
  return kInf;
}

/// Global minimiser of (x − v)²/(2·step) + λg_j(x) by a 4001-point grid over [min(0,v), max(0,v)]
/// (the minimiser lies there: g_j is minimal at 0 and non-decreasing in |x|), then golden-section
/// refinement around every local minimum of the grid.
Real bruteForceProx(const Spec& s, Real v, Real step, Index j) {
  const auto h = [&](Real x) { return (x - v) * (x - v) / (2 * step) + reference(s, x, j); };
  const Real lo = std::min<Real>(0, v);
  const Real hi = std::max<Real>(0, v);
  if (hi == lo) return 0;
  constexpr int n = 4000;
  std::vector<Real> xs(n + 1);
  std::vector<Real> hs(n + 1);
  for (int i = 0; i <= n; ++i) {
    xs[i] = i == n ? hi : lo + (hi - lo) * i / n;
    hs[i] = h(xs[i]);
  }
  Real best = xs[0];
  Real bestH = hs[0];
  const Real invPhi = (std::sqrt(Real(5)) - 1) / 2;
  for (int i = 0; i <= n; ++i) {
    if (std::isinf(hs[i]) || (i > 0 && hs[i] > hs[i - 1]) || (i < n && hs[i] > hs[i + 1])) continue;
    Real a = xs[std::max(0, i - 1)];
    Real b = xs[std::min(n, i + 1)];
    Real c = b - invPhi * (b - a);
    Real d = a + invPhi * (b - a);
    Real hc = h(c);
    Real hd = h(d);
    for (int it = 0; it < 200 && b - a > 1e-17L * (1 + std::fabs(b)); ++it) {
      if (hc <= hd) {
        b = d;
        d = c;
        hd = hc;
        c = b - invPhi * (b - a);
        hc = h(c);
      } else {
        a = c;
        c = d;
        hc = hd;
        d = a + invPhi * (b - a);
        hd = h(d);
      }
    }
    for (const Real x : {a, b, (a + b) / 2, xs[i]}) {
      const Real hx = h(x);
      if (hx < bestH) {
        bestH = hx;
        best = x;
      }
    }
  }
  return best;
}

/// One-sided derivatives of λg_j at x, by Richardson-extrapolated difference quotients (exact
/// on quadratic pieces, so only rounding remains). −∞ on the left of a positivity constraint.
std::pair<Real, Real> oneSidedDerivatives(const Spec& s, Real x, Index j) {
  const Real h = 1e-6L;
  const Real f0 = reference(s, x, j);
  const auto quotient = [&](Real dx) { return (reference(s, x + dx, j) - f0) / dx; };
  const Real right = 2 * quotient(h / 2) - quotient(h);
  const Real left = (s.positive && x - h < 0) ? -kInf : 2 * quotient(-h / 2) - quotient(-h);
  return {left, right};
}

/// The knots of λg_j, where difference quotients straddle two pieces.
std::vector<double> knots(const Spec& s) {
  std::vector<double> k{0.0};
  if (s.kind == "mcp") k.push_back(s.param * s.lambda);
  if (s.kind == "scad") {
    k.push_back(s.lambda);
    k.push_back(s.param * s.lambda);
  }
  return k;
}

/// A few "interesting" arguments of the prox: every threshold of every piece, and around them.
std::vector<double> proxArguments(const Spec& s, double step, Index j, std::mt19937& rng) {
  const double lam = s.lambda * (s.kind == "weighted_l1" ? testWeights()[j] : 1.0);
  const double reach = 1.5 * std::max({1.0, lam * (s.param + 1.0) * (1.0 + step), 4.0 * step * lam});
  std::uniform_real_distribution<double> u(-reach, reach);
  std::vector<double> vs{0.0, step * lam, -step * lam, (1.0 + step) * lam, s.param * lam, -s.param * lam};
  for (int i = 0; i < 150; ++i) vs.push_back(u(rng));
  return vs;
}

void addRows(bool onlyConvexSteps) {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<double>("lambda");
  QTest::addColumn<double>("param");
  QTest::addColumn<bool>("positive");
  QTest::addColumn<double>("step");
  const auto add = [&](const QString& kind, const QString& paramName, double param, bool positive) {
    for (const double lambda : {0.3, 1.7}) {
      for (const double step : {0.5, 1.0, 2.0}) {
        if (onlyConvexSteps && kind == "mcp" && !(param > step)) continue;
        if (onlyConvexSteps && kind == "scad" && !(param > 1.0 + step)) continue;
        QString name = kind + (positive ? "+pos" : "");
        if (!paramName.isEmpty()) name += "/" + paramName + QString::number(param);
        name += "/lam" + QString::number(lambda) + "/step" + QString::number(step);
        QTest::newRow(qPrintable(name)) << kind << lambda << param << positive << step;
      }
    }
  };
  for (const bool positive : {false, true}) {
    add("l1", "", 0.0, positive);
    add("weighted_l1", "", 0.0, positive);
    for (const double rho : {0.0, 0.3, 1.0}) add("elastic_net", "rho", rho, positive);
  }
  for (const double gamma : {1.5, 3.0}) add("mcp", "gamma", gamma, false);
  for (const double gamma : {2.5, 3.7}) add("scad", "gamma", gamma, false);
}

#define FETCH_SPEC                 \
  QFETCH(QString, kind);           \
  QFETCH(double, lambda);          \
  QFETCH(double, param);           \
  QFETCH(bool, positive);          \
  QFETCH(double, step);            \
  const Spec spec{kind, lambda, param, positive}; \
  const auto penalty = makePenalty(spec);         \
  QVERIFY(penalty)

/// x e_j: evaluates λg_j(x) through value().
double valueAt(const Penalty& pen, double x, Index j) {
  Vec w = Vec::Zero(kP);
  w[j] = x;
  return pen.value(w);
}

template <class F>
bool throwsInvalidArgument(F f) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

}  // namespace

class TestPenalties : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void proxMatchesBruteForce_data() { addRows(false); }
  void proxMatchesBruteForce();
  void valueMatchesFormula_data() { addRows(false); }
  void valueMatchesFormula();
  void subdiffDistanceIsStationarity_data() { addRows(false); }
  void subdiffDistanceIsStationarity();
  void subdiffDistanceMatchesDerivatives_data() { addRows(false); }
  void subdiffDistanceMatchesDerivatives();
  void lambdaMaxKeepsZero_data() { addRows(true); }
  void lambdaMaxKeepsZero();
  void nonConvexProxIsContinuousForSmallSteps_data() { addRows(true); }
  void nonConvexProxIsContinuousForSmallSteps();
  void knotsAreContinuous();
  void fenchelYoung_data();
  void fenchelYoung();
  void specialCasesEqualL1_data();
  void specialCasesEqualL1();
  void unpenalisedFeatures();
  void nonConvexHaveNoDual();
  void invalidParametersAreRejected();
  void cloneKeepsParameters();
};

void TestPenalties::proxMatchesBruteForce() {
  FETCH_SPEC;
  std::mt19937 rng(12345);
  int checked = 0;
  for (Index j = 0; j < kP; ++j) {
    for (const double v : proxArguments(spec, step, j, rng)) {
      const double x = penalty->prox1d(v, step, j);
      const Real xb = bruteForceProx(spec, v, step, j);
      const auto h = [&](Real t) { return (t - v) * (t - v) / (2 * step) + reference(spec, t, j); };
      // The prox is at least as good as the brute force (to rounding), and the same point.
      if (!(h(x) <= h(xb) + 1e-14L * (1 + std::fabs(h(xb)))) ||
          !(std::fabs(x - xb) <= 1e-8L * std::max<Real>(1, std::fabs(xb))))
        QFAIL(qPrintable(QString("j=%1 v=%2: prox %3 (objective %4), brute force %5 (objective %6)")
                             .arg(j).arg(v, 0, 'g', 17).arg(x, 0, 'g', 17)
                             .arg(static_cast<double>(h(x)), 0, 'g', 17)
                             .arg(static_cast<double>(xb), 0, 'g', 17)
                             .arg(static_cast<double>(h(xb)), 0, 'g', 17)));
      ++checked;
    }
  }
  QVERIFY(checked > 500);
}

void TestPenalties::valueMatchesFormula() {
  FETCH_SPEC;
  Q_UNUSED(step);
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 2.0 * lambda * std::max(1.0, param));
  for (int trial = 0; trial < 50; ++trial) {
    Vec w(kP);
    for (Index j = 0; j < kP; ++j) w[j] = trial % 5 == 0 && j == 2 ? 0.0 : normal(rng);
    if (positive && trial % 2 == 0) w = w.cwiseAbs();
    Real expected = 0;
    for (Index j = 0; j < kP; ++j) expected += reference(spec, w[j], j);
    const double got = penalty->value(w);
    if (std::isinf(static_cast<double>(expected))) {
      QVERIFY2(std::isinf(got) && got > 0, "an infeasible point must cost +inf");
    } else {
      QVERIFY2(std::abs(got - static_cast<double>(expected)) <= 1e-13 * (1.0 + std::abs(got)),
               qPrintable(QString("value %1 vs formula %2").arg(got).arg(static_cast<double>(expected))));
    }
  }
  QCOMPARE(penalty->value(Vec::Zero(kP)), 0.0);
}

void TestPenalties::subdiffDistanceIsStationarity() {
  FETCH_SPEC;
  std::mt19937 rng(99);
  for (Index j = 0; j < kP; ++j) {
    for (const double v : proxArguments(spec, step, j, rng)) {
      // x = prox(v) satisfies −(x − v)/step ∈ ∂(λg_j)(x): with grad = (x − v)/step, v is the
      // gradient step x − step·grad from x, and x is a fixed point.
      const double x = penalty->prox1d(v, step, j);
      const double grad = (x - v) / step;
      const double d = penalty->subdiffDistance(x, grad, j);
      QVERIFY2(d <= 1e-12 * (1.0 + std::abs(v) / step),
               qPrintable(QString("j=%1 v=%2 x=%3: distance %4 at a fixed point").arg(j).arg(v).arg(x).arg(d)));
      Vec wv = Vec::Zero(kP);
      Vec gv = Vec::Zero(kP);
      wv[j] = x;
      gv[j] = grad;
      QVERIFY(penalty->stationarity(wv, gv) == d);
      // Away from the fixed point: where λg_j is differentiable a gradient off by δ is off by δ.
      if (x != 0.0) {
        const double delta = 0.125 * lambda;
        QVERIFY(std::abs(penalty->subdiffDistance(x, grad + delta, j) - delta) <= 1e-12 * (1.0 + std::abs(grad)));
      } else if (penalty->isPenalized(j)) {
        // At 0 the subdifferential is an interval [lo, hi]; leaving it by δ costs δ.
        const double bound = lambda * (kind == "weighted_l1" ? testWeights()[j] : 1.0) *
                             (kind == "elastic_net" ? param : 1.0);
        const double delta = 0.25 * (1.0 + lambda);
        QVERIFY(std::abs(penalty->subdiffDistance(0.0, -(bound + delta), j) - delta) <= 1e-12 * (1.0 + bound));
      }
    }
  }
}

void TestPenalties::subdiffDistanceMatchesDerivatives() {
  FETCH_SPEC;
  std::mt19937 rng(2024);
  const double reach = 1.5 * lambda * (1.0 + std::max(1.0, param));
  std::uniform_real_distribution<double> ux(-reach, reach);
  std::normal_distribution<double> ug(0.0, lambda * std::max(1.0, step));
  const std::vector<double> ks = knots(spec);
  int checked = 0;
  for (Index j = 0; j < kP; ++j) {
    for (int trial = 0; trial < 200; ++trial) {
      const double x = trial < 20 ? 0.0 : ux(rng);
      bool nearKnot = false;
      for (const double k : ks) nearKnot = nearKnot || (x != 0.0 && std::abs(std::abs(x) - k) < 1e-5);
      if (nearKnot) continue;
      const double grad = ug(rng);
      const double d = penalty->subdiffDistance(x, grad, j);
      if (positive && x < 0.0) {
        QVERIFY2(std::isinf(d), "an infeasible coefficient has no subdifferential");
        continue;
      }
      // Fréchet subdifferential of these penalties at x: the interval of one-sided derivatives.
      const auto [left, right] = oneSidedDerivatives(spec, x, j);
      const Real target = -static_cast<Real>(grad);
      const Real expected = std::max<Real>({0, left - target, target - right});
      QVERIFY2(std::fabs(d - expected) <= 1e-8L * (1 + std::fabs(target)),
               qPrintable(QString("j=%1 x=%2 grad=%3: distance %4, numeric %5 (derivatives [%6, %7])")
                              .arg(j).arg(x, 0, 'g', 17).arg(grad, 0, 'g', 17).arg(d, 0, 'g', 17)
                              .arg(static_cast<double>(expected), 0, 'g', 17)
                              .arg(static_cast<double>(left)).arg(static_cast<double>(right))));
      ++checked;
    }
  }
  QVERIFY(checked > 400);
}

void TestPenalties::lambdaMaxKeepsZero() {
  FETCH_SPEC;
  std::mt19937 rng(5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> lip(1.0 / step, 2.0 / step);  // steps 1/L ≤ step
  for (int trial = 0; trial < 20; ++trial) {
    Vec g(kP);
    for (Index j = 0; j < kP; ++j) g[j] = normal(rng);
    const Index up = penalty->isPenalized(trial % kP) ? trial % kP : 0;
    g[up] = -std::abs(g[up]) - 0.1;  // something to move up, also with w ≥ 0
    // Unpenalised features are fitted in the null model: their gradient vanishes there.
    for (Index j = 0; j < kP; ++j)
      if (!penalty->isPenalized(j)) g[j] = 0.0;
    if (kind == "elastic_net" && param == 0.0) {
      QVERIFY(throwsInvalidArgument([&] { penalty->lambdaMax(g); }));
      return;
    }
    const double lmax = penalty->lambdaMax(g);
    QVERIFY(lmax > 0.0);
    Vec L(kP);
    for (Index j = 0; j < kP; ++j) L[j] = lip(rng);
    penalty->setLambda(lmax * (1.0 + 1e-12));
    for (Index j = 0; j < kP; ++j) {
      QVERIFY(penalty->prox1d(-g[j] / L[j], 1.0 / L[j], j) == 0.0);  // exactly, not fuzzily
      QVERIFY(penalty->subdiffDistance(0.0, g[j], j) == 0.0);
    }
    penalty->setLambda(lmax * (1.0 - 1e-6));
    bool moved = false;
    for (Index j = 0; j < kP; ++j) moved = moved || penalty->prox1d(-g[j] / L[j], 1.0 / L[j], j) != 0.0;
    QVERIFY2(moved, "just below lambda_max some coefficient must leave 0");
    penalty->setLambda(lambda);
  }
}

void TestPenalties::nonConvexProxIsContinuousForSmallSteps() {
  FETCH_SPEC;
  // In the regime the solvers must enforce (γ > step for MCP, γ > 1 + step for SCAD) the
  // thresholding is Lipschitz in v with constant 1/(1 − step/γ) or (γ − 1)/(γ − 1 − step).
  double lipschitz = 1.0;
  if (kind == "mcp") lipschitz = 1.0 / (1.0 - step / param);
  if (kind == "scad") lipschitz = (param - 1.0) / (param - 1.0 - step);
  QVERIFY(1.0 / step > penalty->minCurvature());  // the rows keep to the documented regime
  const double reach = 2.0 * lambda * (param + 2.0) * (1.0 + step);
  const double dv = reach / 20000.0;
  for (Index j = 0; j < kP; ++j) {
    double previous = penalty->prox1d(-reach, step, j);
    for (double v = -reach + dv; v <= reach; v += dv) {
      const double x = penalty->prox1d(v, step, j);
      // (QFAIL, not QVERIFY2: the message would be formatted on every step.)
      if (!(std::abs(x - previous) <= lipschitz * dv * (1.0 + 1e-9) + 1e-12))
        QFAIL(qPrintable(QString("jump at v=%1: %2 -> %3").arg(v).arg(previous).arg(x)));
      if (!(x - previous >= -1e-12)) QFAIL("thresholding must be non-decreasing in v");
      previous = x;
    }
  }
}

void TestPenalties::knotsAreContinuous() {
  for (const double lambda : {0.3, 1.0, 2.5}) {
    for (const double gamma : {1.2, 3.0, 10.0}) {
      const Mcp mcp(lambda, gamma);
      const double k = gamma * lambda;
      for (const double eps : {1e-6, 1e-9}) {
        QVERIFY(std::abs(valueAt(mcp, k + eps, 0) - valueAt(mcp, k - eps, 0)) <= 2.0 * lambda * eps + 1e-14);
        QVERIFY(std::abs(valueAt(mcp, -k - eps, 0) - valueAt(mcp, -k + eps, 0)) <= 2.0 * lambda * eps + 1e-14);
      }
      QCOMPARE(valueAt(mcp, k, 0), 0.5 * gamma * lambda * lambda);
      QCOMPARE(valueAt(mcp, 5 * k, 0), 0.5 * gamma * lambda * lambda);
    }
    for (const double gamma : {2.1, 3.7, 10.0}) {
      const Scad scad(lambda, gamma);
      for (const double k : {lambda, gamma * lambda}) {
        for (const double eps : {1e-6, 1e-9}) {
          QVERIFY(std::abs(valueAt(scad, k + eps, 0) - valueAt(scad, k - eps, 0)) <= 2.0 * lambda * eps + 1e-14);
          QVERIFY(std::abs(valueAt(scad, -k - eps, 0) - valueAt(scad, -k + eps, 0)) <= 2.0 * lambda * eps + 1e-14);
        }
      }
      QVERIFY(std::abs(valueAt(scad, lambda, 0) - lambda * lambda) <= 1e-15);
      QVERIFY(std::abs(valueAt(scad, gamma * lambda, 0) - 0.5 * lambda * lambda * (gamma + 1.0)) <= 1e-13);
    }
  }
}

void TestPenalties::fenchelYoung_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<double>("rho");
  QTest::addColumn<bool>("positive");
  for (const bool positive : {false, true}) {
    const QString pos = positive ? "+pos" : "";
    for (const double rho : {0.0, 0.3, 0.7, 1.0})
      QTest::newRow(qPrintable("elastic_net" + pos + "/rho" + QString::number(rho))) << "elastic_net" << rho << positive;
    QTest::newRow(qPrintable("l1" + pos)) << "l1" << 1.0 << positive;
    QTest::newRow(qPrintable("weighted_l1" + pos)) << "weighted_l1" << 1.0 << positive;
  }
}

void TestPenalties::fenchelYoung() {
  QFETCH(QString, kind);
  QFETCH(double, rho);
  QFETCH(bool, positive);
  const double lambda = 0.7;
  const Spec spec{kind, lambda, rho, positive};
  const auto penalty = makePenalty(spec);
  std::mt19937 rng(31);
  std::normal_distribution<double> normal(0.0, 1.5);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  const Vec weights = kind == "weighted_l1" ? testWeights() : Vec::Ones(kP);
  const double l1Part = kind == "elastic_net" ? rho : 1.0;
  for (int trial = 0; trial < 200; ++trial) {
    Vec w(kP);
    Vec z(kP);
    for (Index j = 0; j < kP; ++j) {
      w[j] = trial % 3 == 0 && j % 2 == 0 ? 0.0 : normal(rng);
      z[j] = normal(rng);
    }
    if (positive) w = w.cwiseAbs();
    // An unpenalised feature asks z_j = 0, which no rescaling gives (see WeightedL1).
    for (Index j = 0; j < kP; ++j)
      if (!penalty->isPenalized(j)) z[j] = 0.0;
    const double s = penalty->dualScale(z);
    QVERIFY(s >= 1.0);
    if (kind == "elastic_net" && rho < 1.0) QCOMPARE(s, 1.0);
    const Vec zf = z / s;
    const double slack = penalty->value(w) + penalty->conjugate(zf) - w.dot(zf);
    QVERIFY2(slack >= -1e-12, qPrintable(QString("Fenchel-Young violated by %1").arg(-slack)));

    // Equality at a subgradient z ∈ ∂(λg)(w).
    Vec sub(kP);
    for (Index j = 0; j < kP; ++j) {
      const double t = lambda * weights[j] * l1Part;
      const double ridge = kind == "elastic_net" ? lambda * (1.0 - rho) : 0.0;
      if (w[j] != 0.0) sub[j] = std::copysign(t, w[j]) + ridge * w[j];
      else sub[j] = positive ? t - 2.0 * std::abs(unit(rng)) * (1.0 + t) : t * unit(rng);
    }
    QCOMPARE(penalty->dualScale(sub), 1.0);
    const double equality = penalty->value(w) + penalty->conjugate(sub) - w.dot(sub);
    QVERIFY2(std::abs(equality) <= 1e-12 * (1.0 + penalty->value(w)),
             qPrintable(QString("Fenchel-Young equality off by %1").arg(equality)));
  }
}

void TestPenalties::specialCasesEqualL1_data() {
  QTest::addColumn<bool>("positive");
  QTest::newRow("signed") << false;
  QTest::newRow("positive") << true;
}

void TestPenalties::specialCasesEqualL1() {
  QFETCH(bool, positive);
  const double lambda = 0.8;
  const L1 l1(lambda, positive);
  const WeightedL1 ones(Vec::Ones(kP), lambda, positive);
  const ElasticNet lasso(lambda, 1.0, positive);
  const std::vector<const Penalty*> twins{&ones, &lasso};
  std::mt19937 rng(77);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int trial = 0; trial < 100; ++trial) {
    Vec w(kP);
    Vec z(kP);
    for (Index j = 0; j < kP; ++j) {
      w[j] = trial % 4 == 0 && j == 1 ? 0.0 : normal(rng);
      z[j] = normal(rng);
    }
    if (positive && trial % 2 == 0) w = w.cwiseAbs();
    for (const Penalty* twin : twins) {
      const double a = twin->value(w);
      const double b = l1.value(w);
      QVERIFY(a == b || std::abs(a - b) <= 1e-15 * std::abs(b));
      QCOMPARE(twin->lambdaMax(z), l1.lambdaMax(z));
      QCOMPARE(twin->dualScale(z), l1.dualScale(z));
      QCOMPARE(twin->conjugate(z), l1.conjugate(z));
      for (Index j = 0; j < kP; ++j) {
        const double step = 0.25 + 0.5 * static_cast<double>(j);
        QCOMPARE(twin->prox1d(3.0 * z[j], step, j), l1.prox1d(3.0 * z[j], step, j));
        QCOMPARE(twin->subdiffDistance(w[j], z[j], j), l1.subdiffDistance(w[j], z[j], j));
        QVERIFY(twin->isPenalized(j));
      }
    }
  }
}

void TestPenalties::unpenalisedFeatures() {
  for (const bool positive : {false, true}) {
    const WeightedL1 pen(testWeights(), 2.0, positive);
    QVERIFY(!pen.isPenalized(1));
    QVERIFY(pen.isPenalized(0) && pen.isPenalized(2) && pen.isPenalized(3));
    QVERIFY(pen.inGeneralizedSupport(0.0, 1));
    QVERIFY(!pen.inGeneralizedSupport(0.0, 0));
    QVERIFY(pen.inGeneralizedSupport(0.5, 0));
    for (const double v : {-3.5, -1e-9, 0.0, 1e-9, 2.25, 1e6}) {
      QCOMPARE(pen.prox1d(v, 10.0, 1), positive ? std::max(0.0, v) : v);  // identity
      QCOMPARE(pen.subdiffDistance(v, 0.0, 1), (positive && v < 0.0) ? std::numeric_limits<double>::infinity() : 0.0);
    }
    QCOMPARE(pen.subdiffDistance(0.0, -0.5, 1), 0.5);
    QCOMPARE(pen.subdiffDistance(0.0, 0.5, 1), positive ? 0.0 : 0.5);
    // λ_max and dual feasibility ignore the unpenalised entry (it is fitted, not thresholded).
    Vec g(kP);
    g << 1.0, -100.0, -5.0, 0.03;
    QCOMPARE(pen.lambdaMax(g), positive ? 2.0 : 2.0);  // max(|1|/1, |−5|/2.5, 0.03/0.3)
    QCOMPARE(pen.dualScale(-g), positive ? 1.0 : 1.0);
    g[2] = -50.0;
    QCOMPARE(pen.lambdaMax(g), 20.0);
    QCOMPARE(pen.dualScale(-g), 10.0);  // 50/(2·2.5)
    Vec zero = Vec::Zero(kP);
    QCOMPARE(pen.stationarity(zero, zero), 0.0);
    const WeightedL1 none(Vec::Zero(kP), 1.0, positive);
    QCOMPARE(none.lambdaMax(g), 0.0);
    QCOMPARE(none.dualScale(g), 1.0);
  }
  QVERIFY(throwsInvalidArgument([] { WeightedL1(testWeights()).value(Vec::Zero(kP + 1)); }));
}

void TestPenalties::nonConvexHaveNoDual() {
  const Mcp mcp(1.0, 3.0);
  const Scad scad(1.0, 3.7);
  for (const Penalty* pen : std::vector<const Penalty*>{&mcp, &scad}) {
    QVERIFY(!pen->traits().convex);
    QVERIFY(pen->minCurvature() > 0.0);
    QVERIFY(pen->traits().separable);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, pen->dualScale(Vec::Ones(kP)));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, pen->conjugate(Vec::Ones(kP)));
    Vec w(3);
    w << 0.0, 0.5, 10.0;
    Vec g(3);
    g << 0.5, -1.0, 0.25;
    double worst = 0.0;
    for (Index j = 0; j < 3; ++j) worst = std::max(worst, pen->subdiffDistance(w[j], g[j], j));
    QCOMPARE(pen->stationarity(w, g), worst);
    const std::vector<Index> cols{2};
    QCOMPARE(pen->stationarity(w, g, cols), 0.25);
  }
  QCOMPARE(mcp.minCurvature(), 1.0 / 3.0);
  QCOMPARE(scad.minCurvature(), 1.0 / 2.7);
  QCOMPARE(L1().minCurvature(), 0.0);
  QVERIFY(L1().traits().convex);
  QVERIFY(ElasticNet().traits().convex);
  QVERIFY(WeightedL1(testWeights()).traits().convex);
}

void TestPenalties::invalidParametersAreRejected() {
  QVERIFY(throwsInvalidArgument([] { Mcp(1.0, 1.0); }));
  QVERIFY(throwsInvalidArgument([] { Mcp(1.0, 0.5); }));
  QVERIFY(throwsInvalidArgument([] { Scad(1.0, 2.0); }));
  QVERIFY(throwsInvalidArgument([] { Scad(1.0, std::nan("")); }));
  QVERIFY(throwsInvalidArgument([] { ElasticNet(1.0, -0.1); }));
  QVERIFY(throwsInvalidArgument([] { ElasticNet(1.0, 1.5); }));
  QVERIFY(throwsInvalidArgument([] { ElasticNet(1.0, 0.5).setL1Ratio(std::nan("")); }));
  Vec bad = testWeights();
  bad[3] = -1.0;
  QVERIFY(throwsInvalidArgument([&] { WeightedL1 pen(bad); }));
  bad[3] = std::numeric_limits<double>::infinity();
  QVERIFY(throwsInvalidArgument([&] { WeightedL1 pen(bad); }));
  try {
    ElasticNet(1.0, 0.0).lambdaMax(Vec::Ones(kP));
    QFAIL("ridge has no lambda_max");
  } catch (const std::invalid_argument& e) {
    QCOMPARE(QString(e.what()), QString("l1_ratio must be > 0 for a path from lambda_max"));
  }
}

void TestPenalties::cloneKeepsParameters() {
  const std::vector<std::shared_ptr<Penalty>> originals{
      std::make_shared<L1>(0.4, true), std::make_shared<WeightedL1>(testWeights(), 0.4, true),
      std::make_shared<ElasticNet>(0.4, 0.25, true), std::make_shared<Mcp>(0.4, 2.5),
      std::make_shared<Scad>(0.4, 3.0)};
  Vec w(kP);
  w << 0.0, 0.3, 1.7, 4.0;
  for (const auto& original : originals) {
    const auto copy = original->clone();
    QCOMPARE(copy->name(), original->name());
    QCOMPARE(copy->lambda(), 0.4);
    QCOMPARE(copy->value(w), original->value(w));
    for (Index j = 0; j < kP; ++j) QCOMPARE(copy->prox1d(-1.3 + j, 0.7, j), original->prox1d(-1.3 + j, 0.7, j));
  }
}

QTEST_APPLESS_MAIN(TestPenalties)
#include "test_penalties.moc"
