#include "core/l0/enumeration.hpp"

#include <algorithm>

namespace lambdascope::l0 {

EnumerationResult enumerateSupports(const L0Problem& problem, Index k, std::stop_token stop) {
  const Index p = problem.features();
  k = std::clamp<Index>(k, 0, p);
  EnumerationResult out;
  std::vector<Index> comb;
  for (Index size = 0; size <= k; ++size) {
    comb.resize(static_cast<std::size_t>(size));
    for (Index i = 0; i < size; ++i) comb[static_cast<std::size_t>(i)] = i;
    while (true) {
      if (stop.stop_requested()) {
        out.complete = false;
        return out;
      }
      L0Solution s = problem.fitSupport(comb);
      ++out.supportsFitted;
      if (s.objective < out.best.objective) out.best = std::move(s);
      // Next combination in lexicographic order.
      Index i = size - 1;
      while (i >= 0 && comb[static_cast<std::size_t>(i)] == p - size + i) --i;
      if (i < 0) break;
      ++comb[static_cast<std::size_t>(i)];
      for (Index j = i + 1; j < size; ++j) comb[static_cast<std::size_t>(j)] = comb[static_cast<std::size_t>(j - 1)] + 1;
    }
  }
  return out;
}

}  // namespace lambdascope::l0
