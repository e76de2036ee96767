//===- DeviceMemory.cpp - the buffers of GPU kernels in device memory -----===//

#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace nnid {
#define GEN_PASS_DEF_GPUDEVICEMEMORY
#include "nnid/Conversion/GPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;

namespace {

bool isInKernel(Operation *op) {
  return op->getParentOfType<gpu::LaunchOp>() != nullptr;
}

/// `root` and the views of it (subviews, reshapes, casts, the base buffer of
/// its metadata), transitively.
SmallVector<Value> getAliases(Value root) {
  SmallVector<Value> aliases = {root};
  for (size_t i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].getUsers())
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == aliases[i])
          aliases.push_back(view.getViewDest());
  return aliases;
}

/// The buffer `value` is a view of.
Value getRoot(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>()) {
    if (view.getViewDest() != value)
      break;
    value = view.getViewSource();
  }
  return value;
}

/// Whether `value` is a buffer of numbers (tensor data), not of indices,
/// pointers or flags (the deallocation pipeline's bookkeeping).
bool holdsNumbers(Value value) {
  auto type = dyn_cast<BaseMemRefType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Whether a kernel uses `root`, or it is a buffer of numbers that leaves
/// the function (other functions take device buffers of numbers too).
bool isUsedOnDevice(Value root) {
  for (Value alias : getAliases(root))
    for (Operation *user : alias.getUsers())
      if (isInKernel(user) ||
          (holdsNumbers(root) && isa<func::ReturnOp, func::CallOp>(user)))
        return true;
  return false;
}

/// A host op that reads or writes the memory of `root`, or null. GPU ops
/// (copies, frees) know where their buffers are.
Operation *findHostAccess(Value root) {
  for (Value alias : getAliases(root)) {
    for (Operation *user : alias.getUsers()) {
      if (isInKernel(user) || isa<gpu::GPUDialect>(user->getDialect()))
        continue;
      auto effects = dyn_cast<MemoryEffectOpInterface>(user);
      if (!effects)
        continue;
      SmallVector<MemoryEffects::EffectInstance> instances;
      effects.getEffectsOnValue(alias, instances);
      for (const MemoryEffects::EffectInstance &effect : instances)
        if (isa<MemoryEffects::Read, MemoryEffects::Write>(effect.getEffect()))
          return user;
    }
  }
  return nullptr;
}

/// Whether `root` or a view of it is returned.
bool isReturned(Value root) {
  for (Value alias : getAliases(root))
    for (Operation *user : alias.getUsers())
      if (isa<func::ReturnOp>(user))
        return true;
  return false;
}

struct GPUDeviceMemoryPass
    : nnid::impl::GPUDeviceMemoryBase<GPUDeviceMemoryPass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    // Arguments that hold numbers are device buffers.
    SmallVector<Value> deviceBuffers;
    for (BlockArgument argument : fn.getArguments())
      if (holdsNumbers(argument) || isUsedOnDevice(argument))
        deviceBuffers.push_back(argument);

    // Allocations that kernels use.
    SmallVector<Operation *> allocations;
    fn.walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(op) &&
          !isInKernel(op) && isUsedOnDevice(op->getResult(0)))
        allocations.push_back(op);
    });
    for (Operation *op : allocations) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        auto deviceAlloc = gpu::AllocOp::create(
            b, loc, alloc.getType(), /*asyncToken=*/Type(), ValueRange{},
            alloc.getDynamicSizes(), alloc.getSymbolOperands());
        alloc.replaceAllUsesWith(deviceAlloc.getMemref());
        alloc.erase();
        deviceBuffers.push_back(deviceAlloc.getMemref());
        continue;
      }
      if (isa<memref::AllocaOp>(op)) {
        op->emitOpError("is a stack buffer that a GPU kernel uses");
        return signalPassFailure();
      }
      // A constant: copied to the device where it is taken, freed at the end
      // of its block.
      auto global = cast<memref::GetGlobalOp>(op);
      b.setInsertionPointAfter(global);
      auto type = cast<MemRefType>(global.getType());
      Value copy = gpu::AllocOp::create(b, loc, type, Type(), ValueRange{},
                                        ValueRange{}, ValueRange{})
                       .getMemref();
      global.getResult().replaceAllUsesWith(copy);
      gpu::MemcpyOp::create(b, loc, /*asyncToken=*/Type(), ValueRange{}, copy,
                            global.getResult());
      deviceBuffers.push_back(copy);
      if (!isReturned(copy)) {
        b.setInsertionPoint(global->getBlock()->getTerminator());
        gpu::DeallocOp::create(b, loc, /*asyncToken=*/Type(), ValueRange{},
                               copy);
      }
    }

    // Their deallocations, and those of device buffers from elsewhere (call
    // results). Host buffers (the deallocation pipeline's bookkeeping) stay
    // host buffers.
    SmallVector<memref::DeallocOp> deallocations;
    fn.walk([&](memref::DeallocOp dealloc) {
      Value root = getRoot(dealloc.getMemref());
      if (!isInKernel(dealloc) && !root.getDefiningOp<memref::AllocOp>() &&
          (root.getDefiningOp<gpu::AllocOp>() || holdsNumbers(root)))
        deallocations.push_back(dealloc);
    });
    for (memref::DeallocOp dealloc : deallocations) {
      OpBuilder b(dealloc);
      gpu::DeallocOp::create(b, dealloc.getLoc(), Type(), ValueRange{},
                             dealloc.getMemref());
      dealloc.erase();
    }

    // Host code must not touch device memory.
    fn.walk([&](func::CallOp call) {
      for (Value result : call.getResults())
        if (holdsNumbers(result))
          deviceBuffers.push_back(result);
    });
    for (Value buffer : deviceBuffers) {
      if (Operation *access = findHostAccess(buffer)) {
        access->emitOpError("accesses a buffer in GPU memory from host code; "
                            "only GPU kernels may read or write it");
        return signalPassFailure();
      }
    }
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
