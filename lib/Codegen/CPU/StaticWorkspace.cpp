//===- StaticWorkspace.cpp - fixed-size buffers in a static workspace -----===//

#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Interface/EntryPoint.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace nnid {
#define GEN_PASS_DEF_STATICWORKSPACE
#include "nnid/Codegen/CPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;

namespace {

constexpr int64_t kAlignment = nnid::kWorkspaceAlignment;

/// A buffer to place: its allocation, size and lifetime in top-level op
/// positions of the function body.
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes;
  int64_t first, last;
  int64_t offset = -1;
};

/// The last top-level position where `value` or a view of it is used, or
/// nullopt when it escapes: returned, passed to a call, stored as a value.
std::optional<int64_t>
getLastUse(Value value, Block &body,
           const llvm::DenseMap<Operation *, int64_t> &position) {
  int64_t last = -1;
  SmallVector<Value> worklist = {value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      // A deallocation reads nothing: it does not extend the lifetime.
      if (isa<memref::DeallocOp>(user))
        continue;
      if (isa<CallOpInterface, RegionBranchTerminatorOpInterface>(user) ||
          user->hasTrait<OpTrait::ReturnLike>())
        return std::nullopt;
      if (auto store = dyn_cast<memref::StoreOp>(user))
        if (store.getValueToStore() == current)
          return std::nullopt;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == current)
          for (Value result : user->getResults())
            worklist.push_back(result);
      Operation *top = body.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      last = std::max(last, position.lookup(top));
    }
  }
  return last;
}

struct StaticWorkspacePass
    : nnid::impl::StaticWorkspaceBase<StaticWorkspacePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto fn :
         llvm::make_early_inc_range(module.getOps<FunctionOpInterface>())) {
      if (fn.isExternal())
        continue;
      if (argument && !SymbolTable::symbolKnownUseEmpty(fn, module)) {
        fn.emitError() << "cannot pass the workspace of '" << fn.getName()
                       << "' as an argument: the function is called";
        return signalPassFailure();
      }
      if (failed(placeBuffers(fn, symbols)))
        return signalPassFailure();
    }
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }

  LogicalResult placeBuffers(FunctionOpInterface fn, SymbolTable &symbols) {
    Block &body = fn.getFunctionBody().front();
    llvm::DenseMap<Operation *, int64_t> position;
    for (auto [i, op] : llvm::enumerate(body))
      position[&op] = i;

    SmallVector<Buffer> buffers;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          type.getMemorySpace() || !type.getElementType().isIntOrFloat())
        continue;
      std::optional<int64_t> last = getLastUse(alloc, body, position);
      if (!last)
        continue;
      int64_t bits = type.getElementTypeBitWidth();
      int64_t bytes = (type.getNumElements() * bits + 7) / 8;
      buffers.push_back(
          {alloc, std::max<int64_t>(bytes, 1), position.lookup(alloc), *last});
    }
    if (buffers.empty() && !argument)
      return success();

    // First fit, largest buffers first, among the buffers whose lifetimes
    // overlap.
    SmallVector<Buffer *> order;
    for (Buffer &buffer : buffers)
      order.push_back(&buffer);
    llvm::stable_sort(order,
                      [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
    int64_t size = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *buffer : order) {
      SmallVector<std::pair<int64_t, int64_t>> taken;
      for (Buffer *other : placed)
        if (other->first <= buffer->last && buffer->first <= other->last)
          taken.push_back({other->offset, other->offset + other->bytes});
      llvm::sort(taken);
      int64_t offset = 0;
      for (auto [begin, end] : taken) {
        if (offset + buffer->bytes <= begin)
          break;
        offset = std::max<int64_t>(offset, llvm::alignTo(end, kAlignment));
      }
      buffer->offset = offset;
      size = std::max(size, offset + buffer->bytes);
      placed.push_back(buffer);
    }
    if (size > maxBytes)
      return fn.emitError() << "the intermediate buffers of '" << fn.getName()
                            << "' need a workspace of " << size
                            << " bytes, more than the limit of "
                            << static_cast<int64_t>(maxBytes)
                            << " bytes (nnid-static-workspace max-bytes)";

    // The workspace (a global, or the function's new last argument) and the
    // views into it.
    OpBuilder b(fn);
    auto workspaceType = MemRefType::get({size}, b.getI8Type());
    Value workspace;
    if (argument) {
      if (failed(fn.insertArgument(fn.getNumArguments(), workspaceType, {},
                                   fn.getLoc())))
        return failure();
      workspace = body.getArguments().back();
      fn->setAttr(nnid::kWorkspaceBytesAttrName, b.getI64IntegerAttr(size));
    } else {
      auto global = memref::GlobalOp::create(
          b, fn.getLoc(), (fn.getName() + "_workspace").str(),
          b.getStringAttr("private"), workspaceType, b.getUnitAttr(),
          /*constant=*/false, b.getI64IntegerAttr(kAlignment));
      symbols.insert(global);
      b.setInsertionPointToStart(&body);
      workspace = memref::GetGlobalOp::create(b, fn.getLoc(), workspaceType,
                                              global.getSymName());
    }
    for (Buffer &buffer : buffers) {
      b.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(),
                                                    buffer.offset);
      Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), workspace,
                                          offset, ValueRange{});
      // The workspace is never freed: drop the buffer's deallocations.
      for (Operation *user :
           llvm::make_early_inc_range(buffer.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    return success();
  }
};

} // namespace
