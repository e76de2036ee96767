//===- CudaConstants.cpp - large constants as device buffers --------------===//

#include "CudaConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace nnid::detail;

/// The f32 tensor constants of `fn` (not of its nested functions) with at
/// least `minElements` known elements.
static SmallVector<arith::ConstantOp> findLargeConstants(func::FuncOp fn,
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

/// Records the value of `constant`.
static HoistedConstant takeValue(arith::ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  auto values = cast<ElementsAttr>(constant.getValue());
  HoistedConstant value;
  value.shape.assign(type.getShape().begin(), type.getShape().end());
  value.values.reserve(type.getNumElements());
  for (float v : *values.tryGetValues<float>())
    value.values.push_back(v);
  return value;
}

/// Appends a memref argument for a constant of `type` to `wrapper` and
/// returns it as a tensor, read at the start of the wrapper.
static Value addWrapperArgument(func::FuncOp wrapper, RankedTensorType type,
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

std::vector<HoistedConstant> nnid::detail::hoistConstants(func::FuncOp wrapper,
                                                          int64_t minElements) {
  std::vector<HoistedConstant> hoisted;
  // Constants of the wrapper itself (the model inlined into it).
  for (arith::ConstantOp constant : findLargeConstants(wrapper, minElements)) {
    Value tensor = addWrapperArgument(
        wrapper, cast<RankedTensorType>(constant.getType()), constant.getLoc());
    hoisted.push_back(takeValue(constant));
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
      hoisted.push_back(takeValue(constant));
      constant.erase();
    }
    OpBuilder b(call);
    auto newCall = func::CallOp::create(b, call.getLoc(), callee, operands);
    call.replaceAllUsesWith(newCall.getResults());
    call.erase();
  }
  return hoisted;
}
