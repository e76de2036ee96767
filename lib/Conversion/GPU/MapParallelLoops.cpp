//===- MapParallelLoops.cpp - parallel loops as 1-D GPU kernels -----------===//
//
// Everything but the contractions (elementwise ops, pooling, padding, copies,
// depthwise convolutions) reaches the GPU as an scf.parallel over its output
// elements. Each becomes one kernel with one thread per element: the
// iteration space is linearized (last dimension fastest, so consecutive
// threads read and write consecutive addresses of NCHW buffers) and cut
// into blocks of `block-size` threads. Any rank maps to full blocks, unlike
// a dimension-by-dimension mapping that leaves small dimensions with
// one-thread blocks.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace nnid {
#define GEN_PASS_DEF_GPUMAPPARALLELLOOPS
#include "nnid/Conversion/GPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid::detail;

/// Replaces `loop` by a kernel with one thread per iteration.
static void mapToKernel(scf::ParallelOp loop, int64_t blockSize,
                        KernelTarget target) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  IndexMath math(b, loc);

  // Iterations per dimension, and in all.
  SmallVector<Value> counts;
  Value zero = math.constant(0);
  Value total = math.constant(1);
  for (auto [lower, upper, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    Value count = math.ceilDiv(math.max(math.sub(upper, lower), zero), step);
    counts.push_back(count);
    total = math.mul(total, count);
  }

  auto emit = [&](OpBuilder &builder, Location l) {
    IndexMath m(builder, l);
    Value one = m.constant(1);
    Value blocks = m.max(m.ceilDiv(total, blockSize), one);
    emitSimpleKernel(
        builder, l, target, {blocks, one, one}, blockSize,
        [&](OpBuilder &kb, Location kl, const ThreadIds &ids) {
          IndexMath k(kb, kl);
          Value linear = k.add(k.mul(ids.block[0], blockSize), ids.thread);
          auto inRange = scf::IfOp::create(kb, kl, k.less(linear, total),
                                           /*withElseRegion=*/false);
          OpBuilder::InsertionGuard guard(kb);
          kb.setInsertionPointToStart(&inRange.getThenRegion().front());
          IndexMath t(kb, kl);
          // Delinearize, last dimension fastest.
          IRMapping mapping;
          Value rest = linear;
          for (int64_t d = counts.size() - 1; d >= 0; --d) {
            Value index = d == 0 ? rest : t.rem(rest, counts[d]);
            if (d > 0)
              rest = t.div(rest, counts[d]);
            Value iv =
                t.add(loop.getLowerBound()[d], t.mul(index, loop.getStep()[d]));
            mapping.map(loop.getInductionVars()[d], iv);
          }
          for (Operation &op : loop.getBody()->without_terminator())
            kb.clone(op, mapping);
        });
  };

  // An empty iteration space (a dynamic batch of 0) still launches one
  // block, whose threads all skip the body: a grid needs a block, and a
  // host-side branch around the launch would split the stream.
  emit(b, loc);
  loop.erase();
}

namespace {
struct GPUMapParallelLoopsPass
    : nnid::impl::GPUMapParallelLoopsBase<GPUMapParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024) {
      getOperation()->emitError()
          << "block-size must be between 1 and 1024, got " << blockSize;
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> loops;
    getOperation()->walk([&](scf::ParallelOp loop) {
      if (loop->getParentOfType<scf::ParallelOp>() ||
          loop->getParentOfType<gpu::LaunchOp>())
        return;
      if (!loop.getInitVals().empty())
        return;
      loops.push_back(loop);
    });
    KernelTarget target =
        emulateOnHost ? KernelTarget::HostEmulation : KernelTarget::GPU;
    for (scf::ParallelOp loop : loops)
      mapToKernel(loop, blockSize, target);
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
