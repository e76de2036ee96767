//===- CheckEntryAllocations.cpp - malloc failures as a status ------------===//

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace nnid {
#define GEN_PASS_DEF_CHECKENTRYALLOCATIONS
#include "nnid/Interface/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

bool isMallocCall(LLVM::CallOp call) {
  std::optional<StringRef> callee = call.getCallee();
  return callee && *callee == "malloc";
}

/// Whether `fn` is an entry wrapper that returns an i32 status.
bool isEntryWrapper(LLVM::LLVMFuncOp fn) {
  auto result = dyn_cast<IntegerType>(fn.getFunctionType().getReturnType());
  return fn->hasAttr(kEntryBuffersAttrName) && !fn.isExternal() && result &&
         result.getWidth() == 32;
}

/// Follows `call` with: if the result is null, return OutOfMemory.
void checkResult(LLVM::CallOp call, Block *outOfMemory) {
  OpBuilder b(call->getContext());
  Location loc = call.getLoc();
  Block *before = call->getBlock();
  Block *after = before->splitBlock(call->getNextNode());
  b.setInsertionPointToEnd(before);
  Type ptr = LLVM::LLVMPointerType::get(call->getContext());
  Value isNull =
      LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, call.getResult(),
                           LLVM::ZeroOp::create(b, loc, ptr));
  LLVM::CondBrOp::create(b, loc, isNull, outOfMemory, ValueRange{}, after,
                         ValueRange{});
}

struct CheckEntryAllocationsPass
    : nnid::impl::CheckEntryAllocationsBase<CheckEntryAllocationsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>()) {
      if (!isEntryWrapper(fn))
        continue;
      // Only calls in the body can return; nnid's pipelines put none in
      // nested regions.
      SmallVector<LLVM::CallOp> calls;
      for (Block &block : fn.getBody())
        for (auto call : block.getOps<LLVM::CallOp>())
          if (isMallocCall(call))
            calls.push_back(call);
      if (calls.empty())
        continue;
      // One block returns the status for every check.
      OpBuilder b(fn.getContext());
      Block *outOfMemory = b.createBlock(&fn.getBody(), fn.getBody().end());
      Type i32 = b.getI32Type();
      Value status = LLVM::ConstantOp::create(
          b, fn.getLoc(), i32,
          b.getI32IntegerAttr(static_cast<int32_t>(EntryStatus::OutOfMemory)));
      LLVM::ReturnOp::create(b, fn.getLoc(), status);
      for (LLVM::CallOp call : calls)
        checkResult(call, outOfMemory);
    }
    if (failed(verifyPassResult(*this, module)))
      signalPassFailure();
  }
};

} // namespace
