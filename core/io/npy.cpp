#include "core/io/npy.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <utility>

#include "core/io/dataset_io.hpp"
#include "core/io/zip_archive.hpp"

namespace lambdascope::npy {

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& why) {
  throw DataError(file, 0, 0, {}, why);
}

// ---------------------------------------------------------------------------------------------
// The header: a Python literal dict. Only what np.save writes is accepted: string keys, and
// values that are strings, True/False or tuples of non-negative integers.

struct Header {
  std::string descr;
  bool fortran = false;
  std::vector<std::size_t> shape;
  bool hasDescr = false, hasFortran = false, hasShape = false;
};

class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& file) : s_(text), file_(file) {}

  Header parse() {
    Header h;
    skip();
    expect('{');
    skip();
    while (peek() != '}') {
      const std::string key = string();
      skip();
      expect(':');
      skip();
      if (key == "descr") {
        if (peek() == '[') bad("structured dtypes (a list descr) are not supported");
        h.descr = string();
        h.hasDescr = true;
      } else if (key == "fortran_order") {
        h.fortran = boolean();
        h.hasFortran = true;
      } else if (key == "shape") {
        h.shape = tuple();
        h.hasShape = true;
      } else {
        bad("unexpected key '" + key + "' in the header");
      }
      skip();
      if (peek() == ',') {
        ++i_;
        skip();
      } else if (peek() != '}') {
        bad("expected ',' or '}' in the header");
      }
    }
    ++i_;
    skip();
    if (i_ != s_.size()) bad("text after the header dict");
    if (!h.hasDescr || !h.hasFortran || !h.hasShape)
      bad("the header lacks 'descr', 'fortran_order' or 'shape'");
    return h;
  }

 private:
  [[noreturn]] void bad(const std::string& why) const { fail(file_, "bad .npy header: " + why); }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) bad(std::string("expected '") + c + "'");
    ++i_;
  }
  std::string string() {
    const char q = peek();
    if (q != '\'' && q != '"') bad("expected a quoted string");
    ++i_;
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] != q) {
      if (s_[i_] == '\\') bad("escapes in header strings are not supported");
      ++i_;
    }
    if (i_ >= s_.size()) bad("unterminated string");
    std::string out(s_.substr(start, i_ - start));
    ++i_;
    return out;
  }
  bool boolean() {
    if (s_.substr(i_, 4) == "True") {
      i_ += 4;
      return true;
    }
    if (s_.substr(i_, 5) == "False") {
      i_ += 5;
      return false;
    }
    bad("expected True or False");
  }
  std::vector<std::size_t> tuple() {
    expect('(');
    std::vector<std::size_t> out;
    skip();
    while (peek() != ')') {
      if (peek() < '0' || peek() > '9') bad("expected a non-negative integer in the shape");
      std::size_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        const auto d = static_cast<std::size_t>(peek() - '0');
        if (v > (std::numeric_limits<std::size_t>::max() - d) / 10) bad("shape dimension overflows");
        v = v * 10 + d;
        ++i_;
      }
      if (peek() == 'L') ++i_;  // Python 2 longs
      out.push_back(v);
      if (out.size() > 32) bad("more than 32 dimensions");
      skip();
      if (peek() == ',') {
        ++i_;
        skip();
      } else if (peek() != ')') {
        bad("expected ',' or ')' in the shape");
      }
    }
    ++i_;
    return out;
  }

  std::string_view s_;
  const std::string& file_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Element decoding.

enum class Kind { Bool, Int, UInt, Float, Unicode, Bytes };

struct Dtype {
  Kind kind;
  std::size_t itemsize;  // bytes per element
  bool bigEndian;
};

Dtype parseDescr(const std::string& d, const std::string& file) {
  if (d.size() < 2) fail(file, "bad dtype '" + d + "'");
  const char order = d[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    fail(file, "bad dtype '" + d + "' (unknown byte order)");
  const char kind = d[1];
  std::size_t n = 0;
  if (kind == 'O')  // NumPy writes '|O' (no size): say what it is rather than "no size"
    fail(file, "object arrays (dtype '" + d + "', Python pickles) are refused: save plain numeric or string arrays");
  if (d.size() == 2) fail(file, "bad dtype '" + d + "' (no size)");
  for (std::size_t k = 2; k < d.size(); ++k) {
    if (d[k] < '0' || d[k] > '9' || n > 100000000) fail(file, "bad dtype '" + d + "'");
    n = n * 10 + static_cast<std::size_t>(d[k] - '0');
  }
  Dtype t{Kind::Float, n, order == '>'};
  switch (kind) {
    case 'b':
      if (n != 1) fail(file, "bad boolean dtype '" + d + "'");
      t.kind = Kind::Bool;
      break;
    case 'i':
    case 'u':
      if (n != 1 && n != 2 && n != 4 && n != 8) fail(file, "bad integer dtype '" + d + "'");
      t.kind = kind == 'i' ? Kind::Int : Kind::UInt;
      break;
    case 'f':
      if (n != 2 && n != 4 && n != 8) fail(file, "unsupported float dtype '" + d + "' (float16/32/64 only)");
      break;
    case 'U':
      if (n == 0) fail(file, "zero-width string dtype '" + d + "'");
      t.kind = Kind::Unicode;
      t.itemsize = n * 4;  // UCS-4 code units
      break;
    case 'S':
      if (n == 0) fail(file, "zero-width string dtype '" + d + "'");
      t.kind = Kind::Bytes;
      break;
    case 'O':
      fail(file, "object arrays (dtype '" + d + "', Python pickles) are refused: save plain numeric or string arrays");
    case 'c':
      fail(file, "complex dtype '" + d + "' is not supported");
    default:
      fail(file, "unsupported dtype '" + d + "'");
  }
  return t;
}

std::uint64_t readUnsigned(const unsigned char* p, std::size_t n, bool big) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t idx = big ? k : n - 1 - k;
    v = (v << 8) | p[idx];
  }
  return v;
}

double halfToDouble(std::uint16_t h) {
  const int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1F, frac = h & 0x3FF;
  double v;
  if (exp == 0)
    v = std::ldexp(frac, -24);
  else if (exp == 31)
    v = frac ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  else
    v = std::ldexp(frac + 1024, exp - 25);
  return sign ? -v : v;
}

double decode(const unsigned char* p, const Dtype& t) {
  const std::uint64_t u = readUnsigned(p, t.itemsize, t.bigEndian);
  switch (t.kind) {
    case Kind::Bool:
      return u != 0 ? 1.0 : 0.0;
    case Kind::UInt:
      return static_cast<double>(u);
    case Kind::Int: {
      const unsigned bits = static_cast<unsigned>(8 * t.itemsize);
      std::int64_t s;
      if (bits == 64) {
        s = static_cast<std::int64_t>(u);
      } else {
        const std::uint64_t signBit = std::uint64_t{1} << (bits - 1);
        s = static_cast<std::int64_t>(u & (signBit - 1)) - ((u & signBit) ? static_cast<std::int64_t>(signBit) : 0);
      }
      return static_cast<double>(s);
    }
    case Kind::Float:
      if (t.itemsize == 8) return std::bit_cast<double>(u);
      if (t.itemsize == 4) return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(u)));
      return halfToDouble(static_cast<std::uint16_t>(u));
    default:
      return 0.0;
  }
}

void appendUtf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string readWholeFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) throw DataError(path, 0, 0, path, "file not found");
  if (ec) throw DataError(path, 0, 0, path, "cannot access the file (" + ec.message() + ")");
  if (fs::is_directory(st)) throw DataError(path, 0, 0, path, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, 0, 0, path, "cannot open the file");
  // One sized read: a byte-wise istreambuf copy of a 9 MB case cost more than inflating it.
  // The size is a hint only (the file may change while read): read to the end regardless.
  std::string bytes;
  const auto hint = fs::file_size(path, ec);
  if (!ec) bytes.resize(static_cast<std::size_t>(hint));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw DataError(path, 0, 0, path, "read error");
  if (!in.eof()) {
    in.clear();
    std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw DataError(path, 0, 0, path, "read error");
    bytes += rest;
  }
  return bytes;
}

}  // namespace

std::size_t Array::size() const {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

Array parseNpy(std::string_view b, const std::string& file) {
  static constexpr std::string_view kMagic("\x93NUMPY", 6);
  if (b.size() < 10 || b.substr(0, 6) != kMagic) fail(file, "not a .npy file (bad magic)");
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(b[k]); };
  const unsigned major = byte(6);
  std::size_t headerLen = 0, headerStart = 0;
  if (major == 1) {
    headerLen = byte(8) | (std::size_t{byte(9)} << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (b.size() < 12) fail(file, "truncated .npy header");
    headerLen = byte(8) | (std::size_t{byte(9)} << 8) | (std::size_t{byte(10)} << 16) |
                (std::size_t{byte(11)} << 24);
    headerStart = 12;
  } else {
    fail(file, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(byte(7)));
  }
  if (headerLen > b.size() - headerStart) fail(file, "truncated .npy header");
  const Header h = HeaderParser(b.substr(headerStart, headerLen), file).parse();
  const Dtype t = parseDescr(h.descr, file);

  Array a;
  a.shape = h.shape;
  a.fortranOrder = h.fortran;
  a.descr = h.descr;
  std::size_t count = 1;
  for (std::size_t d : h.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / d) fail(file, "shape overflows");
    count *= d;
  }
  if (count != 0 && t.itemsize > std::numeric_limits<std::size_t>::max() / count) fail(file, "data size overflows");
  const std::size_t dataLen = count * t.itemsize;
  const std::string_view data = b.substr(headerStart + headerLen);
  if (data.size() < dataLen)
    fail(file, "truncated data: " + std::to_string(data.size()) + " bytes for " + std::to_string(count) +
                   " elements of '" + h.descr + "'");
  if (data.size() > dataLen) fail(file, std::to_string(data.size() - dataLen) + " unexpected bytes after the data");
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());

  if (t.kind == Kind::Unicode || t.kind == Kind::Bytes) {
    a.strings.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
      const unsigned char* e = p + k * t.itemsize;
      std::string s;
      if (t.kind == Kind::Bytes) {
        std::size_t len = t.itemsize;
        while (len > 0 && e[len - 1] == 0) --len;
        s.assign(reinterpret_cast<const char*>(e), len);
      } else {
        std::size_t chars = t.itemsize / 4;
        while (chars > 0 && readUnsigned(e + 4 * (chars - 1), 4, t.bigEndian) == 0) --chars;
        for (std::size_t c = 0; c < chars; ++c) {
          const auto cp = static_cast<std::uint32_t>(readUnsigned(e + 4 * c, 4, t.bigEndian));
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail(file, "invalid Unicode code point in string element " + std::to_string(k));
          appendUtf8(s, cp);
        }
      }
      a.strings.push_back(std::move(s));
    }
    return a;
  }

  a.values.resize(count);
  if (t.kind == Kind::Float && t.itemsize == 8 && !t.bigEndian && std::endian::native == std::endian::little) {
    if (count) std::memcpy(a.values.data(), p, dataLen);
  } else {
    for (std::size_t k = 0; k < count; ++k) a.values[k] = decode(p + k * t.itemsize, t);
  }
  return a;
}

Array loadNpy(const std::string& path) { return parseNpy(readWholeFile(path), path); }

namespace {

std::map<std::string, Array> readMembers(std::string bytes, const std::string& displayName,
                                         const std::vector<std::string>* keys) {
  const auto zip = zip::ZipArchive::fromBytes(std::move(bytes), displayName);
  std::map<std::string, Array> out;
  for (const auto& e : zip.entries()) {
    if (e.name.size() < 4 || e.name.compare(e.name.size() - 4, 4, ".npy") != 0) continue;
    const std::string key = e.name.substr(0, e.name.size() - 4);
    if (keys && std::find(keys->begin(), keys->end(), key) == keys->end()) continue;
    const std::string content = zip.read(e);
    try {
      out.emplace(key, parseNpy(content, displayName + ":" + e.name));
    } catch (const DataError& err) {
      throw DataError(displayName, 0, 0, e.name, "member '" + e.name + "': " + err.reason());
    }
  }
  return out;
}

}  // namespace

std::map<std::string, Array> parseNpz(std::string bytes, const std::string& displayName) {
  return readMembers(std::move(bytes), displayName, nullptr);
}

std::map<std::string, Array> loadNpz(const std::string& path) { return parseNpz(readWholeFile(path), path); }

std::map<std::string, Array> loadNpz(const std::string& path, const std::vector<std::string>& keys) {
  return readMembers(readWholeFile(path), path, &keys);
}

Mat toMatrix(const Array& a, const std::string& what) {
  if (a.isString()) throw DataError(what, 0, 0, a.descr, "expected a numeric array, got strings ('" + a.descr + "')");
  if (a.shape.size() == 1) {
    Mat m(static_cast<Index>(a.shape[0]), 1);
    for (std::size_t k = 0; k < a.values.size(); ++k) m(static_cast<Index>(k), 0) = a.values[k];
    return m;
  }
  if (a.shape.size() != 2)
    throw DataError(what, 0, 0, {}, "expected a 2-D array, got " + std::to_string(a.shape.size()) + " dimensions");
  const auto r = static_cast<Index>(a.shape[0]), c = static_cast<Index>(a.shape[1]);
  if (a.fortranOrder) return Eigen::Map<const Mat>(a.values.data(), r, c);
  return Eigen::Map<const RowMat>(a.values.data(), r, c);
}

Vec toVector(const Array& a, const std::string& what) {
  if (a.isString()) throw DataError(what, 0, 0, a.descr, "expected a numeric array, got strings ('" + a.descr + "')");
  const bool ok = a.shape.size() == 1 ||
                  (a.shape.size() == 2 && (a.shape[0] == 1 || a.shape[1] == 1));
  if (!ok) throw DataError(what, 0, 0, {}, "expected a 1-D array");
  return Eigen::Map<const Vec>(a.values.data(), static_cast<Index>(a.values.size()));
}

double toScalar(const Array& a, const std::string& what) {
  if (a.isString() || a.values.size() != 1)
    throw DataError(what, 0, 0, a.descr, "expected one numeric value");
  return a.values[0];
}

// ---------------------------------------------------------------------------------------------
// Writer: a stored (uncompressed) zip of version-1.0 .npy members.

namespace {

void put16(std::string& s, std::uint16_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>(v >> 8);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, static_cast<std::uint16_t>(v & 0xFFFF));
  put16(s, static_cast<std::uint16_t>(v >> 16));
}

std::string npyBytes(const Mat& m) {
  std::string header = "{'descr': '<f8', 'fortran_order': True, 'shape': (" + std::to_string(m.rows()) + ", " +
                       std::to_string(m.cols()) + "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  put16(out, static_cast<std::uint16_t>(header.size()));
  out += header;
  const std::size_t n = static_cast<std::size_t>(m.size()) * sizeof(double);
  const std::size_t at = out.size();
  out.resize(at + n);
  if (n) std::memcpy(out.data() + at, m.data(), n);
  return out;
}

}  // namespace

void saveNpz(const std::string& path, const std::map<std::string, Mat>& arrays) {
  std::string body, central;
  std::uint16_t count = 0;
  for (const auto& [key, m] : arrays) {
    const std::string name = key + ".npy";
    const std::string content = npyBytes(m);
    if (content.size() >= 0xFFFFFFFFu || body.size() >= 0xFFFFFFFFu)
      throw DataError(path, 0, 0, name, "array too large for this writer");
    const auto crc = static_cast<std::uint32_t>(
        ::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
    const auto offset = static_cast<std::uint32_t>(body.size());
    const auto size = static_cast<std::uint32_t>(content.size());
    std::string local;
    put32(local, 0x04034b50);
    put16(local, 20);
    put16(local, 0);
    put16(local, 0);
    put16(local, 0);
    put16(local, 0x21);
    put32(local, crc);
    put32(local, size);
    put32(local, size);
    put16(local, static_cast<std::uint16_t>(name.size()));
    put16(local, 0);
    body += local + name + content;
    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, static_cast<std::uint16_t>(name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += name;
    ++count;
  }
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, count);
  put16(end, count);
  put32(end, static_cast<std::uint32_t>(central.size()));
  put32(end, static_cast<std::uint32_t>(body.size()));
  put16(end, 0);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw DataError(path, 0, 0, path, "cannot create the file");
  out << body << central << end;
  if (!out) throw DataError(path, 0, 0, path, "write error");
}

}  // namespace lambdascope::npy
