#include "core/meeg/stft.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace lambdascope {

StftFrame::StftFrame(Index nTimes, int wsize, int tstep)
    : nTimes_(nTimes), wsize_(wsize), tstep_(tstep) {
  if (nTimes < 1) throw std::invalid_argument("STFT: the signal needs at least one sample");
  if (wsize < 4 || wsize % 4 != 0)
    throw std::invalid_argument("STFT: wsize must be a positive multiple of 4, got " + std::to_string(wsize));
  if (tstep < 2 || tstep % 2 != 0 || wsize % tstep != 0 || 2 * tstep > wsize)
    throw std::invalid_argument("STFT: tstep must be even, divide wsize and be at most wsize/2, got " +
                                std::to_string(tstep));
  nFreqs_ = wsize / 2 + 1;
  nSteps_ = (nTimes + tstep - 1) / tstep;
  offset_ = (wsize - tstep) / 2;

  // Sine window; the squared windows of all steps summed over the zero-padded signal make the
  // frame tight once each window is divided by the square root of that sum.
  const Index padded = wsize + (nSteps_ - 1) * tstep;
  Vec window(wsize);
  for (int n = 0; n < wsize; ++n) window[n] = std::sin((n + 0.5) / wsize * std::numbers::pi);
  Vec overlap = Vec::Zero(padded);
  for (Index t = 0; t < nSteps_; ++t) overlap.segment(t * tstep, wsize) += window.cwiseAbs2();

  weight_ = RowMat::Zero(nSteps_, wsize);
  first_.resize(static_cast<std::size_t>(nSteps_));
  last_.resize(static_cast<std::size_t>(nSteps_));
  for (Index t = 0; t < nSteps_; ++t) {
    // Window sample n covers padded sample t·tstep + n, i.e. signal sample t·tstep + n − offset.
    const Index first = std::clamp<Index>(offset_ - t * tstep, 0, wsize);
    const Index last = std::clamp<Index>(offset_ + nTimes - t * tstep, 0, wsize);
    first_[static_cast<std::size_t>(t)] = first;
    last_[static_cast<std::size_t>(t)] = std::max(first, last);
    for (Index n = first; n < last; ++n)
      weight_(t, n) = window[n] / std::sqrt(wsize * overlap[t * tstep + n]);
  }

  // Real DFT of a window: column 2f is cos(2πfn/N), column 2f+1 is −sin(2πfn/N). The product
  // f·n is reduced modulo N first so the angles stay exact.
  dft_.resize(wsize, 2 * nFreqs_);
  idft_.resize(2 * nFreqs_, wsize);
  multiplicity_.resize(nCoefs());
  for (Index f = 0; f < nFreqs_; ++f) {
    const double c = (f == 0 || f == nFreqs_ - 1) ? 1.0 : 2.0;
    for (Index n = 0; n < wsize; ++n) {
      const double angle = 2.0 * std::numbers::pi * static_cast<double>((f * n) % wsize) / wsize;
      dft_(n, 2 * f) = std::cos(angle);
      dft_(n, 2 * f + 1) = -std::sin(angle);
      idft_(2 * f, n) = c * dft_(n, 2 * f);
      idft_(2 * f + 1, n) = c * dft_(n, 2 * f + 1);
    }
    for (Index s = 0; s < nSteps_; ++s) multiplicity_[s * nFreqs_ + f] = c;
  }
  if (RealFft::supports(wsize)) fft_.emplace(wsize);
}

StftFrame::Workspace StftFrame::workspace() const {
  return Workspace{RowMat::Zero(nSteps_, wsize_), std::vector<double>(static_cast<std::size_t>(wsize_)),
                   std::vector<Complex>(static_cast<std::size_t>(wsize_ / 2))};
}

void StftFrame::analyze(const double* x, Complex* z, Workspace& ws) const {
  if (fft_) {
    for (Index t = 0; t < nSteps_; ++t) {
      windowed(x, t, ws.frame.data());
      fft_->forward(ws.frame.data(), z + t * nFreqs_, ws.fftWork.data());
    }
    return;
  }
  for (Index t = 0; t < nSteps_; ++t) {
    double* frame = ws.frames.row(t).data();
    const Index first = first_[static_cast<std::size_t>(t)];
    const Index last = last_[static_cast<std::size_t>(t)];
    const Index shift = t * tstep_ - offset_;  // signal sample of window sample n is n + shift
    std::fill(frame, frame + first, 0.0);
    for (Index n = first; n < last; ++n) frame[n] = weight_(t, n) * x[n + shift];
    std::fill(frame + last, frame + wsize_, 0.0);
  }
  Eigen::Map<RowMat> out(reinterpret_cast<double*>(z), nSteps_, 2 * nFreqs_);
  out.noalias() = ws.frames * dft_;
}

void StftFrame::synthesize(const Complex* z, double* x, Workspace& ws) const {
  if (fft_) {
    std::fill(x, x + nTimes_, 0.0);
    for (Index t = 0; t < nSteps_; ++t) {
      fft_->adjoint(z + t * nFreqs_, ws.frame.data(), ws.fftWork.data());
      const Index shift = t * tstep_ - offset_;
      for (Index n = first_[static_cast<std::size_t>(t)]; n < last_[static_cast<std::size_t>(t)]; ++n)
        x[n + shift] += weight_(t, n) * ws.frame[static_cast<std::size_t>(n)];
    }
    return;
  }
  const Eigen::Map<const RowMat> in(reinterpret_cast<const double*>(z), nSteps_, 2 * nFreqs_);
  ws.frames.noalias() = in * idft_;
  std::fill(x, x + nTimes_, 0.0);
  for (Index t = 0; t < nSteps_; ++t) {
    const double* frame = ws.frames.row(t).data();
    const Index shift = t * tstep_ - offset_;
    for (Index n = first_[static_cast<std::size_t>(t)]; n < last_[static_cast<std::size_t>(t)]; ++n)
      x[n + shift] += weight_(t, n) * frame[n];
  }
}

void StftFrame::windowed(const double* x, Index t, double* frame) const {
  const Index first = first_[static_cast<std::size_t>(t)];
  const Index last = last_[static_cast<std::size_t>(t)];
  const Index shift = t * tstep_ - offset_;
  std::fill(frame, frame + first, 0.0);
  for (Index n = first; n < last; ++n) frame[n] = weight_(t, n) * x[n + shift];
  std::fill(frame + last, frame + wsize_, 0.0);
}

void StftFrame::analyzeRows(const Eigen::Ref<const RowMat>& X, RowMatXcd& Z, RowMat& frames) const {
  const Index k = X.rows();
  if (fft_) {
    Z.resize(k, nCoefs());
    Workspace ws = workspace();
    for (Index r = 0; r < k; ++r) analyze(X.row(r).data(), Z.row(r).data(), ws);
    return;
  }
  frames.resize(k * nSteps_, wsize_);
  frames.setZero();
  for (Index r = 0; r < k; ++r)
    for (Index t = 0; t < nSteps_; ++t) {
      const double* x = X.row(r).data();
      const Index shift = t * tstep_ - offset_;
      double* frame = frames.row(r * nSteps_ + t).data();
      for (Index n = first_[static_cast<std::size_t>(t)]; n < last_[static_cast<std::size_t>(t)]; ++n)
        frame[n] = weight_(t, n) * x[n + shift];
    }
  Z.resize(k, nCoefs());
  Eigen::Map<RowMat> out(reinterpret_cast<double*>(Z.data()), k * nSteps_, 2 * nFreqs_);
  out.noalias() = frames * dft_;
}

Eigen::MatrixXcd StftFrame::toMneLayout(const RowMatXcd& Z) const {
  Eigen::MatrixXcd out(Z.rows(), nCoefs());
  for (Index s = 0; s < nSteps_; ++s)
    for (Index f = 0; f < nFreqs_; ++f) out.col(f * nSteps_ + s) = Z.col(s * nFreqs_ + f);
  return out;
}

RowMatXcd StftFrame::fromMneLayout(const Eigen::MatrixXcd& Z) const {
  if (Z.cols() != nCoefs()) throw std::invalid_argument("STFT: wrong number of coefficients");
  RowMatXcd out(Z.rows(), nCoefs());
  for (Index s = 0; s < nSteps_; ++s)
    for (Index f = 0; f < nFreqs_; ++f) out.col(s * nFreqs_ + f) = Z.col(f * nSteps_ + s);
  return out;
}

Eigen::MatrixXcd StftFrame::stft(const Mat& X) const {
  if (X.cols() != nTimes_) throw std::invalid_argument("STFT: wrong signal length");
  const RowMat rows = X;
  RowMatXcd Z;
  RowMat frames;
  analyzeRows(rows, Z, frames);
  return toMneLayout(Z);
}

Mat StftFrame::istft(const Eigen::MatrixXcd& Z) const {
  const RowMatXcd rows = fromMneLayout(Z);
  RowMat X(Z.rows(), nTimes_);
  Workspace ws = workspace();
  for (Index r = 0; r < rows.rows(); ++r) synthesize(rows.row(r).data(), X.row(r).data(), ws);
  return X;
}

double StftFrame::maxModulusBound(const double* x) const {
  double largest = 0.0;
  for (Index t = 0; t < nSteps_; ++t) {
    const Index shift = t * tstep_ - offset_;
    double sum = 0.0;
    for (Index n = first_[static_cast<std::size_t>(t)]; n < last_[static_cast<std::size_t>(t)]; ++n)
      sum += weight_(t, n) * std::abs(x[n + shift]);
    largest = std::max(largest, sum);
  }
  return largest;
}

double StftFrame::squaredNorm(const Complex* z) const {
  double sum = 0.0;
  for (Index k = 0; k < nCoefs(); ++k) sum += multiplicity_[k] * std::norm(z[k]);
  return sum;
}

double StftFrame::l1Norm(const Complex* z) const {
  double sum = 0.0;
  for (Index k = 0; k < nCoefs(); ++k) sum += multiplicity_[k] * std::sqrt(std::norm(z[k]));
  return sum;
}

}  // namespace lambdascope
