//===- CEntryPoint.cpp - the C entry point in the LLVM dialect ------------===//
//
// After the CPU pipeline, the wrapper `nnid_entry_<f>` takes each buffer as
// an expanded memref descriptor (allocated and aligned pointer, offset,
// sizes, strides) and returns a status. The C entry point added here takes
// one plain pointer per buffer (and the batch size of a dynamic batch),
// rejects null pointers and batches below 1, and passes the descriptors of
// dense row-major buffers on.
//
//===----------------------------------------------------------------------===//

#include "CInterface.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// How many values the descriptor of a rank-`rank` memref expands to.
static unsigned getNumDescriptorValues(size_t rank) { return 3 + 2 * rank; }

/// Makes every definition but `keep` internal, so that the object defines
/// only the entry point and objects of several models link together.
static void internalizeAllBut(ModuleOp module, LLVM::LLVMFuncOp keep) {
  for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
    if (fn != keep && !fn.isExternal())
      fn.setLinkage(LLVM::Linkage::Internal);
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    bool defined =
        global.getValueOrNull() || !global.getInitializerRegion().empty();
    if (defined && global.getLinkage() == LLVM::Linkage::External)
      global.setLinkage(LLVM::Linkage::Internal);
  }
}

llvm::Error nnid::detail::addCEntryPoint(ModuleOp module,
                                         const CInterface &interface) {
  auto wrapper = module.lookupSymbol<LLVM::LLVMFuncOp>(interface.wrapperName);
  if (!wrapper)
    return makeError("the lowered module has no function '" +
                     interface.wrapperName + "'");
  unsigned expected = 0;
  for (const CParameter &p :
       llvm::concat<const CParameter>(interface.inputs, interface.outputs))
    expected += getNumDescriptorValues(p.spec.shape.size());
  if (wrapper.getNumArguments() != expected)
    return makeError(llvm::formatv("the lowered '{0}' takes {1} values, not "
                                   "the {2} of its buffers' descriptors",
                                   interface.wrapperName,
                                   wrapper.getNumArguments(), expected));
  if (module.lookupSymbol(interface.functionName))
    return makeError("the module already has a symbol '" +
                     interface.functionName + "'");

  MLIRContext *context = module.getContext();
  OpBuilder b(context);
  Location loc = wrapper.getLoc();
  Type i1 = b.getI1Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(context);

  // int f([int64_t batch,] const float *in..., float *out...)
  SmallVector<Type> argTypes;
  if (interface.dynamicBatch)
    argTypes.push_back(i64);
  argTypes.append(interface.inputs.size() + interface.outputs.size(), ptr);
  b.setInsertionPointToEnd(module.getBody());
  auto entry =
      LLVM::LLVMFuncOp::create(b, loc, interface.functionName,
                               LLVM::LLVMFunctionType::get(i32, argTypes));
  Block *body = entry.addEntryBlock(b);
  Block *fail = b.createBlock(&entry.getBody(), {}, {i32}, {loc});
  Block *call = b.createBlock(&entry.getBody());

  auto constant = [&](Type type, int64_t value) -> Value {
    return LLVM::ConstantOp::create(b, loc, type,
                                    b.getIntegerAttr(type, value));
  };
  auto status = [&](CStatus s) {
    return constant(i32, static_cast<int32_t>(s));
  };

  // ^fail(%status): return %status.
  b.setInsertionPointToStart(fail);
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));

  // Checks: no null pointer, then a batch of at least 1.
  b.setInsertionPointToStart(body);
  unsigned firstBuffer = interface.dynamicBatch ? 1 : 0;
  Value null = LLVM::ZeroOp::create(b, loc, ptr);
  Value anyNull = constant(i1, 0);
  for (unsigned i = firstBuffer; i < body->getNumArguments(); ++i) {
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                                        body->getArgument(i), null);
    anyNull = LLVM::OrOp::create(b, loc, anyNull, isNull);
  }
  Value batch;
  Block *next = call;
  if (interface.dynamicBatch) {
    batch = body->getArgument(0);
    next = b.createBlock(&entry.getBody(), Region::iterator(call));
    b.setInsertionPointToStart(next);
    Value small = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, batch,
                                       constant(i64, 1));
    LLVM::CondBrOp::create(b, loc, small, fail,
                           ValueRange{status(CStatus::Batch)}, call,
                           ValueRange{});
    b.setInsertionPointToEnd(body);
  }
  LLVM::CondBrOp::create(b, loc, anyNull, fail,
                         ValueRange{status(CStatus::NullPointer)}, next,
                         ValueRange{});

  // The descriptors of dense row-major buffers: both pointers the buffer,
  // offset 0, the sizes (the batch for a dynamic one), static strides.
  b.setInsertionPointToStart(call);
  SmallVector<Value> args;
  unsigned index = firstBuffer;
  for (const CParameter &p :
       llvm::concat<const CParameter>(interface.inputs, interface.outputs)) {
    Value pointer = body->getArgument(index++);
    args.append({pointer, pointer, constant(i64, 0)});
    llvm::ArrayRef<int64_t> shape = p.spec.shape;
    for (int64_t size : shape)
      args.push_back(size == TensorSpec::kDynamic ? batch
                                                  : constant(i64, size));
    SmallVector<Value> strides(shape.size());
    int64_t stride = 1;
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      strides[d] = constant(i64, stride);
      if (d > 0)
        stride *= shape[d];
    }
    args.append(strides);
  }
  auto result = LLVM::CallOp::create(b, loc, wrapper, args);
  LLVM::ReturnOp::create(b, loc, result.getResult());

  internalizeAllBut(module, entry);
  return llvm::Error::success();
}
