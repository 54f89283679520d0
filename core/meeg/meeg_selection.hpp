#pragma once
// Choosing α for M/EEG inverse problems.
//
// FDMC-SURE (Deledalle, Vaiter, Fadili & Peyré 2014, as in MNE's mixed_norm(alpha='sure')):
// with whitened data the noise is N(0, σ²) with σ = 1, and for the estimate B(M)
//   SURE(α) = ‖M − G B(M)‖²_F − n·T·σ² + 2σ²·dof,  dof ≈ ⟨G(B(M + εδ) − B(M)), δ⟩ / ε,
// δ a standard normal n × T probe and ε = 2σ/n^0.3 (Deledalle et al. §5.1, MNE's choice). The
// probe is NumPy's legacy RandomState(seed).randn(n, T), reproduced bit for bit, so the same seed
// gives MNE's very curve.
//
// Hold-out on time samples (our rule, documented in the README): every k-th time sample t
// (1 ≤ t ≤ T−2, t ≡ 0 mod k) is held out; the path is fitted on the other columns; a held-out
// column is predicted from the fitted time courses linearly interpolated between its two nearest
// training samples (sources are shared across time and the evoked signal is smooth at this
// sampling rate), and the score is the mean squared whitened residual ‖M_t − G B̂(t)‖² / (n·|test|).
// Caveat: low-pass filtered noise is correlated across neighbouring samples, which favours
// smaller α than SURE does.

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace lambdascope {

/// NumPy's numpy.random.RandomState(seed).randn(rows, cols), filled in C order (row-major),
/// returned as a column-major matrix with the same (i, j) entries: MT19937 seeded by
/// init_genrand, 53-bit doubles, the Marsaglia polar method with its cached second value.
Mat numpyLegacyRandn(std::uint32_t seed, Index rows, Index cols);

/// ε = 2σ / n^0.3.
double sureEpsilon(Index sensors, double sigma = 1.0);

struct SureValue {
  double sure = 0.0;
  double dof = 0.0;       ///< the Monte-Carlo degrees of freedom
  double residual2 = 0.0;  ///< ‖M − GB‖²_F
};
/// SURE from the estimates on M (B) and on M + εδ (Beps), both p × T.
SureValue fdmcSure(const Mat& G, const Mat& M, const RowMat& B, const RowMat& Beps, const Mat& delta,
                   double eps, double sigma = 1.0);

struct TimeSplit {
  std::vector<Index> train, test;
};
/// The hold-out split described above; `every` ≥ 2. T < 3 gives an empty test set.
TimeSplit holdoutSplit(Index timePoints, int every);

/// Mean squared residual on the held-out columns, predicting them by interpolating B_train
/// (p × |train|, the fit on M's training columns) between neighbouring training samples.
double holdoutScore(const Mat& G, const Mat& M, const TimeSplit& split, const RowMat& Btrain);

/// Columns `cols` of M.
Mat selectColumns(const Mat& M, const std::vector<Index>& cols);

}  // namespace lambdascope
