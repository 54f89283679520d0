#pragma once
// Loaders for CSV/TSV (header row) and LIBSVM/SVMlight files.
//
// Every malformed input raises DataError naming the file, the 1-based line and column (field
// index for CSV/TSV, token index for LIBSVM) and the offending text. Nothing is silently fixed.

#include <stdexcept>
#include <string>
#include <vector>
#include <string_view>

#include "core/dataset.hpp"

namespace lambdascope {

enum class FileFormat { Auto, Csv, Tsv, Libsvm };
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
/// content) for .txt.
FileFormat formatFromPath(std::string_view path);

/// Read and parse a file. Throws DataError (including for a missing or unreadable file).
Dataset loadDataset(const std::string& path, const LoadOptions& options = {});

/// Parse in-memory content; `displayName` is used in error messages and as the source.
/// `options.format` must not be Auto unless displayName carries an extension.
Dataset parseDataset(std::string_view content, const std::string& displayName,
                     const LoadOptions& options = {});

}  // namespace lambdascope
