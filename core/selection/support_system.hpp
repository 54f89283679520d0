#pragma once
// The smooth problem an ℓ1 + ℓ2 model reduces to on a fixed support with fixed signs:
//   F(u) = ∇_u [ f(X̃_S u_S + b) + Σ_{j∈S} λ1_j sign_j u_j + λ2/2 ‖u_S‖² ] = 0,   u = (w_S, b).
// Its Jacobian H = [X̃_SᵀDX̃_S + λ2 I, X̃_SᵀD1; 1ᵀDX̃_S, 1ᵀD1] (D = ∇²f(η), diagonal) is what both
// Newton polishing and implicit differentiation solve with.

#include <vector>

#include "core/selection/inner_task.hpp"

namespace lambdascope::detail {

struct SupportSystem {
  std::vector<Index> S;  ///< generalized support: w_j ≠ 0, or unpenalised (non-constant columns)
  Mat XS;                ///< the columns x̃_j, j ∈ S, materialised (n × |S|)
  Vec D;                 ///< ∇²f(η) diagonal at the point
  Vec s;                 ///< ∇f(η) at the point
  bool intercept = false;
  Index size() const { return static_cast<Index>(S.size()) + (intercept ? 1 : 0); }
};

/// Generalized support of w for ℓ1 levels l1 (0 = unpenalised).
std::vector<Index> generalizedSupport(const DesignMatrix& X, const Vec& w, const Vec& l1);

/// Materialise X̃_S and evaluate s, D at (w, b).
SupportSystem buildSupportSystem(const InnerTask& task, const Vec& w, double b, std::vector<Index> S);

/// H (dense, size() square).
Mat supportHessian(const SupportSystem& sys, double l2);
/// H·v without forming H (for conjugate gradient).
void supportHessianProduct(const SupportSystem& sys, double l2, CVecRef v, VecRef out, Vec& scratch);

/// f(X̃w + b) + Σ_j λ1_j|w_j| + λ2/2‖w‖².
double innerObjective(const InnerTask& task, const Vec& l1, double l2, const Vec& w, double b);

/// Newton steps on the support (signs fixed) until the step is at rounding level. Replaces (w, b)
/// and returns true only if the signs are kept, the zero features still satisfy their optimality
/// condition and the objective did not increase; otherwise leaves them untouched.
bool polishOnSupport(const InnerTask& task, const Vec& l1, double l2, bool positive, Vec& w, double& b);

}  // namespace lambdascope::detail
