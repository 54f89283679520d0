#pragma once
// Exhaustive enumeration of supports: the exact k-sparse optimum for small p (a test oracle and a
// reference for the certificates). Cost Σ_{s ≤ k} C(p, s) exact restricted fits.

#include <stop_token>

#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

struct EnumerationResult {
  L0Solution best;
  long long supportsFitted = 0;
  bool complete = true;  ///< false when stopped
};

/// Fit every support of size ≤ k and keep the best (ties: the first in lexicographic order).
EnumerationResult enumerateSupports(const L0Problem& problem, Index k, std::stop_token stop = {});

}  // namespace lambdascope::l0
