#include "core/meeg/fft.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace lambdascope {

bool RealFft::supports(int n) { return n >= 4 && (n & (n - 1)) == 0; }

RealFft::RealFft(int n) : n_(n), half_(n / 2) {
  if (!supports(n)) throw std::invalid_argument("RealFft: the length must be a power of two >= 4");
  twiddle_.resize(static_cast<std::size_t>(half_ / 2 > 0 ? half_ / 2 : 1));
  for (int j = 0; j < half_ / 2; ++j)
    twiddle_[static_cast<std::size_t>(j)] = std::polar(1.0, -2.0 * std::numbers::pi * j / half_);
  split_.resize(static_cast<std::size_t>(half_ + 1));
  for (int k = 0; k <= half_; ++k) split_[static_cast<std::size_t>(k)] = std::polar(1.0, -2.0 * std::numbers::pi * k / n_);
  reversed_.resize(static_cast<std::size_t>(half_));
  int bits = 0;
  while ((1 << bits) < half_) ++bits;
  for (int i = 0; i < half_; ++i) {
    int r = 0;
    for (int b = 0; b < bits; ++b)
      if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    reversed_[static_cast<std::size_t>(i)] = r;
  }
}

void RealFft::transform(Complex* a, bool inverse) const {
  for (int i = 0; i < half_; ++i) {
    const int r = reversed_[static_cast<std::size_t>(i)];
    if (i < r) std::swap(a[i], a[r]);
  }
  // On plain doubles: with std::complex temporaries GCC spills halves of each value to the
  // stack and reloads them whole (a store-forwarding stall per butterfly, 5x slower).
  double* d = reinterpret_cast<double*>(a);
  const double* tw = reinterpret_cast<const double*>(twiddle_.data());
  const double sign = inverse ? -1.0 : 1.0;
  for (int len = 2; len <= half_; len <<= 1) {
    const int h = len / 2;
    const int stride = half_ / len;
    for (int i = 0; i < half_; i += len)
      for (int j = 0; j < h; ++j) {
        const double wr = tw[2 * j * stride];
        const double wi = sign * tw[2 * j * stride + 1];
        double* p = d + 2 * (i + j);
        double* q = p + 2 * h;
        const double vr = q[0] * wr - q[1] * wi;
        const double vi = q[0] * wi + q[1] * wr;
        const double ur = p[0];
        const double ui = p[1];
        p[0] = ur + vr;
        p[1] = ui + vi;
        q[0] = ur - vr;
        q[1] = ui - vi;
      }
  }
}

void RealFft::forward(const double* x, Complex* X, Complex* work) const {
  // Even samples as the real part, odd ones as the imaginary part; one half-length FFT, then
  // the even/odd spectra are separated and recombined with the twiddles e^{−2πik/N}.
  double* w = reinterpret_cast<double*>(work);
  std::copy(x, x + n_, w);
  transform(work, false);
  double* out = reinterpret_cast<double*>(X);
  const double* sp = reinterpret_cast<const double*>(split_.data());
  out[0] = w[0] + w[1];
  out[1] = 0.0;
  out[2 * half_] = w[0] - w[1];
  out[2 * half_ + 1] = 0.0;
  for (int k = 1; k < half_; ++k) {
    // a = W_k, b = conj(W_{N/2−k}); even = (a + b)/2, odd = (a − b)/(2i).
    const double ar = w[2 * k], ai = w[2 * k + 1];
    const double br = w[2 * (half_ - k)], bi = -w[2 * (half_ - k) + 1];
    const double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const double orr = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
    const double cr = sp[2 * k], ci = sp[2 * k + 1];
    out[2 * k] = er + cr * orr - ci * oi;
    out[2 * k + 1] = ei + cr * oi + ci * orr;
  }
}

void RealFft::adjoint(const Complex* X, double* y, Complex* work) const {
  // The inverse of forward's split: Z_k = E_k + i·O_k with E_k = X_k + conj(X_{N/2−k}) and
  // O_k = (X_k − conj(X_{N/2−k}))·e^{2πik/N}; one inverse half-length FFT gives
  // y_{2m} + i·y_{2m+1}. The imaginary parts at 0 and N/2 do not enter.
  const double* in = reinterpret_cast<const double*>(X);
  const double* sp = reinterpret_cast<const double*>(split_.data());
  double* w = reinterpret_cast<double*>(work);
  w[0] = in[0] + in[2 * half_];
  w[1] = in[0] - in[2 * half_];  // i·O_0 with O_0 = X_0 − X_{N/2}, both real
  for (int k = 1; k < half_; ++k) {
    const double ar = in[2 * k], ai = in[2 * k + 1];
    const double br = in[2 * (half_ - k)], bi = -in[2 * (half_ - k) + 1];
    const double er = ar + br, ei = ai + bi;
    const double dr = ar - br, di = ai - bi;
    const double cr = sp[2 * k], ci = -sp[2 * k + 1];  // e^{+2πik/N}
    const double orr = dr * cr - di * ci, oi = dr * ci + di * cr;
    w[2 * k] = er - oi;
    w[2 * k + 1] = ei + orr;
  }
  transform(work, true);
  std::copy(w, w + n_, y);
}

}  // namespace lambdascope
