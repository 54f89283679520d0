#pragma once
// A penalty λ·g(w) (skglm's BasePenalty, in C++). λ is part of the penalty.

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace lambdascope {

struct PenaltyTraits {
  bool separable = true;  ///< g(w) = Σ_j g_j(w_j): coordinate descent applies
  bool convex = true;     ///< a duality gap certifies the solution; otherwise dualScale and
                          ///< conjugate throw std::logic_error and solvers stop on stationarity()
  bool blockSeparable = false;  ///< g(w) = Σ_G g_G(w_G) over groups: block coordinate descent
};

class Penalty {
 public:
  virtual ~Penalty() = default;
  virtual std::string name() const = 0;
  virtual PenaltyTraits traits() const = 0;

  double lambda() const { return lambda_; }
  void setLambda(double lambda) { lambda_ = lambda; }

  /// λ·g(w); +∞ when w violates a constraint of the penalty (e.g. positivity), so that
  /// objective comparisons reject such points.
  virtual double value(CVecRef w) const = 0;
  /// argmin_x (x − v)²/(2·step) + λ·g_j(x) (the global minimiser, also for non-convex g_j).
  virtual double prox1d(double v, double step, Index j) const = 0;
  /// Distance of −grad_j to the (Fréchet) subdifferential of λ·g_j at w_j: 0 exactly at
  /// stationary points, +∞ when w_j is infeasible.
  virtual double subdiffDistance(double wj, double gradj, Index j) const = 0;
  /// Smallest λ for which w = 0 is optimal (stationary, if non-convex), given ∇f at w = 0 with the
  /// intercept and every unpenalised feature already fitted (their gradient entries are ignored).
  virtual double lambdaMax(CVecRef gradientAtZero) const = 0;

  /// Dual feasibility: the factor s ≥ 1 so that u/s is feasible, given z = X̃ᵀu.
  /// Convex penalties only.
  virtual double dualScale(CVecRef z) const = 0;
  /// (λg)*(z) at a feasible z (0 for norms, whose conjugate is an indicator). Convex only.
  virtual double conjugate(CVecRef z) const = 0;

  /// False for features left out of the penalty (weight 0): working sets must always keep them,
  /// and they start in the null model (skglm's is_penalized).
  virtual bool isPenalized(Index /*j*/) const { return true; }

  /// The curvature a coordinate step must exceed for prox1d to be a continuous, single-valued
  /// thresholding: prox1d(v, step, j) is well behaved when 1/step > minCurvature(). 0 for convex
  /// penalties; 1/γ for MCP, 1/(γ − 1) for SCAD. Coordinate descent can use
  /// L_j ← max(L_j, (1 + 1e-6)·minCurvature()): a larger L_j still majorises f, so it still descends.
  virtual double minCurvature() const { return 0.0; }
  /// Where w_j ≠ 0 keeps its sign, λ·g_j is smooth for most penalties: its first and second
  /// derivatives at w_j, for Newton steps on a fixed support (SupportNewton). False when the
  /// penalty gives no such local form; callers then take no such steps.
  virtual bool localDerivatives(double /*wj*/, Index /*j*/, double& /*first*/, double& /*second*/) const {
    return false;
  }

  /// w_j ≠ 0 or unpenalised: the features a working set always holds (skglm's generalized_support).
  bool inGeneralizedSupport(double wj, Index j) const { return wj != 0.0 || !isPenalized(j); }

  /// max_j subdiffDistance(w_j, grad_j, j) over `columns` (all when empty): the stopping
  /// criterion of non-convex models, 0 exactly at stationary points. grad is X̃ᵀ∇f(η).
  double stationarity(CVecRef w, CVecRef grad, std::span<const Index> columns = {}) const {
    double worst = 0.0;
    if (columns.empty()) {
      for (Index j = 0; j < w.size(); ++j) worst = std::max(worst, subdiffDistance(w[j], grad[j], j));
    } else {
      for (const Index j : columns) worst = std::max(worst, subdiffDistance(w[j], grad[j], j));
    }
    return worst;
  }

  /// Gap-safe screening (Fercoq, Gramfort & Salmon 2015): true when feature j is provably 0 at
  /// the optimum, given z_j = x̃_jᵀu at a feasible dual point and margin = r·‖x̃_j‖, r the radius
  /// of a ball known to hold the optimal dual point. Penalties whose dual is not a norm-ball
  /// constraint never screen.
  virtual bool screensOut(double /*zj*/, double /*margin*/, Index /*j*/) const { return false; }

  /// Block-separable penalties: the groups (disjoint, covering every feature) and the block
  /// prox argmin_x ‖x − v‖²/(2·step) + λ·g_G(x), in place on the group's coefficients.
  virtual const std::vector<std::vector<Index>>* groups() const { return nullptr; }
  virtual void proxGroup(VecRef /*wg*/, double /*step*/, Index /*g*/) const {}

  virtual std::unique_ptr<Penalty> clone() const = 0;

 protected:
  double lambda_ = 1.0;
};

}  // namespace lambdascope
