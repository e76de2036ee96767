//===- HoistDeviceConstants.cpp - large constants as entry buffers --------===//

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

namespace nnid {
#define GEN_PASS_DEF_HOISTDEVICECONSTANTS
#include "nnid/Interface/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

/// The f32 tensor constants of `fn` (not of its nested functions) with at
/// least `minElements` elements whose values can be read as floats.
SmallVector<arith::ConstantOp> findLargeConstants(func::FuncOp fn,
                                                  int64_t minElements) {
  SmallVector<arith::ConstantOp> constants;
  fn.walk([&](arith::ConstantOp constant) {
    auto type = dyn_cast<RankedTensorType>(constant.getType());
    auto values = dyn_cast<ElementsAttr>(constant.getValue());
    if (type && type.getElementType().isF32() && type.hasStaticShape() &&
        type.getNumElements() >= minElements && values &&
        values.tryGetValues<float>())
      constants.push_back(constant);
  });
  return constants;
}

/// Appends a memref argument for a constant of `type` to `wrapper` and
/// returns it as a tensor, read at the start of the wrapper.
Value addWrapperArgument(func::FuncOp wrapper, RankedTensorType type,
                         Location loc) {
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  (void)wrapper.insertArgument(wrapper.getNumArguments(), memrefType,
                               /*argAttrs=*/{}, loc);
  Block &entry = wrapper.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  return bufferization::ToTensorOp::create(b, loc, type,
                                           entry.getArguments().back(),
                                           /*restrict=*/true,
                                           /*writable=*/false);
}

/// Hoists the large constants of `wrapper` and of the private functions
/// only it calls; returns their values in argument order.
SmallVector<Attribute> hoistConstants(func::FuncOp wrapper,
                                      int64_t minElements) {
  SmallVector<Attribute> hoisted;
  // Constants of the wrapper itself (the model inlined into it).
  for (arith::ConstantOp constant : findLargeConstants(wrapper, minElements)) {
    Value tensor = addWrapperArgument(
        wrapper, cast<RankedTensorType>(constant.getType()), constant.getLoc());
    hoisted.push_back(constant.getValue());
    constant.replaceAllUsesWith(tensor);
    constant.erase();
  }

  // Constants of the private model functions the wrapper calls: each
  // becomes an argument of the model function, passed by the wrapper.
  SmallVector<func::CallOp> calls(wrapper.getOps<func::CallOp>());
  for (func::CallOp call : calls) {
    auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    if (!callee || !callee.isPrivate() || callee.isExternal())
      continue;
    // Its signature changes: only this call may use it.
    auto uses = SymbolTable::getSymbolUses(callee, wrapper->getParentOp());
    if (!uses || !llvm::hasSingleElement(*uses))
      continue;
    SmallVector<arith::ConstantOp> constants =
        findLargeConstants(callee, minElements);
    if (constants.empty())
      continue;
    SmallVector<Value> operands(call.getOperands());
    for (arith::ConstantOp constant : constants) {
      auto type = cast<RankedTensorType>(constant.getType());
      (void)callee.insertArgument(callee.getNumArguments(), type,
                                  /*argAttrs=*/{}, constant.getLoc());
      constant.replaceAllUsesWith(callee.getArguments().back());
      operands.push_back(addWrapperArgument(wrapper, type, constant.getLoc()));
      hoisted.push_back(constant.getValue());
      constant.erase();
    }
    OpBuilder b(call);
    auto newCall = func::CallOp::create(b, call.getLoc(), callee, operands);
    call.replaceAllUsesWith(newCall.getResults());
    call.erase();
  }
  return hoisted;
}

struct HoistDeviceConstantsPass
    : public nnid::impl::HoistDeviceConstantsBase<HoistDeviceConstantsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (minElements < 1) {
      module.emitError("min-elements must be at least 1, got ")
          << static_cast<int64_t>(minElements);
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> wrappers;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn->hasAttr(kEntryBuffersAttrName) && !fn.isExternal())
        wrappers.push_back(fn);
    for (func::FuncOp wrapper : wrappers) {
      SmallVector<Attribute> values = hoistConstants(wrapper, minElements);
      if (auto previous =
              wrapper->getAttrOfType<ArrayAttr>(kDeviceConstantsAttrName))
        values.insert(values.begin(), previous.begin(), previous.end());
      wrapper->setAttr(kDeviceConstantsAttrName,
                       ArrayAttr::get(module.getContext(), values));
    }
    if (failed(verifyPassResult(*this, module)))
      return signalPassFailure();
  }
};

} // namespace
