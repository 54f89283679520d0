#pragma once
// The ℓ2-regularised, cardinality-constrained problem shared by every k-sparse algorithm:
//
//   min_{θ, θ0}  f(X̃θ + θ0) + λ₂‖θ‖²₂   subject to ‖θ‖₀ ≤ k,
//
// f the least-squares loss 1/(2n)‖y − η‖² or the mean logistic loss (1/n)Σ log(1 + exp(−y_i η_i))
// (y mapped to −1/+1 as the logistic datafit does), θ0 an unpenalised intercept. X̃ is X centred
// (the intercept absorbs the means, so θ is unchanged) and, with `standardize`, divided by the
// population standard deviation. Coefficients are reported on the original scale.
//
// X̃ is materialised dense (k-sparse methods are for moderate p). Least squares also keeps the
// Gram matrix G = X̃ᵀX̃/n and c = X̃ᵀỹ/n when p is small enough, so every iteration of the
// relaxations and of branch-and-bound costs O(p²) instead of O(np).

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dataset.hpp"
#include "core/types.hpp"

namespace lambdascope::l0 {

enum class L0Loss { Squared, Logistic };
const char* toString(L0Loss loss);
std::optional<L0Loss> lossFromString(std::string_view name);

struct L0Settings {
  L0Loss loss = L0Loss::Squared;
  double ridge = 0.0;        ///< λ₂ ≥ 0 multiplying ‖θ‖²₂ (no ½); > 0 required for logistic
  bool standardize = false;  ///< divide features by their population standard deviation
  /// Empty when valid, otherwise a message naming the offending value.
  std::string validate() const;
};

/// A feasible point: θ on the model scale (dense, zero off the support) and its intercept.
struct L0Solution {
  std::vector<Index> support;  ///< increasing 0-based feature indices
  Vec theta;                   ///< length p, model (centred/scaled) scale
  double intercept = 0.0;      ///< model-scale intercept (0 for least squares: ỹ is centred)
  double objective = std::numeric_limits<double>::infinity();
  bool valid() const { return objective < std::numeric_limits<double>::infinity(); }
};

/// Scratch vectors sized once per problem; no allocation inside iterations.
struct L0Workspace {
  Vec eta;      ///< n: linear predictor
  Vec sampleU;  ///< n: −∇_η f (a dual point before the intercept correction)
  Vec pVec;     ///< p
  Vec pVec2;    ///< p
  explicit L0Workspace(Index n = 0, Index p = 0) : eta(n), sampleU(n), pVec(p), pVec2(p) {}
};

/// The loss, its gradient and a dual point at (θ, θ0), as used by the relaxations.
struct LossEval {
  double loss = 0.0;
  double gradIntercept = 0.0;
  // Dual point u (with 1ᵀu = 0, in the domain of f*): the bound of a relaxation with penalty h is
  // −f*(−u) − h*(X̃ᵀu). For least squares −f*(−u) = A − B with A = uᵀỹ and B = (n/2)‖u‖², kept
  // apart so that the ray t·u can be optimised in closed form.
  double dualLinear = 0.0;     ///< least squares: uᵀỹ; logistic: −f*(−u) (mean binary entropy)
  double dualQuadratic = 0.0;  ///< least squares: (n/2)‖u‖²; logistic: 0
};

class L0Problem {
 public:
  /// Gram matrix kept for least squares when p ≤ this.
  static constexpr Index kGramLimit = 2500;
  /// X̃ is dense: refuse designs with more entries than this.
  static constexpr double kMaxDenseEntries = 2.0e8;

  /// `rows`: the samples to use (empty: all), e.g. a training split. Throws std::invalid_argument
  /// with a clear message (invalid settings, non-binary target for logistic, too large).
  L0Problem(const Dataset& data, const L0Settings& settings, std::span<const Index> rows = {});

  Index samples() const { return n_; }
  Index features() const { return p_; }
  L0Loss loss() const { return settings_.loss; }
  double ridge() const { return settings_.ridge; }
  const L0Settings& settings() const { return settings_; }
  const std::vector<std::string>& featureNames() const { return names_; }
  bool hasGram() const { return hasGram_; }
  const Mat& design() const { return X_; }  ///< X̃ (n × p); logistic rows: y = +1 first
  const Vec& target() const { return y_; }  ///< ỹ (centred) or ±1 labels, same row order
  const Mat& gram() const { return G_; }    ///< G = X̃ᵀX̃/n (least squares, p ≤ kGramLimit)
  const Vec& gramRhs() const { return c_; }  ///< c = X̃ᵀỹ/n (least squares)

  /// Lipschitz constant of ∇f with respect to (θ, θ0) (power iteration, 2 % margin; solvers that
  /// need a guarantee backtrack on top of it).
  double lipschitz() const { return lipschitz_; }
  /// Diagonal of G (= ‖x̃_j‖²/n), the coordinate curvatures of least squares.
  const Vec& columnCurvature() const { return colCurv_; }
  /// Column scales s (X̃ = (X − 1μᵀ)/s; ones without standardize).
  const Vec& columnScale() const { return scale_; }

  /// f(X̃θ + θ0); `grad` (length p, may be null) receives ∇_θ f, `eval` the rest (may be null).
  /// `withDual` also fills the dual point into `eval` and X̃ᵀu into `dualV` (length p).
  double evaluate(const Vec& theta, double intercept, Vec* grad, LossEval* eval, L0Workspace& ws,
                  bool withDual = false, Vec* dualV = nullptr) const;
  /// Logistic only: as evaluate, with the predictor X̃θ already in ws.eta (callers that track
  /// predictors of linear combinations save the n×p product).
  double evaluateLogisticAt(double intercept, Vec* grad, LossEval* eval, L0Workspace& ws,
                            bool withDual = false, Vec* dualV = nullptr) const;
  /// f + λ₂‖θ‖².
  double objective(const Vec& theta, double intercept, L0Workspace& ws) const;
  /// f(X̃θ) with the intercept minimised exactly (θ0 returned in `intercept`).
  double objectiveBestIntercept(const Vec& theta, double& intercept, L0Workspace& ws) const;

  /// The exact minimiser restricted to a support (ridge least squares in closed form; Newton with
  /// line search for logistic), objective included. `warm` may seed Newton.
  L0Solution fitSupport(std::span<const Index> support, const L0Solution* warm = nullptr) const;
  /// fitSupport of the k largest |scores| (ties: lower index first).
  L0Solution fitTopK(const Vec& scores, Index k) const;

  /// Coefficients and intercept on the original feature scale.
  Vec originalCoefficients(const L0Solution& s) const;
  double originalIntercept(const L0Solution& s) const;

  /// Mean loss (no ridge term) of original-scale coefficients on some rows of a dataset (hold-out
  /// validation). Labels are mapped like the training target.
  double heldOutLoss(const Dataset& data, std::span<const Index> rows, const Vec& coefOriginal,
                     double interceptOriginal) const;

  /// The null model's objective (θ = 0, intercept fitted): the scale of relative tolerances.
  double nullObjective() const { return nullObjective_; }

 private:
  double logisticIntercept(const Vec& eta, double start) const;

  L0Settings settings_;
  Index n_ = 0;
  Index p_ = 0;
  Index nPositive_ = 0;  ///< logistic: rows 0..nPositive_−1 have y = +1
  Mat X_;
  Vec y_;
  Vec mean_;   ///< column means of the raw features (the centring)
  Vec scale_;  ///< column scales (ones without standardize)
  double yMean_ = 0.0;  ///< least squares: mean of y (the intercept on the centred problem)
  double yy_ = 0.0;     ///< least squares: ‖ỹ‖²/n
  bool hasGram_ = false;
  Mat G_;
  Vec c_;
  Vec colCurv_;
  double lipschitz_ = 0.0;
  double nullObjective_ = 0.0;
  double labelHigh_ = 1.0;  ///< logistic: the raw class mapped to +1
  std::vector<std::string> names_;
};

/// Relative optimality gap (upper − lower)/upper, with the contract's convention; 0 when both
/// are equal, +∞ when there is no lower bound.
double relativeGap(double upper, double lower);

}  // namespace lambdascope::l0
