#pragma once
// MxNE (Gramfort, Kowalski & Hämäläinen 2012): the mixed-norm estimate
//   min_B  1/2‖M − G B‖²_F + α Σ_i w_i ‖B_i‖₂          (B is p × T, rows are sources)
// solved by the multitask engine's block coordinate descent with working sets and gap-safe
// screening (core/multitask/multitask_bcd), with G used as given: no centring, no intercept, no
// standardisation. Stops when the duality gap is below `gapThreshold` (absolute).

#include <memory>
#include <stop_token>
#include <vector>

#include "core/progress.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// Gap thresholds below kMxneGapFloor·‖M‖²_F are raised to it (rounding noise of the gap).
inline constexpr double kMxneGapFloor = 1e-13;

struct MxneOptions {
  double alpha = 0.0;          ///< λ (not a percentage)
  Vec weights;                 ///< w_i > 0 per source; empty: all ones
  double gapThreshold = 1e-6;  ///< absolute duality gap to reach
  int maxIter = 100000;        ///< BCD epochs (passes over the working set)
  Index lambdaIndex = 0;       ///< passed through to progress reports
};

struct MxneResult {
  std::vector<Index> activeSet;  ///< 0-based sources with B_i ≠ 0, increasing
  RowMat activeRows;             ///< |activeSet| × T rows of B
  RowMat B;                      ///< p × T (all rows; the warm start of the next α)
  double objective = 0.0;        ///< 1/2‖M − GB‖² + α Σ w_i‖B_i‖
  double dualityGap = 0.0;
  int nIter = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;
};

/// An M/EEG problem prepared once for many solves (G is copied into the engine's storage).
class MxneProblem {
 public:
  MxneProblem(const Mat& G, const Mat& M);
  ~MxneProblem();
  MxneProblem(const MxneProblem&) = delete;
  MxneProblem& operator=(const MxneProblem&) = delete;

  Index sensors() const;
  Index sources() const;
  Index timePoints() const;
  const Mat& G() const;
  const Mat& M() const;
  /// max_i ‖G_iᵀM‖₂ / w_i.
  double alphaMax(const Vec& weights = {}) const;

  /// Solve at options.alpha from `warm` (p × T) or from zero.
  MxneResult solve(const MxneOptions& options, const RowMat* warm, ProgressObserver& observer,
                   std::stop_token stop = {}) const;
  /// The same G (shared, not copied) with other measurements (FDMC-SURE's perturbed data,
  /// hold-out's training columns).
  std::unique_ptr<MxneProblem> withMeasurements(const Mat& M) const;

 private:
  struct Impl;
  explicit MxneProblem(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// 1/2‖M − GB‖²_F + α Σ_i w_i‖B_i‖₂ and its duality gap, recomputed from scratch (for tests
/// and reports): the dual point is the residual rescaled into the dual ball.
struct MxneCertificate {
  double primal = 0.0;
  double dual = 0.0;
  double gap() const { return primal - dual; }
};
MxneCertificate mxneCertificate(const Mat& G, const Mat& M, const RowMat& B, double alpha, const Vec& weights = {});

/// One-call convenience: prepare and solve at one α.
MxneResult solveMxne(const Mat& G, const Mat& M, const MxneOptions& options, ProgressObserver& observer,
                     std::stop_token stop = {});

}  // namespace lambdascope
