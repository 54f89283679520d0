#pragma once
// A datafit f(η) of the linear predictor η = X̃w + b0 (skglm's BaseDatafit, in C++).
//
// Solvers keep η as a ShiftedVector and never recompute X̃w; a datafit answers from (y, η).
// Dual quantities use u = −∇f(η) (length n), the Fenchel dual point before rescaling.

#include <memory>
#include <span>
#include <string>

#include "core/design_matrix.hpp"
#include "core/shifted_vector.hpp"
#include "core/types.hpp"

namespace lambdascope {

class Datafit {
 public:
  virtual ~Datafit() = default;
  virtual std::string name() const = 0;

  /// Cache what depends only on (X̃, y), e.g. X̃ᵀy. Called once per (design, target).
  virtual void prepare(const DesignMatrix& X, CVecRef y) = 0;

  /// f(η).
  virtual double value(CVecRef y, CVecRef eta) const = 0;
  /// ∂f/∂w_j = x̃_jᵀ∇f(η), in O(nnz_j) where the datafit allows it.
  virtual double coordinateGradient(const DesignMatrix& X, CVecRef y, const ShiftedVector& eta,
                                    Index j) const = 0;
  /// Lipschitz constant of w_j ↦ ∂f/∂w_j.
  virtual double coordinateLipschitz(const DesignMatrix& X, Index j) const = 0;
  /// Lipschitz constant of w_G ↦ ∇_G f for a block of columns (block coordinate descent).
  /// Default: the sum of the coordinate constants, which bounds the block's largest curvature.
  virtual double blockLipschitz(const DesignMatrix& X, std::span<const Index> cols) const {
    double sum = 0.0;
    for (const Index j : cols) sum += coordinateLipschitz(X, j);
    return sum;
  }
  /// out = ∇_η f(η), length n.
  virtual void sampleGradient(CVecRef y, CVecRef eta, VecRef out) const = 0;
  /// out = diagonal of ∇²_η f(η) (the datafit is a sum over samples), for Newton-type solvers.
  virtual void sampleHessianDiag(CVecRef y, CVecRef eta, VecRef out) const = 0;
  /// −f*(−u): the datafit's part of the dual objective.
  virtual double dualValue(CVecRef y, CVecRef u) const = 0;
  /// Newton-type step for the intercept: the change to add to b0.
  virtual double interceptStep(CVecRef y, const ShiftedVector& eta) const = 0;

  /// Largest second derivative of f in any η_i (f is this-smooth in η): the dual is then
  /// 1/this-strongly concave, which sizes the gap-safe screening ball.
  virtual double sampleSmoothness(Index n) const = 0;

  /// f is quadratic in η: coordinate descent minimises it exactly, and Newton steps gain nothing.
  virtual bool isQuadratic() const { return false; }
  /// Whether implicit centring of sparse columns keeps coordinate updates O(nnz_j). True for
  /// datafits affine in η (least squares); others fit the intercept on uncentred sparse columns.
  virtual bool cheapSparseCentering() const { return false; }
  /// The target in this datafit's coding (e.g. two classes as −1/+1). Throws
  /// std::invalid_argument, naming the offending value, when the target does not suit it.
  virtual Vec canonicalTarget(CVecRef y) const { return y; }

  virtual std::unique_ptr<Datafit> clone() const = 0;

  /// Sample weights s_i > 0 (empty: unweighted). prepare() rescales them to sum to n, the
  /// convention of scikit-learn's sample_weight and glmnet's weights, so f = (1/n) Σ s_i ℓ_i and
  /// integer weights act exactly like repeated rows.
  void setSampleWeights(Vec weights) { sampleWeights_ = std::move(weights); }
  const Vec& sampleWeights() const { return sampleWeights_; }
  bool weighted() const { return sampleWeights_.size() > 0; }

 protected:
  /// Check the length against n and rescale to sum n. Throws std::invalid_argument.
  void prepareSampleWeights(Index n);
  Vec sampleWeights_;
};

}  // namespace lambdascope
