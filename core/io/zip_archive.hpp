#pragma once
// A small, strict reader of ZIP archives (PKWARE APPNOTE 6.3): the end-of-central-directory
// record (and its zip64 form), the central directory, local headers, members stored (method 0)
// or deflated (method 8, zlib raw inflate), and the CRC-32 of every member.
//
// It exists to read NumPy .npz files, which np.savez writes with zip64 extra fields. The input
// is untrusted (and fuzzed): every offset and size is bounds-checked with overflow checks, and
// every malformed archive raises DataError naming the file and the member. Nothing is repaired.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lambdascope::zip {

/// One member as described by the central directory.
struct Entry {
  std::string name;
  std::uint16_t method = 0;            ///< 0 stored, 8 deflate
  std::uint16_t flags = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressedSize = 0;
  std::uint64_t uncompressedSize = 0;
  std::uint64_t localHeaderOffset = 0;
};

/// Largest member we agree to inflate (a guard against decompression bombs).
inline constexpr std::uint64_t kMaxMemberBytes = std::uint64_t{1} << 31;  // 2 GiB

class ZipArchive {
 public:
  /// Read the whole file and parse its central directory. Throws DataError.
  static ZipArchive open(const std::string& path);
  /// Parse an archive held in memory; `displayName` names it in error messages.
  static ZipArchive fromBytes(std::string bytes, std::string displayName);

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& displayName() const { return name_; }

  /// The member's uncompressed bytes, CRC-checked. Throws DataError.
  std::string read(const Entry& entry) const;

 private:
  ZipArchive(std::string bytes, std::string displayName);
  void parseCentralDirectory();

  std::string data_;
  std::string name_;
  std::vector<Entry> entries_;
};

}  // namespace lambdascope::zip
