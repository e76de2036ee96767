//===- Kernel.h - compiled nnid models --------------------------*- C++ -*-===//
//
// A Kernel is one function of an nnid module compiled for a target. It runs
// on caller-owned buffers; the number, shapes and sizes of the buffers are
// checked at every call, and every problem comes back as an llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_KERNEL_H
#define NNID_API_KERNEL_H

#include "nnid/API/PipelineOptions.h"
#include "nnid/API/Tensor.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace nnid {

/// How to compile a module; the pipeline's options are inherited.
struct CompileOptions : CpuPipelineOptions {
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

  /// A buffer as the checks see it: where it starts, how many f32 elements
  /// it holds, and the shape the caller gives it.
  struct BufferView {
    const void *data = nullptr;
    size_t numElements = 0;
    llvm::ArrayRef<int64_t> shape;
  };
  /// The checks of run(): counts, shapes, sizes, overlaps.
  llvm::Error checkBuffers(llvm::ArrayRef<BufferView> inputs,
                           llvm::ArrayRef<BufferView> outputs) const;

private:
  std::vector<TensorSpec> inputs, outputs;
};

/// What compileForCPU shapes kernels for on this machine, when the options
/// leave it to the machine.
struct HostCpu {
  /// f32 lanes of a vector register (16 with AVX-512, 8 with AVX2, else 4)
  /// and how many vector registers there are.
  int64_t vectorWidth = 4;
  int64_t registers = 16;
  /// Hardware threads.
  unsigned cores = 1;
  /// Whether LLVM's OpenMP runtime is installed, so kernels can be parallel.
  bool openMP = false;
};
HostCpu getHostCpu();

/// Compiles `options.entry` of `module` for this machine's CPU and JIT-loads
/// it. The module is not modified. Diagnostics (invalid IR, ops that do not
/// lower) come back in the error.
llvm::Expected<std::unique_ptr<Kernel>>
compileForCPU(mlir::ModuleOp module, const CompileOptions &options = {});

/// Parses `source` (nnid IR in MLIR's text or bytecode form), then compiles
/// it as above.
llvm::Expected<std::unique_ptr<Kernel>>
compileForCPU(llvm::StringRef source, const CompileOptions &options = {});

/// A dense row-major f32 tensor in CUDA device memory that the caller owns
/// (from cudaMalloc or cuMemAlloc, on device 0), read by a CudaKernel.
struct DeviceTensorRef {
  const void *data = nullptr;
  llvm::SmallVector<int64_t, 4> shape;
};

/// The same, written by a CudaKernel.
struct MutableDeviceTensorRef {
  void *data = nullptr;
  llvm::SmallVector<int64_t, 4> shape;
};

/// How to compile a module for an NVIDIA GPU.
struct CudaCompileOptions : CompileOptions {
  /// The GPU architecture, e.g. "sm_90". Empty: that of device 0, or sm_90
  /// when no GPU can be asked.
  std::string chip;
  /// PTX features, e.g. "+ptx80". Empty: the lowest PTX version the chip
  /// supports.
  std::string features;
  /// The form of the GPU code: "bin" (a cubin for the chip, made by the
  /// CUDA toolkit's ptxas), "fatbin" (cubin and PTX) or "isa" (PTX, which
  /// the driver compiles when the kernel is first run). Empty: bin when the
  /// toolkit is found ($CUDA_HOME, PATH, /usr/local/cuda), isa otherwise.
  std::string format;
};

/// A kernel compiled for an NVIDIA GPU; it runs on device 0 through the CUDA
/// driver, which it loads when it first runs (nnid/Runtime/CUDA/Runtime.h).
/// Both ways to run it check the buffers as Kernel::run does and return when
/// the outputs are written. Without a usable GPU they fail, writing nothing,
/// with an error that says why ("no CUDA driver: libcuda.so.1 not found
/// ...", "no CUDA device: ..."). Calls from several threads may overlap.
class CudaKernel : public Kernel {
public:
  /// run(): host buffers, copied to device memory and back around each call.
  using Kernel::run;

  /// Runs on device buffers the caller owns: no copies. The inputs must be
  /// ready (the caller's streams synchronized); the outputs are written when
  /// this returns. Every pointer must be device (or managed) memory.
  llvm::Error runOnDevice(llvm::ArrayRef<DeviceTensorRef> inputs,
                          llvm::ArrayRef<MutableDeviceTensorRef> outputs);

  /// The architecture and the format the GPU code was compiled for.
  virtual llvm::StringRef getChip() const = 0;
  virtual llvm::StringRef getFormat() const = 0;

protected:
  using Kernel::Kernel;

  /// Runs checked device buffers.
  virtual llvm::Error
  runCheckedOnDevice(llvm::ArrayRef<DeviceTensorRef> inputs,
                     llvm::ArrayRef<MutableDeviceTensorRef> outputs) = 0;
};

/// Compiles `options.entry` of `module` (for instance a model the C++ DSL
/// emitted) for an NVIDIA GPU: GPU code by --nnid-lower-to-nvvm, host code
/// JIT-compiled for this CPU. The module is not modified. Needs no GPU, nor
/// a driver when `options.chip` is given; diagnostics (invalid IR, a missing
/// CUDA tool) come back in the error.
llvm::Expected<std::unique_ptr<CudaKernel>>
compileForCUDA(mlir::ModuleOp module, const CudaCompileOptions &options = {});

/// Parses `source` (nnid IR in MLIR's text or bytecode form), then compiles
/// it as above.
llvm::Expected<std::unique_ptr<CudaKernel>>
compileForCUDA(llvm::StringRef source, const CudaCompileOptions &options = {});

} // namespace nnid

#endif // NNID_API_KERNEL_H
