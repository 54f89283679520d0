#include "core/selection/folds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>

#include "core/selection/row_subset.hpp"

namespace lambdascope {

namespace {
/// Uniform in [0, bound) without modulo bias (rejection of the incomplete top range).
std::uint64_t boundedDraw(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                              std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t r = rng();
  while (r >= limit) r = rng();
  return r % bound;
}
}  // namespace

FoldScheme foldSchemeFromString(const std::string& name) {
  if (name == "contiguous") return FoldScheme::Contiguous;
  if (name == "shuffled") return FoldScheme::Shuffled;
  if (name == "stratified") return FoldScheme::Stratified;
  throw std::invalid_argument("unknown fold scheme '" + name + "' (contiguous, shuffled, stratified)");
}

const char* toString(FoldScheme scheme) {
  switch (scheme) {
    case FoldScheme::Contiguous: return "contiguous";
    case FoldScheme::Shuffled: return "shuffled";
    case FoldScheme::Stratified: return "stratified";
  }
  return "?";
}

std::vector<Index> seededPermutation(Index n, std::uint64_t seed) {
  std::vector<Index> perm(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) perm[static_cast<std::size_t>(i)] = i;
  std::mt19937_64 rng(seed);
  for (Index i = n - 1; i > 0; --i) {
    const auto j = static_cast<Index>(boundedDraw(rng, static_cast<std::uint64_t>(i + 1)));
    std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
  }
  return perm;
}

std::vector<std::vector<Index>> makeFolds(Index n, int k, FoldScheme scheme, std::uint64_t seed,
                                          const Vec* y) {
  if (k < 2) throw std::invalid_argument("the number of folds must be at least 2, got " + std::to_string(k));
  if (k > n)
    throw std::invalid_argument("the number of folds (" + std::to_string(k) + ") exceeds the number of rows (" +
                                std::to_string(n) + ")");
  std::vector<std::vector<Index>> folds(static_cast<std::size_t>(k));
  if (scheme == FoldScheme::Stratified) {
    if (y == nullptr || y->size() != n) throw std::invalid_argument("stratified folds need the target");
    std::map<double, std::vector<Index>> classes;
    for (const Index i : seededPermutation(n, seed)) classes[(*y)[i]].push_back(i);
    // Deal class after class, continuing the round-robin, so fold sizes differ by at most one.
    std::size_t next = 0;
    for (auto& [label, rows] : classes)
      for (const Index i : rows) folds[next++ % folds.size()].push_back(i);
  } else {
    std::vector<Index> order = scheme == FoldScheme::Shuffled ? seededPermutation(n, seed) : std::vector<Index>();
    if (order.empty()) {
      order.resize(static_cast<std::size_t>(n));
      for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    }
    const Index base = n / k;
    const Index extra = n % k;
    Index start = 0;
    for (Index f = 0; f < k; ++f) {
      const Index size = base + (f < extra ? 1 : 0);
      folds[static_cast<std::size_t>(f)].assign(order.begin() + start, order.begin() + start + size);
      start += size;
    }
  }
  for (auto& fold : folds) std::sort(fold.begin(), fold.end());
  return folds;
}

std::vector<Split> foldSplits(Index n, const std::vector<std::vector<Index>>& folds) {
  std::vector<Split> splits;
  splits.reserve(folds.size());
  for (const auto& fold : folds) splits.push_back({complementRows(n, fold), fold});
  return splits;
}

Split firstHalfSplit(Index n) {
  if (n < 2) throw std::invalid_argument("a hold-out split needs at least 2 rows");
  Split s;
  const Index half = n / 2;
  for (Index i = 0; i < n; ++i) (i < half ? s.train : s.validation).push_back(i);
  return s;
}

Split randomSplit(Index n, std::uint64_t seed, double trainFraction) {
  if (!(trainFraction > 0.0 && trainFraction < 1.0))
    throw std::invalid_argument("the training fraction must be in (0, 1), got " + std::to_string(trainFraction));
  const auto nTrain = static_cast<Index>(std::floor(static_cast<double>(n) * trainFraction));
  if (nTrain < 1 || nTrain >= n) throw std::invalid_argument("a hold-out split needs rows on both sides");
  const std::vector<Index> perm = seededPermutation(n, seed);
  Split s;
  s.train.assign(perm.begin(), perm.begin() + nTrain);
  s.validation.assign(perm.begin() + nTrain, perm.end());
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.validation.begin(), s.validation.end());
  return s;
}

Split userSplit(Index n, std::vector<Index> validation) {
  std::sort(validation.begin(), validation.end());
  for (std::size_t k = 0; k < validation.size(); ++k) {
    if (validation[k] < 0 || validation[k] >= n)
      throw std::invalid_argument("validation row " + std::to_string(validation[k]) + " is outside 0.." +
                                  std::to_string(n - 1));
    if (k > 0 && validation[k] == validation[k - 1])
      throw std::invalid_argument("validation row " + std::to_string(validation[k]) + " is repeated");
  }
  Split s{complementRows(n, validation), std::move(validation)};
  if (s.train.empty() || s.validation.empty())
    throw std::invalid_argument("a hold-out split needs rows on both sides");
  return s;
}

}  // namespace lambdascope
