//===- MemRefCopyToLinalg.cpp - memref.copy as linalg.copy ----------------===//

#include "nnid/Conversion/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace nnid {
#define GEN_PASS_DEF_CONVERTMEMREFCOPYTOLINALG
#include "nnid/Conversion/Passes.h.inc"
} // namespace nnid

using namespace mlir;

namespace {
struct MemRefCopyToLinalgCopy : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct ConvertMemRefCopyToLinalgPass
    : nnid::impl::ConvertMemRefCopyToLinalgBase<ConvertMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MemRefCopyToLinalgCopy>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
