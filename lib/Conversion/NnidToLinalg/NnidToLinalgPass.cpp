//===- NnidToLinalgPass.cpp - the convert-nnid-to-linalg pass -------------===//

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"

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
  populateNnidDataMovementToLinalgPatterns(patterns);
}

namespace {
struct ConvertNnidToLinalgPass
    : nnid::impl::ConvertNnidToLinalgBase<ConvertNnidToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalDialect<nnid::NnidDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    nnid::populateNnidToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
