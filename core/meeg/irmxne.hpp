#pragma once
// irMxNE (Strohmeier et al. 2016): iteratively reweighted MxNE, a majorisation-minimisation of
// the non-convex ℓ2,0.5 problem, following MNE 1.3's iterative_mixed_norm_solver step by step so
// results can be compared. With c = α_max/100 (MNE's percent scaling of the gain):
//   stage 1: MxNE at λ with unit weights;
//   stage k > 1: the weighted MxNE 1/2‖M − G diag(w) B̃‖² + λ‖B̃‖₂,₁ over the sources still
//   active, w_i = 2·sqrt(c·‖B_i‖₂) from the previous stage, B = w ⊙ B̃ (in MNE's units, G' = G/c,
//   X' = c·B, α' = λ/c: w_i = 2·sqrt(‖X'_i‖), the same numbers);
//   stop after nReweight stages, or when the active set is unchanged and max|X' − X'_prev| < tol
//   (MNE's test, in its units); no debiasing.
// The ℓ2,0.5 objective reported per stage is MNE's p_obj:
//   1/2‖M − GB‖²_F + (λ/√c) Σ_i sqrt(‖B_i‖₂)   (= 1/2‖M − G'X'‖² + α% Σ_i sqrt(‖X'_i‖)).

#include <stop_token>
#include <vector>

#include "core/meeg/mxne.hpp"

namespace lambdascope {

struct IrMxneOptions {
  double alpha = 0.0;          ///< λ of every stage (absolute)
  double weightScale = 1.0;    ///< c: α_max/100 reproduces MNE's mixed_norm (percent α)
  int nReweight = 10;          ///< maximum number of stages (MNE's n_mxne_iter)
  double gapThreshold = 1e-6;  ///< absolute duality gap of each weighted MxNE
  double tol = 1e-6;           ///< stop when the support is unchanged and max|c·ΔB| < tol (MNE's test)
  int maxIter = 100000;
  Index lambdaIndex = 0;
};

struct IrMxneStage {
  std::vector<Index> activeSet;
  double objective = 0.0;       ///< the ℓ2,0.5 objective after this stage
  double weightedObjective = 0.0;  ///< the stage's weighted MxNE objective
  double dualityGap = 0.0;      ///< of the stage's weighted MxNE
  int nIter = 0;
};

struct IrMxneResult {
  std::vector<Index> activeSet;
  RowMat activeRows;   ///< |activeSet| × T rows of B
  RowMat B;            ///< p × T
  double objective = 0.0;   ///< final ℓ2,0.5 objective
  double dualityGap = 0.0;  ///< last stage's weighted-MxNE gap
  int nIter = 0;            ///< BCD epochs over all stages
  double seconds = 0.0;
  std::vector<IrMxneStage> stages;
  RowMat firstStage;   ///< stage 1's B (the MxNE solution at λ), p × T
  Termination termination = Termination::Converged;
};

/// 1/2‖M − GB‖²_F + (λ/√c) Σ_i sqrt(‖B_i‖₂): the ℓ2,0.5 objective the stages decrease.
double irMxneObjective(const Mat& G, const Mat& M, const RowMat& B, double alpha, double weightScale);

/// `warmFirstStage` (p × T, optional) warm-starts stage 1 (an MxNE at the same λ), e.g. from the
/// previous α of a path; result.firstStage returns stage 1's B for the next α.
IrMxneResult solveIrMxne(const MxneProblem& problem, const IrMxneOptions& options, ProgressObserver& observer,
                         std::stop_token stop = {}, const RowMat* warmFirstStage = nullptr);

}  // namespace lambdascope
