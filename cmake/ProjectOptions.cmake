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
