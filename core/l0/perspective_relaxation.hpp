#pragma once
// The perspective relaxation of the ℓ2-regularised cardinality constraint, solved by accelerated
// proximal gradient with an exact prox and adaptive restarts; a valid lower bound at every iterate.
//
// Replacing the binary indicators z_j of ‖θ‖₀ ≤ k by z ∈ [0,1]^p, Σz ≤ k in the perspective
// formulation λ₂ Σ θ_j²/z_j gives, after minimising over z, the convex problem
//
//   min_{θ,θ0} f(X̃θ + θ0) + λ₂‖θ‖²_(k-sp),
//
// where ‖·‖_(k-sp) is the k-support norm (Argyriou, Foygel & Srebro 2012). At a branch-and-bound
// node some features are forced in (z_j = 1: plain ridge), some out (θ_j = 0), and the free ones
// share the remaining budget K = k − |in|. Its Fenchel dual at any u with 1ᵀu = 0 is
//
//   D(u) = −f*(−u) − (1/(4λ₂)) [ Σ_in (x̃_jᵀu)² + top-K of (x̃_jᵀu)² over the free features ],
//
// so u = −∇f at the current iterate (made to sum to zero) certifies a lower bound on the node's
// optimum at every iteration. The prox of a·‖·‖²_(k-sp) is computed exactly in O(m log m) from its
// variational form (min over z of Σ a v_j²/(z_j + 2a), a piecewise-linear root in one variable).
// This is the scheme of Liu, Shafiee & Lodi (2025), "Scalable first-order method for certifying
// optimal k-sparse GLMs". Their big-M box is optional here: branch-and-bound derives per-node
// bounds M_j on |θ_j| that hold at every point better than the incumbent (a level set of the
// least-squares objective), and then z_j ≥ |θ_j|/M_j tightens the relaxation a lot when λ₂ is
// tiny (the plain perspective term vanishes as λ₂ → 0; the box keeps an ℓ1/ℓ∞ part).

#include <cstdint>
#include <limits>
#include <stop_token>
#include <utility>
#include <vector>

#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

enum class VarState : std::uint8_t { Free, In, Out };

/// Exact prox, penalty value and dual-norm term of the node penalty
/// h(θ) = Σ_in θ_j² + ‖θ_free‖²_(K-sp) + ι(θ_out = 0) (without the factor λ₂).
class PerspectivePenalty {
 public:
  explicit PerspectivePenalty(Index p = 0) { reserve(p); }
  void reserve(Index p);

  /// Optional box |θ_j| ≤ M_j (valid at every solution better than the incumbent), added to the
  /// relaxation as z_j ≥ |θ_j|/M_j (big-M). Null: no box. The vector must outlive its use.
  /// With a box, value/prox/dualTerm describe the big-M perspective relaxation instead.
  void setBox(const Vec* box) { box_ = box; }
  const Vec* box() const { return box_; }
  /// The conjugate term of λ₂·h at v (with or without the box): Σ_in φ_j(v_j) + top-K free φ_j,
  /// φ_j(v) = v²/(4λ₂) for |v| ≤ 2λ₂M_j, M_j|v| − λ₂M_j² beyond.
  double conjugate(const Vec& v, double lambda, const std::vector<VarState>& state, Index budget);

  /// h(θ); also the relaxation's z on the free features when `z` is given (1 on in, 0 on out).
  double value(const Vec& theta, const std::vector<VarState>& state, Index budget, Vec* z = nullptr);
  /// θ ← argmin ½‖θ − v‖² + a·h(θ), in place on v (a > 0).
  void prox(Vec& v, double a, const std::vector<VarState>& state, Index budget);
  /// Σ_in v_j² + (sum of the `budget` largest v_j² over the free features): 4λ₂·h*(v)/... scale.
  double dualTerm(const Vec& v, const std::vector<VarState>& state, Index budget);

 private:
  std::vector<double> abs_;
  std::vector<Index> idx_;
  std::vector<std::pair<double, Index>> events_;
  const Vec* box_ = nullptr;
  double lastMultiplier_ = 0.0;  ///< proxBox: the previous budget multiplier (a first guess)

  double valueBox(const Vec& theta, const std::vector<VarState>& state, Index budget, Vec* z);
  void proxBox(Vec& v, double a, const std::vector<VarState>& state, Index budget);
};

struct RelaxationOptions {
  int maxIterations = 20000;
  /// Stop when (relaxation primal − best dual) ≤ absTol.
  double absTol = 0.0;
  /// Stop as soon as the dual bound reaches this (the node can be pruned).
  double pruneAt = std::numeric_limits<double>::infinity();
  /// Stop when the relaxation's value is surely below pruneAt: gap ≤ this × (pruneAt − primal).
  double branchFraction = 0.0;
  /// Checked every few iterations: a stopped solve returns its (valid) bound so far.
  std::stop_token stop;
  /// Optional box |θ_j| ≤ M_j valid for every point better than the incumbent (big-M bound).
  const Vec* box = nullptr;
};

struct RelaxationResult {
  double lowerBound = -std::numeric_limits<double>::infinity();  ///< best dual value (valid)
  double upperBound = std::numeric_limits<double>::infinity();   ///< relaxation objective at θ
  Vec theta;             ///< last primal iterate (model scale)
  double intercept = 0.0;
  Vec z;                 ///< relaxation indicators at θ
  int iterations = 0;
  int restarts = 0;
};

/// Reusable solver state (workspaces sized once).
class PerspectiveRelaxation {
 public:
  explicit PerspectiveRelaxation(const L0Problem& problem);

  /// Solve the node relaxation from a warm start (θ, θ0); `state` has p entries, `budget` = K.
  /// With λ₂ = 0 (least squares only) the relaxation is the fit on in ∪ free, solved exactly.
  RelaxationResult solve(const std::vector<VarState>& state, Index budget, const Vec& warmTheta,
                         double warmIntercept, const RelaxationOptions& options);

  /// The root relaxation (every feature free) for sparsity k, solved to relative accuracy `relTol`.
  RelaxationResult root(Index k, double relTol = 1e-9, int maxIterations = 20000, std::stop_token stop = {});

  /// The dual bound at an arbitrary point (any θ gives a valid bound).
  double dualBoundAt(const Vec& theta, double intercept, const std::vector<VarState>& state,
                     Index budget, const Vec* box = nullptr);

 private:
  double boundFrom(const LossEval& e, const Vec& v, const std::vector<VarState>& state, Index budget);
  /// Least squares with a box: max over the ray t·u of the (piecewise quadratic) dual.
  double boxRayBound(const LossEval& e, const Vec& v, const std::vector<VarState>& state, Index budget);

  const L0Problem& problem_;
  PerspectivePenalty penalty_;
  L0Workspace ws_;
  Vec x_, xPrev_, y_, grad_, v_, step_, tv_;
  Vec etaX_, etaXPrev_, etaY_;  ///< logistic: X̃x, X̃x_prev, X̃y (y's predictor by linearity)
  std::vector<Index> active_;
  std::vector<std::pair<double, Index>> scratch_;
};

}  // namespace lambdascope::l0
