#pragma once
// TF-MxNE (Gramfort et al. 2013): sparse M/EEG source estimates that are also sparse in time-
// frequency. Sources X = Z Φᴴ with Z the STFT coefficients (stft.hpp) of each source; solves
//
//   min_Z  ½‖M − G Z Φᴴ‖²_F + α_space Σ_i ‖Z_i‖₂ + α_time Σ_{i,k} |Z_ik|
//
// with MNE-Python's conventions: the norms count the interior frequencies twice (the full
// Hermitian spectrum, see stft.hpp), so objective, gap and α_max equal MNE's
// tf_mixed_norm_solver / dgap_l21l1 / norm_epsilon_inf values.

#include <stop_token>
#include <string>
#include <vector>

#include "core/meeg/stft.hpp"
#include "core/progress.hpp"

namespace lambdascope {

struct TfMxneOptions {
  double alphaSpace = 0.0;  ///< weight of the ℓ2,1 (spatial) term
  double alphaTime = 0.0;   ///< weight of the ℓ1 (time-frequency) term
  int wsize = 64;           ///< STFT window length (multiple of 4)
  int tstep = 4;            ///< STFT hop (even, divides wsize, ≤ wsize/2)
  double tol = 1e-6;        ///< stop when the duality gap ≤ tol·‖M‖²_F
  int maxIter = 10000;      ///< BCD epochs in all
  bool workingSets = true;  ///< outer/inner working sets; false: BCD passes over all sources
                            ///< (and p × n_coefs complex coefficients in memory)
  int checkEvery = 10;      ///< epochs between (sub-problem) gap evaluations
  Index initialWorkingSet = 10;  ///< p0: first working-set size
  double innerRatio = 0.1;       ///< inner gap target relative to the outer gap
  bool anderson = true;          ///< Anderson extrapolation of the inner BCD iterates (kept
                                 ///< only when it lowers the objective)
  Index lambdaIndex = 0;         ///< only passed through to progress reports
};

struct TfMxneResult {
  std::vector<Index> activeSet;  ///< sources with Z_i ≠ 0, increasing
  Mat timeCourses;               ///< |A| × T: X_A = Z_A Φᴴ (MNE's istft of each row)
  /// |A| × (n_freqs·n_steps), MNE's layout: column f·n_steps + s is frequency f (of wsize/2+1)
  /// in window s; the values MNE's solver keeps in Z.
  Eigen::MatrixXcd activeZ;
  double objective = 0;    ///< primal objective at the returned iterate
  double dualityGap = 0;   ///< its absolute duality gap (MNE's dgap_l21l1)
  double dualObjective = 0;
  double gapThreshold = 0; ///< tol·‖M‖²_F
  int nIter = 0;           ///< BCD epochs
  double seconds = 0;
  Termination termination = Termination::Converged;
  std::vector<double> gapHistory;  ///< the full problem's gap at every outer iteration
  int nFreqs = 0, nSteps = 0;
};

/// Resolves MNE's (alpha %, l1_ratio) parameterisation of tf_mixed_norm:
///   alphaSpace = alpha/100 · α_max · (1 − l1_ratio),  alphaTime = alpha/100 · α_max · l1_ratio.
void tfMxneAlphasFromPercent(double alphaPercent, double l1Ratio, double alphaMax, TfMxneOptions& options);

/// α_max for a given l1_ratio ρ: max_i ν_ρ(Φ(G_iᵀM)), with ν_ρ the dual norm of
/// (1 − ρ)‖·‖₂ + ρ‖·‖₁ (Hermitian-weighted; TfDualNorm). For α_space + α_time ≥ α_max with
/// α_time/(α_space + α_time) = ρ, Z = 0 is optimal. Equal to MNE's
/// norm_epsilon_inf(G, M, phi, l1_ratio, n_orient=1), except that MNE returns max|·| whenever a
/// single coefficient exceeds ρ·max (exact only when that coefficient is at frequency 0 or
/// wsize/2); ours is always the exact dual norm.
double tfMxneAlphaMax(const Mat& G, const Mat& M, int wsize, int tstep, double l1Ratio);

/// Block coordinate descent over sources (exact prox of the L21+L1 composite per source, step
/// 1/‖G_i‖²), working sets scored by the dual-norm violation ν(Φ(G_iᵀR))/(α_space + α_time),
/// and the duality gap as stopping rule. Reports every epoch to `observer` (objective where
/// evaluated; the full gap at outer iterations, NaN elsewhere). A stop request or Control::Stop
/// returns the current iterate with Termination::Cancelled and its gap.
/// `warm`: start from a previous result's activeSet and activeZ (same G columns, T, wsize and
/// tstep; another α is fine — a path warm-starts from its previous point).
/// Throws std::invalid_argument for bad shapes or options.
TfMxneResult solveTfMxne(const Mat& G, const Mat& M, const TfMxneOptions& options, ProgressObserver& observer,
                         std::stop_token stop = {}, const TfMxneResult* warm = nullptr);

}  // namespace lambdascope
