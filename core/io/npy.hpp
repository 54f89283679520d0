#pragma once
// NumPy .npy and .npz readers (format versions 1.0, 2.0 and 3.0), written against
// numpy/lib/format.py's documented layout: magic "\x93NUMPY", version, a little-endian header
// length, then a Python-literal dict {'descr', 'fortran_order', 'shape'} and the raw data.
//
// Supported dtypes: booleans, signed and unsigned integers of 1/2/4/8 bytes, float16/32/64, in
// either byte order, and fixed-width strings (<U unicode, |S bytes). Object arrays (pickles),
// complex and structured dtypes are refused. Every malformed input raises DataError naming the
// file (and the npz member); nothing is guessed.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace lambdascope::npy {

struct Array {
  std::vector<std::size_t> shape;  ///< empty for a 0-d scalar
  bool fortranOrder = false;
  std::string descr;               ///< as in the file: "<f8", ">i4", "|u1", "|b1", "<U8", ...
  std::vector<double> values;      ///< numeric dtypes, in file order (row-major unless fortranOrder)
  std::vector<std::string> strings;  ///< string dtypes (<U as UTF-8, |S as bytes), in file order
  /// Number of elements: the product of the shape (1 for a 0-d scalar).
  std::size_t size() const;
  bool isString() const {
    return !strings.empty() || (descr.size() >= 2 && (descr[1] == 'U' || descr[1] == 'S'));
  }
};

/// Parse the bytes of one .npy file. `displayName` names it in errors.
Array parseNpy(std::string_view bytes, const std::string& displayName);
/// Read and parse a .npy file.
Array loadNpy(const std::string& path);
/// Every .npy member of a .npz archive (np.savez / np.savez_compressed), keyed without ".npy".
std::map<std::string, Array> parseNpz(std::string bytes, const std::string& displayName);
std::map<std::string, Array> loadNpz(const std::string& path);
/// Only the members named in `keys` (absent ones are simply missing from the map): the others
/// are neither inflated nor parsed.
std::map<std::string, Array> loadNpz(const std::string& path, const std::vector<std::string>& keys);

/// A 2-D numeric array as a column-major matrix (honouring C or Fortran order); a 1-D array
/// becomes a column. Anything else raises DataError naming `what`.
Mat toMatrix(const Array& a, const std::string& what);
/// A 1-D numeric array (or a 2-D array with one row or one column).
Vec toVector(const Array& a, const std::string& what);
/// A numeric 0-d array or an array with exactly one element.
double toScalar(const Array& a, const std::string& what);

/// Write matrices as an uncompressed .npz of '<f8' C-order arrays (tests, exports).
void saveNpz(const std::string& path, const std::map<std::string, Mat>& arrays);

}  // namespace lambdascope::npy
