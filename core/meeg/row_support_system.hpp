#pragma once
// MxNE restricted to its active rows S (every ‖B_i‖ > 0) is smooth. Its optimality condition
//   F(B_S) = G_Sᵀ(G_S B_S − M) + diag(α_S) U = 0,   U_i = B_i / ‖B_i‖,
// has the symmetric positive semi-definite Jacobian
//   A(V) = K V + [ c_i (V_i − u_i⟨u_i, V_i⟩) ]_i,   K = G_SᵀG_S,  c_i = α_i / ‖B_i‖,
// (the row-norm's Hessian projects out u_i). It is what Newton polishing and implicit
// differentiation of the α's solve with: dB_S/dlog α_i = −A⁻¹(α_i u_i e_i), so one adjoint
// solve A V = ∇_{B_S}C gives every hypergradient dC/dlog α_i = −α_i⟨V_i, u_i⟩ (Bertrand et al.
// 2022 for the Lasso, here with the ℓ2,1 norm's curvature).

#include <vector>

#include "core/selection/hyper_objective.hpp"
#include "core/types.hpp"

namespace lambdascope {

struct RowSupportSystem {
  std::vector<Index> S;  ///< active rows, increasing
  Mat GS;                ///< n × |S|: the active columns of G
  Mat K;                 ///< G_SᵀG_S
  RowMat U;              ///< |S| × T: B_i / ‖B_i‖
  Vec c;                 ///< α_i / ‖B_i‖
  Vec alpha;             ///< α_i, i ∈ S
  Index size() const { return static_cast<Index>(U.size()); }
};

/// The system at B (p × T) for per-source levels `alphas` (p values).
RowSupportSystem buildRowSupportSystem(const Mat& G, const RowMat& B, const Vec& alphas);

/// out = A(V), both |S| × T.
void applyRowJacobian(const RowSupportSystem& sys, const RowMat& V, RowMat& out);

/// Solve A X = rhs (|S| × T): Cholesky of the dense |S|T-sized matrix for Linear::Cholesky (Auto:
/// up to 512 unknowns), otherwise conjugate gradient preconditioned by A's diagonal row blocks
/// (exactly invertible: 1/K_ii along u_i, 1/(K_ii + c_i) across).
RowMat solveRowJacobian(const RowSupportSystem& sys, const RowMat& rhs, const HypergradientOptions& options);

/// Newton steps on the active rows of an MxNE solution B (p × T) of
/// 1/2‖M − GB‖² + Σ α_i‖B_i‖, kept only while the objective does not increase and no row
/// collapses; stops when the step is at rounding level (at most `maxSteps`). Returns the number
/// of steps taken. The inactive rows are untouched (their optimality is the solver's certificate).
int polishRows(const Mat& G, const Mat& M, const Vec& alphas, RowMat& B, const HypergradientOptions& options,
               int maxSteps = 8);

}  // namespace lambdascope
