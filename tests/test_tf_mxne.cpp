// TF-MxNE: the STFT frame against a literal transcription of MNE's stft and against MNE's own
// output; the L21+L1 dual norm against bisection; the solver against MNE-Python's
// tf_mixed_norm solver (fixtures from tests/fixtures/make_tfmxne_fixtures.py) on a reduced real
// case and on the shared case, with the duality gap and the optimality conditions recomputed
// here from a dense Φ built independently; cancellation.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "core/meeg/stft.hpp"
#include "core/meeg/tf_mxne.hpp"
#include "core/meeg/tf_mxne_norms.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

using CVec = Eigen::VectorXcd;
using CMat = Eigen::MatrixXcd;

QJsonObject readJson(const QString& relative) {
  QFile f(test::sourcePath(relative));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open fixture %s", qPrintable(relative));
  return QJsonDocument::fromJson(f.readAll()).object();
}

Vec jsonVec(const QJsonArray& a) {
  Vec v(a.size());
  for (int i = 0; i < a.size(); ++i) v[i] = a[i].toDouble();
  return v;
}

std::vector<Index> jsonIndices(const QJsonArray& a) {
  std::vector<Index> v;
  for (const auto x : a) v.push_back(x.toInt());
  return v;
}

Complex jsonComplex(const QJsonValue& v) { return {v.toArray()[0].toDouble(), v.toArray()[1].toDouble()}; }

/// MNE's stft, transcribed literally (zero padding, sine window normalised by the summed squared
/// windows, naive DFT): the dense K × T matrix with rows in MNE's order f·n_steps + s.
CMat naivePhi(Index T, int wsize, int tstep) {
  const Index nSteps = (T + tstep - 1) / tstep;
  const Index nFreqs = wsize / 2 + 1;
  std::vector<double> win(static_cast<std::size_t>(wsize));
  for (int n = 0; n < wsize; ++n) win[static_cast<std::size_t>(n)] = std::sin((n + 0.5) / wsize * std::numbers::pi);
  std::vector<double> swin(static_cast<std::size_t>((nSteps - 1) * tstep + wsize), 0.0);
  for (Index t = 0; t < nSteps; ++t)
    for (int n = 0; n < wsize; ++n) swin[static_cast<std::size_t>(t * tstep + n)] += win[static_cast<std::size_t>(n)] * win[static_cast<std::size_t>(n)];
  for (double& s : swin) s = std::sqrt(wsize * s);
  CMat phi = CMat::Zero(nFreqs * nSteps, T);
  const Index offset = (wsize - tstep) / 2;
  for (Index sample = 0; sample < T; ++sample) {
    std::vector<double> xp(swin.size(), 0.0);
    xp[static_cast<std::size_t>(offset + sample)] = 1.0;
    for (Index t = 0; t < nSteps; ++t)
      for (Index f = 0; f < nFreqs; ++f) {
        Complex acc = 0.0;
        for (int n = 0; n < wsize; ++n) {
          const auto m = static_cast<std::size_t>(t * tstep + n);
          acc += xp[m] * win[static_cast<std::size_t>(n)] / swin[m] *
                 std::polar(1.0, -2.0 * std::numbers::pi * static_cast<double>(f * n) / wsize);
        }
        phi(f * nSteps + t, sample) = acc;
      }
  }
  return phi;
}

/// Hermitian multiplicities in MNE's order.
Vec mneMultiplicity(Index nFreqs, Index nSteps) {
  Vec c = Vec::Constant(nFreqs * nSteps, 2.0);
  c.head(nSteps).setOnes();
  c.tail(nSteps).setOnes();
  return c;
}

/// The dual norm of (1 − ρ)‖·‖₂ + ρ‖·‖₁ at moduli y by bisection on Σc(y − ρt)₊² − (1 − ρ)²t².
double bisectDualNorm(const Vec& y, const Vec& c, double rho) {
  const double m = y.maxCoeff();
  if (rho >= 1.0) return m;
  if (rho <= 0.0) return std::sqrt((c.array() * y.array().square()).sum());
  double lo = 0.0;
  double hi = m / rho + 1.0;
  for (int it = 0; it < 300; ++it) {
    const double t = 0.5 * (lo + hi);
    const double phi = (c.array() * (y.array() - rho * t).max(0.0).square()).sum() - (1 - rho) * (1 - rho) * t * t;
    (phi > 0.0 ? lo : hi) = t;
  }
  return 0.5 * (lo + hi);
}

struct Check {
  double primal = 0.0;
  double dual = 0.0;
  double kktActive = 0.0;    ///< largest |∇_k − subgradient| on non-zero coefficients, / α
  double kktZeros = 0.0;     ///< largest (|∇_k| − α_time)₊ on zero coefficients of active rows, / α
  double kktInactive = 0.0;  ///< largest (ν(∇_i) − α)₊ over inactive sources, / α
};

/// Primal, MNE's dual point and the optimality conditions at (activeSet, Z) from the dense Φ.
Check independentCheck(const Mat& G, const Mat& M, const TfMxneResult& r, const TfMxneOptions& o) {
  const CMat phi = naivePhi(M.cols(), o.wsize, o.tstep);
  const Vec c = mneMultiplicity(o.wsize / 2 + 1, (M.cols() + o.tstep - 1) / o.tstep);
  const double alpha = o.alphaSpace + o.alphaTime;
  const double rho = o.alphaTime / alpha;
  Mat R = M;
  Check out;
  double penalty = 0.0;
  for (std::size_t i = 0; i < r.activeSet.size(); ++i) {
    const CVec z = r.activeZ.row(static_cast<Index>(i)).transpose();
    const Vec x = (phi.adjoint() * (c.cast<Complex>().asDiagonal() * z)).real();  // ⟨Φx, z⟩ = ⟨x, Φᴴz⟩
    R -= G.col(r.activeSet[i]) * x.transpose();
    penalty += o.alphaSpace * std::sqrt((c.array() * z.array().abs2()).sum()) +
               o.alphaTime * (c.array() * z.array().abs()).sum();
  }
  out.primal = 0.5 * R.squaredNorm() + penalty;
  const Mat gtr = G.transpose() * R;
  double nu = 0.0;
  std::vector<bool> active(static_cast<std::size_t>(G.cols()), false);
  for (const Index j : r.activeSet) active[static_cast<std::size_t>(j)] = true;
  for (Index j = 0; j < G.cols(); ++j) {
    const CVec grad = phi * gtr.row(j).transpose().cast<Complex>();
    const double nuj = bisectDualNorm(grad.cwiseAbs(), c, rho);
    nu = std::max(nu, nuj);
    if (!active[static_cast<std::size_t>(j)]) out.kktInactive = std::max(out.kktInactive, (nuj - alpha) / alpha);
  }
  for (std::size_t i = 0; i < r.activeSet.size(); ++i) {
    const CVec z = r.activeZ.row(static_cast<Index>(i)).transpose();
    const CVec grad = phi * gtr.row(r.activeSet[i]).transpose().cast<Complex>();
    const double norm = std::sqrt((c.array() * z.array().abs2()).sum());
    for (Index k = 0; k < z.size(); ++k) {
      if (std::abs(z[k]) > 0.0) {
        const Complex sub = o.alphaSpace * z[k] / norm + o.alphaTime * z[k] / std::abs(z[k]);
        out.kktActive = std::max(out.kktActive, std::abs(grad[k] - sub) / alpha);
      } else {
        out.kktZeros = std::max(out.kktZeros, (std::abs(grad[k]) - o.alphaTime) / alpha);
      }
    }
  }
  const double s = nu > alpha ? alpha / nu : 1.0;
  out.dual = s * (R.array() * M.array()).sum() - 0.5 * s * s * R.squaredNorm();
  return out;
}

class CountingObserver final : public ProgressObserver {
 public:
  Control onIteration(const IterationReport& r) override {
    ++reports;
    if (std::isfinite(r.stopCriterion)) ++gaps;
    return stopAfter > 0 && reports >= stopAfter ? Control::Stop : Control::Continue;
  }
  int reports = 0;
  int gaps = 0;
  int stopAfter = 0;
};

struct SmallCase {
  Mat G, M;
};

SmallCase smallCase() {
  return {test::readNumericCsv(test::sourcePath(QStringLiteral("tests/fixtures/tfmxne_small_G.csv"))),
          test::readNumericCsv(test::sourcePath(QStringLiteral("tests/fixtures/tfmxne_small_M.csv")))};
}

TfMxneOptions optionsFrom(const QJsonObject& s) {
  TfMxneOptions o;
  o.alphaSpace = s["alpha_space"].toDouble();
  o.alphaTime = s["alpha_time"].toDouble();
  o.wsize = s["wsize"].toInt();
  o.tstep = s["tstep"].toInt();
  o.tol = s["rtol"].toDouble();
  o.maxIter = 100000;
  return o;
}

/// Everything compared against one MNE solution.
void compareWithMne(const Mat& G, const Mat& M, const QJsonObject& s, const TfMxneResult& r, const TfMxneOptions& o,
                    bool checkValues) {
  QCOMPARE(r.termination, Termination::Converged);
  QCOMPARE(r.activeSet, jsonIndices(s["support"].toArray()));
  const double mneObjective = s["objective"].toDouble();
  qInfo("  objective relative difference to MNE: %.2e", std::abs(r.objective - mneObjective) / mneObjective);
  QVERIFY2(std::abs(r.objective - mneObjective) <= 1e-6 * mneObjective,
           qPrintable(QStringLiteral("objective %1 vs MNE %2").arg(r.objective, 0, 'g', 17).arg(mneObjective, 0, 'g', 17)));
  QVERIFY(r.dualityGap <= r.gapThreshold);

  const Check check = independentCheck(G, M, r, o);
  QVERIFY2(std::abs(check.primal - r.objective) <= 1e-10 * r.objective,
           qPrintable(QStringLiteral("primal %1 vs %2").arg(check.primal, 0, 'g', 17).arg(r.objective, 0, 'g', 17)));
  const double gap = check.primal - check.dual;
  QVERIFY2(gap <= r.gapThreshold * (1 + 1e-6) + 1e-12 * r.objective,
           qPrintable(QStringLiteral("independent gap %1 > threshold %2").arg(gap).arg(r.gapThreshold)));
  QVERIFY(gap >= -1e-9 * r.objective);
  qInfo("  independent gap %.3g (solver %.3g); KKT / α: non-zero %.2e, zero coefficients %.2e, inactive %.2e", gap,
        r.dualityGap, check.kktActive, check.kktZeros, check.kktInactive);
  // Optimality: the gap bounds the distance to the optimum by O(√gap); at these tolerances the
  // residuals are ≤ 2e-6·α, allow 1e-4·α.
  QVERIFY2(check.kktActive < 1e-4 && check.kktZeros < 1e-4 && check.kktInactive < 1e-4,
           qPrintable(QStringLiteral("KKT %1 %2 %3").arg(check.kktActive).arg(check.kktZeros).arg(check.kktInactive)));

  if (!checkValues) return;
  if (s.contains("time_courses")) {
    const QJsonArray tc = s["time_courses"].toArray();
    QCOMPARE(r.timeCourses.rows(), Index(tc.size()));
    for (int i = 0; i < tc.size(); ++i) {
      const Vec expected = jsonVec(tc[i].toArray());
      QVERIFY2((r.timeCourses.row(i).transpose() - expected).norm() <= 1e-3 * expected.norm(),
               qPrintable(QStringLiteral("time course %1").arg(i)));
    }
  }
  if (s.contains("z0_index")) {
    const QJsonArray idx = s["z0_index"].toArray();
    const QJsonArray val = s["z0_values"].toArray();
    for (int i = 0; i < idx.size(); ++i) {
      const Complex expected = jsonComplex(val[i]);
      QVERIFY(std::abs(r.activeZ(0, idx[i].toInt()) - expected) <= 1e-3 * std::abs(expected));
    }
  }
}

}  // namespace

class TestTfMxne : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void frameIsTightAndSelfAdjoint() {
    std::mt19937 rng(5);
    std::normal_distribution<double> normal;
    const struct { Index T; int wsize, tstep; } cases[] = {{61, 64, 4}, {61, 16, 4}, {100, 32, 8}, {7, 8, 2}, {130, 20, 10}};
    for (const auto& k : cases) {
      const StftFrame frame(k.T, k.wsize, k.tstep);
      QCOMPARE(frame.nSteps(), (k.T + k.tstep - 1) / k.tstep);
      QCOMPARE(frame.nFreqs(), Index(k.wsize / 2 + 1));
      auto ws = frame.workspace();
      Vec x(k.T);
      for (auto& v : x) v = normal(rng);
      std::vector<Complex> z(static_cast<std::size_t>(frame.nCoefs()));
      frame.analyze(x.data(), z.data(), ws);
      // ‖Φx‖ (Hermitian-weighted) = ‖x‖ and ΦᴴΦx = x.
      QVERIFY(std::abs(std::sqrt(frame.squaredNorm(z.data())) - x.norm()) <= 1e-13 * x.norm());
      Vec back(k.T);
      frame.synthesize(z.data(), back.data(), ws);
      QVERIFY2((back - x).norm() <= 1e-12 * x.norm(), qPrintable(QString::number((back - x).norm())));
      // ⟨Φx, w⟩ = ⟨x, Φᴴw⟩ for arbitrary complex w (imaginary parts at 0 and wsize/2 included).
      std::vector<Complex> w(z.size());
      for (auto& v : w) v = Complex(normal(rng), normal(rng));
      Vec adj(k.T);
      frame.synthesize(w.data(), adj.data(), ws);
      double lhs = 0.0;
      for (std::size_t i = 0; i < w.size(); ++i) lhs += frame.multiplicity()[static_cast<Index>(i)] * (std::conj(z[i]) * w[i]).real();
      QVERIFY(std::abs(lhs - x.dot(adj)) <= 1e-12 * (std::abs(lhs) + 1.0));
      // The batch transform and the MNE-layout wrappers agree with the single-signal one.
      const Eigen::MatrixXcd mne = frame.stft(x.transpose());
      const RowMatXcd internal = frame.fromMneLayout(mne);
      for (Index i = 0; i < frame.nCoefs(); ++i) QVERIFY(std::abs(internal(0, i) - z[static_cast<std::size_t>(i)]) <= 1e-13);
      QVERIFY((frame.istft(mne).row(0).transpose() - x).norm() <= 1e-12 * x.norm());
      // A literal transcription of MNE's stft gives the same matrix.
      const CMat phi = naivePhi(k.T, k.wsize, k.tstep);
      QVERIFY(((phi * x.cast<Complex>()).transpose() - mne).norm() <= 1e-12 * x.norm());
    }
  }

  void frameMatchesMne() {
    const QJsonObject fx = readJson(QStringLiteral("tests/fixtures/tfmxne_stft.json"));
    for (const auto v : fx["cases"].toArray()) {
      const QJsonObject c = v.toObject();
      const Vec x = jsonVec(c["x"].toArray());
      const StftFrame frame(x.size(), c["wsize"].toInt(), c["tstep"].toInt());
      QCOMPARE(frame.nFreqs(), Index(c["n_freqs"].toInt()));
      QCOMPARE(frame.nSteps(), Index(c["n_steps"].toInt()));
      const Eigen::MatrixXcd z = frame.stft(x.transpose());
      if (c.contains("z")) {
        const QJsonArray all = c["z"].toArray();
        QCOMPARE(Index(all.size()), frame.nCoefs());
        for (int i = 0; i < all.size(); ++i) QVERIFY(std::abs(z(0, i) - jsonComplex(all[i])) <= 1e-13);
      } else {
        const QJsonArray idx = c["z_index"].toArray();
        const QJsonArray val = c["z_values"].toArray();
        for (int i = 0; i < idx.size(); ++i) QVERIFY(std::abs(z(0, idx[i].toInt()) - jsonComplex(val[i])) <= 1e-13);
      }
    }
  }

  void frameRejectsMneInvalidSizes() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StftFrame(61, 62, 2));  // wsize % 4
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StftFrame(61, 64, 3));  // odd step
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StftFrame(61, 64, 6));  // does not divide
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StftFrame(61, 8, 8));   // > wsize/2
  }

  void dualNormAgreesWithBisection() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    TfDualNorm dualNorm(200);
    for (int trial = 0; trial < 200; ++trial) {
      const Index n = 1 + static_cast<Index>(u(rng) * 150);
      std::vector<Complex> z(static_cast<std::size_t>(n));
      Vec c(n);
      for (Index k = 0; k < n; ++k) {
        // Heavy-tailed moduli: sometimes a single dominant coefficient (the case MNE shortcuts).
        const double scale = trial % 3 == 0 && k == 0 ? 50.0 : 1.0;
        z[static_cast<std::size_t>(k)] = std::polar(scale * std::pow(u(rng), 3.0), 6.28 * u(rng));
        c[k] = u(rng) < 0.8 ? 2.0 : 1.0;
      }
      Vec y(n);
      for (Index k = 0; k < n; ++k) y[k] = std::abs(z[static_cast<std::size_t>(k)]);
      for (const double rho : {0.0, 0.01, 0.1, 0.5, 0.9, 0.999, 1.0}) {
        const double exact = bisectDualNorm(y, c, rho);
        const double ours = dualNorm(z.data(), c.data(), n, rho);
        QVERIFY2(std::abs(ours - exact) <= 1e-11 * exact,
                 qPrintable(QStringLiteral("n=%1 rho=%2: %3 vs %4").arg(n).arg(rho).arg(ours, 0, 'g', 17).arg(exact, 0, 'g', 17)));
        // Below the cutoff only an upper bound is promised.
        const double bounded = dualNorm(z.data(), c.data(), n, rho, 1e300);
        QVERIFY(bounded >= exact * (1 - 1e-12));
      }
    }
  }

  void proxSatisfiesItsOptimalityConditions() {
    std::mt19937 rng(3);
    std::normal_distribution<double> normal;
    for (int trial = 0; trial < 50; ++trial) {
      const Index n = 40;
      std::vector<Complex> y(n);
      Vec c(n);
      for (Index k = 0; k < n; ++k) {
        y[static_cast<std::size_t>(k)] = Complex(normal(rng), normal(rng));
        c[k] = k % 7 == 0 ? 1.0 : 2.0;
      }
      const double tauS = 0.5 + trial * 0.1;
      const double tauT = 0.3 * normal(rng) * normal(rng);
      const double tauTime = std::abs(tauT);
      std::vector<Complex> u = y;
      const double norm = proxTfL21L1(u.data(), c.data(), n, tauS, tauTime);
      double check = 0.0;
      for (Index k = 0; k < n; ++k) check += c[k] * std::norm(u[static_cast<std::size_t>(k)]);
      QVERIFY(std::abs(std::sqrt(check) - norm) <= 1e-12 * (1 + norm));
      // y − u ∈ τ_s ∂‖u‖₂ + τ_t ∂‖u‖₁ (weights cancel coefficient-wise).
      if (norm > 0.0) {
        for (Index k = 0; k < n; ++k) {
          const Complex uk = u[static_cast<std::size_t>(k)];
          const Complex r = y[static_cast<std::size_t>(k)] - uk - tauS * uk / norm;
          if (std::abs(uk) > 0.0) QVERIFY(std::abs(r - tauTime * uk / std::abs(uk)) <= 1e-12);
          else QVERIFY(std::abs(r) <= tauTime + 1e-12);
        }
      } else {
        // u = 0 iff the moduli soft-thresholded by τ_t have norm ≤ τ_s.
        double st = 0.0;
        for (Index k = 0; k < n; ++k) st += c[k] * std::pow(std::max(0.0, std::abs(y[static_cast<std::size_t>(k)]) - tauTime), 2);
        QVERIFY(std::sqrt(st) <= tauS + 1e-12);
      }
    }
  }

  void alphaMaxMatchesMne() {
    const SmallCase sc = smallCase();
    const QJsonObject fx = readJson(QStringLiteral("tests/fixtures/tfmxne_small.json"));
    for (const auto v : fx["solutions"].toArray()) {
      const QJsonObject s = v.toObject();
      const double ours = tfMxneAlphaMax(sc.G, sc.M, s["wsize"].toInt(), s["tstep"].toInt(), s["l1_ratio"].toDouble());
      QVERIFY2(std::abs(ours - s["alpha_max"].toDouble()) <= 1e-12 * ours,
               qPrintable(QStringLiteral("%1 vs %2").arg(ours, 0, 'g', 17).arg(s["alpha_max"].toDouble(), 0, 'g', 17)));
      TfMxneOptions o;
      tfMxneAlphasFromPercent(s["alpha_percent"].toDouble(), s["l1_ratio"].toDouble(), ours, o);
      QVERIFY(std::abs(o.alphaSpace - s["alpha_space"].toDouble()) <= 1e-12 * ours);
      QVERIFY(std::abs(o.alphaTime - s["alpha_time"].toDouble()) <= 1e-12 * ours);
    }
    // At α_max the solution is zero, just below it is not.
    TfMxneOptions o;
    const double amax = tfMxneAlphaMax(sc.G, sc.M, 64, 4, 0.3);
    tfMxneAlphasFromPercent(100.0, 0.3, amax, o);
    NullObserver none;
    QVERIFY(solveTfMxne(sc.G, sc.M, o, none).activeSet.empty());
    tfMxneAlphasFromPercent(99.0, 0.3, amax, o);
    QCOMPARE(solveTfMxne(sc.G, sc.M, o, none).activeSet.size(), std::size_t(1));
  }

  void smallRealCaseMatchesMne() {
    const SmallCase sc = smallCase();
    const QJsonObject fx = readJson(QStringLiteral("tests/fixtures/tfmxne_small.json"));
    for (const auto v : fx["solutions"].toArray()) {
      const QJsonObject s = v.toObject();
      // Working sets and Anderson extrapolation on (the default), each switched off.
      for (const auto& [ws, anderson] : {std::pair{true, true}, std::pair{false, true}, std::pair{true, false}}) {
        TfMxneOptions o = optionsFrom(s);
        o.workingSets = ws;
        o.anderson = anderson;
        CountingObserver observer;
        const TfMxneResult r = solveTfMxne(sc.G, sc.M, o, observer);
        qInfo("alpha %g %% l1_ratio %g ws %d anderson %d: |A| %zu objective %.12g (MNE %.12g) gap %.3g, %d epochs, %.4f s (MNE %.4f s)",
              s["alpha_percent"].toDouble(), s["l1_ratio"].toDouble(), int(ws), int(anderson), r.activeSet.size(), r.objective,
              s["objective"].toDouble(), r.dualityGap, r.nIter, r.seconds, s["mne_seconds"].toDouble());
        compareWithMne(sc.G, sc.M, s, r, o, true);
        QCOMPARE(observer.reports, r.nIter + static_cast<int>(r.gapHistory.size()));
        QVERIFY(!r.gapHistory.empty());
        QCOMPARE(r.gapHistory.back(), r.dualityGap);
        QCOMPARE(r.nFreqs, 33);
        QCOMPARE(r.nSteps, 16);
        if (QTest::currentTestFailed()) return;
      }
    }
  }

  void sharedCaseMatchesMne() {
    LAMBDASCOPE_REQUIRE_SHARED(gPath, QStringLiteral("meeg/sample_la_meg/csv/G.csv"));
    LAMBDASCOPE_REQUIRE_SHARED(mPath, QStringLiteral("meeg/sample_la_meg/csv/M.csv"));
    const Mat G = test::readNumericCsv(gPath);
    const Mat M = test::readNumericCsv(mPath);
    QCOMPARE(G.rows(), Index(305));
    QCOMPARE(G.cols(), Index(1984));
    const QJsonObject fx = readJson(QStringLiteral("tests/fixtures/tfmxne_shared.json"));
    for (const auto v : fx["solutions"].toArray()) {
      const QJsonObject s = v.toObject();
      const double amax = tfMxneAlphaMax(G, M, s["wsize"].toInt(), s["tstep"].toInt(), s["l1_ratio"].toDouble());
      QVERIFY(std::abs(amax - s["alpha_max"].toDouble()) <= 1e-12 * amax);
      const TfMxneOptions o = optionsFrom(s);
      NullObserver none;
      const std::clock_t cpu = std::clock();
      const TfMxneResult r = solveTfMxne(G, M, o, none);
      const double cpuSeconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
      qInfo("shared alpha %g %% l1_ratio %g: |A| %zu objective %.12g (MNE %.12g) gap %.3g (MNE %.3g), %d epochs, "
            "%.3f s wall, %.3f s CPU",
            s["alpha_percent"].toDouble(), s["l1_ratio"].toDouble(), r.activeSet.size(), r.objective,
            s["objective"].toDouble(), r.dualityGap, s["gap"].toDouble(), r.nIter, r.seconds, cpuSeconds);
      compareWithMne(G, M, s, r, o, false);
      if (QTest::currentTestFailed()) return;
    }
  }

  void stopTokenReturnsPromptlyWithAValidIterate() {
    // A slow synthetic problem (so the test runs without ../shared): 100 sensors, 800
    // correlated sources, 120 samples, a tolerance it cannot reach.
    std::mt19937 rng(7);
    std::normal_distribution<double> normal;
    const Index n = 100, p = 800, T = 120;
    Mat G(n, p);
    for (Index i = 0; i < n; ++i) {
      double prev = normal(rng);
      for (Index j = 0; j < p; ++j) G(i, j) = prev = 0.9 * prev + 0.44 * normal(rng);
    }
    Mat X = Mat::Zero(p, T);
    for (Index j = 0; j < p; j += 37)
      for (Index t = 0; t < T; ++t) X(j, t) = std::sin(0.05 * t * (1 + j % 5)) * std::exp(-0.0001 * (t - 100.0) * (t - 100.0));
    Mat M = G * X;
    for (Index i = 0; i < n; ++i)
      for (Index t = 0; t < T; ++t) M(i, t) += normal(rng);
    TfMxneOptions o;
    tfMxneAlphasFromPercent(2.0, 0.1, tfMxneAlphaMax(G, M, 64, 4, 0.1), o);
    o.tol = 1e-14;
    o.maxIter = 1000000;

    std::stop_source source;
    std::atomic<double> requestedAt{0.0};
    const auto start = std::chrono::steady_clock::now();
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      requestedAt = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      source.request_stop();
    });
    NullObserver none;
    const TfMxneResult r = solveTfMxne(G, M, o, none, source.get_token());
    const double returnedAt = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stopper.join();
    qInfo("stop requested at %.3f s, returned at %.3f s, %d epochs, |A| %zu", requestedAt.load(), returnedAt, r.nIter,
          r.activeSet.size());
    QCOMPARE(r.termination, Termination::Cancelled);
    QVERIFY(returnedAt - requestedAt.load() < 0.5);
    // The iterate is consistent: its time courses are Φᴴ of its coefficients and its reported
    // objective and gap are those of that iterate.
    QVERIFY(!r.activeSet.empty());
    const StftFrame frame(T, o.wsize, o.tstep);
    QVERIFY((frame.istft(r.activeZ) - r.timeCourses).norm() <= 1e-10 * (1 + r.timeCourses.norm()));
    Mat R = M;
    double penalty = 0.0;
    const RowMatXcd Z = frame.fromMneLayout(r.activeZ);
    for (std::size_t i = 0; i < r.activeSet.size(); ++i) {
      R -= G.col(r.activeSet[i]) * r.timeCourses.row(static_cast<Index>(i));
      penalty += o.alphaSpace * std::sqrt(frame.squaredNorm(Z.row(static_cast<Index>(i)).data())) +
                 o.alphaTime * frame.l1Norm(Z.row(static_cast<Index>(i)).data());
    }
    QVERIFY(std::abs(0.5 * R.squaredNorm() + penalty - r.objective) <= 1e-9 * r.objective);
    QVERIFY(r.dualityGap > 0.0 && std::isfinite(r.dualityGap));
  }

  void observerStopsTheSolve() {
    const SmallCase sc = smallCase();
    TfMxneOptions o;
    tfMxneAlphasFromPercent(10.0, 0.05, tfMxneAlphaMax(sc.G, sc.M, 64, 4, 0.05), o);
    o.tol = 1e-14;
    CountingObserver observer;
    observer.stopAfter = 7;
    const TfMxneResult r = solveTfMxne(sc.G, sc.M, o, observer);
    QCOMPARE(r.termination, Termination::Cancelled);
    QCOMPARE(observer.reports, 7);
    QVERIFY(observer.gaps >= 1);
  }

  void warmStartReachesTheSameSolution() {
    const SmallCase sc = smallCase();
    const double amax = tfMxneAlphaMax(sc.G, sc.M, 64, 4, 0.1);
    NullObserver none;
    TfMxneOptions far, near;
    far.tol = near.tol = 1e-10;
    tfMxneAlphasFromPercent(40.0, 0.1, amax, far);
    tfMxneAlphasFromPercent(25.0, 0.1, amax, near);
    const TfMxneResult start = solveTfMxne(sc.G, sc.M, far, none);
    const TfMxneResult cold = solveTfMxne(sc.G, sc.M, near, none);
    for (const bool ws : {true, false}) {
      near.workingSets = ws;
      const TfMxneResult warm = solveTfMxne(sc.G, sc.M, near, none, {}, &start);
      QCOMPARE(warm.termination, Termination::Converged);
      QCOMPARE(warm.activeSet, cold.activeSet);
      QVERIFY(std::abs(warm.objective - cold.objective) <= 1e-9 * cold.objective);
      // From its own solution a solve stops at once.
      const TfMxneResult again = solveTfMxne(sc.G, sc.M, near, none, {}, &warm);
      QCOMPARE(again.nIter, 0);
      QCOMPARE(again.activeSet, warm.activeSet);
    }
    TfMxneResult bad = start;
    bad.activeZ.conservativeResize(bad.activeZ.rows(), bad.activeZ.cols() - 1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, solveTfMxne(sc.G, sc.M, near, none, {}, &bad));
  }

  void epochBudgetEndsWithMaxIterations() {
    const SmallCase sc = smallCase();
    TfMxneOptions o;
    tfMxneAlphasFromPercent(15.0, 0.2, tfMxneAlphaMax(sc.G, sc.M, 64, 4, 0.2), o);
    o.tol = 1e-12;
    o.maxIter = 25;
    NullObserver none;
    const TfMxneResult r = solveTfMxne(sc.G, sc.M, o, none);
    QCOMPARE(r.termination, Termination::MaxIterations);
    QCOMPARE(r.nIter, 25);
    QVERIFY(r.dualityGap > r.gapThreshold);
    // The reported gap is the iterate's: recomputed independently it is the same.
    const Check check = independentCheck(sc.G, sc.M, r, o);
    QVERIFY(std::abs(check.primal - r.objective) <= 1e-10 * r.objective);
    QVERIFY(check.primal - check.dual >= r.dualityGap * (1 - 1e-8));  // MNE keeps the best dual seen
  }

  void rejectsBadInput() {
    NullObserver none;
    TfMxneOptions o;
    o.alphaSpace = 1.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, solveTfMxne(Mat::Ones(3, 4), Mat::Ones(2, 10), o, none));
    o.alphaSpace = 0.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, solveTfMxne(Mat::Ones(3, 4), Mat::Ones(3, 10), o, none));
    o.alphaSpace = 1.0;
    o.wsize = 30;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, solveTfMxne(Mat::Ones(3, 4), Mat::Ones(3, 10), o, none));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tfMxneAlphaMax(Mat::Ones(3, 4), Mat::Ones(3, 10), 64, 4, 1.5));
  }
};

QTEST_APPLESS_MAIN(TestTfMxne)
#include "test_tf_mxne.moc"
