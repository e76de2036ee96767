//===- ImplicitGemm.cpp - contractions as tiled GPU kernels ---------------===//
//
// nnid's GPU strategy for convolutions: implicit GEMM with shared-memory
// tiling.
//
// A convolution is a matrix product per group g,
//   C[g](M x N) += A[g](M x K) * B[g](K x N),
// with M the output channels of a group, N = batch * OH * OW (the output
// pixels), K = C/groups * KH * KW (a filter window), A the filters as
// stored (row m of A is filter m, contiguous) and B the im2col matrix of
// the (padded) input. B is never materialized: the kernel gathers each tile
// of it from the input when it needs it, computing (c, kh, kw) from k and
// (n, oh, ow) from the pixel index. linalg.matmul (linear layers) is the
// same product with B read through its indexing map.
//
// Why this and not direct convolution: every nnid convolution with groups
// (and every linear layer) becomes one well-shaped GEMM, whatever its
// stride, dilation, kernel size or group count, so one kernel, tuned once,
// serves them all, and it uses the thread hierarchy the way GEMMs do. Each
// block of 256 threads owns a BM x BN tile of C and walks K in steps of
// BK = 16. Per step, the threads cooperatively copy the BK x BM tile of A
// and the BK x BN tile of B into shared memory (each element read from
// global memory once per block, consecutive threads reading consecutive
// addresses), synchronize, and then each thread accumulates a 4 x 4
// sub-tile of C in registers from the shared tiles: 8 shared loads for 16
// fused multiply-adds. A thread's rows and columns are strided by the
// thread grid (rows ty + 16 i, columns tx + 16 j for a 64 x 64 tile), so
// that shared-memory reads of a warp are broadcasts or consecutive, and
// stores of C by consecutive threads go to consecutive pixels. The A tile
// is stored transposed with one column of padding against bank conflicts.
//
// The tile shape follows M: 64 x 64 for M > 32, 32 x 128 for M <= 32,
// 16 x 256 for M <= 16 (the first layers of a network), always 256 threads.
// A grid with fewer blocks than about two per multiprocessor (deep layers:
// large K, few output pixels) splits K among blocks (split-K), which add
// their partial sums to C with atomic adds. C already holds the
// accumulator's initial value, the bias or zeros, as linalg's semantics
// require, so no extra pass is needed.
//
// Depthwise convolutions are not GEMMs (K is one window); they, pooling and
// elementwise ops go through parallel loops, one thread per output
// (MapParallelLoops.cpp).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <functional>

namespace nnid {
#define GEN_PASS_DEF_GPUIMPLICITGEMM
#include "nnid/Conversion/GPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid::detail;

namespace {

int64_t ceilDiv(int64_t x, int64_t y) { return (x + y - 1) / y; }

/// The shape of the work of one block.
struct TileConfig {
  static constexpr int64_t kTileK = 16;
  static constexpr int64_t kThreadRows = 4, kThreadColumns = 4;
  static constexpr int64_t kThreads = 256;

  int64_t tileM, tileN;

  explicit TileConfig(int64_t tileM)
      : tileM(tileM), tileN(kThreads * kThreadRows * kThreadColumns / tileM) {}
  /// Threads along N and along M.
  int64_t threadsN() const { return tileN / kThreadColumns; }
  int64_t threadsM() const { return tileM / kThreadRows; }
};

/// Builds a load of one element given index values.
using LoadFn = std::function<Value(OpBuilder &, Location, Value, Value, Value)>;
/// Builds the indices of C[g][m][n].
using IndicesFn = std::function<SmallVector<Value>(OpBuilder &, Location, Value,
                                                   Value, Value)>;

/// C[g](M x N) += A[g](M x K) * B[g](K x N), for g < groups.
struct GemmProblem {
  int64_t groups = 1, m = 0, k = 0;
  /// N on the host (a dynamic batch makes it dynamic), and N for a batch of
  /// one, for choosing the split.
  Value n;
  int64_t nPerBatchItem = 1;
  /// A[g][m][k], B[g][k][n] (indices in bounds).
  LoadFn loadA, loadB;
  /// The buffer C and its indices.
  Value c;
  IndicesFn indicesC;
};

/// The split of K: `splits` blocks, each `kPerSplit` (a multiple of the K
/// tile) long.
struct SplitK {
  int64_t splits, kPerSplit;
};

Value loadElement(OpBuilder &b, Location loc, Value memref,
                  ArrayRef<Value> indices) {
  return memref::LoadOp::create(b, loc, memref, indices);
}

bool isF32Memref(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  return type && type.getElementType().isF32();
}

/// Whether every dimension of `value` but `except` is static.
bool isStaticExcept(Value value, int64_t except) {
  auto type = cast<MemRefType>(value.getType());
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    if (d != except && type.isDynamicDim(d))
      return false;
  return true;
}

/// A convolution in NCHW, optionally with groups as a separate dimension
/// (NGCHW): input [N, (G,) C, H, W], filter [(G,) F, C, KH, KW], output
/// [N, (G,) F, OH, OW].
FailureOr<GemmProblem> getConvProblem(OpBuilder &b, Location loc, Value input,
                                      Value filter, Value output, bool grouped,
                                      DenseIntElementsAttr stridesAttr,
                                      DenseIntElementsAttr dilationsAttr) {
  for (Value v : {input, filter, output})
    if (!isF32Memref(v))
      return failure();
  if (!isStaticExcept(input, 0) || !isStaticExcept(output, 0) ||
      !isStaticExcept(filter, -1))
    return failure();
  auto filterType = cast<MemRefType>(filter.getType());
  auto outputType = cast<MemRefType>(output.getType());
  int64_t g0 = grouped ? 1 : 0;
  SmallVector<int64_t> strides(stridesAttr.getValues<int64_t>());
  SmallVector<int64_t> dilations(dilationsAttr.getValues<int64_t>());
  int64_t groups = grouped ? filterType.getDimSize(0) : 1;
  int64_t filters = filterType.getDimSize(g0);
  int64_t channels = filterType.getDimSize(g0 + 1);
  int64_t kh = filterType.getDimSize(g0 + 2),
          kw = filterType.getDimSize(g0 + 3);
  int64_t oh = outputType.getDimSize(g0 + 2),
          ow = outputType.getDimSize(g0 + 3);

  GemmProblem p;
  p.groups = groups;
  p.m = filters;
  p.k = channels * kh * kw;
  p.nPerBatchItem = oh * ow;
  IndexMath math(b, loc);
  p.n = math.mul(memref::DimOp::create(b, loc, output, 0), oh * ow);
  p.c = output;

  // k -> (c, kh, kw); n -> (batch, oh, ow).
  auto window = [=](IndexMath &m, Value k) {
    Value c = m.div(k, kh * kw);
    Value r = m.rem(k, kh * kw);
    return std::array<Value, 3>{c, m.div(r, kw), m.rem(r, kw)};
  };
  auto pixel = [=](IndexMath &m, Value n) {
    Value batch = m.div(n, oh * ow);
    Value r = m.rem(n, oh * ow);
    return std::array<Value, 3>{batch, m.div(r, ow), m.rem(r, ow)};
  };
  p.loadA = [=](OpBuilder &kb, Location kl, Value g, Value m, Value k) {
    IndexMath math(kb, kl);
    auto [c, y, x] = window(math, k);
    SmallVector<Value> indices;
    if (grouped)
      indices.push_back(g);
    indices.append({m, c, y, x});
    return loadElement(kb, kl, filter, indices);
  };
  p.loadB = [=](OpBuilder &kb, Location kl, Value g, Value k, Value n) {
    IndexMath math(kb, kl);
    auto [c, y, x] = window(math, k);
    auto [batch, py, px] = pixel(math, n);
    Value iy = math.add(math.mul(py, strides[0]), math.mul(y, dilations[0]));
    Value ix = math.add(math.mul(px, strides[1]), math.mul(x, dilations[1]));
    SmallVector<Value> indices = {batch};
    if (grouped)
      indices.push_back(g);
    indices.append({c, iy, ix});
    return loadElement(kb, kl, input, indices);
  };
  p.indicesC = [=](OpBuilder &kb, Location kl, Value g, Value m, Value n) {
    IndexMath math(kb, kl);
    auto [batch, py, px] = pixel(math, n);
    SmallVector<Value> indices = {batch};
    if (grouped)
      indices.push_back(g);
    indices.append({m, py, px});
    return indices;
  };
  return p;
}

/// The position of dimension `dim` among the results of `map`, or -1.
int64_t findDim(AffineMap map, unsigned dim) {
  for (auto [i, expr] : llvm::enumerate(map.getResults()))
    if (expr == getAffineDimExpr(dim, map.getContext()))
      return i;
  return -1;
}

/// linalg.matmul with projected-permutation maps over (m, n, k). The GEMM's
/// M must be static: when the matmul's M is the dynamic batch of a linear
/// layer, the product is computed transposed (C^T = B^T A^T).
FailureOr<GemmProblem> getMatmulProblem(OpBuilder &b, Location loc,
                                        linalg::MatmulOp op) {
  if (!op.hasPureBufferSemantics() || op.getInputs().size() != 2)
    return failure();
  Value a = op.getInputs()[0], bOperand = op.getInputs()[1];
  Value c = op.getOutputs()[0];
  for (Value v : {a, bOperand, c})
    if (!isF32Memref(v))
      return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // Positions of m, n, k in each operand.
  int64_t am = findDim(maps[0], 0), ak = findDim(maps[0], 2);
  int64_t bk = findDim(maps[1], 2), bn = findDim(maps[1], 1);
  int64_t cm = findDim(maps[2], 0), cn = findDim(maps[2], 1);
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation() || map.getNumResults() != 2)
      return failure();
  if (am < 0 || ak < 0 || bk < 0 || bn < 0 || cm < 0 || cn < 0)
    return failure();
  auto cType = cast<MemRefType>(c.getType());
  auto aType = cast<MemRefType>(a.getType());
  bool transposed = cType.isDynamicDim(cm);
  if (aType.isDynamicDim(ak) || (transposed && cType.isDynamicDim(cn)))
    return failure();

  GemmProblem p;
  p.k = aType.getDimSize(ak);
  p.c = c;
  p.nPerBatchItem = 1;
  // load(operand, {(position, index), (position, index)}).
  auto load = [](OpBuilder &kb, Location kl, Value memref, int64_t p0, Value i0,
                 int64_t p1, Value i1) {
    SmallVector<Value> indices(2);
    indices[p0] = i0;
    indices[p1] = i1;
    return loadElement(kb, kl, memref, indices);
  };
  auto indicesC = [=](Value m, Value n) {
    SmallVector<Value> indices(2);
    indices[cm] = m;
    indices[cn] = n;
    return indices;
  };
  if (!transposed) {
    p.m = cType.getDimSize(cm);
    p.n = memref::DimOp::create(b, loc, c, cn);
    p.loadA = [=](OpBuilder &kb, Location kl, Value, Value m, Value k) {
      return load(kb, kl, a, am, m, ak, k);
    };
    p.loadB = [=](OpBuilder &kb, Location kl, Value, Value k, Value n) {
      return load(kb, kl, bOperand, bk, k, bn, n);
    };
    p.indicesC = [=](OpBuilder &, Location, Value, Value m, Value n) {
      return indicesC(m, n);
    };
  } else {
    // GEMM rows are the matmul's columns.
    p.m = cType.getDimSize(cn);
    p.n = memref::DimOp::create(b, loc, c, cm);
    p.loadA = [=](OpBuilder &kb, Location kl, Value, Value m, Value k) {
      return load(kb, kl, bOperand, bn, m, bk, k);
    };
    p.loadB = [=](OpBuilder &kb, Location kl, Value, Value k, Value n) {
      return load(kb, kl, a, am, n, ak, k);
    };
    p.indicesC = [=](OpBuilder &, Location, Value, Value m, Value n) {
      return indicesC(n, m);
    };
  }
  return p;
}

/// Emits the kernel of one problem: the phases of a block (load the tiles,
/// multiply them, store C) built once and placed in a gpu.launch or in host
/// loops.
class GemmKernelEmitter {
public:
  GemmKernelEmitter(const GemmProblem &problem, TileConfig tiles, SplitK split)
      : p(problem), tiles(tiles), split(split) {}

  void emit(OpBuilder &b, Location loc, KernelTarget target);

private:
  static constexpr int64_t kAccumulators =
      TileConfig::kThreadRows * TileConfig::kThreadColumns;

  /// What every thread of a block knows.
  struct Block {
    Value group, rowBegin, columnBegin, kBegin, kEnd;
    /// Shared tiles: A transposed [BK][BM + 1], B [BK][BN].
    Value tileA, tileB;
  };

  Block getBlock(OpBuilder &b, Location loc, std::array<Value, 3> blockIds,
                 Value tileA, Value tileB);
  void emitLoadTiles(OpBuilder &b, Location loc, const Block &block,
                     Value thread, Value kTile);
  SmallVector<Value> emitMultiplyTiles(OpBuilder &b, Location loc,
                                       const Block &block, Value thread,
                                       ValueRange accumulators);
  void emitStore(OpBuilder &b, Location loc, const Block &block, Value thread,
                 ValueRange accumulators);

  void emitLaunch(OpBuilder &b, Location loc, std::array<Value, 3> grid,
                  MemRefType tileAType, MemRefType tileBType);
  void emitHostLoops(OpBuilder &b, Location loc, std::array<Value, 3> grid,
                     MemRefType tileAType, MemRefType tileBType);

  const GemmProblem &p;
  TileConfig tiles;
  SplitK split;
};

void GemmKernelEmitter::emit(OpBuilder &b, Location loc, KernelTarget target) {
  IndexMath math(b, loc);
  // Grid: x over N (unbounded in practice), y over M, z over groups and
  // splits.
  std::array<Value, 3> grid = {
      // At least one block when N is 0 (an empty batch): it stores nothing.
      math.max(math.ceilDiv(p.n, tiles.tileN), math.constant(1)),
      math.constant(ceilDiv(p.m, tiles.tileM)),
      math.constant(p.groups * split.splits)};
  Type f32 = b.getF32Type();
  Attribute shared = target == KernelTarget::GPU
                         ? gpu::AddressSpaceAttr::get(
                               b.getContext(), gpu::AddressSpace::Workgroup)
                         : Attribute();
  auto tileAType = MemRefType::get({TileConfig::kTileK, tiles.tileM + 1}, f32,
                                   MemRefLayoutAttrInterface(), shared);
  auto tileBType = MemRefType::get({TileConfig::kTileK, tiles.tileN}, f32,
                                   MemRefLayoutAttrInterface(), shared);
  if (target == KernelTarget::GPU)
    emitLaunch(b, loc, grid, tileAType, tileBType);
  else
    emitHostLoops(b, loc, grid, tileAType, tileBType);
}

GemmKernelEmitter::Block
GemmKernelEmitter::getBlock(OpBuilder &b, Location loc,
                            std::array<Value, 3> blockIds, Value tileA,
                            Value tileB) {
  IndexMath math(b, loc);
  Block block;
  block.group = math.div(blockIds[2], split.splits);
  Value splitIndex = math.rem(blockIds[2], split.splits);
  block.rowBegin = math.mul(blockIds[1], tiles.tileM);
  block.columnBegin = math.mul(blockIds[0], tiles.tileN);
  block.kBegin = math.mul(splitIndex, split.kPerSplit);
  block.kEnd =
      math.min(math.add(block.kBegin, split.kPerSplit), math.constant(p.k));
  block.tileA = tileA;
  block.tileB = tileB;
  return block;
}

void GemmKernelEmitter::emitLoadTiles(OpBuilder &b, Location loc,
                                      const Block &block, Value thread,
                                      Value kTile) {
  IndexMath math(b, loc);
  Value zero = math.constant(0);
  Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  constexpr int64_t bk = TileConfig::kTileK;
  // Element e of a tile goes to thread e % 256, k fastest for A (A's rows
  // are contiguous in k), n fastest for B.
  for (int64_t r = 0; r < bk * tiles.tileM / TileConfig::kThreads; ++r) {
    Value e = math.add(thread, r * TileConfig::kThreads);
    Value kk = math.rem(e, bk), mm = math.div(e, bk);
    Value k = math.add(kTile, kk), m = math.add(block.rowBegin, mm);
    Value inside =
        math.both(math.less(k, block.kEnd), math.less(m, math.constant(p.m)));
    Value value = p.loadA(b, loc, block.group, math.select(inside, m, zero),
                          math.select(inside, k, zero));
    value = arith::SelectOp::create(b, loc, inside, value, zeroF);
    memref::StoreOp::create(b, loc, value, block.tileA, ValueRange{kk, mm});
  }
  for (int64_t r = 0; r < bk * tiles.tileN / TileConfig::kThreads; ++r) {
    Value e = math.add(thread, r * TileConfig::kThreads);
    Value nn = math.rem(e, tiles.tileN), kk = math.div(e, tiles.tileN);
    Value k = math.add(kTile, kk), n = math.add(block.columnBegin, nn);
    Value inside = math.both(math.less(k, block.kEnd), math.less(n, p.n));
    Value value = p.loadB(b, loc, block.group, math.select(inside, k, zero),
                          math.select(inside, n, zero));
    value = arith::SelectOp::create(b, loc, inside, value, zeroF);
    memref::StoreOp::create(b, loc, value, block.tileB, ValueRange{kk, nn});
  }
}

SmallVector<Value>
GemmKernelEmitter::emitMultiplyTiles(OpBuilder &b, Location loc,
                                     const Block &block, Value thread,
                                     ValueRange accumulators) {
  IndexMath math(b, loc);
  Value tx = math.rem(thread, tiles.threadsN());
  Value ty = math.div(thread, tiles.threadsN());
  auto loop = scf::ForOp::create(
      b, loc, math.constant(0), math.constant(TileConfig::kTileK),
      math.constant(1), accumulators,
      [&](OpBuilder &lb, Location ll, Value kk, ValueRange acc) {
        IndexMath m(lb, ll);
        SmallVector<Value> a, bValues;
        for (int64_t i = 0; i < TileConfig::kThreadRows; ++i)
          a.push_back(memref::LoadOp::create(
              lb, ll, block.tileA,
              ValueRange{kk, m.add(ty, i * tiles.threadsM())}));
        for (int64_t j = 0; j < TileConfig::kThreadColumns; ++j)
          bValues.push_back(memref::LoadOp::create(
              lb, ll, block.tileB,
              ValueRange{kk, m.add(tx, j * tiles.threadsN())}));
        SmallVector<Value> next;
        for (int64_t i = 0; i < TileConfig::kThreadRows; ++i)
          for (int64_t j = 0; j < TileConfig::kThreadColumns; ++j)
            next.push_back(mlir::math::FmaOp::create(
                lb, ll, a[i], bValues[j],
                acc[i * TileConfig::kThreadColumns + j]));
        scf::YieldOp::create(lb, ll, next);
      });
  return SmallVector<Value>(loop.getResults());
}

void GemmKernelEmitter::emitStore(OpBuilder &b, Location loc,
                                  const Block &block, Value thread,
                                  ValueRange accumulators) {
  IndexMath math(b, loc);
  Value tx = math.rem(thread, tiles.threadsN());
  Value ty = math.div(thread, tiles.threadsN());
  for (int64_t i = 0; i < TileConfig::kThreadRows; ++i) {
    for (int64_t j = 0; j < TileConfig::kThreadColumns; ++j) {
      Value m = math.add(block.rowBegin, math.add(ty, i * tiles.threadsM()));
      Value n = math.add(block.columnBegin, math.add(tx, j * tiles.threadsN()));
      Value inside =
          math.both(math.less(m, math.constant(p.m)), math.less(n, p.n));
      auto ifOp = scf::IfOp::create(b, loc, inside, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&ifOp.getThenRegion().front());
      Value value = accumulators[i * TileConfig::kThreadColumns + j];
      SmallVector<Value> indices = p.indicesC(b, loc, block.group, m, n);
      if (split.splits > 1) {
        memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addf, value,
                                    p.c, indices);
      } else {
        Value old = memref::LoadOp::create(b, loc, p.c, indices);
        Value sum = arith::AddFOp::create(b, loc, old, value);
        memref::StoreOp::create(b, loc, sum, p.c, indices);
      }
    }
  }
}

void GemmKernelEmitter::emitLaunch(OpBuilder &b, Location loc,
                                   std::array<Value, 3> grid,
                                   MemRefType tileAType, MemRefType tileBType) {
  IndexMath math(b, loc);
  Value one = math.constant(1);
  auto launch = gpu::LaunchOp::create(
      b, loc, grid[0], grid[1], grid[2], math.constant(TileConfig::kThreads),
      one, one, /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{},
      /*workgroupAttributions=*/TypeRange{tileAType, tileBType});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&launch.getBody().front());
  gpu::KernelDim3 ids = launch.getBlockIds();
  ArrayRef<BlockArgument> shared = launch.getWorkgroupAttributions();
  Block block = getBlock(b, loc, {ids.x, ids.y, ids.z}, shared[0], shared[1]);
  Value thread = launch.getThreadIds().x;

  IndexMath kernel(b, loc);
  Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  SmallVector<Value> initial(kAccumulators, zeroF);
  auto kLoop = scf::ForOp::create(
      b, loc, block.kBegin, block.kEnd, kernel.constant(TileConfig::kTileK),
      initial, [&](OpBuilder &lb, Location ll, Value kTile, ValueRange acc) {
        emitLoadTiles(lb, ll, block, thread, kTile);
        gpu::BarrierOp::create(lb, ll);
        SmallVector<Value> next = emitMultiplyTiles(lb, ll, block, thread, acc);
        gpu::BarrierOp::create(lb, ll);
        scf::YieldOp::create(lb, ll, next);
      });
  emitStore(b, loc, block, thread, kLoop.getResults());
  gpu::TerminatorOp::create(b, loc);
}

void GemmKernelEmitter::emitHostLoops(OpBuilder &b, Location loc,
                                      std::array<Value, 3> grid,
                                      MemRefType tileAType,
                                      MemRefType tileBType) {
  IndexMath math(b, loc);
  Value zero = math.constant(0), one = math.constant(1);
  Value threads = math.constant(TileConfig::kThreads);
  auto accType =
      MemRefType::get({TileConfig::kThreads, kAccumulators}, b.getF32Type());
  // for (z, y, x): the block's phases one after the other, each a loop over
  // the threads: what a barrier separates on the GPU.
  auto forEach = [&](OpBuilder &fb, Location fl, Value lower, Value upper,
                     Value step, function_ref<void(OpBuilder &, Value)> fn) {
    scf::ForOp::create(fb, fl, lower, upper, step, ValueRange{},
                       [&](OpBuilder &ib, Location il, Value i, ValueRange) {
                         fn(ib, i);
                         scf::YieldOp::create(ib, il);
                       });
  };
  auto loadAcc = [&](OpBuilder &ab, Value acc, Value t) {
    SmallVector<Value> values;
    for (int64_t q = 0; q < kAccumulators; ++q)
      values.push_back(memref::LoadOp::create(
          ab, loc, acc,
          ValueRange{t, arith::ConstantIndexOp::create(ab, loc, q)}));
    return values;
  };
  auto storeAcc = [&](OpBuilder &ab, Value acc, Value t, ValueRange values) {
    for (int64_t q = 0; q < kAccumulators; ++q)
      memref::StoreOp::create(
          ab, loc, values[q], acc,
          ValueRange{t, arith::ConstantIndexOp::create(ab, loc, q)});
  };
  forEach(b, loc, zero, grid[2], one, [&](OpBuilder &bz, Value z) {
    forEach(bz, loc, zero, grid[1], one, [&](OpBuilder &by, Value y) {
      forEach(by, loc, zero, grid[0], one, [&](OpBuilder &bx, Value x) {
        Value tileA = memref::AllocOp::create(bx, loc, tileAType);
        Value tileB = memref::AllocOp::create(bx, loc, tileBType);
        Value acc = memref::AllocOp::create(bx, loc, accType);
        Block block = getBlock(bx, loc, {x, y, z}, tileA, tileB);
        Value zeroF =
            arith::ConstantOp::create(bx, loc, bx.getF32FloatAttr(0.0f));
        forEach(bx, loc, zero, threads, one, [&](OpBuilder &bt, Value t) {
          storeAcc(bt, acc, t, SmallVector<Value>(kAccumulators, zeroF));
        });
        forEach(
            bx, loc, block.kBegin, block.kEnd,
            arith::ConstantIndexOp::create(bx, loc, TileConfig::kTileK),
            [&](OpBuilder &bk, Value kTile) {
              forEach(bk, loc, zero, threads, one, [&](OpBuilder &bt, Value t) {
                emitLoadTiles(bt, loc, block, t, kTile);
              });
              forEach(bk, loc, zero, threads, one, [&](OpBuilder &bt, Value t) {
                SmallVector<Value> next =
                    emitMultiplyTiles(bt, loc, block, t, loadAcc(bt, acc, t));
                storeAcc(bt, acc, t, next);
              });
            });
        forEach(bx, loc, zero, threads, one, [&](OpBuilder &bt, Value t) {
          emitStore(bt, loc, block, t, loadAcc(bt, acc, t));
        });
        for (Value buffer : {tileA, tileB, acc})
          memref::DeallocOp::create(bx, loc, buffer);
      });
    });
  });
}

/// The tile height for M rows: the smallest of 16, 32, 64 that holds M.
int64_t chooseTileM(int64_t m) {
  if (m <= 16)
    return 16;
  if (m <= 32)
    return 32;
  return 64;
}

/// Blocks that make a GPU busy: about two per multiprocessor of an H100
/// (132), which also suits smaller GPUs.
constexpr int64_t kTargetBlocks = 264;

SplitK chooseSplit(const GemmProblem &p, TileConfig tiles,
                   int64_t forcedSplits) {
  int64_t kTiles = ceilDiv(p.k, TileConfig::kTileK);
  int64_t splits = 1;
  if (forcedSplits > 0) {
    splits = forcedSplits;
  } else {
    int64_t blocks = ceilDiv(p.m, tiles.tileM) *
                     ceilDiv(p.nPerBatchItem, tiles.tileN) * p.groups;
    // Each split keeps at least 4 steps of K, to amortize its atomics.
    if (blocks < kTargetBlocks)
      splits = std::min(ceilDiv(kTargetBlocks, blocks), kTiles / 4);
  }
  splits = std::clamp<int64_t>(splits, 1, kTiles);
  int64_t kPerSplit = ceilDiv(kTiles, splits) * TileConfig::kTileK;
  // No empty splits.
  splits = ceilDiv(p.k, kPerSplit);
  return {splits, kPerSplit};
}

struct GPUImplicitGemmPass
    : nnid::impl::GPUImplicitGemmBase<GPUImplicitGemmPass> {
  using Base::Base;

  void runOnOperation() override {
    if (tileM != 0 && tileM != 16 && tileM != 32 && tileM != 64) {
      getOperation()->emitError()
          << "tile-m must be 16, 32 or 64 (or 0 to choose), got " << tileM;
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op->getParentOfType<gpu::LaunchOp>() || !op.hasPureBufferSemantics())
        return;
      if (isa<linalg::Conv2DNchwFchwOp, linalg::Conv2DNgchwGfchwOp,
              linalg::MatmulOp>(op))
        ops.push_back(op);
    });
    KernelTarget target =
        emulateOnHost ? KernelTarget::HostEmulation : KernelTarget::GPU;
    for (linalg::LinalgOp op : ops) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      FailureOr<GemmProblem> problem = failure();
      if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(*op))
        problem = getConvProblem(b, loc, conv.getInputs()[0],
                                 conv.getInputs()[1], conv.getOutputs()[0],
                                 /*grouped=*/false, conv.getStrides(),
                                 conv.getDilations());
      else if (auto conv = dyn_cast<linalg::Conv2DNgchwGfchwOp>(*op))
        problem = getConvProblem(b, loc, conv.getInputs()[0],
                                 conv.getInputs()[1], conv.getOutputs()[0],
                                 /*grouped=*/true, conv.getStrides(),
                                 conv.getDilations());
      else
        problem = getMatmulProblem(b, loc, cast<linalg::MatmulOp>(*op));
      // Others (dynamic sizes, other element types) stay for the parallel
      // loop mapping.
      if (failed(problem) || problem->m == 0 || problem->k == 0)
        continue;
      TileConfig tiles(tileM ? tileM : chooseTileM(problem->m));
      SplitK split = chooseSplit(*problem, tiles, splitK);
      GemmKernelEmitter(*problem, tiles, split).emit(b, loc, target);
      op->erase();
    }
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
