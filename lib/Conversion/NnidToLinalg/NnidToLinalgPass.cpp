//===- NnidToLinalgPass.cpp - the convert-nnid-to-linalg pass -------------===//

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace nnid {
#define GEN_PASS_DEF_CONVERTNNIDTOLINALG
#include "nnid/Conversion/Passes.h.inc"
} // namespace nnid

using namespace mlir;

void nnid::populateNnidToLinalgPatterns(RewritePatternSet &patterns,
                                        const NnidToLinalgOptions &options) {
  populateNnidConvToLinalgPatterns(patterns, options);
  populateNnidPoolingToLinalgPatterns(patterns, options);
  populateNnidElementwiseToLinalgPatterns(patterns, options);
  populateNnidActivationToLinalgPatterns(patterns, options);
  populateNnidDataMovementToLinalgPatterns(patterns, options);
}

namespace {
struct ConvertNnidToLinalgPass
    : nnid::impl::ConvertNnidToLinalgBase<ConvertNnidToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    if (layout != "nchw" && layout != "nhwc") {
      getOperation()->emitError()
          << "unknown layout '" << layout << "' (expected nchw or nhwc)";
      return signalPassFailure();
    }
    nnid::NnidToLinalgOptions options;
    options.nhwc = layout == "nhwc";
    ConversionTarget target(*context);
    target.addIllegalDialect<nnid::NnidDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    nnid::populateNnidToLinalgPatterns(patterns, options);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();

    // Views that later ops saw through are dead; the others stay as plain
    // transposes.
    IRRewriter rewriter(context);
    getOperation()->walk([&](linalg::TransposeOp transpose) {
      transpose->removeAttr("nnid.nchw_view");
      if (transpose->use_empty())
        rewriter.eraseOp(transpose);
    });
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
