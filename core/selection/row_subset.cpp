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
    Mat out(m, dense->cols());
    for (Index j = 0; j < dense->cols(); ++j)
      for (Index k = 0; k < m; ++k) out(k, j) = (*dense)(rows[static_cast<std::size_t>(k)], j);
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
  return out;
}

Dataset subsetRows(const Dataset& data, std::span<const Index> rows) {
  FeatureStorage X = subsetStorage(*data.storage(), rows);
  Vec y(static_cast<Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) y[static_cast<Index>(k)] = data.target()[rows[k]];
  return Dataset(std::move(X), std::move(y), data.featureNames(), data.targetName(), data.source());
}

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
