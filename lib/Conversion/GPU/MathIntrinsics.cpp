//===- MathIntrinsics.cpp - math ops as LLVM intrinsic calls --------------===//

#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace nnid {
#define GEN_PASS_DEF_GPUMATHINTRINSICS
#include "nnid/Conversion/GPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;

namespace {

/// OpTy on f32 or f64 -> llvm.call_intrinsic "<intrinsic>.f32/.f64".
template <typename OpTy> struct ToIntrinsicCall : OpRewritePattern<OpTy> {
  ToIntrinsicCall(MLIRContext *context, StringRef intrinsic)
      : OpRewritePattern<OpTy>(context), intrinsic(intrinsic) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!type.isF32() && !type.isF64())
      return failure();
    std::string name = intrinsic + (type.isF32() ? ".f32" : ".f64");
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, type, rewriter.getStringAttr(name), op->getOperands());
    return success();
  }

  std::string intrinsic;
};

struct GPUMathIntrinsicsPass
    : nnid::impl::GPUMathIntrinsicsBase<GPUMathIntrinsicsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ToIntrinsicCall<math::SqrtOp>>(context, "llvm.sqrt");
    patterns.add<ToIntrinsicCall<math::AbsFOp>>(context, "llvm.fabs");
    patterns.add<ToIntrinsicCall<math::FmaOp>>(context, "llvm.fma");
    // What nnid-approximate-math's polynomials use.
    patterns.add<ToIntrinsicCall<math::FloorOp>>(context, "llvm.floor");
    patterns.add<ToIntrinsicCall<math::CopySignOp>>(context, "llvm.copysign");
    walkAndApplyPatterns(getOperation(), std::move(patterns));
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
