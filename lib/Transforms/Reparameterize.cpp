//===- Reparameterize.cpp - the --nnid-reparameterize pass ----------------===//
//
// Runs every re-parameterization family together with the nnid dialect's
// canonicalization patterns and folds in one greedy driver, so that merges
// enable each other (a batch_norm folded into a conv lets the conv join a
// sum) and merges that produce an identity kernel disappear.
//
//===----------------------------------------------------------------------===//

#include "nnid/Transforms/Reparameterize.h"
#include "nnid/Support/VerifyPass.h"
#include "nnid/Transforms/Passes.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnid {
#define GEN_PASS_DEF_REPARAMETERIZE
#include "nnid/Transforms/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

void nnid::populateReparameterizePatterns(RewritePatternSet &patterns,
                                          bool emitRemarks) {
  populateMergeWithProducerPatterns(patterns, emitRemarks);
  populateMergeParallelConvPatterns(patterns, emitRemarks);
  populateMergeConcatConvPatterns(patterns, emitRemarks);
}

namespace {
struct ReparameterizePass : nnid::impl::ReparameterizeBase<ReparameterizePass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    populateReparameterizePatterns(patterns, emitRemarks);
    for (RegisteredOperationName name :
         context->getRegisteredOperationsByDialect(
             NnidDialect::getDialectNamespace()))
      name.getCanonicalizationPatterns(patterns, context);
    // Every merge removes ops, so the driver converges; like the
    // canonicalizer, an iteration limit reached is not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};
} // namespace
