//===- EntryPoint.h - what the entry-point passes agree on ------*- C++ -*-===//
//
// The model function's signature as the entry points see it, the names of
// the functions the passes add, and the attributes they leave for each
// other and for the code that calls the compiled model.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_INTERFACE_ENTRYPOINT_H
#define NNID_INTERFACE_ENTRYPOINT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>

namespace nnid {

/// The argument and result attribute that names a tensor (the state_dict
/// name of a parameter).
inline constexpr llvm::StringLiteral kTensorNameAttrName = "nnid.name";
/// On the entry wrapper: the memref types of its buffers, inputs then
/// outputs (an array of type attributes).
inline constexpr llvm::StringLiteral kEntryBuffersAttrName =
    "nnid.entry_buffers";
/// On the entry wrapper: the values of the constants that became its
/// trailing arguments (an array of elements attributes).
inline constexpr llvm::StringLiteral kDeviceConstantsAttrName =
    "nnid.device_constants";

/// On a function whose workspace is its trailing argument
/// (nnid-static-workspace{argument}): the workspace's size in bytes.
inline constexpr llvm::StringLiteral kWorkspaceBytesAttrName =
    "nnid.workspace_bytes";
/// The alignment, in bytes, of the workspace a caller passes.
inline constexpr int64_t kWorkspaceAlignment = 64;

/// The statuses the entry points return.
enum class EntryStatus : int32_t {
  Ok = 0,
  /// An output's dynamic dimension is not what the model computes.
  OutputShape = 1,
  /// The batch size is less than 1 (the C entry point).
  Batch = 2,
  /// A buffer pointer is null (the C entry point).
  NullPointer = 3,
  /// Another call of the C entry point is running (its intermediate
  /// results live in one static workspace); nothing was written.
  Busy = 4,
  /// The workspace passed to the C entry point's `_with_workspace` variant
  /// is null or not aligned to kWorkspaceAlignment; nothing was written.
  Workspace = 5,
  /// The compiled code could not allocate an intermediate buffer (malloc
  /// returned null); the outputs are undefined.
  OutOfMemory = 6,
};

/// A ranked f32 tensor the model takes or returns.
struct EntryTensor {
  /// Its `nnid.name`, or "input<i>" / "output<i>".
  std::string name;
  mlir::RankedTensorType type;
};

/// The model function compiled code is called through.
struct EntrySignature {
  mlir::func::FuncOp function;
  llvm::SmallVector<EntryTensor> inputs, outputs;
};

/// Finds the function `entry` in `module` (or the only public function
/// with a body, when there is no `entry`) and checks that it has a body and
/// takes and returns ranked f32 tensors.
llvm::Expected<EntrySignature> getEntrySignature(mlir::ModuleOp module,
                                                 llvm::StringRef entry);

/// The wrapper nnid-add-entry-wrapper adds for `function`:
/// "nnid_entry_<function>".
std::string getEntryWrapperName(llvm::StringRef function);

/// Whether `name` is a C identifier.
bool isCIdentifier(llvm::StringRef name);

/// `name` with every character that may not appear in a C identifier
/// replaced by '_' ("layer1.0.conv1.weight" -> "layer1_0_conv1_weight").
std::string sanitizeCIdentifier(llvm::StringRef name);

/// The C entry point nnid-add-c-entry-point adds: "<prefix>_<function>",
/// sanitized.
std::string getCEntryPointName(llvm::StringRef prefix,
                               llvm::StringRef function);

} // namespace nnid

#endif // NNID_INTERFACE_ENTRYPOINT_H
