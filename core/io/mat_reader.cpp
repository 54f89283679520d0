#include "core/io/mat_reader.hpp"

#include <matio.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#if __has_include(<hdf5.h>)
#include <hdf5.h>
#define LAMBDASCOPE_HAVE_HDF5 1
#endif

namespace lambdascope {

namespace {

// matio reports problems through a log function (stderr by default) and HDF5 prints its error
// stack: both are routed into the last message of this thread, which our DataError quotes.
thread_local std::string lastMatioMessage;

void matioLog(int level, char* message) {
  constexpr int kErrorCriticalWarning = 1 | 2 | 4;  // matio's LOG_LEVEL_ERROR, _CRITICAL, _WARNING
  if (message && (level & kErrorCriticalWarning)) lastMatioMessage = message;
}

void installQuietLogging() {
  static std::once_flag once;
  std::call_once(once, [] {
    Mat_LogInitFunc("lambdascope", matioLog);
#ifdef LAMBDASCOPE_HAVE_HDF5
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
#endif
  });
}

// matio is not thread-safe (a global logger, and serial HDF5 underneath): one load at a time.
std::mutex& matioMutex() {
  static std::mutex m;
  return m;
}

struct MatCloser {
  void operator()(mat_t* m) const { Mat_Close(m); }
};
struct VarFreer {
  void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::size_t elementSize(matio_types type) {
  switch (type) {
    case MAT_T_INT8:
    case MAT_T_UINT8:
    case MAT_T_UTF8:
      return 1;
    case MAT_T_INT16:
    case MAT_T_UINT16:
    case MAT_T_UTF16:
      return 2;
    case MAT_T_INT32:
    case MAT_T_UINT32:
    case MAT_T_SINGLE:
      return 4;
    case MAT_T_INT64:
    case MAT_T_UINT64:
    case MAT_T_DOUBLE:
      return 8;
    default:
      return 0;
  }
}

template <class T>
void convert(const void* data, std::size_t count, double* out) {
  T v;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < count; ++k) {
    std::memcpy(&v, bytes + k * sizeof(T), sizeof(T));  // matio's buffers need not be aligned
    out[k] = static_cast<double>(v);
  }
}

// Numbers of a numeric matio type as doubles; false for a type that is not numeric.
bool toDoubles(const void* data, matio_types type, std::size_t count, double* out) {
  switch (type) {
    case MAT_T_DOUBLE: convert<double>(data, count, out); return true;
    case MAT_T_SINGLE: convert<float>(data, count, out); return true;
    case MAT_T_INT8: convert<std::int8_t>(data, count, out); return true;
    case MAT_T_UINT8: convert<std::uint8_t>(data, count, out); return true;
    case MAT_T_INT16: convert<std::int16_t>(data, count, out); return true;
    case MAT_T_UINT16: convert<std::uint16_t>(data, count, out); return true;
    case MAT_T_INT32: convert<std::int32_t>(data, count, out); return true;
    case MAT_T_UINT32: convert<std::uint32_t>(data, count, out); return true;
    case MAT_T_INT64: convert<std::int64_t>(data, count, out); return true;
    case MAT_T_UINT64: convert<std::uint64_t>(data, count, out); return true;
    default: return false;
  }
}

const char* className(matio_classes c) {
  switch (c) {
    case MAT_C_CELL: return "a cell array";
    case MAT_C_STRUCT: return "a struct";
    case MAT_C_OBJECT: return "an object";
    case MAT_C_CHAR: return "a char array";
    case MAT_C_FUNCTION: return "a function handle";
    case MAT_C_OPAQUE: return "an opaque object";
    case MAT_C_EMPTY: return "empty";
    default: return "of an unsupported class";
  }
}

bool isNumericClass(matio_classes c) {
  switch (c) {
    case MAT_C_DOUBLE:
    case MAT_C_SINGLE:
    case MAT_C_INT8:
    case MAT_C_UINT8:
    case MAT_C_INT16:
    case MAT_C_UINT16:
    case MAT_C_INT32:
    case MAT_C_UINT32:
    case MAT_C_INT64:
    case MAT_C_UINT64:
      return true;
    default:
      return false;
  }
}

// A miCOMPRESSED variable read forward as the bytes it inflates to, for the layout walk: the
// walk reads tags in increasing order (going back at most a header's length), so a window of
// recent bytes is kept and the data in between is inflated and dropped. Memory stays at a few
// kilobytes whatever the variable's size; a damaged stream reads as truncated.
class InflatedElement {
 public:
  InflatedElement(std::ifstream& in, std::uint64_t at, std::uint64_t bytes) : in_(in), next_(at), end_(at + bytes) {
    ok_ = inflateInit(&z_) == Z_OK;
  }
  ~InflatedElement() {
    if (ok_) inflateEnd(&z_);
  }
  InflatedElement(const InflatedElement&) = delete;
  InflatedElement& operator=(const InflatedElement&) = delete;

  /// n bytes at offset `at` of the inflated stream; false past its end, on a damaged stream or
  /// for bytes already dropped.
  bool read(std::uint64_t at, void* out, std::size_t n) {
    if (!ok_ || at < windowStart_) return false;
    // Later reads start at most a header's length before this one: keep kWindow bytes behind it.
    keepFrom_ = std::max(keepFrom_, at > kWindow ? at - kWindow : std::uint64_t{0});
    while (windowStart_ + window_.size() < at + n) {
      if (!inflateMore()) return false;
      dropBefore(std::min(keepFrom_, at));
    }
    std::memcpy(out, window_.data() + (at - windowStart_), n);
    return true;
  }

 private:
  static constexpr std::uint64_t kWindow = 4096;

  void dropBefore(std::uint64_t position) {
    if (position <= windowStart_ + kWindow) return;  // drop in chunks, not byte by byte
    const std::uint64_t drop = std::min<std::uint64_t>(position - windowStart_, window_.size());
    window_.erase(window_.begin(), window_.begin() + static_cast<std::ptrdiff_t>(drop));
    windowStart_ += drop;
  }

  bool inflateMore() {
    if (finished_) return false;
    if (z_.avail_in == 0) {
      if (next_ >= end_) return false;
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof input_, end_ - next_));
      in_.clear();
      in_.seekg(static_cast<std::streamoff>(next_));
      in_.read(reinterpret_cast<char*>(input_), static_cast<std::streamsize>(n));
      if (static_cast<std::size_t>(in_.gcount()) != n) return false;
      next_ += n;
      z_.next_in = input_;
      z_.avail_in = static_cast<uInt>(n);
    }
    unsigned char chunk[16384];
    z_.next_out = chunk;
    z_.avail_out = sizeof chunk;
    const int rc = ::inflate(&z_, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return false;
    const std::size_t produced = sizeof chunk - z_.avail_out;
    if (rc == Z_STREAM_END) finished_ = true;
    if (rc == Z_BUF_ERROR && produced == 0 && z_.avail_in != 0) return false;
    window_.insert(window_.end(), chunk, chunk + produced);
    return produced > 0 || !finished_;
  }

  std::ifstream& in_;
  std::uint64_t next_, end_;
  z_stream z_{};
  bool ok_ = false;
  bool finished_ = false;
  unsigned char input_[16384];
  std::vector<unsigned char> window_;
  std::uint64_t windowStart_ = 0;
  std::uint64_t keepFrom_ = 0;
};

// matio reads a truncated uncompressed variable without complaint and hands back zeros for the
// missing bytes. So before matio opens the file, walk its top-level layout (cheap: tags only,
// seeking over the data) and refuse any variable that claims more bytes than the file holds.
// Returns the reason, or an empty string when the layout is whole (or not one we know: HDF5).
std::string layoutProblem(const std::string& path, std::uint64_t size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  const auto readAt = [&](std::uint64_t at, void* out, std::size_t n) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in.gcount()) == n;
  };
  const auto swap32 = [](std::uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
  };
  unsigned char header[128];
  const bool v5Mark = size >= 128 && readAt(0, header, 128) && header[124] + header[125] != 0 &&
                      ((header[126] == 'I' && header[127] == 'M') || (header[126] == 'M' && header[127] == 'I'));
  const bool swap = v5Mark && header[126] == 'M';  // written big-endian on a little-endian reader
  const unsigned version = !v5Mark ? 0u : swap ? (header[124] << 8 | header[125]) : (header[125] << 8 | header[124]);
  if (version == 0x0200) return {};  // v7.3: an HDF5 file that HDF5 checks itself
  // Any other version, like a missing mark, sends matio to level 4 (found by fuzz_mat: version
  // 0x0001 was taken for v7.3 here, while matio read the header as level-4 variables, 9 s and
  // 1.7 GB for 130 bytes).
  if (version == 0x0100) {
    // Inside an uncompressed miMATRIX every sub-element (flags, dims, name, data, nested cells and
    // fields) must fit in its parent: matio allocates what a tag claims before reading it, so a
    // forged size would cost gigabytes for a small file.
    // `readBytes` reads the file or, for a compressed variable, the bytes it inflates to.
    using Reader = std::function<bool(std::uint64_t, void*, std::size_t)>;
    std::function<std::string(const Reader&, std::uint64_t, std::uint64_t, int)> checkMatrix =
        [&](const Reader& readBytes, std::uint64_t at, std::uint64_t end, int depth) -> std::string {
      if (depth > 32) return "nesting deeper than 32 levels";
      // Array flags then dimensions: the element count must fit the bytes (a cell holds one
      // 8-byte tag per element, any other full array at least one byte per element; sparse
      // arrays are exempt), or matio loops or allocates per claimed element.
      if (std::uint32_t flags[4]; end - at >= 16 && readBytes(at, flags, 16)) {
        const std::uint32_t cls = (swap ? swap32(flags[2]) : flags[2]) & 0xFF;
        std::uint32_t dimsTag[2];
        if (end - at >= 24 && readBytes(at + 16, dimsTag, 8)) {
          // matio takes the dimensions by the tag's byte count whatever its type says (found by
          // fuzz_mat: a dims tag of type 0x500 holding 1 x 4294967057 cost 3 GB in matio), so
          // only a small element is skipped here; beyond 32 dimensions the first 32 bound the count.
          const std::uint32_t dimsType = swap ? swap32(dimsTag[0]) : dimsTag[0];
          const std::uint64_t rawDimsBytes = swap ? swap32(dimsTag[1]) : dimsTag[1];
          // matio allocates the rank from this byte count before reading (found by fuzz_mat: a
          // count of 4 278 190 088 with a zero dimension inside, so no element-count check
          // fired: a 4 GB allocation for a 568-byte file).
          if ((dimsType >> 16) == 0 && rawDimsBytes > end - at - 24)
            return "the dimensions claim " + std::to_string(rawDimsBytes) + " bytes where " +
                   std::to_string(end - at - 24) + " remain";
          const std::uint32_t dimsBytes = static_cast<std::uint32_t>(std::min<std::uint64_t>(rawDimsBytes, 128) / 4 * 4);
          if ((dimsType >> 16) == 0 && dimsBytes <= end - at - 24) {
            std::uint32_t dims[32];
            if (readBytes(at + 24, dims, dimsBytes)) {
              std::uint64_t count = 1;
              for (std::uint32_t d = 0; d < dimsBytes / 4; ++d)
                count = std::min<std::uint64_t>(count * (swap ? swap32(dims[d]) : dims[d]), std::uint64_t{1} << 40);
              const std::uint64_t perElement = cls == 1 ? 8 : 1;
              if (cls != 5 && count > (end - at) / perElement)
                return "an array claims " + std::to_string(count) + " elements in " +
                       std::to_string(end - at) + " bytes";
            }
          }
        }
      }
      while (at < end) {
        std::uint32_t sub[2];
        if (end - at < 8 || !readBytes(at, sub, 8)) return "a truncated element header";
        const std::uint32_t type = swap ? swap32(sub[0]) : sub[0];
        if ((type >> 16) != 0) {  // small data element, 8 bytes in all
          at += 8;
          continue;
        }
        const std::uint64_t bytes = swap ? swap32(sub[1]) : sub[1];
        if (bytes > end - at - 8)
          return "an element claims " + std::to_string(bytes) + " bytes where " +
                 std::to_string(end - at - 8) + " remain";
        if (type == 14)
          if (std::string p = checkMatrix(readBytes, at + 8, at + 8 + bytes, depth + 1); !p.empty()) return p;
        at += 8 + std::min<std::uint64_t>((bytes + 7) / 8 * 8, end - at - 8);
      }
      return {};
    };
    const Reader fileReader = readAt;
    std::uint64_t pos = 128;
    for (int k = 1; pos < size; ++k) {
      std::uint32_t tag[2];
      if (size - pos < 8 || !readAt(pos, tag, 8))
        return "truncated: " + std::to_string(size - pos) + " stray bytes after variable " +
               std::to_string(k - 1);
      const std::uint32_t type = swap ? swap32(tag[0]) : tag[0];
      std::uint64_t bytes = swap ? swap32(tag[1]) : tag[1];
      if ((type >> 16) != 0) {  // small data element: 4 bytes inline
        bytes = 0;
      } else if (type == 14) {  // miMATRIX is padded to 8 bytes; miCOMPRESSED (15) is not
        bytes = (bytes + 7) / 8 * 8;
      }
      if (bytes > size - pos - 8)
        return "truncated: variable " + std::to_string(k) + " claims " + std::to_string(bytes) +
               " bytes but the file ends " + std::to_string(size - pos - 8) + " bytes later";
      if (type == 14) {
        const std::uint64_t raw = swap ? swap32(tag[1]) : tag[1];
        if (std::string p = checkMatrix(fileReader, pos + 8, pos + 8 + raw, 0); !p.empty())
          return "variable " + std::to_string(k) + " is inconsistent: " + p;
      } else if (type == 15) {
        // The same checks on the inflated bytes (found by fuzz_mat: dimensions inside a damaged
        // compressed stream made matio calloc 4.8 GB for a 983-byte file), and the stream must
        // really hold the bytes its matrix tag claims.
        InflatedElement inflated(in, pos + 8, bytes);
        const Reader inflatedReader = [&](std::uint64_t at, void* out, std::size_t n) { return inflated.read(at, out, n); };
        std::uint32_t inner[2];
        if (!inflated.read(0, inner, 8))
          return "variable " + std::to_string(k) + " is a damaged compressed stream";
        const std::uint32_t innerType = swap ? swap32(inner[0]) : inner[0];
        if (innerType == 14) {
          const std::uint64_t innerBytes = swap ? swap32(inner[1]) : inner[1];
          if (std::string p = checkMatrix(inflatedReader, 8, 8 + innerBytes, 0); !p.empty())
            return "variable " + std::to_string(k) + " (compressed) is inconsistent: " + p;
          unsigned char last;
          if (innerBytes > 0 && !inflated.read(8 + innerBytes - 1, &last, 1))
            return "variable " + std::to_string(k) + " (compressed) claims " + std::to_string(innerBytes) +
                   " bytes but its stream inflates to fewer";
        }
      }
      pos += 8 + bytes;
    }
    return {};
  }
  // Level 4: variables back to back, each a 20-byte header (type MOPT, rows, columns, imaginary
  // flag, name length), the name and the data.
  std::uint64_t pos = 0;
  for (int k = 1; pos < size; ++k) {
    std::int32_t h[5];
    if (size - pos < 20 || !readAt(pos, h, 20)) return "truncated: an incomplete variable header";
    std::uint32_t u[5];
    std::memcpy(u, h, sizeof u);
    // Read the header as matio does: MOPT is byte-swapped when it is out of range (> 4052), but
    // the other four fields follow its M digit (0: little-endian, 1: big-endian), not that
    // swap. A forged file whose swapped MOPT says little-endian had the rest read unswapped by
    // matio (a 256 MB name, 10 s in matio) while this walk checked the swapped values.
    const std::uint32_t mopt = u[0] > 4052 ? swap32(u[0]) : u[0];
    // Not a level-4 header. matio was expected to stop there, but found by fuzz_mat: a file whose
    // v5 endian mark is damaged falls back to level 4, its first variable is valid, and on the
    // second matio 1.5.23 spent 18 s and 1.7 GB. So anything the walk cannot read as level 4 is
    // refused before matio sees it.
    if (mopt > 4052 || mopt / 1000 > 1)
      return k == 1 ? "neither a v5/v7.3 header nor a level-4 variable at the start"
                    : "variable " + std::to_string(k) + " has no valid level-4 header";
    const bool bigEndianFile = mopt / 1000 == 1;
    if (bigEndianFile != (std::endian::native == std::endian::big))
      for (int i = 1; i < 5; ++i) u[i] = swap32(u[i]);
    u[0] = mopt;
    const unsigned precision = u[0] / 10 % 10;
    static constexpr unsigned kSize[] = {8, 4, 4, 2, 2, 1};
    if (precision > 5) return "variable " + std::to_string(k) + " has an unknown level-4 precision digit";
    // A sparse variable (type digit 2) is stored as rows of (i, j, value): matio sizes its
    // arrays from the row count even when the file claims fewer than 3 columns (found by
    // fuzz_mat: 1 560 281 098 x 0 in 42 bytes, 16 s and 800 MB in matio).
    const std::uint64_t columns = u[0] % 10 == 2 ? std::max<std::uint32_t>(u[2], 3) : u[2];
    const std::uint64_t values = std::uint64_t{u[1]} * columns * (u[3] ? 2 : 1);
    const std::uint64_t bytes = u[4] + values * kSize[precision];
    if (bytes > size - pos - 20)
      return "truncated: variable " + std::to_string(k) + " claims " + std::to_string(bytes) +
             " bytes but the file ends " + std::to_string(size - pos - 20) + " bytes later";
    pos += 20 + bytes;
  }
  return {};
}

class MatLoader {
 public:
  MatLoader(const std::string& path, const LoadOptions& options)
      : path_(path), options_(options) {}

  Dataset load(const LoadControl& control);

 private:
  [[noreturn]] void fail(std::string reason) const {
    throw DataError(path_, 0, 0, {}, std::move(reason));
  }
  std::string variables() const;
  MatVar read(const std::string& name, bool required) const;
  std::string shapeOf(const matvar_t& v) const;
  void requireRealMatrix(const matvar_t& v, const std::string& name) const;
  void requireBytes(const matvar_t& v, const std::string& name, std::size_t count) const;
  FeatureStorage readX(const matvar_t& v) const;
  Vec readY(const matvar_t& v, const std::string& name, Index n) const;
  std::vector<std::string> readNames(const matvar_t& v, std::size_t features) const;
  std::string readString(const matvar_t& v, std::size_t count, std::size_t offset,
                         std::size_t stride, const std::string& what) const;

  const std::string& path_;
  const LoadOptions& options_;
  mat_t* file_ = nullptr;
};

std::string MatLoader::variables() const {
  Mat_Rewind(file_);
  std::string list;
  int count = 0;
  for (MatVar v(Mat_VarReadNextInfo(file_)); v; v.reset(Mat_VarReadNextInfo(file_))) {
    if (++count > 12) {
      list += ", ...";
      break;
    }
    if (!list.empty()) list += ", ";
    // Appended piece by piece: GCC 12 gives a false -Wrestrict on "'" + std::string(...) at -O2.
    list.append("'").append(std::string(v->name ? v->name : "?").substr(0, 40)).append("'");
  }
  return list.empty() ? "no readable variables" : "variables " + list;
}

MatVar MatLoader::read(const std::string& name, bool required) const {
  lastMatioMessage.clear();
  MatVar info(Mat_VarReadInfo(file_, name.c_str()));
  if (!info) {
    if (!required) return nullptr;
    fail("no variable '" + name + "' in the file (it holds " + variables() +
         "); a dataset needs X (n x p) and y (n values)");
  }
  MatVar v(Mat_VarRead(file_, name.c_str()));
  if (v && !lastMatioMessage.empty())  // e.g. "Read beyond EOF" in a compressed variable
    fail("cannot read variable '" + name + "': damaged file (" + lastMatioMessage.substr(0, 200) + ")");
  if (!v)
    fail("cannot read variable '" + name + "'" +
         (lastMatioMessage.empty() ? std::string(" (damaged file?)")
                                   : " (" + lastMatioMessage.substr(0, 200) + ")"));
  return v;
}

std::string MatLoader::shapeOf(const matvar_t& v) const {
  std::string s;
  for (int k = 0; k < v.rank; ++k) s += (k ? " x " : "") + std::to_string(v.dims[k]);
  return s;
}

void MatLoader::requireRealMatrix(const matvar_t& v, const std::string& name) const {
  if (v.rank != 2 || !v.dims)
    fail("variable '" + name + "' has " + std::to_string(v.rank) + " dimensions (" + shapeOf(v) +
         "): expected a matrix");
  if (v.class_type != MAT_C_SPARSE && !isNumericClass(v.class_type))
    fail("variable '" + name + "' is " + className(v.class_type) + ": expected a numeric matrix");
  if (v.isComplex) fail("variable '" + name + "' is complex: expected real numbers");
}

void MatLoader::requireBytes(const matvar_t& v, const std::string& name, std::size_t count) const {
  const std::size_t size = elementSize(v.data_type);
  if (size == 0)
    fail("variable '" + name + "' holds values of an unsupported type (matio type " +
         std::to_string(static_cast<int>(v.data_type)) + ")");
  if (count > 0 && (!v.data || count > SIZE_MAX / size || v.nbytes < count * size))
    fail("variable '" + name + "' is damaged: " + std::to_string(v.nbytes) + " bytes of data for " +
         std::to_string(count) + " values");
}

FeatureStorage MatLoader::readX(const matvar_t& v) const {
  const std::string name = "X";
  requireRealMatrix(v, name);
  const std::size_t n = v.dims[0], p = v.dims[1];
  if (n > static_cast<std::size_t>(INT_MAX) || p > static_cast<std::size_t>(INT_MAX))
    fail("variable 'X' is too large (" + shapeOf(v) + ")");
  if (v.class_type != MAT_C_SPARSE) {
    if (p != 0 && n > SIZE_MAX / p) fail("variable 'X' is too large (" + shapeOf(v) + ")");
    requireBytes(v, name, n * p);
    Mat X(static_cast<Index>(n), static_cast<Index>(p));
    if (n * p > 0) toDoubles(v.data, v.data_type, n * p, X.data());
    return X;
  }
  // Sparse: MATLAB's CSC (jc column starts, ir row indices), validated before use.
  const auto* s = static_cast<const mat_sparse_t*>(v.data);
  if (!s) fail("sparse variable 'X' has no data");
  if (static_cast<std::size_t>(s->njc) != p + 1 || !s->jc)
    fail("sparse variable 'X' is damaged: " + std::to_string(s->njc) + " column starts for " +
         std::to_string(p) + " columns");
  const std::size_t nnz = s->jc[p];
  if (s->jc[0] != 0 || nnz > s->nir || nnz > s->ndata || (nnz > 0 && (!s->ir || !s->data)))
    fail("sparse variable 'X' is damaged: inconsistent column starts");
  const std::size_t size = elementSize(v.data_type);
  if (size == 0 || (v.data_type != MAT_T_DOUBLE && v.data_type != MAT_T_UINT8 &&
                    v.data_type != MAT_T_SINGLE))
    fail("sparse variable 'X' holds values of an unsupported type");
  SpMat X(static_cast<Index>(n), static_cast<Index>(p));
  X.resizeNonZeros(static_cast<Index>(nnz));
  int* outer = X.outerIndexPtr();
  for (std::size_t j = 0; j <= p; ++j) {
    if (j > 0 && s->jc[j] < s->jc[j - 1])
      fail("sparse variable 'X' is damaged: column starts decrease at column " + std::to_string(j));
    outer[j] = static_cast<int>(s->jc[j]);
  }
  for (std::size_t j = 0; j < p; ++j)
    for (std::size_t k = s->jc[j]; k < s->jc[j + 1]; ++k) {
      if (s->ir[k] >= n || (k > s->jc[j] && s->ir[k] <= s->ir[k - 1]))
        fail("sparse variable 'X' is damaged: row index " + std::to_string(s->ir[k]) +
             " in column " + std::to_string(j + 1) + " is out of range or out of order");
      X.innerIndexPtr()[k] = static_cast<int>(s->ir[k]);
    }
  toDoubles(s->data, v.data_type, nnz, X.valuePtr());
  return takeStorage(std::move(X));
}

Vec MatLoader::readY(const matvar_t& v, const std::string& name, Index n) const {
  requireRealMatrix(v, name);
  if (v.class_type == MAT_C_SPARSE) fail("variable '" + name + "' is sparse: expected a full vector");
  if (v.dims[0] != 1 && v.dims[1] != 1)
    fail("variable '" + name + "' is a " + shapeOf(v) + " matrix: expected a vector of " +
         std::to_string(n) + " values");
  const std::size_t count = v.dims[0] * v.dims[1];
  requireBytes(v, name, count);
  Vec y(static_cast<Index>(count));
  if (count > 0) toDoubles(v.data, v.data_type, count, y.data());
  return y;
}

// Bytes (ASCII/UTF-8) or UTF-16 code units (what MATLAB and scipy write) as UTF-8.
std::string MatLoader::readString(const matvar_t& v, std::size_t count, std::size_t offset,
                                  std::size_t stride, const std::string& what) const {
  const std::size_t size = elementSize(v.data_type);
  if (size != 1 && size != 2) fail(what + " is not text");
  const std::size_t needed = count == 0 ? 0 : offset + (count - 1) * stride + 1;
  if (needed > 0 && (!v.data || v.nbytes / size < needed)) fail(what + " is damaged");
  std::string out;
  const auto* bytes = static_cast<const unsigned char*>(v.data);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t at = offset + k * stride;
    if (size == 1) {
      out += static_cast<char>(bytes[at]);
      continue;
    }
    std::uint16_t u;
    std::memcpy(&u, bytes + 2 * at, 2);
    std::uint32_t c = u;
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // a lone surrogate half (MATLAB chars are UCS-2)
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::vector<std::string> MatLoader::readNames(const matvar_t& v, std::size_t features) const {
  const std::string what = "variable 'feature_names'";
  std::vector<std::string> names;
  if (v.rank != 2 || !v.dims) fail(what + " must be a cell array of strings or a char matrix");
  // One name per column of X, checked before the loops: a char matrix of 10⁸ rows × 0 columns
  // holds no bytes, so nothing else bounds its row count (found by fuzz_mat: 3 GB of empty names).
  const auto requireCount = [&](std::size_t count) {
    if (count != 0 && count != features)
      fail(std::to_string(count) + " feature names for " + std::to_string(features) + " columns of X");
  };
  if (v.class_type == MAT_C_CHAR) {  // one name per row, padded with blanks
    const std::size_t rows = v.dims[0], cols = v.dims[1];
    requireCount(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      std::string s = readString(v, cols, r, rows, what);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
      names.push_back(std::move(s));
    }
    return names;
  }
  if (v.class_type != MAT_C_CELL)
    fail(what + " is " + className(v.class_type) + ": expected a cell array of strings");
  const std::size_t count = v.dims[1] != 0 && v.dims[0] > SIZE_MAX / v.dims[1] ? SIZE_MAX : v.dims[0] * v.dims[1];
  requireCount(count);
  if (count > static_cast<std::size_t>(INT_MAX)) fail(what + " is too large");
  for (std::size_t k = 0; k < count; ++k) {
    const matvar_t* cell = Mat_VarGetCell(const_cast<matvar_t*>(&v), static_cast<int>(k));
    const std::string item = what + " element " + std::to_string(k + 1);
    if (!cell || cell->class_type != MAT_C_CHAR || cell->rank != 2 || !cell->dims)
      fail(item + " is not a string");
    if (cell->dims[0] > 1) fail(item + " has several rows: expected one string");
    names.push_back(readString(*cell, cell->dims[0] * cell->dims[1], 0, 1, item));
  }
  return names;
}

Dataset MatLoader::load(const LoadControl& control) {
  requireDataFile(path_);
  std::error_code ec;
  const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(path_, ec));
  const auto report = [&](double fraction) {
    if (control.cancelled()) throw LoadCancelled();
    if (control.progress && !ec)
      control.progress(static_cast<std::uint64_t>(fraction * 2.0 * static_cast<double>(size)),
                       2 * size);
  };
  if (options_.targetColumns.size() > 1)
    fail("several targets (multitask) are read from CSV or TSV files only");
  const std::string yName = !options_.targetColumns.empty() ? options_.targetColumns.front()
                            : !options_.targetColumn.empty() ? options_.targetColumn
                                                             : std::string("y");

  if (!ec && size == 0) fail("empty file: not a MATLAB .mat file");
  if (!ec) {
    if (const std::string problem = layoutProblem(path_, size); !problem.empty())
      fail("damaged MATLAB file, " + problem);
  }
  installQuietLogging();
  const std::lock_guard lock(matioMutex());
  lastMatioMessage.clear();
  MatFile file(Mat_Open(path_.c_str(), MAT_ACC_RDONLY));
  if (!file)
    fail("not a MATLAB .mat file, or a damaged one" +
         (lastMatioMessage.empty() ? std::string() : " (" + lastMatioMessage.substr(0, 200) + ")"));
  file_ = file.get();
  report(0.05);
  FeatureStorage X = readX(*read("X", true));
  report(0.8);
  const Index n = std::visit([](const auto& m) { return m.rows(); }, X);
  Vec y = readY(*read(yName, true), yName, n);
  std::vector<std::string> names;
  if (MatVar v = read("feature_names", false))
    names = readNames(*v, static_cast<std::size_t>(std::visit([](const auto& m) { return m.cols(); }, X)));
  report(0.9);
  Dataset data = datasetFromArrays(std::move(X), std::move(y), std::move(names), path_, options_,
                                   ArrayNames{"X", yName, yName});
  report(1.0);
  return data;
}

}  // namespace

Dataset loadMatDataset(const std::string& path, const LoadOptions& options,
                       const LoadControl& control) {
  return MatLoader(path, options).load(control);
}

}  // namespace lambdascope
