#pragma once
// One entry point per input format, shared by the libFuzzer executables (fuzz_main.cpp, clang
// with -fsanitize=fuzzer) and by test_fuzz_regressions, which replays the seed corpus and every
// crash reproducer with the normal compiler in the default test suite.
//
// Contract checked by every target: the loader either returns a dataset that satisfies the
// invariants (n >= 1, p >= 1, every value finite, y of length n) or throws the documented error
// type (DataError, or std::invalid_argument for presets). Anything else aborts: another
// exception type, a broken invariant, and of course a crash or a sanitizer report.

#include <cstddef>
#include <cstdint>

namespace lambdascope::fuzz {

using Entry = int (*)(const std::uint8_t* data, std::size_t size);

int csv(const std::uint8_t* data, std::size_t size);     ///< CSV/TSV; byte 0 picks options
int libsvm(const std::uint8_t* data, std::size_t size);  ///< LIBSVM; byte 0 picks options
int npy(const std::uint8_t* data, std::size_t size);     ///< one .npy array (parse + dataset)
int npz(const std::uint8_t* data, std::size_t size);     ///< .npz: zip + .npy members + dataset
int mat(const std::uint8_t* data, std::size_t size);     ///< MATLAB .mat via matio (temp file)
int preset(const std::uint8_t* data, std::size_t size);  ///< playground JSON preset (+ short runs)

struct Target {
  const char* name;  ///< also the directory name under corpus/ and regressions/
  Entry run;
};
inline constexpr Target kTargets[] = {
    {"csv", csv}, {"libsvm", libsvm}, {"npy", npy}, {"npz", npz}, {"mat", mat}, {"preset", preset},
};

}  // namespace lambdascope::fuzz
