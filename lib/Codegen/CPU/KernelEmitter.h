//===- KernelEmitter.h - building blocks of CPU micro-kernels ---*- C++ -*-===//

#ifndef NNID_LIB_CODEGEN_CPU_KERNELEMITTER_H
#define NNID_LIB_CODEGEN_CPU_KERNELEMITTER_H

#include "Epilogue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

namespace nnid::cpu {

/// Register budget of the target.
struct KernelConfig {
  int64_t vectorWidth = 8;
  int64_t numRegisters = 16;
  bool parallel = true;
};

/// `lanes` channels starting at `offset` within a channel block: a full
/// vector, or a partial one read and written through a mask.
struct VectorSlot {
  int64_t offset;
  int64_t lanes;
};

/// The channel blocks of `channels` channels, `vectorsPerBlock` vectors of
/// `width` lanes each: full blocks, then one partial block (if any).
struct ChannelBlocks {
  int64_t numFull = 0;
  int64_t blockSize = 0;
  llvm::SmallVector<VectorSlot> full;
  /// The partial block at channel `numFull * blockSize`, or empty.
  llvm::SmallVector<VectorSlot> tail;
};
ChannelBlocks splitChannels(int64_t channels, int64_t width,
                            int64_t vectorsPerBlock);

/// Emits vector code at one insertion point.
class KernelEmitter {
public:
  KernelEmitter(mlir::OpBuilder &b, mlir::Location loc, int64_t width)
      : b(b), loc(loc), width(width) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location getLoc() const { return loc; }
  int64_t getWidth() const { return width; }
  mlir::VectorType vectorType(mlir::Type element) const {
    return mlir::VectorType::get({width}, element);
  }

  mlir::Value index(int64_t value);
  mlir::Value add(mlir::Value a, int64_t c);
  mlir::Value add(mlir::Value a, mlir::Value c);
  mlir::Value mul(mlir::Value a, int64_t c);

  /// A vector of `slot.lanes` values at `indices` (last index: the first
  /// lane) of `memref`; masked lanes read as zero.
  mlir::Value load(mlir::Value memref, mlir::ValueRange indices,
                   VectorSlot slot);
  void store(mlir::Value vector, mlir::Value memref, mlir::ValueRange indices,
             VectorSlot slot);
  mlir::Value broadcast(mlir::Value scalar);

  /// The initial accumulator for output element [n, h, w, c .. c + lanes).
  mlir::Value initAccumulator(const Epilogue &epilogue, mlir::Value output,
                              mlir::ValueRange nhwc, VectorSlot slot);

  /// Applies the epilogue's consumer to `acc` and stores the result.
  void finishAccumulator(const Epilogue &epilogue, mlir::Value acc,
                         mlir::ValueRange nhwc, VectorSlot slot);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  int64_t width;
};

/// scf.for from 0 to `count` (static) with `init` as iteration arguments;
/// `body(iv, args)` returns the values to yield. Returns the results.
llvm::SmallVector<mlir::Value>
buildLoop(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lower,
          mlir::Value upper, int64_t step, mlir::ValueRange init,
          llvm::function_ref<llvm::SmallVector<mlir::Value>(
              mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::ValueRange)>
              body);

/// Covers a row of `width` pixels with tiles of at most `maxPixels` pixels,
/// as few as possible and of nearly equal size (so no tile is left with a
/// pixel or two, too few accumulators to hide the FMA latency):
/// `tile(emitter, ow0, count)` emits one tile.
void emitPixelTiles(
    KernelEmitter &e, int64_t width, int64_t maxPixels,
    llvm::function_ref<void(KernelEmitter &, mlir::Value, int64_t)> tile);

/// A loop nest over `upper` (one bound per dimension, from 0, step 1) whose
/// body gets the induction variables: an scf.parallel when `parallel`.
void buildParallelNest(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ValueRange upper, bool parallel,
                       llvm::function_ref<void(
                           mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>
                           body);

} // namespace nnid::cpu

#endif // NNID_LIB_CODEGEN_CPU_KERNELEMITTER_H
