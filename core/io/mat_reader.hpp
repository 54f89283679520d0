#pragma once
// MATLAB .mat datasets through matio: level 4, level 5 (v6, v7 compressed) and v7.3 (HDF5).
//
// Convention: variable `X` (n × p, real numeric or logical, full or sparse; sparse stays CSC),
// variable `y` (a vector of n real values; LoadOptions::targetColumn names another variable),
// optional `feature_names` (a cell array of p strings, or a p-row char matrix). This is what
// scipy.io.savemat(path, {"X": X, "y": y}) and MATLAB's save(path, "X", "y") write.

#include <string>

#include "core/io/dataset_io.hpp"

namespace lambdascope {

/// Loads `path` with the convention above. Throws DataError naming the file and the variable
/// (missing, wrong class or shape, complex, non-finite element with its row and column), or
/// LoadCancelled between variables when `control` asks.
Dataset loadMatDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control = {});

}  // namespace lambdascope
