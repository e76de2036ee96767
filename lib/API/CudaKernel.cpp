//===- CudaKernel.cpp - compiling nnid modules for NVIDIA GPUs ------------===//
//
// compileForCUDA lowers a module with --nnid-compile-for-cuda and JIT-compiles
// its host code, resolving the mgpu* calls to nnid's CUDA runtime. The GPU
// code loads when the kernel first runs (the global constructors of the
// host code load it), after the runtime has found a driver and a device:
// without them the kernel compiles, and running it is an error.
//
//===----------------------------------------------------------------------===//

#include "CompilerContext.h"
#include "EntryWrapper.h"
#include "PackedArguments.h"

#include "nnid/API/Kernel.h"
#include "nnid/Conversion/GPU/CudaTarget.h"
#include "nnid/Interface/EntryPoint.h"
#include "nnid/Pipelines/Pipelines.h"
#include "nnid/Runtime/CUDA/Runtime.h"
#include "nnid/Runtime/CUDA/RuntimeWrappers.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <mutex>
#include <optional>

using namespace mlir;
using namespace nnid;

/// Elements of a device buffer of `shape`: the product of its dimensions,
/// or 0 where one is not positive or the product overflows (the buffer
/// checks report those shapes before the count matters).
static size_t getNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    if (d < 1 || llvm::MulOverflow(count, d, count))
      return 0;
  return count;
}

/// Constants this large (16 KiB) live in device memory, uploaded once;
/// smaller ones are copied at each call.
static constexpr int64_t kMinDeviceConstantElements = 4096;

namespace {

/// The value of a constant that the entry takes as a device buffer.
struct DeviceConstant {
  std::vector<float> values;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Device memory for the host buffers of one run(), released at the end.
class DeviceBuffers {
public:
  ~DeviceBuffers() {
    for (void *pointer : pointers)
      llvm::consumeError(cuda::release(pointer));
  }
  llvm::Expected<void *> allocate(size_t bytes) {
    auto pointer = cuda::allocate(bytes);
    if (pointer)
      pointers.push_back(*pointer);
    return pointer;
  }

private:
  llvm::SmallVector<void *> pointers;
};

class CudaKernelImpl : public CudaKernel {
public:
  CudaKernelImpl(std::unique_ptr<ExecutionEngine> engine,
                 nnid::detail::EntryWrapper wrapper, std::string chip,
                 std::string format, std::vector<DeviceConstant> constants)
      : CudaKernel(wrapper.inputs, wrapper.outputs), engine(std::move(engine)),
        symbol("_mlir_ciface_" + wrapper.name), chip(std::move(chip)),
        format(std::move(format)), constants(std::move(constants)) {}
  ~CudaKernelImpl() override {
    for (void *buffer : constantBuffers)
      llvm::consumeError(cuda::release(buffer));
  }

  llvm::StringRef getChip() const override { return chip; }
  llvm::StringRef getFormat() const override { return format; }

protected:
  llvm::Error runChecked(llvm::ArrayRef<TensorRef> inputs,
                         llvm::ArrayRef<MutableTensorRef> outputs) override;
  llvm::Error
  runCheckedOnDevice(llvm::ArrayRef<DeviceTensorRef> inputs,
                     llvm::ArrayRef<MutableDeviceTensorRef> outputs) override;

private:
  /// Loads the driver and, once, the GPU code.
  llvm::Error prepare();

  std::unique_ptr<ExecutionEngine> engine;
  std::string symbol, chip, format;
  /// The model's large constants: extra arguments of the entry, after the
  /// outputs, uploaded once.
  std::vector<DeviceConstant> constants;
  std::vector<void *> constantBuffers;
  std::once_flag loadOnce;
  /// Why the GPU code or the constants did not load, once they failed to.
  std::optional<std::string> loadFailure;

  llvm::Error uploadConstants();
};

llvm::Error CudaKernelImpl::uploadConstants() {
  for (DeviceConstant &constant : constants) {
    size_t bytes = constant.values.size() * sizeof(float);
    auto buffer = cuda::allocate(bytes);
    if (!buffer)
      return buffer.takeError();
    constantBuffers.push_back(*buffer);
    if (llvm::Error error = cuda::copy(*buffer, constant.values.data(), bytes))
      return error;
    // The device holds them now.
    constant.values = {};
  }
  return llvm::Error::success();
}

llvm::Error CudaKernelImpl::prepare() {
  if (llvm::Error error = cuda::initialize())
    return error;
  std::call_once(loadOnce, [&] {
    // The host code's global constructors load the GPU code; a failure is
    // recorded by the runtime, and the kernel stays unusable.
    llvm::consumeError(cuda::takeLastError());
    engine->initialize();
    if (llvm::Error error = cuda::takeLastError())
      loadFailure = llvm::toString(std::move(error));
    else if (llvm::Error error = uploadConstants())
      loadFailure = "cannot upload the model's constants: " +
                    llvm::toString(std::move(error));
  });
  if (loadFailure)
    return makeError(llvm::formatv("the kernel's GPU code ({0}, {1}) did not "
                                   "load: {2}",
                                   format, chip, *loadFailure));
  return llvm::Error::success();
}

llvm::Error CudaKernelImpl::runCheckedOnDevice(
    llvm::ArrayRef<DeviceTensorRef> inputs,
    llvm::ArrayRef<MutableDeviceTensorRef> outputs) {
  if (llvm::Error error = prepare())
    return error;
  auto check = [](const void *pointer, const char *what,
                  size_t index) -> llvm::Error {
    auto onDevice = cuda::isDeviceMemory(pointer);
    if (!onDevice)
      return onDevice.takeError();
    if (!*onDevice)
      return makeError(llvm::formatv(
          "{0} {1} is not CUDA device memory: runOnDevice takes device "
          "pointers (run takes host buffers)",
          what, index));
    return llvm::Error::success();
  };
  nnid::detail::PackedArguments args;
  for (auto [i, in] : llvm::enumerate(inputs)) {
    if (llvm::Error error = check(in.data, "input", i))
      return error;
    args.addBuffer(in.data, in.shape);
  }
  for (auto [i, out] : llvm::enumerate(outputs)) {
    if (llvm::Error error = check(out.data, "output", i))
      return error;
    args.addBuffer(out.data, out.shape);
  }
  for (auto [buffer, constant] : llvm::zip(constantBuffers, constants))
    args.addBuffer(buffer, constant.shape);
  // An error left on this thread by other code is not this call's.
  llvm::consumeError(cuda::takeLastError());
  if (llvm::Error error = engine->invokePacked(symbol, args.get()))
    return error;
  if (llvm::Error error = cuda::takeLastError())
    return makeError("running the kernel on the GPU failed: " +
                     llvm::toString(std::move(error)));
  if (args.status != 0)
    return makeError("an output buffer's shape does not match the shape the "
                     "model computes for these inputs");
  return llvm::Error::success();
}

llvm::Error
CudaKernelImpl::runChecked(llvm::ArrayRef<TensorRef> inputs,
                           llvm::ArrayRef<MutableTensorRef> outputs) {
  if (llvm::Error error = prepare())
    return error;
  DeviceBuffers buffers;
  llvm::SmallVector<DeviceTensorRef> deviceInputs;
  llvm::SmallVector<MutableDeviceTensorRef> deviceOutputs;
  for (const TensorRef &in : inputs) {
    size_t bytes = in.data.size() * sizeof(float);
    auto pointer = buffers.allocate(bytes);
    if (!pointer)
      return pointer.takeError();
    if (llvm::Error error = cuda::copy(*pointer, in.data.data(), bytes))
      return error;
    deviceInputs.push_back({*pointer, in.shape});
  }
  for (const MutableTensorRef &out : outputs) {
    auto pointer = buffers.allocate(out.data.size() * sizeof(float));
    if (!pointer)
      return pointer.takeError();
    deviceOutputs.push_back({*pointer, out.shape});
  }
  if (llvm::Error error = runCheckedOnDevice(deviceInputs, deviceOutputs))
    return error;
  for (auto [out, device] : llvm::zip(outputs, deviceOutputs))
    if (llvm::Error error = cuda::copy(out.data.data(), device.data,
                                       out.data.size() * sizeof(float)))
      return error;
  return llvm::Error::success();
}

/// The values nnid-hoist-device-constants left on the lowered wrapper
/// `wrapperName`, which the entry takes after its outputs.
llvm::Expected<std::vector<DeviceConstant>>
takeDeviceConstants(ModuleOp module, llvm::StringRef wrapperName) {
  auto wrapper = module.lookupSymbol(wrapperName);
  if (!wrapper)
    return makeError("the lowered module has no function '" + wrapperName +
                     "'");
  std::vector<DeviceConstant> constants;
  auto values = wrapper->getAttrOfType<ArrayAttr>(kDeviceConstantsAttrName);
  if (!values)
    return constants;
  for (Attribute attr : values) {
    auto elements = dyn_cast<ElementsAttr>(attr);
    auto floats = elements ? elements.tryGetValues<float>() : std::nullopt;
    if (!floats)
      return makeError("a device constant of the lowered module is not f32 "
                       "elements");
    DeviceConstant constant;
    auto shape = elements.getShapedType().getShape();
    constant.shape.assign(shape.begin(), shape.end());
    constant.values.assign(floats->begin(), floats->end());
    constants.push_back(std::move(constant));
  }
  return constants;
}

/// The options of the pipeline: the chip of device 0 when none is given
/// and a driver answers, and bin when the toolkit's ptxas is there.
void setPipelineOptions(const CudaCompileOptions &options,
                        LowerToNVVMOptions &pipeline) {
  std::string chip = options.chip;
  if (chip.empty()) {
    auto device = cuda::getDeviceInfo();
    if (device)
      chip = device->getChip();
    else
      llvm::consumeError(device.takeError());
  }
  pipeline.chip = chip.empty() ? "sm_90" : chip;
  pipeline.features = options.features;
  std::string format = options.format;
  if (format.empty())
    format = findCudaTool("ptxas", findCudaToolkit()) ? "bin" : "isa";
  pipeline.format = format;
  pipeline.optLevel = std::min(options.optLevel, 3u);
}

} // namespace

llvm::Error
CudaKernel::runOnDevice(llvm::ArrayRef<DeviceTensorRef> inputs,
                        llvm::ArrayRef<MutableDeviceTensorRef> outputs) {
  // Kernel::run's checks on the device buffers, whose addresses they
  // compare but never read.
  llvm::SmallVector<BufferView> in, out;
  for (const DeviceTensorRef &buffer : inputs)
    in.push_back({buffer.data, getNumElements(buffer.shape), buffer.shape});
  for (const MutableDeviceTensorRef &buffer : outputs)
    out.push_back({buffer.data, getNumElements(buffer.shape), buffer.shape});
  if (llvm::Error error = checkBuffers(in, out))
    return error;
  return runCheckedOnDevice(inputs, outputs);
}

llvm::Expected<std::unique_ptr<CudaKernel>>
nnid::compileForCUDA(ModuleOp module, const CudaCompileOptions &options) {
  auto wrapper = nnid::detail::describeEntryWrapper(module, options.entry);
  if (!wrapper)
    return wrapper.takeError();
  CompileForCUDAOptions pipeline;
  pipeline.entry = options.entry;
  pipeline.reparameterize = options.reparameterize;
  pipeline.deviceConstantElements = kMinDeviceConstantElements;
  setPipelineOptions(options, pipeline);
  auto lowered = nnid::detail::runPipeline(
      module,
      [&](OpPassManager &pm) { buildCompileForCUDAPipeline(pm, pipeline); },
      llvm::formatv("cannot compile the module for CUDA ({0}, format {1}):",
                    pipeline.chip.getValue(), pipeline.format.getValue())
          .str());
  if (!lowered)
    return lowered.takeError();
  auto constants = takeDeviceConstants(**lowered, wrapper->name);
  if (!constants)
    return constants.takeError();

  auto engine = nnid::detail::createJIT(**lowered, options.optLevel);
  if (!engine)
    return engine.takeError();
  // The host code calls nnid's runtime, linked into this library.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    cuda::forEachRuntimeFunction([&](llvm::StringRef name, void *address) {
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    });
    return symbols;
  });
  return std::make_unique<CudaKernelImpl>(
      std::move(*engine), std::move(*wrapper), pipeline.chip, pipeline.format,
      std::move(*constants));
}

llvm::Expected<std::unique_ptr<CudaKernel>>
nnid::compileForCUDA(llvm::StringRef source,
                     const CudaCompileOptions &options) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  nnid::detail::prepareContext(context);
  auto module = nnid::detail::parseModule(source, context);
  if (!module)
    return module.takeError();
  return compileForCUDA(**module, options);
}
