//===- KernelBuilder.cpp - building GPU kernels or their emulation --------===//

#include "KernelBuilder.h"

using namespace mlir;
using namespace nnid::detail;

void nnid::detail::emitSimpleKernel(
    OpBuilder &b, Location loc, KernelTarget target, std::array<Value, 3> grid,
    int64_t blockSize,
    function_ref<void(OpBuilder &, Location, const ThreadIds &)> body) {
  IndexMath math(b, loc);
  Value threads = math.constant(blockSize);
  Value one = math.constant(1);
  if (target == KernelTarget::GPU) {
    auto launch = gpu::LaunchOp::create(b, loc, grid[0], grid[1], grid[2],
                                        threads, one, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&launch.getBody().front());
    gpu::KernelDim3 blockIds = launch.getBlockIds();
    ThreadIds ids{{blockIds.x, blockIds.y, blockIds.z},
                  launch.getThreadIds().x};
    body(b, loc, ids);
    gpu::TerminatorOp::create(b, loc);
    return;
  }
  // Host emulation: z, y, x, then threads.
  Value zero = math.constant(0);
  scf::ForOp::create(
      b, loc, zero, grid[2], one, ValueRange{},
      [&](OpBuilder &bz, Location lz, Value z, ValueRange) {
        scf::ForOp::create(
            bz, lz, zero, grid[1], one, ValueRange{},
            [&](OpBuilder &by, Location ly, Value y, ValueRange) {
              scf::ForOp::create(
                  by, ly, zero, grid[0], one, ValueRange{},
                  [&](OpBuilder &bx, Location lx, Value x, ValueRange) {
                    scf::ForOp::create(
                        bx, lx, zero, threads, one, ValueRange{},
                        [&](OpBuilder &bt, Location lt, Value t, ValueRange) {
                          body(bt, lt, ThreadIds{{x, y, z}, t});
                          scf::YieldOp::create(bt, lt);
                        });
                    scf::YieldOp::create(bx, lx);
                  });
              scf::YieldOp::create(by, ly);
            });
        scf::YieldOp::create(bz, lz);
      });
}
