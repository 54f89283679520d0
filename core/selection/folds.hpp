#pragma once
// Which rows validate which fit: K-fold schemes and hold-out splits, all seeded and portable
// (the same seed gives the same folds on every platform: no std::shuffle, whose algorithm the
// standard leaves open).

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace lambdascope {

/// One train/validation split; both index lists increasing.
struct Split {
  std::vector<Index> train;
  std::vector<Index> validation;
};

enum class FoldScheme {
  Contiguous,  ///< glmnet/scikit-learn (KFold, shuffle=False): K blocks in row order, the first
               ///< n mod K blocks one row longer
  Shuffled,    ///< the same blocks over a seeded permutation of the rows
  Stratified,  ///< each class dealt round-robin over the folds after a seeded shuffle
               ///< (classification: every fold keeps the class proportions)
};

/// "contiguous", "shuffled", "stratified"; throws std::invalid_argument otherwise.
FoldScheme foldSchemeFromString(const std::string& name);
const char* toString(FoldScheme scheme);

/// Validation rows of each of the K folds (a partition of 0..n−1, each list increasing).
/// `y` is only read by Stratified (classes are its distinct values). Throws std::invalid_argument
/// unless 2 ≤ K ≤ n.
std::vector<std::vector<Index>> makeFolds(Index n, int k, FoldScheme scheme, std::uint64_t seed = 0,
                                          const Vec* y = nullptr);

/// The K train/validation splits of a fold partition.
std::vector<Split> foldSplits(Index n, const std::vector<std::vector<Index>>& folds);

/// Hold-out: train on the first ⌊n/2⌋ rows, validate on the rest.
Split firstHalfSplit(Index n);
/// Hold-out: train on ⌊n·trainFraction⌋ rows drawn by a seeded permutation.
Split randomSplit(Index n, std::uint64_t seed, double trainFraction = 0.5);
/// Hold-out with user-given validation rows (0-based); throws std::invalid_argument when one is
/// out of range, repeated, or when either side would be empty.
Split userSplit(Index n, std::vector<Index> validation);

/// A seeded permutation of 0..n−1 (Fisher–Yates on mt19937_64 with unbiased bounded draws).
std::vector<Index> seededPermutation(Index n, std::uint64_t seed);

}  // namespace lambdascope
