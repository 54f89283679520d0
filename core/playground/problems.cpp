#include "core/playground/problems.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <stdexcept>

#include <Eigen/Eigenvalues>

#include "core/penalties/prox.hpp"
#include "core/playground/diabetes_table.hpp"

namespace lambdascope::playground {

namespace {

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

Mat2 rotation(double deg) {
  const double t = deg * std::numbers::pi / 180.0;
  Mat2 R;
  R << std::cos(t), -std::sin(t), std::sin(t), std::cos(t);
  return R;
}

/// Largest eigenvalue of a symmetric 2 × 2 matrix.
double maxEigen(const Mat2& M) { return Eigen::SelfAdjointEigenSolver<Mat2>(M).eigenvalues()[1]; }
double minEigen(const Mat2& M) { return Eigen::SelfAdjointEigenSolver<Mat2>(M).eigenvalues()[0]; }

/// A box around the points with a margin, square-ish so that circles look round.
ViewBox boxAround(const std::vector<Vec2>& pts, double margin) {
  Vec2 lo = pts.front(), hi = pts.front();
  for (const Vec2& p : pts) {
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
  }
  const Vec2 mid = (lo + hi) / 2.0;
  const double half = std::max((hi - lo).maxCoeff() / 2.0, 1e-3) * (1.0 + margin);
  return {mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half};
}

}  // namespace

double Problem::defaultStep() const {
  const auto L = lipschitz();
  return L && *L > 0.0 ? 1.0 / *L : 0.1;
}

Vec2 Problem::defaultStart() const {
  const ViewBox b = defaultView();
  return {b.xMin + 0.1 * (b.xMax - b.xMin), b.yMax - 0.2 * (b.yMax - b.yMin)};
}

// ---------------------------------------------------------------------------------------------
QuadraticProblem::QuadraticProblem(double condition, double rotationDeg)
    : condition_(condition), rotationDeg_(rotationDeg) {
  const Mat2 R = rotation(rotationDeg);
  A_ = R * Eigen::Vector2d(1.0, condition).asDiagonal() * R.transpose();
  if (rotationDeg == 0.0) A_ << 1.0, 0.0, 0.0, condition;  // exact, no rounding from cos/sin
  A_(1, 0) = A_(0, 1);                                      // exactly symmetric
}

std::string QuadraticProblem::formula() const {
  if (rotationDeg_ == 0.0) return "f(x, y) = (x² + " + fmt(condition_) + "·y²)/2";
  return "f(x) = ½ xᵀAx, A = R(" + fmt(rotationDeg_) + "°) diag(1, " + fmt(condition_) + ") R(" +
         fmt(rotationDeg_) + "°)ᵀ";
}

// ---------------------------------------------------------------------------------------------
FeaturePair diabetesFeatures(const std::array<std::string, 2>& names) {
  using namespace diabetes;
  FeaturePair out;
  out.names = names;
  const int n = kRowCount;
  out.X.resize(n, 2);
  out.y.resize(n);
  for (int r = 0; r < n; ++r) out.y[r] = kValues[r][kColumnCount - 1];
  for (int k = 0; k < 2; ++k) {
    int col = -1;
    for (int c = 0; c + 1 < kColumnCount; ++c)
      if (names[k] == kColumns[c]) col = c;
    if (col < 0) {
      std::string list;
      for (int c = 0; c + 1 < kColumnCount; ++c) list += (c ? ", " : "") + std::string(kColumns[c]);
      throw std::invalid_argument("unknown feature '" + names[k] + "' (diabetes features: " + list + ")");
    }
    for (int r = 0; r < n; ++r) out.X(r, k) = kValues[r][col];
    const double mean = out.X.col(k).mean();
    out.X.col(k).array() -= mean;
    const double sd = std::sqrt(out.X.col(k).squaredNorm() / n);
    out.X.col(k) /= sd;
  }
  if (names[0] == names[1]) throw std::invalid_argument("the two features must differ, got '" + names[0] + "' twice");
  return out;
}

// ---------------------------------------------------------------------------------------------
LogisticProblem::LogisticProblem(const std::array<std::string, 2>& features, double ridge)
    : data_(diabetesFeatures(features)), ridge_(ridge) {
  const Eigen::Index n = data_.y.size();
  Eigen::VectorXd sorted = data_.y;
  std::sort(sorted.data(), sorted.data() + n);
  const double median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  t_ = (data_.y.array() > median).cast<double>() * 2.0 - 1.0;
  const Mat2 G = data_.X.transpose() * data_.X / static_cast<double>(n);
  L_ = maxEigen(G) / 4.0 + ridge_;  // σ'' ≤ 1/4
  for (int i = 0; i < 2; ++i) Li_[i] = G(i, i) / 4.0 + ridge_;
  Lmax_ = data_.X.rowwise().squaredNorm().maxCoeff() / 4.0 + ridge_;
  // w* by Newton with backtracking, to machine precision (the problem is strongly convex when
  // ridge > 0; the data are not separable, so it also has a minimiser when ridge = 0).
  Vec2 w = Vec2::Zero();
  for (int it = 0; it < 100; ++it) {
    const Vec2 g = gradient(w);
    if (g.norm() <= 1e-15) break;
    const Vec2 d = hessian(w).ldlt().solve(-g);
    double s = 1.0;
    const double f0 = smoothValue(w);
    while (s > 1e-12 && smoothValue(w + s * d) > f0 + 1e-4 * s * g.dot(d)) s *= 0.5;
    const Vec2 next = w + s * d;
    if (next == w) break;
    w = next;
  }
  wStar_ = w;
}

std::string LogisticProblem::formula() const {
  return "f(w) = (1/n) Σ log(1 + exp(−t_i x_iᵀw)) + " + fmt(ridge_) + "/2·‖w‖², x = (" +
         data_.names[0] + ", " + data_.names[1] + ") standardized, t = [y > median]";
}

double LogisticProblem::smoothValue(const Vec2& w) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < t_.size(); ++i) {
    const double m = t_[i] * data_.X.row(i).dot(w);
    sum += m > 0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m));  // no overflow
  }
  return sum / static_cast<double>(t_.size()) + 0.5 * ridge_ * w.squaredNorm();
}

namespace {
/// σ(−m) = 1/(1 + e^m), stable for any m.
double sigmoidNeg(double m) {
  if (m >= 0) {
    const double e = std::exp(-m);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + std::exp(m));
}
}  // namespace

Vec2 LogisticProblem::gradient(const Vec2& w) const {
  Vec2 g = Vec2::Zero();
  for (Eigen::Index i = 0; i < t_.size(); ++i) {
    const double m = t_[i] * data_.X.row(i).dot(w);
    g -= (t_[i] * sigmoidNeg(m)) * data_.X.row(i).transpose();
  }
  return g / static_cast<double>(t_.size()) + ridge_ * w;
}

Mat2 LogisticProblem::hessian(const Vec2& w) const {
  Mat2 H = Mat2::Zero();
  for (Eigen::Index i = 0; i < t_.size(); ++i) {
    const double p = sigmoidNeg(t_[i] * data_.X.row(i).dot(w));
    H += (p * (1.0 - p)) * data_.X.row(i).transpose() * data_.X.row(i);
  }
  return H / static_cast<double>(t_.size()) + ridge_ * Mat2::Identity();
}

Vec2 LogisticProblem::sampleGradient(long i, const Vec2& w) const {
  const double m = t_[i] * data_.X.row(i).dot(w);
  return -(t_[i] * sigmoidNeg(m)) * data_.X.row(i).transpose() + ridge_ * w;
}

ViewBox LogisticProblem::defaultView() const { return boxAround({Vec2::Zero(), wStar_, -wStar_}, 0.6); }

// ---------------------------------------------------------------------------------------------
LeastSquaresProblem::LeastSquaresProblem(const std::array<std::string, 2>& features, double lambda,
                                         double l1Ratio, bool enet)
    : data_(diabetesFeatures(features)), lambda_(lambda), l1Ratio_(enet ? l1Ratio : 1.0), enet_(enet) {
  const double n = static_cast<double>(data_.y.size());
  y_ = data_.y.array() - data_.y.mean();
  y_ /= std::sqrt(y_.squaredNorm() / n);
  l1_ = lambda_ * l1Ratio_;
  l2_ = lambda_ * (1.0 - l1Ratio_);
  G_ = data_.X.transpose() * data_.X / n;
  G_(1, 0) = G_(0, 1);
  H_ = G_ + l2_ * Mat2::Identity();
  c_ = data_.X.transpose() * y_ / n;
  yy_ = y_.squaredNorm() / (2.0 * n);
  L_ = maxEigen(H_);
  mu_ = minEigen(H_);
  Lmax_ = data_.X.rowwise().squaredNorm().maxCoeff() + l2_;
  // Exact minimiser: for each sign pattern s ∈ {−1, 0, 1}², solve H_SS w_S = c_S − l1·s_S and keep
  // the pattern that is consistent (signs match, |∇_j f| ≤ l1 off the support). F is strongly
  // convex (H ≻ 0), so exactly one pattern is, up to ties at zero; take the best consistent one.
  double best = std::numeric_limits<double>::infinity();
  for (int s0 = -1; s0 <= 1; ++s0) {
    for (int s1 = -1; s1 <= 1; ++s1) {
      const int s[2] = {s0, s1};
      Vec2 w = Vec2::Zero();
      if (s0 != 0 && s1 != 0) {
        w = H_.ldlt().solve(c_ - l1_ * Vec2(s0, s1));
      } else if (s0 != 0 || s1 != 0) {
        const int j = s0 != 0 ? 0 : 1;
        w[j] = (c_[j] - l1_ * s[j]) / H_(j, j);
      }
      bool ok = true;
      const Vec2 g = gradient(w);
      for (int j = 0; j < 2; ++j) {
        if (s[j] != 0 && w[j] * s[j] <= 0.0) ok = false;
        if (s[j] == 0 && std::abs(g[j]) > l1_ * (1.0 + 1e-12) + 1e-15) ok = false;
      }
      if (ok && value(w) < best) {
        best = value(w);
        wStar_ = w;
      }
    }
  }
}

std::string LeastSquaresProblem::formula() const {
  const std::string data = ", x = (" + data_.names[0] + ", " + data_.names[1] + "), y standardized";
  if (!enet_) return "F(w) = 1/(2n)‖y − Xw‖² + " + fmt(lambda_) + "·‖w‖₁" + data;
  return "F(w) = 1/(2n)‖y − Xw‖² + " + fmt(lambda_) + "·(" + fmt(l1Ratio_) + "‖w‖₁ + " +
         fmt(1.0 - l1Ratio_) + "/2·‖w‖²)" + data;
}

double LeastSquaresProblem::smoothValue(const Vec2& w) const {
  // 1/(2n)‖y − Xw‖² = ½wᵀGw − cᵀw + ‖y‖²/(2n), exactly (no pass over the data).
  return 0.5 * w.dot(H_ * w) - c_.dot(w) + yy_;
}

Vec2 LeastSquaresProblem::prox(const Vec2& v, double step) const {
  return {prox::softThreshold(v[0], step * l1_), prox::softThreshold(v[1], step * l1_)};
}

Vec2 LeastSquaresProblem::nonsmoothSubgradient(const Vec2& w) const {
  return {l1_ * ((w[0] > 0) - (w[0] < 0)), l1_ * ((w[1] > 0) - (w[1] < 0))};
}

Vec2 LeastSquaresProblem::sampleGradient(long i, const Vec2& w) const {
  const auto xi = data_.X.row(i).transpose();
  return xi * (xi.dot(w) - y_[i]) + l2_ * w;
}

Vec2 LeastSquaresProblem::leastSquaresSolution() const { return G_.ldlt().solve(c_); }

ViewBox LeastSquaresProblem::defaultView() const {
  return boxAround({Vec2::Zero(), wStar_, leastSquaresSolution()}, 0.8);
}

std::vector<Decoration> LeastSquaresProblem::decorations() const {
  std::vector<Decoration> out;
  // The penalty's level set through w*: the constrained form min f s.t. pen(w) ≤ pen(w*) has the
  // same solution, where an ellipse first touches the ball (at a corner when w* is sparse).
  const double rho = l1Ratio_;
  const auto pen = [rho](const Vec2& w) { return rho * w.lpNorm<1>() + 0.5 * (1.0 - rho) * w.squaredNorm(); };
  const double r = pen(wStar_);
  if (r > 0.0) {
    Decoration ball;
    ball.label = enet_ ? "elastic-net ball through w*" : "ℓ1 ball through w*";
    ball.closed = true;
    if (!enet_) {
      ball.points = {Vec2(r, 0), Vec2(0, r), Vec2(-r, 0), Vec2(0, -r)};
    } else {
      for (int k = 0; k < 360; ++k) {
        const double t = 2.0 * std::numbers::pi * k / 360.0;
        const Vec2 u(std::cos(t), std::sin(t));
        // pen(s·u) = ρ s‖u‖₁ + (1−ρ)/2 s² = r: the positive root.
        const double a = 0.5 * (1.0 - rho), b = rho * u.lpNorm<1>();
        const double s = a > 0 ? (-b + std::sqrt(b * b + 4 * a * r)) / (2 * a) : r / b;
        ball.points.push_back(s * u);
      }
    }
    out.push_back(ball);
  }
  out.push_back({"least squares", {leastSquaresSolution()}, false});
  return out;
}

// ---------------------------------------------------------------------------------------------
double RosenbrockProblem::smoothValue(const Vec2& p) const {
  const double a = 1.0 - p[0], b = p[1] - p[0] * p[0];
  return a * a + 100.0 * b * b;
}

Vec2 RosenbrockProblem::gradient(const Vec2& p) const {
  const double b = p[1] - p[0] * p[0];
  return {-2.0 * (1.0 - p[0]) - 400.0 * p[0] * b, 200.0 * b};
}

Mat2 RosenbrockProblem::hessian(const Vec2& p) const {
  Mat2 H;
  H << 2.0 - 400.0 * (p[1] - 3.0 * p[0] * p[0]), -400.0 * p[0], -400.0 * p[0], 200.0;
  return H;
}

// ---------------------------------------------------------------------------------------------
Vec2 NonsmoothProblem::prox(const Vec2& v, double step) const {
  return {prox::softThreshold(v[0], step), prox::softThreshold(v[1], 2.0 * step)};
}

Vec2 NonsmoothProblem::nonsmoothSubgradient(const Vec2& x) const {
  return {double((x[0] > 0) - (x[0] < 0)), 2.0 * ((x[1] > 0) - (x[1] < 0))};
}

// ---------------------------------------------------------------------------------------------
std::vector<std::string> availableProblems() {
  return {"quadratic", "logistic", "lasso2d", "enet2d", "rosenbrock", "nonsmooth"};
}

std::string ProblemSpec::validate() const {
  const auto names = availableProblems();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return "unknown problem '" + name + "' (available: " + list + ")";
  }
  if (!(condition > 0.0) || !std::isfinite(condition))
    return "condition number must be a finite number > 0, got " + fmt(condition);
  if (!std::isfinite(rotationDeg)) return "rotation must be finite";
  if (lambda && (!(*lambda >= 0.0) || !std::isfinite(*lambda)))
    return "lambda must be a finite number >= 0, got " + fmt(*lambda);
  if (!(l1Ratio >= 0.0 && l1Ratio <= 1.0)) return "l1 ratio must be in [0, 1], got " + fmt(l1Ratio);
  if (!features.empty() && features.size() != 2)
    return "exactly two features are needed, got " + std::to_string(features.size());
  return {};
}

std::unique_ptr<Problem> makeProblem(const ProblemSpec& spec) {
  if (auto err = spec.validate(); !err.empty()) throw std::invalid_argument(err);
  const auto feats = [&](const char* a, const char* b) {
    return spec.features.size() == 2 ? std::array<std::string, 2>{spec.features[0], spec.features[1]}
                                     : std::array<std::string, 2>{a, b};
  };
  if (spec.name == "quadratic") return std::make_unique<QuadraticProblem>(spec.condition, spec.rotationDeg);
  if (spec.name == "logistic")
    return std::make_unique<LogisticProblem>(feats("bmi", "s5"), spec.lambda.value_or(kDefaultLogisticRidge));
  if (spec.name == "lasso2d")
    return std::make_unique<LeastSquaresProblem>(feats("s1", "s2"), spec.lambda.value_or(kDefaultLassoLambda), 1.0, false);
  if (spec.name == "enet2d")
    return std::make_unique<LeastSquaresProblem>(feats("s1", "s2"), spec.lambda.value_or(kDefaultEnetLambda),
                                                 spec.l1Ratio, true);
  if (spec.name == "rosenbrock") return std::make_unique<RosenbrockProblem>();
  return std::make_unique<NonsmoothProblem>();
}

}  // namespace lambdascope::playground
