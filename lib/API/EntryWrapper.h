//===- EntryWrapper.h - the buffers compiled code is called with -*- C++
//-*-===//
//
// Compiled code is called through the wrapper nnid-add-entry-wrapper adds:
// one buffer per input and per output of the model function.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_API_ENTRYWRAPPER_H
#define NNID_LIB_API_ENTRYWRAPPER_H

#include "nnid/API/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace nnid::detail {

struct EntryWrapper {
  /// The name of the wrapper function.
  std::string name;
  std::vector<TensorSpec> inputs, outputs;
};

/// The wrapper nnid-add-entry-wrapper{entry} adds to `module`, or why it
/// cannot add one.
llvm::Expected<EntryWrapper> describeEntryWrapper(mlir::ModuleOp module,
                                                  llvm::StringRef entry);

/// The size in bytes of the workspace `wrapper` takes once `lowered` (the
/// module after nnid-compile-for-cpu, which records it as
/// nnid.workspace_bytes).
llvm::Expected<int64_t> getWorkspaceBytes(mlir::ModuleOp lowered,
                                          const EntryWrapper &wrapper);

} // namespace nnid::detail

#endif // NNID_LIB_API_ENTRYWRAPPER_H
