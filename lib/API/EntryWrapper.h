//===- EntryWrapper.h - a buffer-level entry point for a model --*- C++ -*-===//
//
// Compiled code is called through a wrapper function that takes one memref
// per input and per output of the model's tensor function: it reads the
// inputs as tensors, calls the model, writes each result into its output
// buffer, and returns 0, or 1 without writing anything when an output
// buffer's dynamic dimension does not match the computed result.
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

/// Finds the function `entry` in `module` (or the only public function with
/// a body, when there is no `entry`), checks that it takes and returns f32
/// tensors, and adds the wrapper `nnid_entry_<entry>` next to it. The model
/// function is made private so that it can be inlined into the wrapper.
llvm::Expected<EntryWrapper> addEntryWrapper(mlir::ModuleOp module,
                                             llvm::StringRef entry);

} // namespace nnid::detail

#endif // NNID_LIB_API_ENTRYWRAPPER_H
