#!/bin/bash
# Runs every libFuzzer target in turn on its seed corpus (tests/fuzz/corpus/<target>), each for
# SECONDS (default 600), and prints the executions per target. New corpus entries go to
# BUILD/fuzz-corpus/<target> (not the committed seeds); crashes to BUILD/fuzz-artifacts/<target>/.
#   tests/robustness/run_fuzzers.sh [BUILD_DIR=build/fuzz] [SECONDS=600] [targets...]
set -u
build=${1:-build/fuzz}
seconds=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
targets=${*:-csv libsvm npy npz mat preset}
root=$(cd "$(dirname "$0")/../.." && pwd)
for t in $targets; do
  work="$build/fuzz-corpus/$t"
  art="$build/fuzz-artifacts/$t"
  mkdir -p "$work" "$art"
  log="$build/fuzz-$t.log"
  # matio sizes its buffers from the file's header (forged dims ask for 32 GB) and checks for
  # NULL: let such a calloc fail as it does outside ASan instead of counting it as a crash.
  # Its many short-lived buffers made ASan's 256 MB quarantine and 0xbe fill of each new block
  # (page faults, memset) half the run time: a 16 MB quarantine still spans many inputs
  # (measured 789 -> 1500 inputs/s).
  extra=()
  asan=${ASAN_OPTIONS:-}
  if [ "$t" = mat ]; then
    extra=(-malloc_limit_mb=65536)
    asan="allocator_may_return_null=1:quarantine_size_mb=16:max_malloc_fill_size=0:$asan"
  fi
  ASAN_OPTIONS="$asan" "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=3072 -max_len=16384 -print_final_stats=1 -artifact_prefix="$art/" "${extra[@]}" \
    "$work" "$root/tests/fuzz/corpus/$t" > "$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  echo "fuzz_$t: exit $status, ${runs:-?} executions in ${seconds}s, $(ls "$art" | wc -l) artifacts"
done
