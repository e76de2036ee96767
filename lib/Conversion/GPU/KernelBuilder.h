//===- KernelBuilder.h - building GPU kernels or their emulation -*- C++
//-*-===//
//
// The GPU kernel passes build each kernel once, as code for one thread that
// knows its block and thread ids, and place it either in a `gpu.launch` or,
// to check the kernels on a CPU, in host loops over blocks and threads.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_CONVERSION_GPU_KERNELBUILDER_H
#define NNID_LIB_CONVERSION_GPU_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include <array>

namespace nnid::detail {

/// Index arithmetic that folds what is constant.
class IndexMath {
public:
  IndexMath(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  mlir::Value constant(int64_t value) {
    return mlir::arith::ConstantIndexOp::create(b, loc, value);
  }
  mlir::Value add(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::AddIOp>(loc, x, y);
  }
  mlir::Value add(mlir::Value x, int64_t y) { return add(x, constant(y)); }
  mlir::Value sub(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::SubIOp>(loc, x, y);
  }
  mlir::Value mul(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::MulIOp>(loc, x, y);
  }
  mlir::Value mul(mlir::Value x, int64_t y) { return mul(x, constant(y)); }
  /// Unsigned division and remainder: indices here are never negative.
  mlir::Value div(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::DivUIOp>(loc, x, y);
  }
  mlir::Value div(mlir::Value x, int64_t y) { return div(x, constant(y)); }
  mlir::Value rem(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::RemUIOp>(loc, x, y);
  }
  mlir::Value rem(mlir::Value x, int64_t y) { return rem(x, constant(y)); }
  mlir::Value ceilDiv(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::CeilDivUIOp>(loc, x, y);
  }
  mlir::Value ceilDiv(mlir::Value x, int64_t y) {
    return ceilDiv(x, constant(y));
  }
  mlir::Value min(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::MinUIOp>(loc, x, y);
  }
  mlir::Value max(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::MaxSIOp>(loc, x, y);
  }
  /// x < y, unsigned.
  mlir::Value less(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::CmpIOp>(
        loc, mlir::arith::CmpIPredicate::ult, x, y);
  }
  mlir::Value both(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::AndIOp>(loc, x, y);
  }
  mlir::Value select(mlir::Value condition, mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::SelectOp>(loc, condition, x, y);
  }

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
};

/// Where a kernel runs.
enum class KernelTarget {
  /// A gpu.launch.
  GPU,
  /// Host loops over the grid and the threads of each block, for testing.
  HostEmulation,
};

/// The ids a thread of a one-dimensional block sees.
struct ThreadIds {
  /// Block ids (x, y, z).
  std::array<mlir::Value, 3> block;
  /// Thread id (x) within the block.
  mlir::Value thread;
};

/// Emits `body` (run once per thread) as a gpu.launch of `grid` blocks of
/// `blockSize` threads, or as host loops with the same ids. `grid` values
/// are host index values.
void emitSimpleKernel(mlir::OpBuilder &b, mlir::Location loc,
                      KernelTarget target, std::array<mlir::Value, 3> grid,
                      int64_t blockSize,
                      llvm::function_ref<void(mlir::OpBuilder &, mlir::Location,
                                              const ThreadIds &)>
                          body);

} // namespace nnid::detail

#endif // NNID_LIB_CONVERSION_GPU_KERNELBUILDER_H
