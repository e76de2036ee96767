//===- AddEntryWrapper.cpp - a buffer-level entry point for a model -------===//

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/IR/Builders.h"

namespace nnid {
#define GEN_PASS_DEF_ADDENTRYWRAPPER
#include "nnid/Interface/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

MemRefType toMemRef(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

Value makeStatus(OpBuilder &b, Location loc, EntryStatus status) {
  return arith::ConstantIntOp::create(b, loc, static_cast<int32_t>(status), 32);
}

/// func @nnid_entry_f(%in..., %out...) -> i32: see Passes.td.
void buildWrapper(func::FuncOp fn, StringRef name) {
  FunctionType fnType = fn.getFunctionType();
  OpBuilder b(fn.getContext());
  Location loc = fn.getLoc();
  SmallVector<Type> argTypes;
  SmallVector<Attribute> buffers;
  for (Type t :
       llvm::concat<const Type>(fnType.getInputs(), fnType.getResults())) {
    argTypes.push_back(toMemRef(t));
    buffers.push_back(TypeAttr::get(argTypes.back()));
  }
  b.setInsertionPointAfter(fn);
  auto wrapper = func::FuncOp::create(
      b, loc, name, b.getFunctionType(argTypes, {b.getI32Type()}));
  wrapper->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                   b.getUnitAttr());
  wrapper->setAttr(kEntryBuffersAttrName, b.getArrayAttr(buffers));
  Block *body = wrapper.addEntryBlock();
  b.setInsertionPointToStart(body);

  unsigned numInputs = fnType.getNumInputs();
  SmallVector<Value> tensors;
  for (unsigned i = 0; i < numInputs; ++i)
    tensors.push_back(bufferization::ToTensorOp::create(
        b, loc, fnType.getInput(i), body->getArgument(i), /*restrict=*/true,
        /*writable=*/false));
  auto call = func::CallOp::create(b, loc, fn, tensors);

  auto writeOutputs = [&](OpBuilder &nb, Location nloc) {
    for (auto [i, result] : llvm::enumerate(call.getResults())) {
      auto op = bufferization::MaterializeInDestinationOp::create(
          nb, nloc, result, body->getArgument(numInputs + i));
      op.setRestrict(true);
      op.setWritable(true);
    }
  };
  bool anyDynamic = llvm::any_of(fnType.getResults(), [](Type t) {
    return !cast<RankedTensorType>(t).hasStaticShape();
  });
  if (!anyDynamic) {
    // Static outputs: the caller checks their shapes; writing in the entry
    // block lets the last op compute straight into the output buffer.
    writeOutputs(b, loc);
    func::ReturnOp::create(b, loc, makeStatus(b, loc, EntryStatus::Ok));
    fn.setPrivate();
    return;
  }

  // All dynamic output dimensions must match what the model computed.
  Value ok;
  for (auto [i, result] : llvm::enumerate(call.getResults())) {
    auto type = cast<RankedTensorType>(result.getType());
    Value out = body->getArgument(numInputs + i);
    for (int64_t d = 0, e = type.getRank(); d < e; ++d) {
      if (!type.isDynamicDim(d))
        continue;
      Value computed = tensor::DimOp::create(b, loc, result, d);
      Value given = memref::DimOp::create(b, loc, out, d);
      Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         computed, given);
      ok = ok ? arith::AndIOp::create(b, loc, ok, same) : same;
    }
  }
  // The results are computed before the check, so they are written here
  // through a buffer of their own: the output buffers are written only when
  // their shapes are right.
  auto ifOp = scf::IfOp::create(
      b, loc, ok,
      [&](OpBuilder &nb, Location nloc) {
        for (auto [i, result] : llvm::enumerate(call.getResults())) {
          Value out = body->getArgument(numInputs + i);
          Value computed = bufferization::ToBufferOp::create(
              nb, nloc, cast<MemRefType>(out.getType()), result,
              /*readOnly=*/true);
          memref::CopyOp::create(nb, nloc, computed, out);
        }
        scf::YieldOp::create(nb, nloc,
                             ValueRange{makeStatus(nb, nloc, EntryStatus::Ok)});
      },
      [&](OpBuilder &nb, Location nloc) {
        scf::YieldOp::create(
            nb, nloc,
            ValueRange{makeStatus(nb, nloc, EntryStatus::OutputShape)});
      });
  func::ReturnOp::create(b, loc, ifOp.getResult(0));
  fn.setPrivate();
}

struct AddEntryWrapperPass
    : public nnid::impl::AddEntryWrapperBase<AddEntryWrapperPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto signature = getEntrySignature(module, entry);
    if (!signature) {
      module.emitError(llvm::toString(signature.takeError()));
      return signalPassFailure();
    }
    func::FuncOp fn = signature->function;
    std::string name = getEntryWrapperName(fn.getSymName());
    if (module.lookupSymbol(name)) {
      module.emitError("the module already has a symbol '" + name + "'");
      return signalPassFailure();
    }
    buildWrapper(fn, name);
    if (failed(verifyPassResult(*this, module)))
      return signalPassFailure();
  }
};

} // namespace
