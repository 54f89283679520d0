#pragma once
// Loaders for CSV/TSV (header row), LIBSVM/SVMlight, NumPy .npy/.npz and MATLAB .mat files.
//
// Every malformed input raises DataError naming the file, the 1-based line and column (field
// index for CSV/TSV, token index for LIBSVM; 0 for binary formats, whose messages name the
// variable and the element instead) and the offending text. Nothing is silently fixed.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/dataset.hpp"

namespace lambdascope {

/// Npy: one 2-D .npy array whose last column is the target, or a pair NAME_X.npy + NAME_y.npy;
/// Npz: keys X, y and optional feature_names (see core/io/npy_dataset.hpp); Matlab: variables
/// X, y and optional feature_names (see core/io/mat_reader.hpp).
enum class FileFormat { Auto, Csv, Tsv, Libsvm, Npy, Npz, Matlab };
enum class StorageChoice { Auto, Dense, Sparse };

struct LoadOptions {
  FileFormat format = FileFormat::Auto;  ///< Auto: by extension; .txt by content
  std::string targetColumn;              ///< CSV/TSV: target column by name; empty = last column
  /// CSV/TSV: several target columns by name (multitask models), in this order; overrides
  /// targetColumn when not empty.
  std::vector<std::string> targetColumns;
  StorageChoice storage = StorageChoice::Auto;
  double sparseDensityThreshold = 0.1;  ///< Auto storage: CSC when density ≤ this
  bool zeroBasedIndices = false;        ///< LIBSVM: indices start at 0 instead of 1
  Index libsvmFeatures = 0;             ///< LIBSVM: number of features (0 = largest index seen)
};

/// Progress and cancellation of a load (the GUI's loader thread). Progress counts bytes twice,
/// once read and once parsed (total = 2 × file size); text parsers look at `cancel` every few
/// thousand lines, binary formats between stages. A cancelled load throws LoadCancelled.
struct LoadControl {
  /// Called with (bytes done, bytes total) from the loading thread; may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to true (any thread) to stop the load

  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

/// Thrown when LoadControl::cancel was set during a load.
class LoadCancelled : public std::runtime_error {
 public:
  LoadCancelled() : std::runtime_error("loading cancelled") {}
};

/// A loading error with its location. `line` and `column` are 1-based; 0 when not applicable.
class DataError : public std::runtime_error {
 public:
  DataError(std::string file, long line, long column, std::string offendingText, std::string what);
  const std::string& file() const { return file_; }
  long line() const { return line_; }
  long column() const { return column_; }
  const std::string& offendingText() const { return text_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  long line_;
  long column_;
  std::string text_;
  std::string reason_;
};

/// Format chosen from the file name's extension: Csv when unknown, Auto (decide from the
/// content) for .txt; .npy, .npz and .mat select the binary formats.
FileFormat formatFromPath(std::string_view path);

/// Read and parse a file. Throws DataError (including for a missing or unreadable file), or
/// LoadCancelled when `control` asked to stop.
Dataset loadDataset(const std::string& path, const LoadOptions& options = {},
                    const LoadControl& control = {});

/// Parse in-memory content; `displayName` is used in error messages and as the source.
/// `options.format` must not be Auto unless displayName carries an extension. MATLAB files are
/// only read from disk (matio opens files): Mat content here raises DataError.
Dataset parseDataset(std::string_view content, const std::string& displayName,
                     const LoadOptions& options = {}, const LoadControl& control = {});

/// Throws DataError unless `path` names an existing file that is not a directory.
void requireDataFile(const std::string& path);

/// Variable names used in messages by datasetFromArrays.
struct ArrayNames {
  std::string x = "X";
  std::string y = "y";
  std::string target;  ///< the Dataset's target name; empty: y
};

/// A Dataset from arrays read out of a binary file (NumPy, MATLAB), with the checks the text
/// loaders make: n >= 1 and p >= 1, y of length n, every value finite (a bad one is named by
/// variable and 1-based row and column), a target that varies; storage follows
/// options.storage (Auto: CSC when the density is at most the threshold).
Dataset datasetFromArrays(FeatureStorage&& X, Vec y, std::vector<std::string> featureNames,
                          const std::string& file, const LoadOptions& options,
                          const ArrayNames& names = {});

}  // namespace lambdascope
