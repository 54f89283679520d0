#include "core/io/npy_dataset.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/io/npy.hpp"

namespace lambdascope {

namespace {

using ArrayMap = std::map<std::string, npy::Array>;

[[noreturn]] void fail(const std::string& file, std::string reason) {
  throw DataError(file, 0, 0, {}, std::move(reason));
}

std::string shapeText(const npy::Array& a) {
  std::string s = "(";
  for (std::size_t k = 0; k < a.shape.size(); ++k) s += (k ? ", " : "") + std::to_string(a.shape[k]);
  return s + (a.shape.size() == 1 ? ",)" : ")");
}

std::string keyList(const ArrayMap& arrays) {
  std::string list;
  int shown = 0;
  for (const auto& [key, a] : arrays) {
    if (++shown > 12) return list + ", ...";
    list += (list.empty() ? "'" : ", '") + key.substr(0, 40) + "'";
  }
  return list.empty() ? "no arrays" : "keys " + list;
}

void requireNumeric(const npy::Array& a, const std::string& file, const std::string& key) {
  if (a.isString())
    fail(file, "'" + key + "' holds strings (dtype '" + a.descr + "'): expected numbers");
}

Mat denseX(const npy::Array& a, const std::string& file, const std::string& key) {
  requireNumeric(a, file, key);
  if (a.shape.size() != 2)
    fail(file, "'" + key + "' has shape " + shapeText(a) + ": expected a 2-D array (n samples x p features)");
  return npy::toMatrix(a, file);
}

Vec targetVector(const npy::Array& a, const std::string& file, const std::string& key) {
  requireNumeric(a, file, key);
  const bool vector = a.shape.size() == 1 ||
                      (a.shape.size() == 2 && (a.shape[0] == 1 || a.shape[1] == 1));
  if (!vector)
    fail(file, "'" + key + "' has shape " + shapeText(a) + ": expected one target value per sample");
  return npy::toVector(a, file);
}

// An integer index array (any integer or float dtype holding whole numbers) as size_t values.
std::vector<std::size_t> indexArray(const npy::Array& a, const std::string& file,
                                    const std::string& key, std::size_t limit) {
  requireNumeric(a, file, key);
  if (a.shape.size() != 1) fail(file, "'" + key + "' has shape " + shapeText(a) + ": expected 1-D");
  std::vector<std::size_t> out;
  out.reserve(a.values.size());
  for (std::size_t k = 0; k < a.values.size(); ++k) {
    const double v = a.values[k];
    if (!(v >= 0.0) || v != static_cast<double>(static_cast<long long>(v)) ||
        v > static_cast<double>(limit))
      fail(file, "'" + key + "'[" + std::to_string(k) + "] = " + std::to_string(v) +
                     " is not an index in [0, " + std::to_string(limit) + "]");
    out.push_back(static_cast<std::size_t>(v));
  }
  return out;
}

// scipy.sparse arrays saved as X_data, X_indices, X_indptr, X_shape (+ X_format "csc"/"csr").
SpMat sparseX(const ArrayMap& arrays, const std::string& file) {
  const auto get = [&](const std::string& key) -> const npy::Array& {
    const auto it = arrays.find(key);
    if (it == arrays.end())
      fail(file, "sparse X needs X_data, X_indices, X_indptr and X_shape: '" + key + "' is missing");
    return it->second;
  };
  bool csr = false;
  if (const auto it = arrays.find("X_format"); it != arrays.end()) {
    const auto& f = it->second.strings;
    if (f.size() != 1 || (f[0] != "csc" && f[0] != "csr"))
      fail(file, "'X_format' must be the string 'csc' or 'csr'");
    csr = f[0] == "csr";
  }
  const auto shape = indexArray(get("X_shape"), file, "X_shape", INT_MAX);
  if (shape.size() != 2) fail(file, "'X_shape' must hold two numbers (n, p)");
  const std::size_t n = shape[0], p = shape[1];
  const std::size_t outer = csr ? n : p, inner = csr ? p : n;
  const npy::Array& data = get("X_data");
  requireNumeric(data, file, "X_data");
  if (data.shape.size() != 1) fail(file, "'X_data' has shape " + shapeText(data) + ": expected 1-D");
  const std::size_t nnz = data.values.size();
  if (nnz > static_cast<std::size_t>(INT_MAX)) fail(file, "'X_data' has too many values");
  const auto indptr = indexArray(get("X_indptr"), file, "X_indptr", nnz);
  if (inner == 0 && nnz > 0) fail(file, "'X_data' has values but X_shape has no rows or columns");
  const auto indices = indexArray(get("X_indices"), file, "X_indices", inner == 0 ? 0 : inner - 1);
  if (indptr.size() != outer + 1)
    fail(file, "'X_indptr' has " + std::to_string(indptr.size()) + " entries: expected " +
                   std::to_string(outer + 1) + " for X_shape (" + std::to_string(n) + ", " +
                   std::to_string(p) + ")");
  if (indices.size() != nnz)
    fail(file, "'X_indices' has " + std::to_string(indices.size()) + " entries for " +
                   std::to_string(nnz) + " values in 'X_data'");
  if (indptr.front() != 0 || indptr.back() != nnz)
    fail(file, "'X_indptr' must start at 0 and end at the number of values");
  using Triplet = Eigen::Triplet<double, int>;
  std::vector<Triplet> entries;
  entries.reserve(nnz);
  for (std::size_t o = 0; o < outer; ++o) {
    if (indptr[o + 1] < indptr[o]) fail(file, "'X_indptr' decreases at " + std::to_string(o + 1));
    for (std::size_t k = indptr[o]; k < indptr[o + 1]; ++k) {
      const auto row = static_cast<int>(csr ? o : indices[k]);
      const auto col = static_cast<int>(csr ? indices[k] : o);
      entries.emplace_back(row, col, data.values[k]);
    }
  }
  SpMat X(static_cast<Index>(n), static_cast<Index>(p));
  bool duplicate = false;
  // scipy allows duplicates (summed) and unsorted indices; a repeated entry is a damaged file here.
  X.setFromTriplets(entries.begin(), entries.end(), [&](double a, double) {
    duplicate = true;
    return a;
  });
  if (duplicate) fail(file, "sparse X repeats an entry (duplicate index in 'X_indices')");
  return X;
}

std::vector<std::string> namesFrom(const ArrayMap& arrays, const std::string& file) {
  const auto it = arrays.find("feature_names");
  if (it == arrays.end()) return {};
  const npy::Array& a = it->second;
  if (!a.isString()) fail(file, "'feature_names' must be an array of strings (dtype '" + a.descr + "')");
  if (a.shape.size() != 1) fail(file, "'feature_names' has shape " + shapeText(a) + ": expected 1-D");
  return a.strings;
}

Dataset fromNpz(const ArrayMap& arrays, const std::string& file, const LoadOptions& options) {
  if (options.targetColumns.size() > 1)
    fail(file, "several targets (multitask) are read from CSV or TSV files only");
  const std::string yKey = !options.targetColumns.empty() ? options.targetColumns.front()
                           : !options.targetColumn.empty() ? options.targetColumn
                                                           : std::string("y");
  const auto readX = [&]() -> FeatureStorage {  // built in place: assigning a CSC variant copies it
    if (const auto it = arrays.find("X"); it != arrays.end()) return denseX(it->second, file, "X");
    if (arrays.count("X_data")) return takeStorage(sparseX(arrays, file));
    fail(file, "no array 'X' (the archive holds " + keyList(arrays) +
                   "); a dataset needs X (n x p) and y (n values)");
  };
  FeatureStorage X = readX();
  const auto yIt = arrays.find(yKey);
  if (yIt == arrays.end())
    fail(file, "no array '" + yKey + "' for the target (the archive holds " + keyList(arrays) + ")");
  Vec y = targetVector(yIt->second, file, yKey);
  return datasetFromArrays(std::move(X), std::move(y), namesFrom(arrays, file), file, options,
                           ArrayNames{"X", yKey, yKey});
}

// One array: the last column is the target, as in a CSV file without its header.
Dataset fromOneArray(const npy::Array& a, const std::string& file, const LoadOptions& options) {
  requireNumeric(a, file, "the array");
  if (a.shape.size() != 2 || a.shape[1] < 2)
    fail(file, "the array has shape " + shapeText(a) +
                   ": a single .npy dataset is a 2-D array with the target in its last column "
                   "(or save NAME_X.npy and NAME_y.npy side by side)");
  Mat all = npy::toMatrix(a, file);
  const Index p = all.cols() - 1;
  Vec y = all.col(p);
  Mat X = all.leftCols(p);
  all = Mat();
  return datasetFromArrays(std::move(X), std::move(y), {}, file, options,
                           ArrayNames{"X (columns 1 to p)", "y (last column)", "y"});
}

// For ".../NAME_X.npy" or ".../X.npy": the partner file ("_y" / "y"), if the name has that form.
std::string partnerOf(const std::string& path, bool& isX) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string stem = p.stem().string();
  const std::string ext = p.extension().string();
  const auto with = [&](const std::string& newStem) { return (p.parent_path() / (newStem + ext)).string(); };
  if (stem == "X" || stem == "y") {
    isX = stem == "X";
    return with(isX ? "y" : "X");
  }
  if (stem.size() > 2 && stem[stem.size() - 2] == '_' && (stem.back() == 'X' || stem.back() == 'y')) {
    isX = stem.back() == 'X';
    return with(stem.substr(0, stem.size() - 1) + (isX ? "y" : "X"));
  }
  return {};
}

void checkCancel(const LoadControl& control) {
  if (control.cancelled()) throw LoadCancelled();
}

void reportFraction(const LoadControl& control, const std::string& path, double fraction) {
  checkCancel(control);
  if (!control.progress) return;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec)
    control.progress(static_cast<std::uint64_t>(fraction * 2.0 * static_cast<double>(size)),
                     2 * static_cast<std::uint64_t>(size));
}

}  // namespace

Dataset parseNpzDataset(std::string_view bytes, const std::string& displayName,
                        const LoadOptions& options) {
  return fromNpz(npy::parseNpz(std::string(bytes), displayName), displayName, options);
}

Dataset parseNpyDataset(std::string_view bytes, const std::string& displayName,
                        const LoadOptions& options) {
  return fromOneArray(npy::parseNpy(bytes, displayName), displayName, options);
}

Dataset loadNpzDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control) {
  requireDataFile(path);
  reportFraction(control, path, 0.0);
  const ArrayMap arrays = npy::loadNpz(path);
  reportFraction(control, path, 0.8);
  Dataset data = fromNpz(arrays, path, options);
  reportFraction(control, path, 1.0);
  return data;
}

Dataset loadNpyDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control) {
  requireDataFile(path);
  reportFraction(control, path, 0.0);
  bool isX = false;
  const std::string partner = partnerOf(path, isX);
  std::error_code ec;
  if (partner.empty() || !std::filesystem::is_regular_file(partner, ec)) {
    Dataset data = fromOneArray(npy::loadNpy(path), path, options);
    reportFraction(control, path, 1.0);
    return data;
  }
  const std::string xPath = isX ? path : partner;
  const std::string yPath = isX ? partner : path;
  Mat X = denseX(npy::loadNpy(xPath), xPath, "X");
  reportFraction(control, path, 0.8);
  Vec y = targetVector(npy::loadNpy(yPath), yPath, "y");
  Dataset data = datasetFromArrays(std::move(X), std::move(y), {}, xPath, options,
                                   ArrayNames{"X (" + std::filesystem::path(xPath).filename().string() + ")",
                                              "y (" + std::filesystem::path(yPath).filename().string() + ")", "y"});
  reportFraction(control, path, 1.0);
  return data;
}

}  // namespace lambdascope
