#pragma once
// Proximal kernels shared by penalties.

#include <cmath>

namespace lambdascope::prox {

/// Soft thresholding: argmin_x (x − v)²/2 + t|x|.
inline double softThreshold(double v, double t) {
  if (v > t) return v - t;
  if (v < -t) return v + t;
  return 0.0;
}

}  // namespace lambdascope::prox
