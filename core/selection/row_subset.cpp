#include "core/selection/row_subset.hpp"

#include <stdexcept>
#include <string>

namespace lambdascope {

namespace {
void checkRows(Index n, std::span<const Index> rows) {
  for (const Index i : rows)
    if (i < 0 || i >= n)
      throw std::out_of_range("row " + std::to_string(i) + " is outside the data (" + std::to_string(n) +
                              " rows)");
}
}  // namespace

FeatureStorage subsetStorage(const FeatureStorage& storage, std::span<const Index> rows) {
  const Index m = static_cast<Index>(rows.size());
  if (const Mat* dense = std::get_if<Mat>(&storage)) {
    checkRows(dense->rows(), rows);
    // Folds and splits select long runs of consecutive rows: copy each run as a block.
    struct Run {
      Index from, to, length;
    };
    std::vector<Run> runs;
    for (Index k = 0; k < m;) {
      Index len = 1;
      const Index first = rows[static_cast<std::size_t>(k)];
      while (k + len < m && rows[static_cast<std::size_t>(k + len)] == first + len) ++len;
      runs.push_back({first, k, len});
      k += len;
    }
    Mat out(m, dense->cols());
    for (const Run& r : runs) out.middleRows(r.to, r.length) = dense->middleRows(r.from, r.length);
    return out;
  }
  const SpMat& X = std::get<SpMat>(storage);
  checkRows(X.rows(), rows);
  // Old row → new position(s); a row may be selected more than once (bootstrap).
  std::vector<std::vector<int>> where(static_cast<std::size_t>(X.rows()));
  for (Index k = 0; k < m; ++k) where[static_cast<std::size_t>(rows[static_cast<std::size_t>(k)])].push_back(static_cast<int>(k));
  std::vector<Eigen::Triplet<double, int>> triplets;
  triplets.reserve(static_cast<std::size_t>(X.nonZeros()));
  for (Index j = 0; j < X.cols(); ++j)
    for (SpMat::InnerIterator it(X, j); it; ++it)
      for (const int k : where[static_cast<std::size_t>(it.index())])
        triplets.emplace_back(k, static_cast<int>(j), it.value());
  SpMat out(m, X.cols());
  out.setFromTriplets(triplets.begin(), triplets.end());
  out.makeCompressed();
  return takeStorage(std::move(out));
}

Vec gatherRows(const Vec& v, std::span<const Index> rows) {
  checkRows(v.size(), rows);
  Vec out(static_cast<Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) out[static_cast<Index>(k)] = v[rows[k]];
  return out;
}

Dataset subsetRows(const Dataset& data, const Vec& target, std::span<const Index> rows) {
  return Dataset(subsetStorage(*data.storage(), rows), gatherRows(target, rows), data.featureNames(),
                 data.targetName(), data.source());
}

Dataset subsetRows(const Dataset& data, std::span<const Index> rows) { return subsetRows(data, data.target(), rows); }

std::vector<Index> complementRows(Index n, std::span<const Index> rows) {
  std::vector<char> taken(static_cast<std::size_t>(n), 0);
  for (const Index i : rows)
    if (i >= 0 && i < n) taken[static_cast<std::size_t>(i)] = 1;
  std::vector<Index> out;
  out.reserve(static_cast<std::size_t>(n) - std::min(rows.size(), static_cast<std::size_t>(n)));
  for (Index i = 0; i < n; ++i)
    if (!taken[static_cast<std::size_t>(i)]) out.push_back(i);
  return out;
}

Vec linearPredictor(const FeatureStorage& storage, const std::vector<Index>& support,
                    const std::vector<double>& values, double intercept) {
  if (const Mat* dense = std::get_if<Mat>(&storage)) {
    Vec eta = Vec::Constant(dense->rows(), intercept);
    for (std::size_t k = 0; k < support.size(); ++k) eta += values[k] * dense->col(support[k]);
    return eta;
  }
  const SpMat& X = std::get<SpMat>(storage);
  Vec eta = Vec::Constant(X.rows(), intercept);
  for (std::size_t k = 0; k < support.size(); ++k)
    for (SpMat::InnerIterator it(X, support[k]); it; ++it) eta[it.index()] += values[k] * it.value();
  return eta;
}

}  // namespace lambdascope
