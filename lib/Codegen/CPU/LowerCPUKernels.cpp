//===- LowerCPUKernels.cpp - the nnid-lower-cpu-kernels pass --------------===//

#include "Kernels.h"

#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace nnid {
#define GEN_PASS_DEF_LOWERCPUKERNELS
#include "nnid/Codegen/CPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid::cpu;

namespace {
struct LowerCPUKernelsPass
    : nnid::impl::LowerCPUKernelsBase<LowerCPUKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    KernelConfig config;
    config.vectorWidth = vectorWidth;
    config.numRegisters = numRegisters;
    config.parallel = parallel;
    if (config.vectorWidth < 1 || config.numRegisters < 4) {
      getOperation().emitError()
          << "vector-width must be positive and registers at least 4";
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
              linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp,
              linalg::TransposeOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // Ops that do not fit a kernel keep their generic lowering.
    for (linalg::LinalgOp op : ops) {
      if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation()))
        (void)lowerConv(rewriter, conv, config);
      else if (auto depthwise = dyn_cast<linalg::DepthwiseConv2DNhwcHwcOp>(
                   op.getOperation()))
        (void)lowerDepthwiseConv(rewriter, depthwise, config);
      else if (auto transpose =
                   dyn_cast<linalg::TransposeOp>(op.getOperation()))
        (void)lowerTranspose(rewriter, transpose, config);
      else
        (void)lowerPooling(rewriter, op, config);
    }
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
