//===- CudaKernelsOnHostTest.cpp - GPU kernels of whole models on a CPU ---===//
//
// The kernels compileForCUDA generates, for whole models, checked on any
// machine: the model gets the entry wrapper and device constants
// compileForCUDA gives it (the passes of --nnid-compile-for-cuda), then
// --nnid-test-gpu-kernels-on-host emits every kernel as host loops over its
// blocks, phases and threads, and the JIT runs it. The results must match
// PyTorch's: the reference graphs of test/Integration/CPU/references.py and
// the seed model from the C++ DSL with PyTorch's weights.
//
// What this does not check: the emulation runs a kernel's phases one after
// another for all threads of a block, in an order it chooses itself, so a
// barrier missing between two phases, a race on shared memory or a broken
// atomic in the emitted kernel cannot make it fail. Only a run on a GPU
// (test/Integration/CUDA) checks the kernels' synchronisation.
//
//===----------------------------------------------------------------------===//

#include "CompilerContext.h"
#include "PackedArguments.h"

#include "models/SeedModel.h"
#include "nnid/API/Kernel.h"
#include "nnid/DSL/Emit.h"
#include "nnid/DSL/SafeTensorsWeights.h"
#include "nnid/InitAll.h"
#include "nnid/Support/SafeTensors.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <mutex>

using namespace mlir;
using namespace nnid;

namespace {

struct Buffer {
  std::vector<float> data;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Runs `module`'s @forward with its GPU kernels emulated on the host. With
/// `withDeviceConstants`, large constants become arguments after the outputs,
/// as compileForCUDA makes them.
void runOnHost(ModuleOp module, std::vector<Buffer> &inputs,
               std::vector<Buffer> &outputs, int64_t tileM = 0,
               int64_t splitK = 0, bool withDeviceConstants = false) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mlir::registerTransformsPasses();
    nnid::registerAllPasses();
  });
  MLIRContext &context = *module.getContext();
  nnid::detail::prepareContext(context);
  OwningOpRef<ModuleOp> clone = module.clone();
  // compileForCUDA's first steps (--nnid-compile-for-cuda), then the
  // kernels on the host.
  std::string pipeline = "nnid-add-entry-wrapper, inline, symbol-dce, "
                         "nnid-prepare-graph";
  if (withDeviceConstants)
    pipeline += ", nnid-hoist-device-constants{min-elements=4096}";
  pipeline += llvm::formatv(", nnid-test-gpu-kernels-on-host{{tile-m={0} "
                            "split-k={1}}",
                            tileM, splitK);
  PassManager pm(&context);
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  ASSERT_TRUE(succeeded(parsePassPipeline(pipeline, pm, errorStream)))
      << errors;
  ASSERT_TRUE(succeeded(pm.run(*clone)));
  std::vector<Buffer> constants;
  // The wrapper of the module's entry (forward, or its only public
  // function), lowered: the llvm.func that records its buffers.
  LLVM::LLVMFuncOp wrapper;
  for (auto fn : clone->getOps<LLVM::LLVMFuncOp>())
    if (fn->hasAttr("nnid.entry_buffers") &&
        fn.getSymName().starts_with("nnid_entry_"))
      wrapper = fn;
  ASSERT_TRUE(wrapper);
  std::string entry = ("_mlir_ciface_" + wrapper.getSymName()).str();
  if (auto values =
          wrapper->getAttrOfType<ArrayAttr>("nnid.device_constants")) {
    for (Attribute value : values) {
      auto elements = cast<ElementsAttr>(value);
      auto floats = elements.tryGetValues<float>();
      ASSERT_TRUE(floats);
      Buffer buffer;
      buffer.data.assign(floats->begin(), floats->end());
      auto shape = elements.getShapedType().getShape();
      buffer.shape.assign(shape.begin(), shape.end());
      constants.push_back(std::move(buffer));
    }
  }
  EXPECT_EQ(withDeviceConstants, !constants.empty());
  // A function_ref: the transformer must outlive ExecutionEngine::create.
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(3, 0, nullptr);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  auto engine = ExecutionEngine::create(*clone, engineOptions);
  ASSERT_TRUE(static_cast<bool>(engine)) << llvm::toString(engine.takeError());

  nnid::detail::PackedArguments args;
  for (std::vector<Buffer> *buffers : {&inputs, &outputs, &constants})
    for (Buffer &buffer : *buffers)
      args.addBuffer(buffer.data.data(), buffer.shape);
  llvm::Error error = (*engine)->invokePacked(entry, args.get());
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  EXPECT_EQ(args.status, 0);
}

size_t countMismatches(llvm::ArrayRef<float> got, llvm::ArrayRef<float> want,
                       double rtol, double atol) {
  size_t mismatches = 0;
  for (size_t i = 0; i < want.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= rtol * std::fabs(want[i]) + atol) &&
        ++mismatches <= 5)
      ADD_FAILURE() << "[" << i << "]: GPU kernels " << got[i] << ", expected "
                    << want[i];
  return mismatches;
}

/// A reference graph, with the default tiles, and with 64-row tiles and K
/// split in three.
class GPUKernelsOnHost
    : public ::testing::TestWithParam<std::tuple<const char *, int>> {};

TEST_P(GPUKernelsOnHost, MatchPyTorch) {
  auto [name, tiling] = GetParam();
  std::string path = std::string(NNID_REFERENCE_DIR) + "/" + name;
  auto source = llvm::MemoryBuffer::getFile(path + ".mlir");
  ASSERT_TRUE(source) << source.getError().message();
  MLIRContext context;
  nnid::detail::prepareContext(context);
  auto module = nnid::detail::parseModule((*source)->getBuffer(), context);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  auto data = SafeTensorsFile::open(path + ".safetensors");
  ASSERT_TRUE(static_cast<bool>(data)) << llvm::toString(data.takeError());

  std::vector<Buffer> inputs, outputs, expected;
  auto forward = (*module)->lookupSymbol<func::FuncOp>("forward");
  ASSERT_TRUE(forward);
  for (unsigned i = 0; i < forward.getNumArguments(); ++i) {
    auto argName = forward.getArgAttrOfType<StringAttr>(i, "nnid.name");
    ASSERT_TRUE(argName);
    const SafeTensorInfo *info = data->lookup(argName.getValue());
    ASSERT_TRUE(info) << argName.getValue().str();
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values));
    inputs.push_back(
        {std::move(*values), llvm::SmallVector<int64_t, 4>(info->shape.begin(),
                                                           info->shape.end())});
  }
  for (unsigned i = 0; i < forward.getNumResults(); ++i) {
    const SafeTensorInfo *info = data->lookup("expected." + std::to_string(i));
    ASSERT_TRUE(info);
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values));
    llvm::SmallVector<int64_t, 4> shape(info->shape.begin(), info->shape.end());
    outputs.push_back({std::vector<float>(values->size(), NAN), shape});
    expected.push_back({std::move(*values), shape});
  }
  if (tiling == 0)
    runOnHost(**module, inputs, outputs);
  else
    runOnHost(**module, inputs, outputs, /*tileM=*/64, /*splitK=*/3);
  double rtol = std::stod(data->getMetadata().at("rtol"));
  double atol = std::stod(data->getMetadata().at("atol"));
  for (size_t i = 0; i < outputs.size(); ++i)
    EXPECT_EQ(countMismatches(outputs[i].data, expected[i].data, rtol, atol),
              0u)
        << name << " output " << i;
}

INSTANTIATE_TEST_SUITE_P(
    Graphs, GPUKernelsOnHost,
    ::testing::Combine(::testing::Values("graph_seed_model",
                                         "graph_resnet_basic_block",
                                         "graph_identity_conv_block",
                                         "graph_concat_mlp"),
                       ::testing::Values(0, 1)),
    [](const auto &info) {
      return std::string(std::get<0>(info.param)) +
             (std::get<1>(info.param) ? "_tile64_split3" : "");
    });

/// The seed model from the C++ DSL at 1x3x224x224 with PyTorch's weights,
/// as arguments or as constants that become device buffers, against
/// PyTorch's output (examples/reference_models.py).
void checkSeedModel(bool frozen) {
  std::string dir = NNID_EXAMPLE_DATA_DIR;
  MLIRContext context;
  OpBuilder builder(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(builder.getUnknownLoc());
  auto weights = SafeTensorsFile::open(dir + "/seed.weights.safetensors");
  ASSERT_TRUE(static_cast<bool>(weights))
      << llvm::toString(weights.takeError());
  auto data = SafeTensorsFile::open(dir + "/seed.data.safetensors");
  ASSERT_TRUE(static_cast<bool>(data)) << llvm::toString(data.takeError());
  auto read = [](const SafeTensorsFile &file, llvm::StringRef name) {
    Buffer buffer;
    const SafeTensorInfo *info = file.lookup(name);
    if (!info) {
      ADD_FAILURE() << file.getFileName().str() << " has no tensor "
                    << name.str();
      return buffer;
    }
    auto values = file.readF32(*info);
    if (!values) {
      ADD_FAILURE() << llvm::toString(values.takeError());
      return buffer;
    }
    buffer.data = std::move(*values);
    buffer.shape.assign(info->shape.begin(), info->shape.end());
    return buffer;
  };

  std::vector<Buffer> inputs;
  if (frozen) {
    auto function = nn::emitFrozenModel<models::SeedModel>(
        *module, dir + "/seed.weights.safetensors");
    ASSERT_TRUE(static_cast<bool>(function))
        << llvm::toString(function.takeError());
    inputs.push_back(read(*data, "input"));
  } else {
    auto function = nn::emitModel<models::SeedModel>(*module);
    ASSERT_TRUE(static_cast<bool>(function))
        << llvm::toString(function.takeError());
    // The input, then the parameters in the model's order.
    inputs.push_back(read(*data, "input"));
    for (const ParameterSpec &spec : models::SeedModel::getParameters())
      inputs.push_back(read(*weights, spec.name));
  }
  Buffer expected = read(*data, "expected");
  ASSERT_FALSE(expected.data.empty());
  std::vector<Buffer> outputs = {
      {std::vector<float>(expected.data.size(), NAN), expected.shape}};
  runOnHost(*module, inputs, outputs, 0, 0, /*withDeviceConstants=*/frozen);
  float scale = 0;
  for (float v : expected.data)
    scale = std::max(scale, std::fabs(v));
  EXPECT_EQ(countMismatches(outputs[0].data, expected.data, 1e-4, 1e-4 * scale),
            0u);
}

TEST(GPUKernelsOnHostModels, SeedModelMatchesPyTorch) { checkSeedModel(false); }

TEST(GPUKernelsOnHostModels, SeedModelWithDeviceConstantsMatchesPyTorch) {
  checkSeedModel(true);
}

} // namespace
