#!/bin/bash
# Builds Debian's own oneTBB (the same 2021.8 sources as libtbb12) with ThreadSanitizer, so the
# threaded tests can run against an instrumented libtbb.so.12 (LD_LIBRARY_PATH): TSan cannot see
# the task hand-off inside the uninstrumented library, and then reports every capture of a
# task_group lambda as a race (89 reports in test_selection). Needs deb-src entries for bookworm.
#   tests/robustness/build_tsan_tbb.sh [WORK_DIR=/tmp/tbb-tsan]   # prints the library directory
set -eu
work=${1:-/tmp/tbb-tsan}
mkdir -p "$work"
cd "$work"
[ -d src ] || { apt-get source --download-only onetbb >/dev/null && dpkg-source -x onetbb_*.dsc src >/dev/null; }
cmake -S src -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF \
  -DTBBMALLOC_BUILD=OFF -DTBB_STRICT=OFF >/dev/null
nice -n 10 cmake --build build --target tbb >/dev/null
dirname "$(find "$work/build" -name 'libtbb.so.12' | head -1)"
