#pragma once
// A loaded dataset: raw features (owned once, shared by every view), target and names.

#include <memory>
#include <string>
#include <vector>

#include "core/design_matrix.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// How the features are presented to a model. Coefficients are always reported on the original
/// scale of the features; the objective is the one minimised (on standardised features if asked).
struct Preprocessing {
  bool fitIntercept = true;  ///< unpenalised intercept; implies implicit column centring
  bool standardize = false;  ///< divide each column by its (population) standard deviation
};

enum class StorageKind { Dense, Sparse };

class Dataset {
 public:
  Dataset() = default;
  /// Takes ownership of X (dense column-major or CSC) and y. Names may be empty (defaults x1..xp).
  Dataset(FeatureStorage&& X, Vec y, std::vector<std::string> featureNames, std::string targetName,
          std::string source = {});
  /// Several targets (multitask models): Y is n × T, one name per column. target() is column 0.
  Dataset(FeatureStorage&& X, Mat Y, std::vector<std::string> featureNames,
          std::vector<std::string> targetNames, std::string source = {});

  Index samples() const { return y_.size(); }
  Index features() const { return static_cast<Index>(featureNames_.size()); }
  StorageKind storageKind() const;
  double density() const;

  const Vec& target() const { return y_; }
  /// Number of target columns (1 unless loaded with several targets).
  Index tasks() const { return static_cast<Index>(targetNames_.size()); }
  /// All targets, n × T (for one target, the n × 1 matrix of target()).
  Mat targets() const;
  const std::vector<std::string>& targetNames() const { return targetNames_; }
  const std::vector<std::string>& featureNames() const { return featureNames_; }
  const std::string& targetName() const { return targetName_; }  ///< the first target's name
  const std::string& source() const { return source_; }  ///< file path it came from, if any
  const std::shared_ptr<const FeatureStorage>& storage() const { return storage_; }

  /// The design seen by a model under `prep`: implicit centring (intercept) and scaling.
  /// With `centreSparse` false, sparse columns are left uncentred (the intercept still absorbs
  /// the means), for datafits whose centred sparse updates would cost O(n).
  /// With sample weights, means and standard deviations are weighted (glmnet's convention), so
  /// integer weights standardise exactly like repeated rows.
  DesignMatrix design(const Preprocessing& prep, bool centreSparse = true, const Vec* sampleWeights = nullptr) const;

  /// The same data in the other storage (for tests and for the user's dense/sparse choice).
  Dataset withStorage(StorageKind kind) const;

 private:
  std::shared_ptr<const FeatureStorage> storage_;
  Vec y_;
  Mat extraTargets_;  // columns 1..T−1 of Y when T > 1 (column 0 is y_)
  std::vector<std::string> featureNames_;
  std::string targetName_;
  std::vector<std::string> targetNames_;
  std::string source_;
};

}  // namespace lambdascope
