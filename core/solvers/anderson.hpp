#pragma once
// Anderson extrapolation of a fixed-point sequence (Anderson 1965; used for coordinate descent
// by Bertrand & Massias, AISTATS 2021).

#include "core/types.hpp"

namespace lambdascope {

/// Keeps the last K+1 iterates x_0..x_K of a sequence and proposes Σ c_k x_k with c minimising
/// ‖Σ c_k (x_k − x_{k−1})‖ subject to Σ c_k = 1. The caller decides whether to accept it.
class AndersonAccelerator {
 public:
  explicit AndersonAccelerator(int depth = 5) : depth_(depth) {}

  /// Start over with vectors of length m (allocates once).
  void reset(Index m);
  /// Record an iterate; returns true when K+1 iterates are held and an extrapolation is ready.
  bool push(CVecRef x);
  /// Write the extrapolated point; returns false (and leaves `out`) if the system is singular.
  /// Clears the history either way, so the next proposal uses K+1 fresh iterates.
  bool extrapolate(VecRef out);

  int depth() const { return depth_; }

 private:
  int depth_;
  int count_ = 0;
  Mat history_;  // m × (K+1)
};

}  // namespace lambdascope
