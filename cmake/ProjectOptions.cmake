# Interface targets that every Lambdascope target links PRIVATE: warnings and sanitizers.
add_library(lambdascope_warnings INTERFACE)
add_library(lambdascope_options INTERFACE)

target_compile_options(lambdascope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wformat=2 -Wimplicit-fallthrough)
# -Wnull-dereference is left out: GCC 12 reports it inside inlined Eigen reductions (false positives).
if(LAMBDASCOPE_WARNINGS_AS_ERRORS)
  target_compile_options(lambdascope_warnings INTERFACE -Werror)
endif()

if(LAMBDASCOPE_SANITIZERS)
  list(JOIN LAMBDASCOPE_SANITIZERS "," _lambdascope_san)
  message(STATUS "Lambdascope sanitizers: ${_lambdascope_san}")
  target_compile_options(lambdascope_options INTERFACE
    -fsanitize=${_lambdascope_san} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(lambdascope_options INTERFACE -fsanitize=${_lambdascope_san})
endif()

# Lambdascope is built from source on the machine that runs it (cmake/setup.sh), so by default
# the compiler may use that CPU's vector units: Eigen's products and the solvers' dense kernels
# then run on AVX2 + FMA instead of x86-64's baseline SSE2. AVX-512 stays off: GCC 12 warns
# falsely inside its intrinsics in Eigen's reductions, and the 2-core machines gain little.
# Turn it off for a binary meant for other machines. Sanitizer and fuzzing builds keep the
# baseline (their findings should not depend on the CPU).
if(LAMBDASCOPE_SANITIZERS)
  set(_lambdascope_native_default OFF)
else()
  set(_lambdascope_native_default ON)
endif()
option(LAMBDASCOPE_NATIVE "Compile for the building machine's CPU (-march=native, AVX-512 off)" ${_lambdascope_native_default})
if(LAMBDASCOPE_NATIVE)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag("-march=native -mno-avx512f" LAMBDASCOPE_HAS_MARCH_NATIVE)
  if(LAMBDASCOPE_HAS_MARCH_NATIVE)
    target_compile_options(lambdascope_options INTERFACE -march=native -mno-avx512f)
  endif()
endif()
