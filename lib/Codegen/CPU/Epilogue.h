//===- Epilogue.h - work a kernel takes over from its neighbours -*- C++
//-*-===//
//
// A micro-kernel initializes its accumulators and post-processes them before
// storing. This file reads back, on buffers, which neighbours of a linalg op
// nnid-group-cpu-kernels gave it on tensors: the fill or bias broadcast that
// initializes its output, and the elementwise linalg.generic that reads it.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_CODEGEN_CPU_EPILOGUE_H
#define NNID_LIB_CODEGEN_CPU_EPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace nnid::cpu {

struct Epilogue {
  /// How the accumulators start.
  enum class Init {
    /// Read from the output buffer.
    Output,
    /// A scalar (`initValue`, an f32 value).
    Splat,
    /// A per-channel vector (`initValue`, a [C] memref): the bias.
    Channel,
  };
  Init init = Init::Output;
  mlir::Value initValue;
  /// The fill or broadcast whose work the kernel takes over.
  mlir::Operation *initOp = nullptr;

  /// An elementwise consumer applied to the accumulators, or null.
  mlir::linalg::GenericOp consumer;
  /// Which input of `consumer` is the op's output.
  unsigned consumerInput = 0;

  /// The buffer the kernel stores to: the consumer's output, or the op's.
  mlir::Value result;

  /// Where the kernel goes: the consumer when there is one, else the op.
  mlir::Operation *insertionPoint = nullptr;
};

/// Finds what the kernel replacing `op`, whose output buffer is `output`
/// (rank 4, NHWC), takes over: the ops marked as its group that stand next
/// to it, with only inert ops between, in the form the kernel emits.
Epilogue analyzeEpilogue(mlir::linalg::LinalgOp op, mlir::Value output);

/// Erases the ops whose work the kernel took over.
void eraseAbsorbedOps(mlir::RewriterBase &rewriter, const Epilogue &epilogue);

} // namespace nnid::cpu

#endif // NNID_LIB_CODEGEN_CPU_EPILOGUE_H
