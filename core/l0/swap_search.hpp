#pragma once
// Local search for k-sparse models: coordinate-wise moves that add or swap one feature, each
// support refitted exactly (L0Learn's "swap-inescapable" local minima, Hazimeh & Mazumder 2020).
//
// From a start support: (1) forward steps add the feature with the largest one-coordinate
// decrease g_j²/(2(h_j + 2λ₂)) until |S| = k; (2) for each i in S, smallest |θ_i| first, drop i
// and score every j ∉ S by the same one-coordinate decrease at the point without i; the best few
// candidates are refitted on S − i + j and the first that lowers F is kept. It stops when no
// single swap lowers F: a point that coordinate descent over supports of size k cannot leave.
// Refitting a support exactly is what coordinate descent on it converges to; supports are small,
// so the direct solve is cheaper and exact.

#include <stop_token>

#include "core/l0/l0_problem.hpp"

namespace lambdascope::l0 {

struct SwapOptions {
  int maxSwaps = 10000;
  Index candidates = 3;  ///< refits tried per dropped feature
};

struct SwapResult {
  L0Solution solution;
  int swaps = 0;
  int refits = 0;
};

/// Local search from the support of `start` (may have fewer than k features).
SwapResult swapSearch(const L0Problem& problem, Index k, const L0Solution& start,
                      const SwapOptions& options = {}, std::stop_token stop = {});

}  // namespace lambdascope::l0
