//===- CudaONNXTest.cpp - compileForCUDA on imported ONNX models ----------===//
//
// Modules that nnid::importONNX makes compile for CUDA as nnid IR does, with
// no GPU (this binary hides the driver: CudaKernelTest.cpp): an ONNX
// backend node test, and a model built here whose weights are initializers
// (conv, batch norm, ReLU, max pool, flatten, Gemm), so that the imported
// module holds constants, large ones as dense resources, which become
// device constants. The format is 'bin' when ptxas is found, and 'isa'
// (PTX, which needs no toolkit) when asked or when it is not.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/Conversion/GPU/CudaTarget.h"
#include "nnid/ONNX/Import.h"
#include "nnid/Support/Dynamic.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace nnid;

namespace {

void addDimensions(onnx::ValueInfoProto &value,
                   std::initializer_list<int64_t> shape) {
  value.mutable_type()->mutable_tensor_type()->set_elem_type(
      onnx::TensorProto::FLOAT);
  auto *dims = value.mutable_type()->mutable_tensor_type()->mutable_shape();
  for (int64_t size : shape) {
    if (size == kDynamic)
      dims->add_dim()->set_dim_param("N");
    else
      dims->add_dim()->set_dim_value(size);
  }
}

/// A float initializer of `shape` with deterministic values in
/// [offset - scale, offset + scale].
void addInitializer(onnx::GraphProto &graph, const std::string &name,
                    std::initializer_list<int64_t> shape, float scale,
                    float offset = 0) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  int64_t count = 1;
  for (int64_t size : shape) {
    tensor.add_dims(size);
    count *= size;
  }
  for (int64_t i = 0; i < count; ++i)
    tensor.add_float_data(offset + scale * std::sin(0.37f * i + 0.1f));
}

onnx::NodeProto &addNode(onnx::GraphProto &graph, const std::string &op,
                         std::initializer_list<std::string> inputs,
                         const std::string &output) {
  onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(op);
  node.set_name("/" + output);
  for (const std::string &input : inputs)
    node.add_input(input);
  node.add_output(output);
  return node;
}

void addInts(onnx::NodeProto &node, const std::string &name,
             std::initializer_list<int64_t> values) {
  onnx::AttributeProto &attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::INTS);
  for (int64_t value : values)
    attribute.add_ints(value);
}

void addInt(onnx::NodeProto &node, const std::string &name, int64_t value) {
  onnx::AttributeProto &attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::INT);
  attribute.set_i(value);
}

/// x [N, 3, 16, 16] -> Conv 3x3 (8 channels, padding 1) ->
/// BatchNormalization -> Relu -> MaxPool 2x2 -> Flatten -> Gemm (10
/// classes, a 10x512 weight: more elements than become device constants).
std::string makeModel() {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("CudaONNXTest");
  onnx::OperatorSetIdProto &opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(13);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name("tiny");
  onnx::ValueInfoProto &input = *graph.add_input();
  input.set_name("x");
  addDimensions(input, {kDynamic, 3, 16, 16});
  onnx::ValueInfoProto &output = *graph.add_output();
  output.set_name("y");
  addDimensions(output, {kDynamic, 10});

  addInitializer(graph, "conv.weight", {8, 3, 3, 3}, 0.3f);
  addInitializer(graph, "conv.bias", {8}, 0.1f);
  addInitializer(graph, "bn.weight", {8}, 0.2f, 1.0f);
  addInitializer(graph, "bn.bias", {8}, 0.1f);
  addInitializer(graph, "bn.running_mean", {8}, 0.2f);
  addInitializer(graph, "bn.running_var", {8}, 0.3f, 1.0f);
  addInitializer(graph, "fc.weight", {10, 8 * 8 * 8}, 0.05f);
  addInitializer(graph, "fc.bias", {10}, 0.1f);

  onnx::NodeProto &conv =
      addNode(graph, "Conv", {"x", "conv.weight", "conv.bias"}, "conv");
  addInts(conv, "pads", {1, 1, 1, 1});
  addInts(conv, "kernel_shape", {3, 3});
  addNode(graph, "BatchNormalization",
          {"conv", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"},
          "bn");
  addNode(graph, "Relu", {"bn"}, "relu");
  onnx::NodeProto &pool = addNode(graph, "MaxPool", {"relu"}, "pool");
  addInts(pool, "kernel_shape", {2, 2});
  addInts(pool, "strides", {2, 2});
  addInt(addNode(graph, "Flatten", {"pool"}, "flatten"), "axis", 1);
  addInt(addNode(graph, "Gemm", {"flatten", "fc.weight", "fc.bias"}, "y"),
         "transB", 1);
  return model.SerializeAsString();
}

bool hasPtxas() { return findCudaTool("ptxas", findCudaToolkit()).has_value(); }

TEST(CudaONNX, CompilesModelWithInitializers) {
  mlir::MLIRContext context;
  auto module = importONNX(makeModel(), context);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());

  CudaCompileOptions options;
  options.chip = "sm_90";
  auto kernel = compileForCUDA(**module, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->getChip(), "sm_90");
  EXPECT_EQ((*kernel)->getFormat(), hasPtxas() ? "bin" : "isa");
  ASSERT_EQ((*kernel)->getInputs().size(), 1u);
  EXPECT_EQ((*kernel)->getInputs()[0].name, "x");
  EXPECT_EQ((*kernel)->getInputs()[0].str(), "[?, 3, 16, 16]");
  ASSERT_EQ((*kernel)->getOutputs().size(), 1u);
  EXPECT_EQ((*kernel)->getOutputs()[0].name, "y");
  EXPECT_EQ((*kernel)->getOutputs()[0].str(), "[?, 10]");

  // PTX needs no toolkit. The module compiles again: compileForCUDA does
  // not modify it.
  options.format = "isa";
  auto ptx = compileForCUDA(**module, options);
  ASSERT_TRUE(static_cast<bool>(ptx)) << llvm::toString(ptx.takeError());
  EXPECT_EQ((*ptx)->getFormat(), "isa");
}

TEST(CudaONNX, CompilesWithFixedBatchAndEntry) {
  mlir::MLIRContext context;
  ONNXImportOptions importOptions;
  importOptions.batch = 2;
  importOptions.entry = "classify";
  auto module = importONNX(makeModel(), context, importOptions);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());

  CudaCompileOptions options;
  options.chip = "sm_80";
  options.format = "isa";
  options.entry = "classify";
  auto kernel = compileForCUDA(**module, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->getChip(), "sm_80");
  EXPECT_EQ((*kernel)->getInputs()[0].str(), "[2, 3, 16, 16]");
  EXPECT_EQ((*kernel)->getOutputs()[0].str(), "[2, 10]");
}

TEST(CudaONNX, CompilesBackendNodeTest) {
  std::string path = std::string(NNID_ONNX_NODE_DIR) +
                     "/test_conv_with_strides_padding/model.onnx";
  if (!llvm::sys::fs::exists(path))
    GTEST_SKIP() << path << " is missing (Debian's libonnx-testdata)";
  mlir::MLIRContext context;
  auto module = importONNXFile(path, context);
  ASSERT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());

  CudaCompileOptions options;
  options.chip = "sm_90";
  auto kernel = compileForCUDA(**module, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->getFormat(), hasPtxas() ? "bin" : "isa");
  // The node's weight is a graph input.
  ASSERT_EQ((*kernel)->getInputs().size(), 2u);
  EXPECT_EQ((*kernel)->getInputs()[0].str(), "[1, 1, 7, 5]");
  EXPECT_EQ((*kernel)->getInputs()[1].str(), "[1, 1, 3, 3]");
  ASSERT_EQ((*kernel)->getOutputs().size(), 1u);
  EXPECT_EQ((*kernel)->getOutputs()[0].str(), "[1, 1, 4, 3]");

  options.format = "isa";
  auto ptx = compileForCUDA(**module, options);
  ASSERT_TRUE(static_cast<bool>(ptx)) << llvm::toString(ptx.takeError());
  EXPECT_EQ((*ptx)->getFormat(), "isa");
}

} // namespace
