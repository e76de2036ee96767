//===- NnidToLinalgPass.cpp - the convert-nnid-to-linalg pass -------------===//

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Dialect/Nnid/NnidOps.h"
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

void nnid::populateNnidToLinalgPatterns(RewritePatternSet &patterns) {
  populateNnidConvToLinalgPatterns(patterns);
  populateNnidPoolingToLinalgPatterns(patterns);
  populateNnidElementwiseToLinalgPatterns(patterns);
  populateNnidActivationToLinalgPatterns(patterns);
  populateNnidDataMovementToLinalgPatterns(patterns);
}

namespace {
struct ConvertNnidToLinalgPass
    : nnid::impl::ConvertNnidToLinalgBase<ConvertNnidToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // Canonicalization rewrites identity_conv1x1 into conv2d (the one place
    // that rewrite lives); every nnid pipeline runs it first.
    bool unfolded = false;
    getOperation()->walk([&](nnid::IdentityConv1x1Op op) {
      op.emitOpError("must be canonicalized into an nnid.conv2d first: run "
                     "--canonicalize (or --nnid-prepare-graph) before "
                     "convert-nnid-to-linalg");
      unfolded = true;
    });
    if (unfolded)
      return signalPassFailure();
    ConversionTarget target(*context);
    target.addIllegalDialect<nnid::NnidDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    nnid::populateNnidToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
