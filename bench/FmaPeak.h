//===- FmaPeak.h - this core's peak f32 FMA throughput ----------*- C++ -*-===//

#ifndef NNID_BENCH_FMAPEAK_H
#define NNID_BENCH_FMAPEAK_H

#include <cstdint>

namespace nnid::bench {

/// The widest f32 FMA this CPU runs: "avx512f" (16 lanes), "avx2+fma" (8)
/// or "scalar" (1, not vectorized: no FMA unit to measure).
const char *getFmaKind();

/// Runs `chunks` chunks of independent f32 FMA chains of getFmaKind()'s
/// width on the calling thread. Registers only: no memory traffic.
void runFmaChunks(int64_t chunks);

/// The floating-point operations runFmaChunks(chunks) does: 2 per lane per
/// FMA.
double getFmaChunkFlops(int64_t chunks);

} // namespace nnid::bench

#endif // NNID_BENCH_FMAPEAK_H
