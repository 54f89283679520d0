#pragma once
// Two-dimensional teaching problems F(x) = f(x) + g(x): f smooth (value, gradient, Hessian), g
// convex and proximable (zero for smooth problems). Every problem knows its minimiser x* and
// F* = F(x*) to machine precision, so suboptimality curves F(x_k) − F* are exact pictures.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace lambdascope::playground {

using Vec2 = Eigen::Vector2d;
using Mat2 = Eigen::Matrix2d;

/// A rectangle of the (x, y) plane.
struct ViewBox {
  double xMin = -1.0, xMax = 1.0, yMin = -1.0, yMax = 1.0;
};

/// Something worth drawing on top of the level sets (the ℓ1 ball through x*, the least-squares
/// solution, ...): a polyline (closed when `closed`) or, with one point, a marker.
struct Decoration {
  std::string label;
  std::vector<Vec2> points;
  bool closed = false;
};

class Problem {
 public:
  virtual ~Problem() = default;

  virtual std::string name() const = 0;
  /// One line for legends and JSON, e.g. "f(x, y) = (x² + 10·y²)/2".
  virtual std::string formula() const = 0;

  // Smooth part f.
  virtual double smoothValue(const Vec2& x) const = 0;
  virtual Vec2 gradient(const Vec2& x) const = 0;
  virtual bool hasHessian() const { return true; }
  virtual Mat2 hessian(const Vec2& x) const = 0;

  // Non-smooth part g (convex, separable unless stated): zero by default.
  virtual bool hasNonsmooth() const { return false; }
  virtual double nonsmoothValue(const Vec2& /*x*/) const { return 0.0; }
  /// prox_{step·g}(v) = argmin_x ‖x − v‖²/(2·step) + g(x).
  virtual Vec2 prox(const Vec2& v, double /*step*/) const { return v; }
  /// An element of ∂g(x) (the one with sign(0) = 0), for subgradient methods.
  virtual Vec2 nonsmoothSubgradient(const Vec2& /*x*/) const { return Vec2::Zero(); }

  double value(const Vec2& x) const { return smoothValue(x) + nonsmoothValue(x); }
  /// ∇f(x) + an element of ∂g(x).
  Vec2 subgradient(const Vec2& x) const { return gradient(x) + nonsmoothSubgradient(x); }

  // Constants of f. `lipschitz` is a global bound on ‖∇²f‖ when one exists (not for Rosenbrock).
  virtual std::optional<double> lipschitz() const = 0;
  /// Coordinate-wise Lipschitz constant of ∂f/∂x_i, when global.
  virtual std::optional<double> coordinateLipschitz(int i) const = 0;
  /// Strong convexity modulus of f (0 when f is not strongly convex, or non-convex).
  virtual double strongConvexity() const = 0;
  virtual bool convex() const { return true; }
  /// A Lipschitz constant of F itself, when F is non-smooth and globally Lipschitz (the
  /// subgradient method's bound needs it).
  virtual std::optional<double> objectiveLipschitz() const { return std::nullopt; }
  /// f is a quadratic form (constant Hessian): heavy ball's bound applies.
  virtual bool quadratic() const { return false; }

  /// The minimiser of F (a global one; for Rosenbrock the unique one).
  virtual Vec2 minimizer() const = 0;
  double optimalValue() const { return value(minimizer()); }

  // Finite sum f = (1/n) Σ f_i (only the data-based smooth problems).
  virtual long samples() const { return 0; }
  /// ∇f_i(x).
  virtual Vec2 sampleGradient(long /*i*/, const Vec2& /*x*/) const { return Vec2::Zero(); }
  /// max_i of the Lipschitz constant of ∇f_i.
  virtual double maxSampleLipschitz() const { return 0.0; }

  /// A default step when the user gives none: 1/L, or a problem-specific safe value.
  virtual double defaultStep() const;
  /// A window where the interesting part of the picture is.
  virtual ViewBox defaultView() const = 0;
  /// A start that makes a good first picture: near the top-left corner of the default view.
  virtual Vec2 defaultStart() const;
  virtual std::vector<Decoration> decorations() const { return {}; }
};

/// What makes a problem: the name and its parameters (unused ones are ignored).
struct ProblemSpec {
  std::string name = "quadratic";  ///< quadratic|logistic|lasso2d|enet2d|rosenbrock|nonsmooth
  double condition = 10.0;         ///< quadratic: K = L/μ ≥ 1 ... (any K > 0 is accepted)
  double rotationDeg = 0.0;        ///< quadratic: eigenvectors rotated by this angle
  std::optional<double> lambda;    ///< lasso2d/enet2d: penalty; logistic: ℓ2 (ridge) strength
  double l1Ratio = 0.5;            ///< enet2d: ρ in λ(ρ‖w‖₁ + (1−ρ)/2‖w‖²)
  std::vector<std::string> features;  ///< logistic/lasso2d/enet2d: two diabetes columns

  /// Empty when valid, else one line saying what is wrong.
  std::string validate() const;
};

std::vector<std::string> availableProblems();
/// Throws std::invalid_argument (one line) for an unknown name or invalid parameters.
std::unique_ptr<Problem> makeProblem(const ProblemSpec& spec);

/// Defaults used when a spec leaves them out.
inline constexpr double kDefaultLassoLambda = 0.1;
inline constexpr double kDefaultLogisticRidge = 0.01;
inline constexpr double kDefaultEnetLambda = 0.1;

}  // namespace lambdascope::playground
