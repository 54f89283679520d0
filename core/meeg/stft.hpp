#pragma once
// The real short-time Fourier transform of TF-MxNE: MNE-Python's stft/istft with a sine window,
// a tight frame. Φ maps a signal of T samples to n_steps × n_freqs complex coefficients
// (n_steps = ceil(T/tstep), n_freqs = wsize/2 + 1); only the non-negative frequencies are
// stored, so every inner product and norm on coefficients counts the interior frequencies
// (0 < f < wsize/2) twice — the weights c_f = 1 or 2 of multiplicity(). In that geometry
// Φ is an isometry (ΦᴴΦ = I, ‖Φx‖ = ‖x‖) and synthesize() is its adjoint (MNE's istft).

#include <complex>
#include <optional>
#include <vector>

#include "core/meeg/fft.hpp"
#include "core/types.hpp"

namespace lambdascope {

using Complex = std::complex<double>;
/// Rows of complex coefficients, one signal per row.
using RowMatXcd = Eigen::Matrix<Complex, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The frame for signals of a fixed length. Coefficients of one signal are stored step-major
/// ("internal layout"): index s·n_freqs + f, contiguous per window. MNE orders them
/// frequency-major (f·n_steps + s); toMneLayout()/fromMneLayout() convert.
///
/// Each window goes through a real FFT (fft.hpp) when wsize is a power of two (MNE's usual 16,
/// 32, 64, 128); other multiples of 4 use a dense real DFT product over all windows at once
/// (one (n_steps × wsize)·(wsize × 2·n_freqs) GEMM). Measured at wsize = 64 on one core the
/// FFT is ~3× faster than the GEMM (Eigen, SSE2), and the transforms dominate the solver.
class StftFrame {
 public:
  /// Same constraints as MNE: wsize a multiple of 4, tstep even, dividing wsize, ≤ wsize/2.
  /// Throws std::invalid_argument otherwise.
  StftFrame(Index nTimes, int wsize, int tstep);

  Index nTimes() const { return nTimes_; }
  int wsize() const { return wsize_; }
  int tstep() const { return tstep_; }
  Index nFreqs() const { return nFreqs_; }
  Index nSteps() const { return nSteps_; }
  Index nCoefs() const { return nFreqs_ * nSteps_; }
  /// c_k of internal coefficient k: 1 at frequency 0 and wsize/2, 2 in between.
  const Vec& multiplicity() const { return multiplicity_; }

  /// Scratch space for one-signal transforms (sized once; no allocation afterwards).
  struct Workspace {
    RowMat frames;  // n_steps × wsize
    std::vector<double> frame;
    std::vector<Complex> fftWork;
  };
  Workspace workspace() const;

  /// z ← Φx for one signal: x has n_times samples, z n_coefs complex values (internal layout).
  void analyze(const double* x, Complex* z, Workspace& ws) const;
  /// x ← Φᴴz (MNE's istft): the adjoint, and the inverse on the range of Φ.
  void synthesize(const Complex* z, double* x, Workspace& ws) const;

  /// Φ applied to each row of X (k × n_times); Z (k × n_coefs, internal layout) is resized.
  /// `frames` is scratch reused across calls.
  void analyzeRows(const Eigen::Ref<const RowMat>& X, RowMatXcd& Z, RowMat& frames) const;

  /// MNE's stft(x, wsize, tstep) reshaped (k × n_coefs, frequency-major columns f·n_steps + s).
  Eigen::MatrixXcd stft(const Mat& X) const;
  /// MNE's istft(Z, tstep, n_times) for frequency-major rows.
  Mat istft(const Eigen::MatrixXcd& Z) const;
  Eigen::MatrixXcd toMneLayout(const RowMatXcd& Z) const;
  RowMatXcd fromMneLayout(const Eigen::MatrixXcd& Z) const;

  /// An upper bound on max_k |(Φx)_k| without transforming: the largest weighted ℓ1 norm of a
  /// window, max_s Σ_n w_s[n]·|x|.
  double maxModulusBound(const double* x) const;

  /// Σ_k c_k |z_k|² and Σ_k c_k |z_k| of one signal's coefficients (internal layout).
  double squaredNorm(const Complex* z) const;
  double l1Norm(const Complex* z) const;

 private:
  void windowed(const double* x, Index t, double* frame) const;  // window t of x, zero-padded

  Index nTimes_;
  int wsize_;
  int tstep_;
  Index nFreqs_;
  Index nSteps_;
  Index offset_;     // where sample 0 sits in the zero-padded signal
  RowMat weight_;    // n_steps × wsize: window / sqrt(wsize·Σ window²), 0 outside the signal
  std::vector<Index> first_, last_;  // per window: the samples [first, last) inside the signal
  RowMat dft_;       // wsize × 2·n_freqs: [cos, −sin] per frequency (rfft, unnormalised)
  RowMat idft_;      // 2·n_freqs × wsize: c_f·[cos; −sin], the adjoint of dft_
  Vec multiplicity_; // n_coefs
  std::optional<RealFft> fft_;
};

}  // namespace lambdascope
