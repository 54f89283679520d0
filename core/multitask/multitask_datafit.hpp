#pragma once
// A multitask datafit F(E) of the n × T predictor E = X̃B + 1b0ᵀ (one column per task).
//
// The multitask twin of Datafit: solvers keep E as a ShiftedMatrix and ask for row gradients
// x̃_jᵀ∇F(E) (length T). Dual points are U = −∇F(E), n × T.

#include <memory>
#include <optional>
#include <string>

#include "core/design_matrix.hpp"
#include "core/shifted_matrix.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// F(E) = c/2‖Y − E‖²_F, as the parts solvers can use: X̃ᵀY (p × T, from prepare) and c.
struct LeastSquaresForm {
  const Mat* XtY;
  double scale;
};

class MultitaskDatafit {
 public:
  virtual ~MultitaskDatafit() = default;
  virtual std::string name() const = 0;
  /// Cache what depends only on (X̃, Y). Called once per (design, targets).
  virtual void prepare(const DesignMatrix& X, const Mat& Y) = 0;
  /// F(E).
  virtual double value(const Mat& Y, const ShiftedMatrix& E) const = 0;
  /// out = X̃_jᵀ∇F(E) (length T): the gradient with respect to row j of B.
  virtual void rowGradient(const DesignMatrix& X, const ShiftedMatrix& E, Index j, VecRef out) const = 0;
  /// Lipschitz constant of B_j ↦ ∇_{B_j}F.
  virtual double rowLipschitz(const DesignMatrix& X, Index j) const = 0;
  /// out = ∇_E F(E), n × T.
  virtual void sampleGradient(const Mat& Y, const ShiftedMatrix& E, Eigen::Ref<Mat> out) const = 0;
  /// −F*(−U): the datafit's part of the dual objective.
  virtual double dualValue(const Mat& Y, const Mat& U) const = 0;
  /// The change to add to the intercepts b0 (length T): exact for least squares.
  virtual void interceptStep(const ShiftedMatrix& E, VecRef out) const = 0;

  /// Set for least squares, so the gap's X̃ᵀU can come from Gram columns (GramCorrelation).
  virtual std::optional<LeastSquaresForm> leastSquares() const { return std::nullopt; }

  virtual std::unique_ptr<MultitaskDatafit> clone() const = 0;
};

}  // namespace lambdascope
