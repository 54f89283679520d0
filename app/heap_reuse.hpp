#pragma once
// Freed heap memory is kept for reuse instead of going back to the kernel.
//
// By default glibc maps every block of 128 KB or more afresh and unmaps it on free, so each
// solve's p × T matrices are new pages, each a page fault on first write: on the shared M/EEG
// case the first MxNE solve at 80 % of α_max spent 8 of its 10 ms zero-filling three 1 MB
// matrices (later solves, on recycled memory, 1.6 ms). Up to 64 MB blocks come from the heap
// here and up to 128 MB of freed heap is kept; bigger datasets are still mapped and unmapped.

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lambdascope {

inline void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

}  // namespace lambdascope
