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

/// Makes every definition but those in `keep` internal, so that the object
/// defines only the entry points and objects of several models link
/// together.
void internalizeAllBut(ModuleOp module, ArrayRef<LLVM::LLVMFuncOp> keep) {
  for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
    if (!llvm::is_contained(keep, fn) && !fn.isExternal())
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

/// Where an entry point's workspace comes from.
enum class WorkspaceSource {
  /// A static one, shared by the entry point's calls: one call at a time.
  Static,
  /// The caller's, the entry point's last parameter.
  Caller,
};

/// Builds the entry points of one wrapper; see Passes.td.
class EntryPointBuilder {
public:
  EntryPointBuilder(LLVM::LLVMFuncOp wrapper, ArrayRef<MemRefType> buffers,
                    bool dynamicBatch, int64_t workspaceBytes)
      : wrapper(wrapper), buffers(buffers), dynamicBatch(dynamicBatch),
        workspaceBytes(workspaceBytes), b(wrapper.getContext()),
        loc(wrapper.getLoc()) {
    module = wrapper->getParentOfType<ModuleOp>();
    b.setInsertionPointToEnd(module.getBody());
  }

  /// int f([int64_t batch,] float *buffer... [, void *workspace]).
  LLVM::LLVMFuncOp buildEntryPoint(StringRef name, WorkspaceSource source);

  /// int64_t f(void) { return value; }
  LLVM::LLVMFuncOp buildConstantFunction(StringRef name, int64_t value) {
    auto fn = LLVM::LLVMFuncOp::create(
        b, loc, name, LLVM::LLVMFunctionType::get(b.getI64Type(), {}));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(fn.addEntryBlock(b));
    LLVM::ReturnOp::create(b, loc, constant(b.getI64Type(), value));
    return fn;
  }

private:
  Value constant(Type type, int64_t value) {
    return LLVM::ConstantOp::create(b, loc, type,
                                    b.getIntegerAttr(type, value));
  }
  Value status(EntryStatus s) {
    return constant(b.getI32Type(), static_cast<int32_t>(s));
  }
  /// A new global of `type` at the start of the module, zero-initialized.
  LLVM::GlobalOp createGlobal(Type type, StringRef name, int64_t alignment);

  LLVM::LLVMFuncOp wrapper;
  ArrayRef<MemRefType> buffers;
  bool dynamicBatch;
  int64_t workspaceBytes;
  OpBuilder b;
  Location loc;
  ModuleOp module;
};

LLVM::GlobalOp EntryPointBuilder::createGlobal(Type type, StringRef name,
                                               int64_t alignment) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto global = LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/false,
                                       LLVM::Linkage::Internal, name,
                                       Attribute(), alignment);
  b.setInsertionPointToStart(b.createBlock(&global.getInitializerRegion()));
  LLVM::ReturnOp::create(b, loc, LLVM::ZeroOp::create(b, loc, type));
  return global;
}

LLVM::LLVMFuncOp EntryPointBuilder::buildEntryPoint(StringRef name,
                                                    WorkspaceSource source) {
  MLIRContext *context = wrapper.getContext();
  Type i1 = b.getI1Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(context);
  bool callerWorkspace = source == WorkspaceSource::Caller;
  SmallVector<Type> argTypes;
  if (dynamicBatch)
    argTypes.push_back(i64);
  argTypes.append(buffers.size(), ptr);
  if (callerWorkspace)
    argTypes.push_back(ptr);
  auto entry = LLVM::LLVMFuncOp::create(
      b, loc, name, LLVM::LLVMFunctionType::get(i32, argTypes));
  OpBuilder::InsertionGuard guard(b);
  Block *body = entry.addEntryBlock(b);
  Block *fail = b.createBlock(&entry.getBody(), {}, {i32}, {loc});
  Block *call = b.createBlock(&entry.getBody());

  // ^fail(%status): return %status.
  b.setInsertionPointToStart(fail);
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));

  // Checks, each a block that goes on to the next or fails: no null buffer
  // pointer, then a batch of at least 1, then a usable workspace. `checks`
  // is where the next check goes.
  unsigned firstBuffer = dynamicBatch ? 1 : 0;
  Block *checks = body;
  auto addCheck = [&](Value failed, EntryStatus s) {
    Block *next = b.createBlock(&entry.getBody(), Region::iterator(call));
    b.setInsertionPointToEnd(checks);
    LLVM::CondBrOp::create(b, loc, failed, fail, ValueRange{status(s)}, next,
                           ValueRange{});
    checks = next;
    b.setInsertionPointToStart(next);
  };
  b.setInsertionPointToStart(body);
  Value null = LLVM::ZeroOp::create(b, loc, ptr);
  Value anyNull = constant(i1, 0);
  for (unsigned i = 0; i < buffers.size(); ++i) {
    Value isNull =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                             body->getArgument(firstBuffer + i), null);
    anyNull = LLVM::OrOp::create(b, loc, anyNull, isNull);
  }
  addCheck(anyNull, EntryStatus::NullPointer);
  Value batch;
  if (dynamicBatch) {
    batch = body->getArgument(0);
    Value small = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, batch,
                                       constant(i64, 1));
    addCheck(small, EntryStatus::Batch);
  }
  Value workspace;
  if (callerWorkspace) {
    workspace = body->getArguments().back();
    // An empty workspace is never read: any pointer will do.
    if (workspaceBytes > 0) {
      Value address = LLVM::PtrToIntOp::create(b, loc, i64, workspace);
      Value misaligned = LLVM::AndOp::create(
          b, loc, address, constant(i64, kWorkspaceAlignment - 1));
      Value bad = LLVM::OrOp::create(
          b, loc,
          LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, workspace,
                               null),
          LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, misaligned,
                               constant(i64, 0)));
      addCheck(bad, EntryStatus::Workspace);
    }
  }
  b.setInsertionPointToEnd(checks);
  LLVM::BrOp::create(b, loc, ValueRange{}, call);

  // The static workspace is shared by the entry point's calls: one call at
  // a time. A call that finds another running returns Busy.
  Value busyFlag;
  Block *run = call;
  if (!callerWorkspace) {
    auto busy = createGlobal(i32, (name + "_busy").str(), /*alignment=*/4);
    auto staticWorkspace =
        createGlobal(LLVM::LLVMArrayType::get(b.getI8Type(), workspaceBytes),
                     (name + "_workspace").str(), kWorkspaceAlignment);
    b.setInsertionPointToStart(call);
    busyFlag = LLVM::AddressOfOp::create(b, loc, busy);
    Value wasBusy = LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::xchg,
                                              busyFlag, constant(i32, 1),
                                              LLVM::AtomicOrdering::acquire);
    Value running = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne,
                                         wasBusy, constant(i32, 0));
    run = b.createBlock(&entry.getBody());
    b.setInsertionPointToEnd(call);
    LLVM::CondBrOp::create(b, loc, running, fail,
                           ValueRange{status(EntryStatus::Busy)}, run,
                           ValueRange{});
    b.setInsertionPointToStart(run);
    workspace = LLVM::AddressOfOp::create(b, loc, staticWorkspace);
  }

  // The descriptors of dense row-major buffers: both pointers the buffer,
  // offset 0, the sizes (the batch for a dynamic one), static strides; then
  // the workspace's.
  b.setInsertionPointToEnd(run);
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
  args.append({workspace, workspace, constant(i64, 0),
               constant(i64, workspaceBytes), constant(i64, 1)});
  auto result = LLVM::CallOp::create(b, loc, wrapper, args);
  if (busyFlag)
    LLVM::StoreOp::create(b, loc, constant(i32, 0), busyFlag, /*alignment=*/4,
                          /*isVolatile=*/false, /*isNonTemporal=*/false,
                          /*isInvariantGroup=*/false,
                          LLVM::AtomicOrdering::release);
  LLVM::ReturnOp::create(b, loc, result.getResult());
  return entry;
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

    auto workspaceBytes =
        wrapper->getAttrOfType<IntegerAttr>(kWorkspaceBytesAttrName);
    if (!workspaceBytes || workspaceBytes.getInt() < 0) {
      wrapper.emitError("expected '")
          << kWorkspaceBytesAttrName
          << "', the size of the workspace the wrapper takes as its last "
             "argument (nnid-static-workspace{argument})";
      return signalPassFailure();
    }

    // The buffers' descriptors, then the workspace's.
    unsigned expected = getNumDescriptorValues(1);
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
                                      "not the {2} of its buffers' and "
                                      "workspace's descriptors",
                                      wrapper.getSymName(),
                                      wrapper.getNumArguments(), expected));
      return signalPassFailure();
    }
    StringRef function = wrapper.getSymName();
    function.consume_front(getEntryWrapperName(""));
    std::string entryName = getCEntryPointName(name, function);
    std::string withWorkspace = entryName + "_with_workspace";
    std::string sizeName = entryName + "_workspace_size";
    std::string alignmentName = entryName + "_workspace_alignment";
    std::string busyName = entryName + "_busy";
    std::string staticWorkspaceName = entryName + "_workspace";
    for (const std::string &symbol :
         {entryName, withWorkspace, sizeName, alignmentName, busyName,
          staticWorkspaceName}) {
      if (module.lookupSymbol(symbol)) {
        module.emitError("the module already has a symbol '" + symbol + "'");
        return signalPassFailure();
      }
    }
    EntryPointBuilder builder(wrapper, *buffers, dynamicBatch,
                              workspaceBytes.getInt());
    LLVM::LLVMFuncOp entries[] = {
        builder.buildEntryPoint(entryName, WorkspaceSource::Static),
        builder.buildEntryPoint(withWorkspace, WorkspaceSource::Caller),
        builder.buildConstantFunction(sizeName, workspaceBytes.getInt()),
        builder.buildConstantFunction(alignmentName, kWorkspaceAlignment)};
    internalizeAllBut(module, entries);
    if (failed(verifyPassResult(*this, module)))
      return signalPassFailure();
  }
};

} // namespace
