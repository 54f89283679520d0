// Theoretical bounds on F(x_k) − F*, with the constants of the theorems, for the runs that
// meet their hypotheses. A bound is only returned when it provably applies.
#include <Eigen/Eigenvalues>
#include <limits>
#include <sstream>

#include "core/playground/method_impl.hpp"

namespace lambdascope::playground {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Step hypotheses "s ≤ 1/L" are checked with this relative slack (1/L computed in floating point).
constexpr double kSlack = 1.0 + 1e-12;

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}
}  // namespace

namespace detail {

RateBound methodBound(const Problem& p, const Trace& run, int iters) {
  RateBound b;
  const Vec2 x0 = run.iterates.front(), xs = p.minimizer();
  const double R2 = (x0 - xs).squaredNorm();
  const double D0 = p.value(x0) - p.optimalValue();
  const auto L = p.lipschitz();
  const double mu = p.strongConvexity();
  const double s = run.step;
  const std::string& m = run.method;
  const int N = iters;
  auto fill = [&](auto&& f) {
    b.values.resize(static_cast<std::size_t>(N) + 1);
    for (int k = 0; k <= N; ++k) b.values[static_cast<std::size_t>(k)] = f(static_cast<double>(k));
  };
  if (!p.convex()) return b;
  const bool smallStep = L && s > 0.0 && s * *L <= kSlack;

  // Subgradient method on a G-Lipschitz F: min_{i<k} F(x_i) − F* ≤ (R² + G² Σ s_i²)/(2 Σ s_i).
  const auto G = p.objectiveLipschitz();
  if (G && (m == "gd" || m == "subgradient" || (m == "heavy-ball" && run.momentum == 0.0))) {
    b.name = m == "subgradient" ? "subgradient s/√(k+1): min F − F* ≤ (R² + G²Σs_i²)/(2Σs_i)"
                                : "subgradient, constant s: min F − F* ≤ (R² + G²s²k)/(2sk)";
    b.bestIterate = true;
    double sum = 0.0, sum2 = 0.0;
    b.values.assign(static_cast<std::size_t>(N) + 1, D0);
    for (int k = 1; k <= N; ++k) {
      const double si = m == "subgradient" ? s / std::sqrt(static_cast<double>(k)) : s;  // s_{k−1}
      sum += si;
      sum2 += si * si;
      b.values[static_cast<std::size_t>(k)] = (R2 + *G * *G * sum2) / (2.0 * sum);
    }
    return b;
  }
  if (p.hasNonsmooth() && m != "ista" && m != "fista") return b;

  if ((m == "gd" || m == "ista") && (smallStep || (L && *L == 0.0))) {
    // Descent lemma + convexity: F_k − F* ≤ ‖x0 − x*‖²/(2sk); with μ > 0 (proximal) PL gives
    // F_k − F* ≤ (1 − sμ)^k (F_0 − F*) (Karimi, Nutini & Schmidt 2016).
    b.name = m + (mu > 0 ? ": min(R²/(2sk), (1 − sμ)^k ΔF₀)" : ": R²/(2sk)");
    fill([&](double k) {
      double v = k > 0 ? R2 / (2.0 * s * k) : D0;
      if (mu > 0) v = std::min(v, std::pow(1.0 - s * mu, k) * D0);
      return v;
    });
  } else if (m == "gd-armijo" && L && *L > 0.0) {
    // Every t ≤ 1/L passes the c = 1/2 test, so t_k ≥ t_min = min(s0, β/L): same bounds with t_min.
    const double tmin = std::min(s, kArmijoShrink / *L);
    b.name = "Armijo: min(R²/(2t k), (1 − tμ)^k ΔF₀), t = min(s0, β/L) = " + fmt(tmin);
    fill([&](double k) {
      double v = k > 0 ? R2 / (2.0 * tmin * k) : D0;
      if (mu > 0) v = std::min(v, std::pow(1.0 - tmin * mu, k) * D0);
      return v;
    });
  } else if (m == "fista" && (smallStep || (L && *L == 0.0))) {
    b.name = "FISTA: 2R²/(s(k+1)²)";  // Beck & Teboulle 2009, Thm 4.4
    fill([&](double k) { return k > 0 ? 2.0 * R2 / (s * (k + 1) * (k + 1)) : D0; });
  } else if (m == "nesterov" && smallStep) {
    if (run.momentumSchedule == "t_k") {
      b.name = "Nesterov (t_k): 2R²/(s(k+1)²)";
      fill([&](double k) { return k > 0 ? 2.0 * R2 / (s * (k + 1) * (k + 1)) : D0; });
    } else if (mu > 0) {
      const double q = std::sqrt(mu * s);
      if (std::abs(run.momentum - (1.0 - q) / (1.0 + q)) <= 1e-12) {
        // Nesterov (2018), Thm 2.2.3 with L = 1/s: (1 − √(μs))^k (F_0 − F* + μ/2‖x0 − x*‖²).
        b.name = "Nesterov: (1 − √(μs))^k (ΔF₀ + μR²/2)";
        fill([&](double k) { return std::pow(1.0 - q, k) * (D0 + 0.5 * mu * R2); });
      }
    }
  } else if (m == "heavy-ball" && p.quadratic()) {
    // On a quadratic, each eigen-direction obeys e_{k+1} = (1 + β − αλ)e_k − βe_{k−1},
    // e_1 = (1 − αλ)e_0. When its roots are complex or double (|root| = √β, as with Polyak's
    // parameters), e_k = ρ^k(e_0 cos kφ + e_0(cos φ − ρ) sin kφ / sin φ), ρ = √β, so
    // |e_k| ≤ (1 + (1 + ρ)k) ρ^k |e_0| and F_k − F* ≤ (1 + (1 + ρ)k)² β^k (F_0 − F*).
    const Eigen::Vector2d eig = Eigen::SelfAdjointEigenSolver<Mat2>(p.hessian(xs)).eigenvalues();
    const double a = s, beta = run.momentum, rho = std::sqrt(beta);
    bool complexRoots = true;
    for (int i = 0; i < 2; ++i) {
      const double tr = 1.0 + beta - a * eig[i];
      if (tr * tr > 4.0 * beta * (1.0 + 1e-9)) complexRoots = false;
    }
    if (complexRoots) {
      b.name = "heavy ball (quadratic): (1 + (1+√β)k)² β^k ΔF₀";
      fill([&](double k) { return std::pow(1.0 + (1.0 + rho) * k, 2) * std::pow(beta, k) * D0; });
    }
  } else if (m == "cd-random" && !p.hasNonsmooth() && mu > 0 && run.step == 0.0) {
    // Nesterov (2012): with steps 1/L_i, E[F_k] − F* ≤ (1 − μ/(n·L_max))^k (F_0 − F*), n = 2.
    double Lmax = 0.0;
    for (int i = 0; i < 2; ++i)
      if (auto Li = p.coordinateLipschitz(i)) Lmax = std::max(Lmax, *Li);
    if (Lmax > 0) {
      b.name = "random CD: E ≤ (1 − μ/(2L_max))^k ΔF₀";
      b.expectation = true;
      fill([&](double k) { return std::pow(1.0 - mu / (2.0 * Lmax), k) * D0; });
    }
  }
  return b;
}

}  // namespace detail

std::vector<RateBound> referenceRates(const Problem& p, const Vec2& start, int iters) {
  std::vector<RateBound> out;
  const auto L = p.lipschitz();
  if (!p.convex() || !L || *L <= 0.0) return out;
  const double R2 = (start - p.minimizer()).squaredNorm();
  const double D0 = p.value(start) - p.optimalValue();
  const double mu = p.strongConvexity();
  auto curve = [&](std::string name, auto&& f) {
    RateBound b;
    b.name = std::move(name);
    for (int k = 0; k <= iters; ++k) b.values.push_back(f(static_cast<double>(k)));
    out.push_back(std::move(b));
  };
  curve("1/k", [&](double k) { return k > 0 ? *L * R2 / (2.0 * k) : kNaN; });
  curve("1/k^2", [&](double k) { return k > 0 ? 2.0 * *L * R2 / ((k + 1) * (k + 1)) : kNaN; });
  if (mu > 0) {
    curve("linear", [&](double k) { return std::pow(1.0 - mu / *L, k) * D0; });
    curve("accelerated", [&](double k) { return std::pow(1.0 - std::sqrt(mu / *L), k) * (D0 + 0.5 * mu * R2); });
  }
  return out;
}

}  // namespace lambdascope::playground
