#include "core/io/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <utility>

#include "core/io/dataset_io.hpp"

namespace lambdascope::zip {

namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEocdSig = 0x06054b50;
constexpr std::uint32_t kZip64EocdSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;
constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kZip64EocdSize = 56;
constexpr std::size_t kCentralSize = 46;
constexpr std::size_t kLocalSize = 30;
// Deflate cannot expand data by more than about 1032:1; a member claiming more is forged.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

[[noreturn]] void fail(const std::string& file, const std::string& member, const std::string& why) {
  throw DataError(file, 0, 0, member, member.empty() ? why : "member '" + member + "': " + why);
}

// Bounds-checked little-endian reads from the archive bytes.
class Reader {
 public:
  Reader(std::string_view bytes, const std::string& file) : b_(bytes), file_(file) {}
  bool fits(std::uint64_t offset, std::uint64_t length) const {
    return offset <= b_.size() && length <= b_.size() - offset;
  }
  void require(std::uint64_t offset, std::uint64_t length, const std::string& member,
               const char* what) const {
    if (!fits(offset, length))
      fail(file_, member, std::string(what) + " lies outside the file (truncated or bad offset)");
  }
  std::uint16_t u16(std::size_t at) const {
    return static_cast<std::uint16_t>(byte(at) | (byte(at + 1) << 8));
  }
  std::uint32_t u32(std::size_t at) const {
    return static_cast<std::uint32_t>(u16(at)) | (static_cast<std::uint32_t>(u16(at + 2)) << 16);
  }
  std::uint64_t u64(std::size_t at) const {
    return static_cast<std::uint64_t>(u32(at)) | (static_cast<std::uint64_t>(u32(at + 4)) << 32);
  }
  std::string_view slice(std::size_t at, std::size_t n) const { return b_.substr(at, n); }
  std::size_t size() const { return b_.size(); }

 private:
  unsigned byte(std::size_t at) const { return static_cast<unsigned char>(b_[at]); }
  std::string_view b_;
  const std::string& file_;
};

std::uint32_t crc32Of(std::string_view bytes) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, UINT_MAX));
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), chunk);
    done += chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

std::string inflateRaw(std::string_view in, std::uint64_t expected, const std::string& file,
                       const std::string& member) {
  std::string out(static_cast<std::size_t>(expected), '\0');
  z_stream s{};
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK) fail(file, member, "cannot initialise zlib");
  std::size_t inDone = 0, outDone = 0;
  int rc = Z_OK;
  // One extra output byte is offered so that a stream longer than declared is detected.
  char spare = 0;
  bool usingSpare = false;
  while (rc != Z_STREAM_END) {
    if (s.avail_in == 0 && inDone < in.size()) {
      const auto chunk = static_cast<uInt>(std::min<std::size_t>(in.size() - inDone, UINT_MAX));
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + inDone));
      s.avail_in = chunk;
      inDone += chunk;
    }
    if (s.avail_out == 0) {
      if (outDone < out.size()) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(out.size() - outDone, UINT_MAX));
        s.next_out = reinterpret_cast<Bytef*>(out.data() + outDone);
        s.avail_out = chunk;
        outDone += chunk;
      } else if (!usingSpare) {
        s.next_out = reinterpret_cast<Bytef*>(&spare);
        s.avail_out = 1;
        usingSpare = true;
      } else {
        break;
      }
    }
    const uInt availOutBefore = s.avail_out;
    const uInt availInBefore = s.avail_in;
    rc = inflate(&s, Z_NO_FLUSH);
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) {
      inflateEnd(&s);
      fail(file, member, "corrupt deflate data");
    }
    if (usingSpare && s.avail_out == 0) {
      inflateEnd(&s);
      fail(file, member, "inflates to more bytes than the declared size");
    }
    if (rc == Z_BUF_ERROR || (rc == Z_OK && s.avail_out == availOutBefore && s.avail_in == availInBefore)) {
      if (s.avail_in == 0 && inDone >= in.size()) {
        inflateEnd(&s);
        fail(file, member, "deflate data end before the stream does (truncated)");
      }
    }
  }
  const std::uint64_t produced = s.total_out;
  inflateEnd(&s);
  if (produced != expected)
    fail(file, member, "inflates to " + std::to_string(produced) + " bytes, the directory says " +
                           std::to_string(expected));
  return out;
}

}  // namespace

ZipArchive::ZipArchive(std::string bytes, std::string displayName)
    : data_(std::move(bytes)), name_(std::move(displayName)) {}

ZipArchive ZipArchive::open(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) throw DataError(path, 0, 0, path, "file not found");
  if (ec) throw DataError(path, 0, 0, path, "cannot access the file (" + ec.message() + ")");
  if (fs::is_directory(st)) throw DataError(path, 0, 0, path, "is a directory, not a zip file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, 0, 0, path, "cannot open the file");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw DataError(path, 0, 0, path, "read error");
  return fromBytes(std::move(bytes), path);
}

ZipArchive ZipArchive::fromBytes(std::string bytes, std::string displayName) {
  ZipArchive z(std::move(bytes), std::move(displayName));
  z.parseCentralDirectory();
  return z;
}

void ZipArchive::parseCentralDirectory() {
  const Reader r(data_, name_);
  if (r.size() < kEocdSize) fail(name_, {}, "too short to be a zip archive (no end-of-central-directory record)");
  // The EOCD is the last record; it may be followed by a comment of up to 65535 bytes.
  std::size_t eocd = std::string::npos;
  const std::size_t lowest = r.size() - kEocdSize > 0xFFFF ? r.size() - kEocdSize - 0xFFFF : 0;
  for (std::size_t at = r.size() - kEocdSize + 1; at-- > lowest;) {
    if (r.u32(at) == kEocdSig && at + kEocdSize + r.u16(at + 20) == r.size()) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string::npos) fail(name_, {}, "not a zip archive (no end-of-central-directory record)");
  if (r.u16(eocd + 4) != 0 || r.u16(eocd + 6) != 0)
    fail(name_, {}, "multi-disk (split) archives are not supported");
  std::uint64_t count = r.u16(eocd + 10);
  std::uint64_t cdSize = r.u32(eocd + 12);
  std::uint64_t cdOffset = r.u32(eocd + 16);
  if (r.u16(eocd + 8) != count) fail(name_, {}, "inconsistent entry counts in the end record");

  const bool wantsZip64 = count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF;
  if (eocd >= kZip64LocatorSize && r.u32(eocd - kZip64LocatorSize) == kZip64LocatorSig) {
    const std::size_t loc = eocd - kZip64LocatorSize;
    const std::uint64_t z64 = r.u64(loc + 8);
    if (r.u32(loc + 16) > 1) fail(name_, {}, "multi-disk (split) archives are not supported");
    r.require(z64, kZip64EocdSize, {}, "the zip64 end-of-central-directory record");
    if (r.u32(static_cast<std::size_t>(z64)) != kZip64EocdSig)
      fail(name_, {}, "bad zip64 end-of-central-directory signature");
    const auto at = static_cast<std::size_t>(z64);
    if (r.u32(at + 16) != 0 || r.u32(at + 20) != 0)
      fail(name_, {}, "multi-disk (split) archives are not supported");
    count = r.u64(at + 32);
    if (r.u64(at + 24) != count) fail(name_, {}, "inconsistent zip64 entry counts");
    cdSize = r.u64(at + 40);
    cdOffset = r.u64(at + 48);
  } else if (wantsZip64) {
    fail(name_, {}, "the end record asks for zip64 but there is no zip64 locator");
  }
  r.require(cdOffset, cdSize, {}, "the central directory");
  // Every central record takes at least 46 bytes: a count beyond that is forged.
  if (count > cdSize / kCentralSize) fail(name_, {}, "the central directory is too small for its entry count");

  entries_.reserve(static_cast<std::size_t>(count));
  std::set<std::string> names;
  std::size_t at = static_cast<std::size_t>(cdOffset);
  const std::size_t end = static_cast<std::size_t>(cdOffset + cdSize);
  for (std::uint64_t k = 0; k < count; ++k) {
    if (at > end || end - at < kCentralSize) fail(name_, {}, "central directory truncated");
    if (r.u32(at) != kCentralSig) fail(name_, {}, "bad central directory signature");
    Entry e;
    e.flags = r.u16(at + 8);
    e.method = r.u16(at + 10);
    e.crc32 = r.u32(at + 16);
    e.compressedSize = r.u32(at + 20);
    e.uncompressedSize = r.u32(at + 24);
    const std::size_t nameLen = r.u16(at + 28), extraLen = r.u16(at + 30), commentLen = r.u16(at + 32);
    const std::uint16_t disk = r.u16(at + 34);
    e.localHeaderOffset = r.u32(at + 42);
    const std::size_t varLen = nameLen + extraLen + commentLen;
    if (end - at - kCentralSize < varLen) fail(name_, {}, "central directory record runs past the directory");
    e.name = std::string(r.slice(at + kCentralSize, nameLen));
    // Zip64 extended information: the 0xFFFFFFFF fields, in this order.
    std::size_t x = at + kCentralSize + nameLen;
    const std::size_t xEnd = x + extraLen;
    while (xEnd - x >= 4) {
      const std::uint16_t id = r.u16(x), len = r.u16(x + 2);
      if (xEnd - x - 4 < len) fail(name_, e.name, "extra field runs past its record");
      if (id == 0x0001) {
        std::size_t f = x + 4;
        const std::size_t fEnd = f + len;
        auto take = [&](std::uint64_t& field) {
          if (fEnd - f < 8) fail(name_, e.name, "zip64 extra field too short");
          field = r.u64(f);
          f += 8;
        };
        if (e.uncompressedSize == 0xFFFFFFFF) take(e.uncompressedSize);
        if (e.compressedSize == 0xFFFFFFFF) take(e.compressedSize);
        if (e.localHeaderOffset == 0xFFFFFFFF) take(e.localHeaderOffset);
      }
      x += 4 + std::size_t{len};
    }
    if (disk != 0 && disk != 0xFFFF) fail(name_, e.name, "member on another disk");
    if (e.uncompressedSize == 0xFFFFFFFF || e.compressedSize == 0xFFFFFFFF ||
        e.localHeaderOffset == 0xFFFFFFFF) {
      // Legitimate only when a zip64 extra supplied the value; 4 GiB−1 exactly is not credible here.
      bool had64 = false;
      for (std::size_t y = at + kCentralSize + nameLen; xEnd - y >= 4; y += 4 + std::size_t{r.u16(y + 2)})
        if (r.u16(y) == 0x0001) had64 = true;
      if (!had64) fail(name_, e.name, "size or offset 0xFFFFFFFF without a zip64 extra field");
    }
    if (!names.insert(e.name).second) fail(name_, e.name, "duplicate member name");
    entries_.push_back(std::move(e));
    at += kCentralSize + varLen;
  }
}

std::string ZipArchive::read(const Entry& e) const {
  const Reader r(data_, name_);
  if (e.flags & 0x1) fail(name_, e.name, "encrypted members are not supported");
  if (e.method != 0 && e.method != 8)
    fail(name_, e.name, "compression method " + std::to_string(e.method) + " is not supported (only stored and deflate)");
  if (e.uncompressedSize > kMaxMemberBytes)
    fail(name_, e.name, "declares " + std::to_string(e.uncompressedSize) + " bytes, beyond the " +
                            std::to_string(kMaxMemberBytes) + "-byte limit");
  r.require(e.localHeaderOffset, kLocalSize, e.name, "the local header");
  const auto lh = static_cast<std::size_t>(e.localHeaderOffset);
  if (r.u32(lh) != kLocalSig) fail(name_, e.name, "bad local header signature");
  if (r.u16(lh + 8) != e.method) fail(name_, e.name, "local header and central directory disagree on the method");
  const std::uint64_t dataStart = std::uint64_t{lh} + kLocalSize + r.u16(lh + 26) + r.u16(lh + 28);
  r.require(dataStart, e.compressedSize, e.name, "the member's data");
  const std::string_view raw = r.slice(static_cast<std::size_t>(dataStart), static_cast<std::size_t>(e.compressedSize));
  std::string out;
  if (e.method == 0) {
    if (e.compressedSize != e.uncompressedSize) fail(name_, e.name, "stored member with different sizes");
    out.assign(raw);
  } else {
    if (e.uncompressedSize / kMaxDeflateRatio > e.compressedSize + 1)
      fail(name_, e.name, "declared size exceeds what deflate can produce from its data (decompression bomb?)");
    out = inflateRaw(raw, e.uncompressedSize, name_, e.name);
  }
  if (crc32Of(out) != e.crc32) fail(name_, e.name, "CRC-32 mismatch (corrupt data)");
  return out;
}

}  // namespace lambdascope::zip
