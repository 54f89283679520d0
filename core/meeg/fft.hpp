#pragma once
// A small real FFT for the STFT frame (stft.hpp): power-of-two lengths through a complex
// radix-2 FFT of half the length. At wsize = 64 it costs about 1/7 of the flops of the dense
// DFT product, which dominates TF-MxNE's coordinate updates.

#include <complex>
#include <vector>

namespace lambdascope {

class RealFft {
 public:
  using Complex = std::complex<double>;

  /// n must be a power of two ≥ 4 (supports(n)); throws std::invalid_argument otherwise.
  explicit RealFft(int n);
  static bool supports(int n);
  int size() const { return n_; }

  /// X_f = Σ_n x_n e^{−2πi·fn/N} for f = 0..N/2 (an unnormalised rfft). `work`: N/2 values.
  void forward(const double* x, Complex* X, Complex* work) const;
  /// Its adjoint for the Hermitian-weighted inner product: y_n = Σ_f c_f Re(X_f e^{2πi·fn/N})
  /// with c = 1 at f = 0 and N/2, 2 in between (N·irfft; imaginary parts at 0 and N/2 are
  /// ignored, as in irfft). `work`: N/2 values.
  void adjoint(const Complex* X, double* y, Complex* work) const;

 private:
  void transform(Complex* a, bool inverse) const;  // in place, unnormalised, length N/2

  int n_;
  int half_;
  std::vector<Complex> twiddle_;  // e^{−2πi·j/(N/2)}, j < N/4
  std::vector<Complex> split_;    // e^{−2πi·k/N}, k ≤ N/2
  std::vector<int> reversed_;     // bit reversal of 0..N/2−1
};

}  // namespace lambdascope
