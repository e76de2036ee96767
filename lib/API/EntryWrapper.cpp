//===- EntryWrapper.cpp - a buffer-level entry point for a model ----------===//

#include "EntryWrapper.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace nnid;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The argument and result attribute that names a tensor.
static constexpr llvm::StringLiteral kNameAttr = "nnid.name";

static func::FuncOp findEntry(ModuleOp module, StringRef entry) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(entry))
    return fn;
  func::FuncOp only;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isExternal() || fn.isPrivate())
      continue;
    if (only)
      return {};
    only = fn;
  }
  return only;
}

/// The spec of an f32 tensor type, or an error naming `what`.
static llvm::Expected<TensorSpec> getSpec(Type type, StringAttr name,
                                          const llvm::Twine &defaultName,
                                          const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.getElementType().isF32())
    return makeError(what + " must be a ranked f32 tensor");
  TensorSpec spec;
  spec.name = name ? name.str() : defaultName.str();
  for (int64_t d : tensor.getShape())
    spec.shape.push_back(ShapedType::isDynamic(d) ? TensorSpec::kDynamic : d);
  return spec;
}

llvm::Expected<nnid::detail::EntryWrapper>
nnid::detail::addEntryWrapper(ModuleOp module, StringRef entry) {
  func::FuncOp fn = findEntry(module, entry);
  if (!fn)
    return makeError(llvm::formatv("the module has no function '{0}' (and no "
                                   "single public function to use instead)",
                                   entry));
  if (fn.isExternal())
    return makeError(
        llvm::formatv("function '{0}' has no body", fn.getSymName()));
  EntryWrapper wrapper;
  wrapper.name = ("nnid_entry_" + fn.getSymName()).str();
  FunctionType fnType = fn.getFunctionType();
  for (auto [i, type] : llvm::enumerate(fnType.getInputs())) {
    auto spec = getSpec(
        type, fn.getArgAttrOfType<StringAttr>(i, kNameAttr),
        "input" + llvm::Twine(i),
        llvm::formatv("argument {0} of '{1}'", i, fn.getSymName()).str());
    if (!spec)
      return spec.takeError();
    wrapper.inputs.push_back(*spec);
  }
  for (auto [i, type] : llvm::enumerate(fnType.getResults())) {
    auto spec =
        getSpec(type, fn.getResultAttrOfType<StringAttr>(i, kNameAttr),
                "output" + llvm::Twine(i),
                llvm::formatv("result {0} of '{1}'", i, fn.getSymName()).str());
    if (!spec)
      return spec.takeError();
    wrapper.outputs.push_back(*spec);
  }
  if (module.lookupSymbol(wrapper.name))
    return makeError("the module already has a symbol '" + wrapper.name + "'");

  // func @nnid_entry_f(%in..., %out...) -> i32
  OpBuilder b(module.getContext());
  Location loc = fn.getLoc();
  SmallVector<Type> argTypes;
  auto toMemRef = [](Type t) {
    auto tensor = cast<RankedTensorType>(t);
    return MemRefType::get(tensor.getShape(), tensor.getElementType());
  };
  for (Type t : fnType.getInputs())
    argTypes.push_back(toMemRef(t));
  for (Type t : fnType.getResults())
    argTypes.push_back(toMemRef(t));
  b.setInsertionPointAfter(fn);
  auto wrapperFn = func::FuncOp::create(
      b, loc, wrapper.name, b.getFunctionType(argTypes, {b.getI32Type()}));
  wrapperFn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                     b.getUnitAttr());
  Block *body = wrapperFn.addEntryBlock();
  b.setInsertionPointToStart(body);

  unsigned numInputs = fnType.getNumInputs();
  SmallVector<Value> tensors;
  for (unsigned i = 0; i < numInputs; ++i)
    tensors.push_back(bufferization::ToTensorOp::create(
        b, loc, fnType.getInput(i), body->getArgument(i), /*restrict=*/true,
        /*writable=*/false));
  auto call = func::CallOp::create(b, loc, fn, tensors);

  // All dynamic output dimensions must match what the model computed.
  Value ok = arith::ConstantIntOp::create(b, loc, 1, 1);
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
      ok = arith::AndIOp::create(b, loc, ok, same);
    }
  }
  auto writeOutputs = [&](OpBuilder &nb, Location nloc) {
    for (auto [i, result] : llvm::enumerate(call.getResults())) {
      auto op = bufferization::MaterializeInDestinationOp::create(
          nb, nloc, result, body->getArgument(numInputs + i));
      op.setRestrict(true);
      op.setWritable(true);
    }
  };
  Value status;
  if (llvm::all_of(wrapper.outputs, [](const TensorSpec &s) {
        return !llvm::is_contained(s.shape, TensorSpec::kDynamic);
      })) {
    // Static outputs: the API has checked their shapes; writing in the entry
    // block lets the last op compute straight into the output buffer.
    writeOutputs(b, loc);
    status = arith::ConstantIntOp::create(b, loc, 0, 32);
  } else {
    auto ifOp = scf::IfOp::create(
        b, loc, ok,
        [&](OpBuilder &nb, Location nloc) {
          writeOutputs(nb, nloc);
          scf::YieldOp::create(
              nb, nloc,
              ValueRange{arith::ConstantIntOp::create(nb, nloc, 0, 32)});
        },
        [&](OpBuilder &nb, Location nloc) {
          scf::YieldOp::create(
              nb, nloc,
              ValueRange{arith::ConstantIntOp::create(nb, nloc, 1, 32)});
        });
    status = ifOp.getResult(0);
  }
  func::ReturnOp::create(b, loc, status);
  fn.setPrivate();
  return wrapper;
}
