#include "tests/fuzz/fuzz_targets.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/io/dataset_io.hpp"
#include "core/io/mat_reader.hpp"
#include "core/io/npy.hpp"
#include "core/io/npy_dataset.hpp"
#include "core/playground/methods.hpp"
#include "core/playground/preset.hpp"

namespace lambdascope::fuzz {

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

std::string_view bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

void checkDataset(const Dataset& d) {
  if (d.samples() < 1 || d.features() < 1) broken("empty dataset accepted");
  if (d.target().size() != d.samples()) broken("target length differs from n");
  if (!d.target().allFinite()) broken("non-finite target accepted");
  const auto& storage = *d.storage();
  if (const auto* dense = std::get_if<Mat>(&storage)) {
    if (dense->rows() != d.samples() || dense->cols() != d.features()) broken("dense shape");
    if (!dense->allFinite()) broken("non-finite feature accepted");
  } else {
    const auto& sparse = std::get<SpMat>(storage);
    if (sparse.rows() != d.samples() || sparse.cols() != d.features()) broken("sparse shape");
    for (Index k = 0; k < sparse.nonZeros(); ++k)
      if (!std::isfinite(sparse.valuePtr()[k])) broken("non-finite sparse feature accepted");
  }
  // The message of any later error must stay printable: DataError messages are checked below.
}

void checkMessage(const DataError& e) {
  if (std::string_view(e.what()).find('\n') != std::string_view::npos) broken("multi-line error");
}

// Byte 0 of a text input picks the load options, the rest is the file.
LoadOptions textOptions(std::uint8_t selector, FileFormat format) {
  LoadOptions o;
  o.format = format;
  o.storage = static_cast<StorageChoice>(selector % 3);
  o.zeroBasedIndices = (selector & 4) != 0;
  o.libsvmFeatures = (selector & 8) ? (selector >> 4) : 0;
  if ((selector & 0x30) == 0x30) o.targetColumn = "y";
  return o;
}

int text(const std::uint8_t* data, std::size_t size, bool libsvmFormat) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const FileFormat format = libsvmFormat ? FileFormat::Libsvm
                            : (selector & 0x40) ? FileFormat::Tsv
                                                : FileFormat::Csv;
  try {
    checkDataset(parseDataset(bytes(data + 1, size - 1), "fuzz", textOptions(selector, format)));
  } catch (const DataError& e) {
    checkMessage(e);
  }
  return 0;
}

}  // namespace

int csv(const std::uint8_t* data, std::size_t size) { return text(data, size, false); }
int libsvm(const std::uint8_t* data, std::size_t size) { return text(data, size, true); }

int npy(const std::uint8_t* data, std::size_t size) {
  try {
    const npy::Array a = npy::parseNpy(bytes(data, size), "fuzz.npy");
    if (!a.isString() && a.values.size() != a.size()) broken("npy: values do not match the shape");
    if (a.isString() && a.strings.size() != a.size()) broken("npy: strings do not match the shape");
  } catch (const DataError& e) {
    checkMessage(e);
  }
  try {
    checkDataset(parseNpyDataset(bytes(data, size), "fuzz.npy", {}));
  } catch (const DataError& e) {
    checkMessage(e);
  }
  return 0;
}

int npz(const std::uint8_t* data, std::size_t size) {
  LoadOptions o;
  o.storage = size % 2 ? StorageChoice::Auto : StorageChoice::Dense;
  try {
    checkDataset(parseNpzDataset(bytes(data, size), "fuzz.npz", o));
  } catch (const DataError& e) {
    checkMessage(e);
  }
  return 0;
}

int mat(const std::uint8_t* data, std::size_t size) {
  // matio reads files only: one scratch file per process, in memory (/dev/shm) when there is one,
  // opened once and rewritten in place for every input (reopening a file on disk per input cost
  // most of the time).
  static const std::string path = [] {
    const char* env = std::getenv("TMPDIR");
    const std::string dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : env && *env ? env : "/tmp";
    return dir + "/lambdascope-fuzz-" + std::to_string(::getpid()) + ".mat";
  }();
  static const int fd = [] {
    const int f = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (f < 0) broken("cannot create the scratch .mat file");
    std::atexit([] { ::unlink(path.c_str()); });
    return f;
  }();
  if (::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size) || ::ftruncate(fd, static_cast<off_t>(size)) != 0)
    broken("cannot write the scratch .mat file");
  try {
    checkDataset(loadMatDataset(path, {}));
  } catch (const DataError& e) {
    checkMessage(e);
  }
  return 0;
}

int preset(const std::uint8_t* data, std::size_t size) {
  using namespace playground;
  Preset p;
  try {
    p = parsePreset(bytes(data, size), "fuzz.json");
  } catch (const std::invalid_argument& e) {
    if (std::string_view(e.what()).find('\n') != std::string_view::npos) broken("multi-line error");
    return 0;
  }
  // A preset that parses must run (a few iterations: the fuzzer is after crashes and hangs,
  // not long runs): every method either runs or refuses with std::invalid_argument.
  try {
    const auto problem = makeProblem(p.problem);
    const Vec2 start = p.start.value_or(problem->defaultStart());
    for (const MethodSpec& m : p.methods) {
      try {
        const Trace t = runMethod(*problem, m, start, std::min(p.iterations, 20));
        for (const double v : t.values)
          if (std::isnan(v)) broken("a playground run recorded a NaN value");
      } catch (const std::invalid_argument&) {
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

}  // namespace lambdascope::fuzz
