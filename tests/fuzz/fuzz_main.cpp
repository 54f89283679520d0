// libFuzzer entry: LAMBDASCOPE_FUZZ_ENTRY names one function of fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return lambdascope::fuzz::LAMBDASCOPE_FUZZ_ENTRY(data, size);
}
