//===- Aot.h - compiling nnid models ahead of time --------------*- C++ -*-===//
//
// compileToObject() compiles one function of an nnid module (a model the
// C++ DSL emitted, or any nnid IR) into a relocatable object file and a C
// header that declares its entry point:
//
//   int mymodel_forward(const float *input, float *output);
//
// one pointer per input, then one per output, each a dense row-major f32
// buffer of the shape the header states. A model with a dynamic batch takes
// the batch size first: int mymodel_forward(int64_t batch, const float *x,
// float *y). The function returns 0, or a non-zero status the header names.
//
// The object needs nothing from MLIR or LLVM at run time, only the C
// library (malloc, free, memset, memcpy); with `parallel` it also needs
// LLVM's OpenMP runtime (link libomp). It is position independent and
// defines no symbols but the entry point and its variant
//
//   int mymodel_forward_with_workspace(const float *input, float *output,
//                                      void *workspace);
//   int64_t mymodel_forward_workspace_size(void);
//   int64_t mymodel_forward_workspace_alignment(void);
//
// The first keeps its intermediate results in one static workspace, so it
// runs one call at a time (a concurrent call returns a "busy" status and
// writes nothing); the variant takes the caller's workspace, so calls with
// different workspaces run at once.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_AOT_H
#define NNID_API_AOT_H

#include "nnid/API/PipelineOptions.h"
#include "nnid/API/Progress.h"
#include "nnid/API/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace nnid {

/// How to compile a module ahead of time; the pipeline's options are
/// inherited (`parallel` unset means single-threaded, and `vectorWidth` and
/// `registers` 0 mean those of `cpu`).
struct AotOptions : CpuPipelineOptions {
  /// The function to compile. When the module has no function of this name
  /// but exactly one public function with a body, that one is used.
  std::string entry = "forward";
  /// The prefix of every C name: the entry point is `<name>_<function>`
  /// (mymodel_forward) and the header's constants start with `<NAME>_`. A
  /// C identifier.
  std::string name = "model";
  /// The CPU to compile for: "native" (this machine's CPU and features),
  /// "generic" (any x86-64; portable objects), or an LLVM CPU name such as
  /// "x86-64-v3" or "skylake-avx512". The kernels are shaped for its vector
  /// registers. With `parallel`, the object needs libomp at link and run
  /// time; OMP_NUM_THREADS sets the thread count.
  std::string cpu = "native";
  /// LLVM optimization level (0-3).
  unsigned optLevel = 3;
  /// What the header says the model was compiled from (a file name).
  std::string sourceName;
  /// Called as each stage of the compilation starts (parsing, the lowering
  /// and each of its top-level passes, translation, LLVM's optimization,
  /// machine code generation); ProgressPrinter prints them.
  ProgressCallback progress;
};

/// A compiled model: the object file's bytes, the header's text, and what
/// the header declares.
struct AotResult {
  /// The C name of the entry point.
  std::string functionName;
  /// The CPU the object was compiled for (resolved from AotOptions::cpu).
  std::string cpu;
  /// The options of the pipeline it was compiled with, resolved, as
  /// --nnid-compile-to-object takes them ("entry=forward kernels=true
  /// ..."): nnid-opt with them reproduces the module before translation.
  std::string pipeline;
  /// The entry function's inputs and outputs (kDynamic: the batch).
  std::vector<TensorSpec> inputs, outputs;
  /// Whether the entry point takes an `int64_t batch` first.
  bool dynamicBatch = false;
  bool parallel = false;
  /// The bytes of the workspace `<functionName>_with_workspace` takes,
  /// aligned to workspaceAlignment.
  int64_t workspaceBytes = 0;
  int64_t workspaceAlignment = 64;
  std::string object;
  std::string header;
};

/// Compiles `options.entry` of `module` with the CPU pipeline
/// (--nnid-lower-to-llvm), adds the C entry point, translates to LLVM IR,
/// optimizes and emits an object file for `options.cpu`. The module is not
/// modified. Every problem (invalid IR, a missing entry, a non-f32 or
/// non-tensor argument, a dynamic dimension other than the batch, an
/// invalid name or CPU) comes back as an error.
llvm::Expected<AotResult> compileToObject(mlir::ModuleOp module,
                                          const AotOptions &options = {});

/// Parses `source` (nnid IR in MLIR's text or bytecode form), then compiles
/// it as above.
llvm::Expected<AotResult> compileToObject(llvm::StringRef source,
                                          const AotOptions &options = {});

/// Writes the object and the header of `result` to the two paths.
llvm::Error writeAotFiles(const AotResult &result, llvm::StringRef objectPath,
                          llvm::StringRef headerPath);

} // namespace nnid

#endif // NNID_API_AOT_H
