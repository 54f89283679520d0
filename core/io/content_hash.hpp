#pragma once
// SHA-256 (FIPS 180-4) of a file's bytes: the dataset reference stored in a session, so a reopened
// session can tell "same data" from "the file changed since". No Qt, no external library.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lambdascope {

/// Incremental SHA-256: update() with any chunks, then hexDigest() (64 lower-case hex digits).
class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::uint8_t> bytes);
  void update(std::string_view bytes);
  /// Finishes the hash; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> digest();
  std::string hexDigest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;
};

/// "sha256:<hex>" of the bytes of `path`, read in 1 MiB chunks. Throws std::runtime_error naming
/// the file when it cannot be read.
std::string fileContentHash(const std::string& path);
/// The same for bytes in memory (resources, tests).
std::string contentHash(std::string_view bytes);

}  // namespace lambdascope
