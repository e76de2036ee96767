//===- Import.h - ONNX models as nnid IR ------------------------*- C++ -*-===//
//
// Reads an ONNX model (opsets 1 to 17) into a module holding one func.func of
// nnid ops. docs/onnx.md lists the operators and how each maps.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_ONNX_IMPORT_H
#define NNID_ONNX_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace nnid {

struct ONNXImportOptions {
  /// The name of the function.
  std::string entry = "forward";
  /// Initializers become function arguments, after the graph's inputs and
  /// named (`nnid.name`) by their initializer names, instead of constants.
  bool weightsAsArguments = false;
  /// The batch (first) dimension of every graph input: unset keeps the
  /// model's (a symbolic dimension stays dynamic), kDynamic makes it
  /// dynamic, a positive value fixes it.
  std::optional<int64_t> batch;
  /// Constants with at least this many elements are dense resources (kept
  /// as bytes, not printed as text).
  int64_t resourceThreshold = 16;
  /// Graph inputs whose values are known when the model is compiled, as
  /// serialized TensorProtos named by the inputs they give (the int64
  /// shapes, axes and pads of ONNX's node tests). Each is a constant, as an
  /// initializer would be, rather than a function argument.
  std::vector<std::string> fixedInputs;
};

/// Imports the serialized ModelProto in `bytes` into `context` (after making
/// every dialect the compiler uses available in it). Every node nnid cannot
/// take is listed in one error; a malformed model is an error, never a
/// partial module.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importONNX(llvm::StringRef bytes, mlir::MLIRContext &context,
           const ONNXImportOptions &options = {});

/// The same, from a file.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ONNXImportOptions &options = {});

/// The batch option as tools spell it: "" (the model's), "dynamic" or a
/// positive number; an error names `flag` and the value.
llvm::Expected<std::optional<int64_t>>
parseBatch(llvm::StringRef value, llvm::StringRef flag = "--batch");

/// Whether `path` names an ONNX model (by its extension, `.onnx`).
bool isONNXFile(llvm::StringRef path);

} // namespace nnid

#endif // NNID_ONNX_IMPORT_H
