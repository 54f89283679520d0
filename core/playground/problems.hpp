#pragma once
// The concrete 2-D problems of the playground (see problem.hpp for the interface).

#include <array>
#include <string>

#include "core/playground/problem.hpp"

namespace lambdascope::playground {

/// f(x) = ½ xᵀAx with A = R(θ) diag(1, K) R(θ)ᵀ: eigenvalues 1 and K, eigenvectors rotated by θ.
/// With θ = 0, f(x, y) = (x² + K·y²)/2 exactly. x* = 0, F* = 0, L = max(1, K), μ = min(1, K).
class QuadraticProblem final : public Problem {
 public:
  QuadraticProblem(double condition, double rotationDeg);
  std::string name() const override { return "quadratic"; }
  std::string formula() const override;
  double smoothValue(const Vec2& x) const override { return 0.5 * x.dot(A_ * x); }
  Vec2 gradient(const Vec2& x) const override { return A_ * x; }
  Mat2 hessian(const Vec2&) const override { return A_; }
  bool quadratic() const override { return true; }
  std::optional<double> lipschitz() const override { return std::max(1.0, condition_); }
  std::optional<double> coordinateLipschitz(int i) const override { return A_(i, i); }
  double strongConvexity() const override { return std::min(1.0, condition_); }
  Vec2 minimizer() const override { return Vec2::Zero(); }
  ViewBox defaultView() const override { return {-2.0, 2.0, -2.0, 2.0}; }
  const Mat2& matrix() const { return A_; }

 private:
  double condition_;
  double rotationDeg_;
  Mat2 A_;
};

/// Two standardized columns (population standard deviation) of the bundled diabetes data.
struct FeaturePair {
  std::array<std::string, 2> names;
  Eigen::Matrix<double, Eigen::Dynamic, 2> X;  ///< n × 2, each column mean 0, variance 1
  Eigen::VectorXd y;                            ///< the raw target y (disease progression)
};
/// Throws std::invalid_argument naming an unknown column (the target "y" is not a feature).
FeaturePair diabetesFeatures(const std::array<std::string, 2>& names);

/// Logistic regression without intercept on two standardized diabetes features, target
/// y > median(y) (221 of 442 patients, so the classes are balanced), with a ridge term:
///   f(w) = (1/n) Σ log(1 + exp(−t_i x_iᵀw)) + (λ/2)‖w‖²,  t_i ∈ {−1, +1}.
/// A finite sum; w* by Newton's method to machine precision.
class LogisticProblem final : public Problem {
 public:
  LogisticProblem(const std::array<std::string, 2>& features, double ridge);
  std::string name() const override { return "logistic"; }
  std::string formula() const override;
  double smoothValue(const Vec2& w) const override;
  Vec2 gradient(const Vec2& w) const override;
  Mat2 hessian(const Vec2& w) const override;
  std::optional<double> lipschitz() const override { return L_; }
  std::optional<double> coordinateLipschitz(int i) const override { return Li_[i]; }
  double strongConvexity() const override { return ridge_; }
  Vec2 minimizer() const override { return wStar_; }
  long samples() const override { return static_cast<long>(t_.size()); }
  Vec2 sampleGradient(long i, const Vec2& w) const override;
  double maxSampleLipschitz() const override { return Lmax_; }
  ViewBox defaultView() const override;

 private:
  FeaturePair data_;
  Eigen::VectorXd t_;
  double ridge_;
  double L_ = 0.0, Lmax_ = 0.0;
  std::array<double, 2> Li_{};
  Vec2 wStar_ = Vec2::Zero();
};

/// Least squares on two standardized diabetes features and the standardized target, plus an
/// elastic-net penalty (ρ = 1: the Lasso):
///   F(w) = 1/(2n)‖y − Xw‖² + λ(1−ρ)/2‖w‖²  [f, smooth]  + λρ‖w‖₁  [g].
/// w* is exact: the KKT system is solved on every support and sign pattern.
class LeastSquaresProblem final : public Problem {
 public:
  LeastSquaresProblem(const std::array<std::string, 2>& features, double lambda, double l1Ratio,
                      bool enet);
  std::string name() const override { return enet_ ? "enet2d" : "lasso2d"; }
  std::string formula() const override;
  double smoothValue(const Vec2& w) const override;
  Vec2 gradient(const Vec2& w) const override { return H_ * w - c_; }
  Mat2 hessian(const Vec2&) const override { return H_; }
  bool quadratic() const override { return true; }
  bool hasNonsmooth() const override { return l1_ > 0.0; }
  double nonsmoothValue(const Vec2& w) const override { return l1_ * w.lpNorm<1>(); }
  Vec2 prox(const Vec2& v, double step) const override;
  Vec2 nonsmoothSubgradient(const Vec2& w) const override;
  std::optional<double> lipschitz() const override { return L_; }
  std::optional<double> coordinateLipschitz(int i) const override { return H_(i, i); }
  double strongConvexity() const override { return mu_; }
  Vec2 minimizer() const override { return wStar_; }
  long samples() const override { return static_cast<long>(y_.size()); }
  Vec2 sampleGradient(long i, const Vec2& w) const override;
  double maxSampleLipschitz() const override { return Lmax_; }
  ViewBox defaultView() const override;
  std::vector<Decoration> decorations() const override;

  /// The unpenalized least-squares solution (the centre of the ellipses).
  Vec2 leastSquaresSolution() const;

 private:
  FeaturePair data_;
  Eigen::VectorXd y_;  ///< standardized target
  double lambda_, l1Ratio_;
  bool enet_;
  double l1_ = 0.0, l2_ = 0.0;  ///< λρ and λ(1−ρ)
  Mat2 G_;                      ///< XᵀX/n
  Mat2 H_;                      ///< G + l2·I
  Vec2 c_;                      ///< Xᵀy/n
  double yy_ = 0.0;             ///< ‖y‖²/(2n)
  double L_ = 0.0, mu_ = 0.0, Lmax_ = 0.0;
  Vec2 wStar_ = Vec2::Zero();
};

/// Rosenbrock's banana f(x, y) = (1 − x)² + 100(y − x²)²: non-convex, x* = (1, 1), F* = 0, no
/// global Lipschitz constant (the default step 10⁻³ is stable on the default view).
class RosenbrockProblem final : public Problem {
 public:
  std::string name() const override { return "rosenbrock"; }
  std::string formula() const override { return "f(x, y) = (1 − x)² + 100·(y − x²)²"; }
  double smoothValue(const Vec2& x) const override;
  Vec2 gradient(const Vec2& x) const override;
  Mat2 hessian(const Vec2& x) const override;
  std::optional<double> lipschitz() const override { return std::nullopt; }
  std::optional<double> coordinateLipschitz(int) const override { return std::nullopt; }
  double strongConvexity() const override { return 0.0; }
  bool convex() const override { return false; }
  Vec2 minimizer() const override { return Vec2(1.0, 1.0); }
  double defaultStep() const override { return 1e-3; }
  Vec2 defaultStart() const override { return Vec2(-1.2, 1.0); }  // the classical start
  ViewBox defaultView() const override { return {-2.0, 2.0, -1.0, 3.0}; }
};

/// A purely non-smooth convex function, F(x, y) = |x| + 2|y| = max(±x ± 2y) (a max of four
/// affine functions): f = 0, g = F. Subgradient methods zig-zag; the prox is exact.
/// F is √5-Lipschitz, which gives the subgradient method's bound.
class NonsmoothProblem final : public Problem {
 public:
  std::string name() const override { return "nonsmooth"; }
  std::string formula() const override { return "F(x, y) = |x| + 2·|y|"; }
  double smoothValue(const Vec2&) const override { return 0.0; }
  Vec2 gradient(const Vec2&) const override { return Vec2::Zero(); }
  bool hasHessian() const override { return false; }
  Mat2 hessian(const Vec2&) const override { return Mat2::Zero(); }
  bool hasNonsmooth() const override { return true; }
  double nonsmoothValue(const Vec2& x) const override { return std::abs(x[0]) + 2.0 * std::abs(x[1]); }
  Vec2 prox(const Vec2& v, double step) const override;
  Vec2 nonsmoothSubgradient(const Vec2& x) const override;
  std::optional<double> lipschitz() const override { return 0.0; }
  std::optional<double> coordinateLipschitz(int) const override { return 0.0; }
  double strongConvexity() const override { return 0.0; }
  Vec2 minimizer() const override { return Vec2::Zero(); }
  double defaultStep() const override { return 0.1; }
  ViewBox defaultView() const override { return {-2.0, 2.0, -2.0, 2.0}; }
  /// Lipschitz constant of F itself: ‖(1, 2)‖₂.
  std::optional<double> objectiveLipschitz() const override { return std::sqrt(5.0); }
};

}  // namespace lambdascope::playground
