#include "core/dataset.hpp"

#include <cmath>
#include <stdexcept>

namespace lambdascope {

Dataset::Dataset(FeatureStorage&& X, Vec y, std::vector<std::string> featureNames,
                 std::string targetName, std::string source)
    : storage_(shareStorage(std::move(X))),
      y_(std::move(y)),
      featureNames_(std::move(featureNames)),
      targetName_(std::move(targetName)),
      source_(std::move(source)) {
  targetNames_.push_back(targetName_);
  const Index rows = std::visit([](const auto& m) { return static_cast<Index>(m.rows()); }, *storage_);
  const Index cols = std::visit([](const auto& m) { return static_cast<Index>(m.cols()); }, *storage_);
  if (rows != y_.size())
    throw std::invalid_argument("Dataset: X has " + std::to_string(rows) + " rows but y has " +
                                std::to_string(y_.size()));
  if (featureNames_.empty()) {
    featureNames_.reserve(static_cast<std::size_t>(cols));
    for (Index j = 0; j < cols; ++j) {
      std::string name = std::to_string(j + 1);
      name.insert(name.begin(), 'x');
      featureNames_.push_back(std::move(name));
    }
  } else if (static_cast<Index>(featureNames_.size()) != cols) {
    throw std::invalid_argument("Dataset: feature name count does not match the columns");
  }
}

Dataset::Dataset(FeatureStorage&& X, Mat Y, std::vector<std::string> featureNames,
                 std::vector<std::string> targetNames, std::string source)
    : Dataset(std::move(X), Y.cols() > 0 ? Vec(Y.col(0)) : Vec(), std::move(featureNames),
              targetNames.empty() ? std::string() : targetNames.front(), std::move(source)) {
  if (Y.cols() < 1) throw std::invalid_argument("Dataset: at least one target column is needed");
  if (static_cast<Index>(targetNames.size()) != Y.cols())
    throw std::invalid_argument("Dataset: target name count does not match the target columns");
  extraTargets_ = Y.rightCols(Y.cols() - 1);
  targetNames_ = std::move(targetNames);
}

Mat Dataset::targets() const {
  Mat Y(y_.size(), tasks());
  Y.col(0) = y_;
  if (tasks() > 1) Y.rightCols(tasks() - 1) = extraTargets_;
  return Y;
}

StorageKind Dataset::storageKind() const {
  return std::holds_alternative<SpMat>(*storage_) ? StorageKind::Sparse : StorageKind::Dense;
}

double Dataset::density() const { return design({false, false}).density(); }

DesignMatrix Dataset::design(const Preprocessing& prep, bool centreSparse, const Vec* sampleWeights) const {
  const DesignMatrix raw(storage_, Vec(), Vec());
  const Index p = raw.cols();
  const double n = static_cast<double>(raw.rows());
  if (n == 0 || (!prep.fitIntercept && !prep.standardize)) return raw;
  const bool weighted = sampleWeights && sampleWeights->size() == raw.rows();
  const double weightSum = weighted ? sampleWeights->sum() : n;

  Vec center = Vec::Zero(p);
  if (prep.fitIntercept)
    for (Index j = 0; j < p; ++j)
      center[j] = (weighted ? raw.colDot(j, *sampleWeights) : raw.colSum(j)) / weightSum;
  const bool keepCentre = centreSparse || storageKind() == StorageKind::Dense;
  if (!prep.standardize) return DesignMatrix(storage_, keepCentre ? std::move(center) : Vec(), Vec());

  // Population (ddof 0) spread about the mean when an intercept is fitted, as glmnet does.
  const DesignMatrix centred(storage_, center, Vec());
  Vec scale(p);
  for (Index j = 0; j < p; ++j) {
    const double ss = weighted ? centred.colWeightedSquaredNorm(j, *sampleWeights) : centred.colSquaredNorm(j);
    const double sd = std::sqrt(ss / weightSum);
    scale[j] = sd > 0.0 ? sd : 1.0;  // constant column: left unscaled (it stays at zero)
  }
  return DesignMatrix(storage_, keepCentre ? std::move(center) : Vec(), std::move(scale));
}

Dataset Dataset::withStorage(StorageKind kind) const {
  if (kind == storageKind()) return *this;
  FeatureStorage X;
  if (kind == StorageKind::Sparse) {
    X = SpMat(std::get<Mat>(*storage_).sparseView());
  } else {
    X = Mat(std::get<SpMat>(*storage_));
  }
  if (tasks() > 1) return Dataset(std::move(X), targets(), featureNames_, targetNames_, source_);
  return Dataset(std::move(X), y_, featureNames_, targetName_, source_);
}

}  // namespace lambdascope
