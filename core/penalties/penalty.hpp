#pragma once
// A penalty λ·g(w) (skglm's BasePenalty, in C++). λ is part of the penalty.

#include <memory>
#include <string>

#include "core/types.hpp"

namespace lambdascope {

struct PenaltyTraits {
  bool separable = true;  ///< g(w) = Σ_j g_j(w_j): coordinate descent applies
  bool convex = true;     ///< a duality gap certifies the solution
};

class Penalty {
 public:
  virtual ~Penalty() = default;
  virtual std::string name() const = 0;
  virtual PenaltyTraits traits() const = 0;

  double lambda() const { return lambda_; }
  void setLambda(double lambda) { lambda_ = lambda; }

  /// λ·g(w).
  virtual double value(CVecRef w) const = 0;
  /// argmin_x (x − v)²/(2·step) + λ·g_j(x).
  virtual double prox1d(double v, double step, Index j) const = 0;
  /// Distance of −grad_j to the subdifferential of λ·g_j at w_j (0 at optimality).
  virtual double subdiffDistance(double wj, double gradj, Index j) const = 0;
  /// Smallest λ for which w = 0 is optimal, given ∇f at w = 0 (with the intercept fitted).
  virtual double lambdaMax(CVecRef gradientAtZero) const = 0;

  /// Dual feasibility: the factor s ≥ 1 so that u/s is feasible, given z = X̃ᵀu.
  virtual double dualScale(CVecRef z) const = 0;
  /// (λg)*(z) at a feasible z (0 for norms, whose conjugate is an indicator).
  virtual double conjugate(CVecRef z) const = 0;

  virtual std::unique_ptr<Penalty> clone() const = 0;

 protected:
  double lambda_ = 1.0;
};

}  // namespace lambdascope
