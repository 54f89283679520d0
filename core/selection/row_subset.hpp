#pragma once
// Datasets made of selected rows (CV folds, hold-out splits), in the parent's storage kind.

#include <span>
#include <vector>

#include "core/dataset.hpp"

namespace lambdascope {

/// The rows `rows` (0-based, in the given order) of X and y, dense or CSC as the parent. Names
/// and source are kept. O(n_sub·p) for dense storage, O(nnz) for CSC. Throws std::out_of_range
/// on an index outside [0, n).
Dataset subsetRows(const Dataset& data, std::span<const Index> rows);
/// The same with `target` (length n, e.g. the datafit's coding of y) in place of the data's target.
Dataset subsetRows(const Dataset& data, const Vec& target, std::span<const Index> rows);

/// v[rows], in the given order.
Vec gatherRows(const Vec& v, std::span<const Index> rows);

/// The raw feature storage of selected rows only (no target), for predictions on a fold.
FeatureStorage subsetStorage(const FeatureStorage& storage, std::span<const Index> rows);

/// {0..n−1} minus `rows`, increasing.
std::vector<Index> complementRows(Index n, std::span<const Index> rows);

/// η = Xβ + b0 on raw (uncentred, unscaled) features.
Vec linearPredictor(const FeatureStorage& storage, const std::vector<Index>& support,
                    const std::vector<double>& values, double intercept);

}  // namespace lambdascope
