//===- FmaPeak.cpp - this core's peak f32 FMA throughput ------------------===//
//
// Twelve independent FMA chains per iteration: more than the FMA latency
// (4 cycles) times the FMA ports (2) of current x86 cores, so the loop is
// bound by FMA throughput alone. The chains converge to 1 (x * 0.9999 +
// 0.0001), so no value becomes denormal or infinite.
//
//===----------------------------------------------------------------------===//

#include "FmaPeak.h"

#include <immintrin.h>

#include <type_traits>

namespace {

constexpr int kChains = 12;
constexpr int64_t kIterationsPerChunk = 1 << 20;

/// The sum of every element: keeps the chains' results alive.
template <class Array> float sumLanes(const Array &lanes) {
  float total = 0.0f;
  for (const auto &row : lanes) {
    if constexpr (std::is_array_v<std::remove_cvref_t<decltype(row)>>)
      for (float lane : row)
        total += lane;
    else
      total += row;
  }
  return total;
}

__attribute__((target("avx512f"))) float fmaChainsAvx512(int64_t chunks) {
  __m512 acc[kChains];
  for (int c = 0; c < kChains; ++c)
    acc[c] = _mm512_set1_ps(1.0f + c);
  const __m512 a = _mm512_set1_ps(0.9999f), b = _mm512_set1_ps(0.0001f);
  for (int64_t i = 0; i < chunks * kIterationsPerChunk; ++i)
    for (int c = 0; c < kChains; ++c)
      acc[c] = _mm512_fmadd_ps(acc[c], a, b);
  alignas(64) float lanes[kChains][16];
  for (int c = 0; c < kChains; ++c)
    _mm512_store_ps(lanes[c], acc[c]);
  return sumLanes(lanes);
}

__attribute__((target("avx2,fma"))) float fmaChainsAvx2(int64_t chunks) {
  __m256 acc[kChains];
  for (int c = 0; c < kChains; ++c)
    acc[c] = _mm256_set1_ps(1.0f + c);
  const __m256 a = _mm256_set1_ps(0.9999f), b = _mm256_set1_ps(0.0001f);
  for (int64_t i = 0; i < chunks * kIterationsPerChunk; ++i)
    for (int c = 0; c < kChains; ++c)
      acc[c] = _mm256_fmadd_ps(acc[c], a, b);
  alignas(32) float lanes[kChains][8];
  for (int c = 0; c < kChains; ++c)
    _mm256_store_ps(lanes[c], acc[c]);
  return sumLanes(lanes);
}

float fmaChainsScalar(int64_t chunks) {
  float acc[kChains];
  for (int c = 0; c < kChains; ++c)
    acc[c] = 1.0f + c;
  for (int64_t i = 0; i < chunks * kIterationsPerChunk; ++i)
    for (int c = 0; c < kChains; ++c)
      acc[c] = acc[c] * 0.9999f + 0.0001f;
  return sumLanes(acc);
}

int getLanes() {
  if (__builtin_cpu_supports("avx512f"))
    return 16;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return 8;
  return 1;
}

} // namespace

const char *nnid::bench::getFmaKind() {
  switch (getLanes()) {
  case 16:
    return "avx512f";
  case 8:
    return "avx2+fma";
  default:
    return "scalar";
  }
}

void nnid::bench::runFmaChunks(int64_t chunks) {
  int lanes = getLanes();
  volatile float sink;
  if (lanes == 16)
    sink = fmaChainsAvx512(chunks);
  else if (lanes == 8)
    sink = fmaChainsAvx2(chunks);
  else
    sink = fmaChainsScalar(chunks);
  (void)sink;
}

double nnid::bench::getFmaChunkFlops(int64_t chunks) {
  return 2.0 * getLanes() * kChains * double(chunks * kIterationsPerChunk);
}
