#pragma once
// NumPy datasets: the X/y convention on top of core/io/npy.hpp.
//
// .npz (np.savez or np.savez_compressed):
//   X              n × p numeric array (C or Fortran order), or a sparse X as four keys
//   X_data, X_indices, X_indptr, X_shape   (scipy.sparse CSC arrays: X.data, X.indices, X.indptr,
//                  X.shape; add X_format = "csr" for CSR arrays), kept sparse;
//   y              n values (shape (n,), (n, 1) or (1, n)); LoadOptions::targetColumn names
//                  another key;
//   feature_names  optional array of p strings.
// .npy: one 2-D n × (p + 1) numeric array whose last column is the target (as a CSV without
//   header), or a pair NAME_X.npy + NAME_y.npy (also X.npy + y.npy) in one folder: opening either
//   file loads both.

#include <string>
#include <string_view>

#include "core/io/dataset_io.hpp"

namespace lambdascope {

/// Reads a .npz dataset. Throws DataError naming the file and the key, or LoadCancelled.
Dataset loadNpzDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control = {});
/// Reads a .npy dataset (one array, or the X/y pair beside it).
Dataset loadNpyDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control = {});

/// The same from bytes in memory (`displayName` names them in messages); one .npy array holds
/// X and y here (no pair).
Dataset parseNpzDataset(std::string_view bytes, const std::string& displayName,
                        const LoadOptions& options);
Dataset parseNpyDataset(std::string_view bytes, const std::string& displayName,
                        const LoadOptions& options);

}  // namespace lambdascope
