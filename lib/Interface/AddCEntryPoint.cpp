//===- AddCEntryPoint.cpp - the C entry point in the LLVM dialect ---------===//

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

namespace nnid {
#define GEN_PASS_DEF_ADDCENTRYPOINT
#include "nnid/Interface/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

/// Makes every definition but `keep` internal, so that the object defines
/// only the entry point and objects of several models link together.
void internalizeAllBut(ModuleOp module, LLVM::LLVMFuncOp keep) {
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

/// The buffers of `wrapper`, from its nnid.entry_buffers.
FailureOr<SmallVector<MemRefType>> getBuffers(LLVM::LLVMFuncOp wrapper) {
  SmallVector<MemRefType> buffers;
  auto attr = wrapper->getAttrOfType<ArrayAttr>(kEntryBuffersAttrName);
  for (Attribute a : attr) {
    auto type = dyn_cast<TypeAttr>(a);
    auto memref = type ? dyn_cast<MemRefType>(type.getValue()) : MemRefType();
    if (!memref || !memref.getLayout().isIdentity())
      return wrapper.emitError()
             << "'" << kEntryBuffersAttrName
             << "' must list memref types with the identity layout";
    buffers.push_back(memref);
  }
  return buffers;
}

/// The descriptor of a rank-`rank` memref expands to this many values.
unsigned getNumDescriptorValues(int64_t rank) { return 3 + 2 * rank; }

/// int f([int64_t batch,] float *buffer...): see Passes.td.
void buildEntryPoint(LLVM::LLVMFuncOp wrapper, ArrayRef<MemRefType> buffers,
                     bool dynamicBatch, StringRef name) {
  MLIRContext *context = wrapper.getContext();
  OpBuilder b(context);
  Location loc = wrapper.getLoc();
  Type i1 = b.getI1Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(context);
  SmallVector<Type> argTypes;
  if (dynamicBatch)
    argTypes.push_back(i64);
  argTypes.append(buffers.size(), ptr);
  auto module = wrapper->getParentOfType<ModuleOp>();
  b.setInsertionPointToEnd(module.getBody());
  auto entry = LLVM::LLVMFuncOp::create(
      b, loc, name, LLVM::LLVMFunctionType::get(i32, argTypes));
  Block *body = entry.addEntryBlock(b);
  Block *fail = b.createBlock(&entry.getBody(), {}, {i32}, {loc});
  Block *call = b.createBlock(&entry.getBody());

  auto constant = [&](Type type, int64_t value) -> Value {
    return LLVM::ConstantOp::create(b, loc, type,
                                    b.getIntegerAttr(type, value));
  };
  auto status = [&](EntryStatus s) {
    return constant(i32, static_cast<int32_t>(s));
  };

  // ^fail(%status): return %status.
  b.setInsertionPointToStart(fail);
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));

  // Checks: no null pointer, then a batch of at least 1.
  b.setInsertionPointToStart(body);
  unsigned firstBuffer = dynamicBatch ? 1 : 0;
  Value null = LLVM::ZeroOp::create(b, loc, ptr);
  Value anyNull = constant(i1, 0);
  for (unsigned i = firstBuffer; i < body->getNumArguments(); ++i) {
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                                        body->getArgument(i), null);
    anyNull = LLVM::OrOp::create(b, loc, anyNull, isNull);
  }
  Value batch;
  Block *next = call;
  if (dynamicBatch) {
    batch = body->getArgument(0);
    next = b.createBlock(&entry.getBody(), Region::iterator(call));
    b.setInsertionPointToStart(next);
    Value small = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, batch,
                                       constant(i64, 1));
    LLVM::CondBrOp::create(b, loc, small, fail,
                           ValueRange{status(EntryStatus::Batch)}, call,
                           ValueRange{});
    b.setInsertionPointToEnd(body);
  }
  LLVM::CondBrOp::create(b, loc, anyNull, fail,
                         ValueRange{status(EntryStatus::NullPointer)}, next,
                         ValueRange{});

  // One call at a time: the compiled code's intermediate results live in one
  // static workspace. A call that finds another running returns Busy.
  b.setInsertionPoint(entry);
  auto busy = LLVM::GlobalOp::create(
      b, loc, i32, /*isConstant=*/false, LLVM::Linkage::Internal,
      (name + "_busy").str(), b.getI32IntegerAttr(0), /*alignment=*/4);
  b.setInsertionPointToStart(call);
  Value busyFlag = LLVM::AddressOfOp::create(b, loc, busy);
  Value wasBusy = LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::xchg,
                                            busyFlag, constant(i32, 1),
                                            LLVM::AtomicOrdering::acquire);
  Value running = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, wasBusy,
                                       constant(i32, 0));
  Block *run = b.createBlock(&entry.getBody());
  b.setInsertionPointToEnd(call);
  LLVM::CondBrOp::create(b, loc, running, fail,
                         ValueRange{status(EntryStatus::Busy)}, run,
                         ValueRange{});

  // The descriptors of dense row-major buffers: both pointers the buffer,
  // offset 0, the sizes (the batch for a dynamic one), static strides.
  b.setInsertionPointToStart(run);
  SmallVector<Value> args;
  for (auto [index, type] : llvm::enumerate(buffers)) {
    Value pointer = body->getArgument(firstBuffer + index);
    args.append({pointer, pointer, constant(i64, 0)});
    ArrayRef<int64_t> shape = type.getShape();
    for (int64_t size : shape)
      args.push_back(ShapedType::isDynamic(size) ? batch : constant(i64, size));
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
  LLVM::StoreOp::create(b, loc, constant(i32, 0), busyFlag, /*alignment=*/4,
                        /*isVolatile=*/false, /*isNonTemporal=*/false,
                        /*isInvariantGroup=*/false,
                        LLVM::AtomicOrdering::release);
  LLVM::ReturnOp::create(b, loc, result.getResult());
  internalizeAllBut(module, entry);
}

struct AddCEntryPointPass
    : public nnid::impl::AddCEntryPointBase<AddCEntryPointPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!isCIdentifier(name)) {
      module.emitError(llvm::formatv("the name '{0}' is not a C identifier "
                                     "(letters, digits and '_', not starting "
                                     "with a digit)",
                                     name.getValue()));
      return signalPassFailure();
    }
    SmallVector<LLVM::LLVMFuncOp> wrappers;
    // func-to-llvm copies the attribute to the _mlir_ciface_ function of
    // the wrapper too.
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
      if (fn->hasAttr(kEntryBuffersAttrName) && !fn.isExternal() &&
          !fn.getSymName().starts_with("_mlir_ciface_"))
        wrappers.push_back(fn);
    if (wrappers.size() != 1) {
      module.emitError("expected one entry wrapper lowered to the LLVM "
                       "dialect (an llvm.func with '")
          << kEntryBuffersAttrName << "'), found " << wrappers.size();
      return signalPassFailure();
    }
    LLVM::LLVMFuncOp wrapper = wrappers.front();
    auto buffers = getBuffers(wrapper);
    if (failed(buffers))
      return signalPassFailure();

    unsigned expected = 0;
    bool dynamicBatch = false;
    for (MemRefType type : *buffers) {
      expected += getNumDescriptorValues(type.getRank());
      for (auto [dim, size] : llvm::enumerate(type.getShape())) {
        if (!ShapedType::isDynamic(size))
          continue;
        if (dim != 0) {
          wrapper.emitError("only the first (batch) dimension of a buffer may "
                            "be dynamic in a C entry point, got ")
              << type;
          return signalPassFailure();
        }
        dynamicBatch = true;
      }
    }
    if (wrapper.getNumArguments() != expected) {
      wrapper.emitError(llvm::formatv("the lowered '{0}' takes {1} values, "
                                      "not the {2} of its buffers' "
                                      "descriptors",
                                      wrapper.getSymName(),
                                      wrapper.getNumArguments(), expected));
      return signalPassFailure();
    }
    StringRef function = wrapper.getSymName();
    function.consume_front(getEntryWrapperName(""));
    std::string entryName = getCEntryPointName(name, function);
    if (module.lookupSymbol(entryName)) {
      module.emitError("the module already has a symbol '" + entryName + "'");
      return signalPassFailure();
    }
    buildEntryPoint(wrapper, *buffers, dynamicBatch, entryName);
    if (failed(verifyPassResult(*this, module)))
      return signalPassFailure();
  }
};

} // namespace
