//===- Kernel.h - compiled nnid models --------------------------*- C++ -*-===//
//
// A Kernel is one function of an nnid module compiled for a target. It runs
// on caller-owned buffers; the number, shapes and sizes of the buffers are
// checked at every call, and every problem comes back as an llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_KERNEL_H
#define NNID_API_KERNEL_H

#include "nnid/API/Tensor.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace nnid {

/// How to compile a module.
struct CompileOptions {
  /// The function to compile. When the module has no function of this name
  /// but exactly one public function with a body, that one is used.
  std::string entry = "forward";
  /// LLVM optimization level (0-3).
  unsigned optLevel = 3;
  /// Threads a kernel may use; 0 means all cores of the machine.
  unsigned numThreads = 0;
};

class Kernel {
public:
  virtual ~Kernel();

  /// The shapes of the entry function's arguments and results, in order.
  llvm::ArrayRef<TensorSpec> getInputs() const { return inputs; }
  llvm::ArrayRef<TensorSpec> getOutputs() const { return outputs; }

  /// Runs the kernel: reads `inputs`, writes `outputs`. Fails without
  /// touching any buffer when the count, a shape, or a buffer size does not
  /// match, or when outputs overlap inputs. A dynamic batch dimension takes
  /// its size from the inputs; every dynamic dimension must agree.
  llvm::Error run(llvm::ArrayRef<TensorRef> inputs,
                  llvm::ArrayRef<MutableTensorRef> outputs);

protected:
  Kernel(std::vector<TensorSpec> inputs, std::vector<TensorSpec> outputs)
      : inputs(std::move(inputs)), outputs(std::move(outputs)) {}

  /// Runs checked buffers.
  virtual llvm::Error runChecked(llvm::ArrayRef<TensorRef> inputs,
                                 llvm::ArrayRef<MutableTensorRef> outputs) = 0;

private:
  std::vector<TensorSpec> inputs, outputs;
};

/// Compiles `options.entry` of `module` for this machine's CPU and JIT-loads
/// it. The module is not modified. Diagnostics (invalid IR, ops that do not
/// lower) come back in the error.
llvm::Expected<std::unique_ptr<Kernel>>
compileForCPU(mlir::ModuleOp module, const CompileOptions &options = {});

/// Parses `source` (nnid IR in MLIR's text or bytecode form), then compiles
/// it as above.
llvm::Expected<std::unique_ptr<Kernel>>
compileForCPU(llvm::StringRef source, const CompileOptions &options = {});

} // namespace nnid

#endif // NNID_API_KERNEL_H
