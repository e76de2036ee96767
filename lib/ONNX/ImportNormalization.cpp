//===- ImportNormalization.cpp - ONNX layer and instance norm as TOSA -----===//
//
// LayerNormalization and InstanceNormalization. Both standardize the input
// over some of its axes with statistics computed from the input itself, as
// ONNX's definition does: mean = ReduceMean(x), d = x - mean, var =
// ReduceMean(d * d), y = d * rsqrt(var + epsilon), then scale and shift. nnid
// does not reason about them, so they are plain TOSA math (docs/onnx.md).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

/// The mean of `input` over `axes` (sorted), which stay as unit dimensions:
/// tosa.reduce_sum one axis at a time, then times 1/count. `axes` must be
/// static dimensions.
static FailureOr<Value> createMean(NodeImporter &node, Value input,
                                   ArrayRef<int64_t> axes) {
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  Value value = input;
  int64_t count = 1;
  for (int64_t axis : axes) {
    auto type = cast<RankedTensorType>(value.getType());
    count *= type.getDimSize(axis);
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = 1;
    auto op = tosa::ReduceSumOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), value,
        b.getI32IntegerAttr(axis));
    FailureOr<Value> reduced = node.verifyCreated(op);
    if (failed(reduced))
      return failure();
    value = *reduced;
  }
  return createScale(node, value, 1.0f / float(count));
}

namespace {
/// The first stage of both ops: the input standardized over some axes.
struct Standardized {
  Value mean;
  Value invStdDev;
  Value normalized;
};
} // namespace

/// `input` standardized over `axes` (sorted), with the two-pass variance of
/// ONNX's definition.
static FailureOr<Standardized> createStandardize(NodeImporter &node,
                                                 Value input,
                                                 ArrayRef<int64_t> axes,
                                                 float epsilon) {
  auto type = cast<RankedTensorType>(input.getType());
  for (int64_t axis : axes) {
    int64_t size = type.getDimSize(axis);
    if (ShapedType::isDynamic(size)) {
      node.fail() << "the statistics over dimension " << axis << " of " << type
                  << " need its size";
      return failure();
    }
  }
  if (failed(checkElementCount(node, type.getShape())))
    return failure();
  FailureOr<Value> mean = createMean(node, input, axes);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = createBinary(node, BinaryKind::Sub, input, *mean);
  if (failed(centered))
    return failure();
  FailureOr<Value> squared =
      createBinary(node, BinaryKind::Mul, *centered, *centered);
  if (failed(squared))
    return failure();
  FailureOr<Value> variance = createMean(node, *squared, axes);
  if (failed(variance))
    return failure();
  FailureOr<Value> shifted =
      createBinary(node, BinaryKind::Add, *variance,
                   createScalarConstant(node, type.getRank(), epsilon));
  if (failed(shifted))
    return failure();
  auto op = tosa::RsqrtOp::create(node.getBuilder(), node.getLoc(),
                                  shifted->getType(), *shifted);
  FailureOr<Value> invStdDev = node.verifyCreated(op);
  if (failed(invStdDev))
    return failure();
  FailureOr<Value> normalized =
      createBinary(node, BinaryKind::Mul, *centered, *invStdDev);
  if (failed(normalized))
    return failure();
  return Standardized{*mean, *invStdDev, *normalized};
}

/// The `epsilon` attribute, which must be finite.
static FailureOr<float> getEpsilon(NodeImporter &node) {
  FailureOr<float> epsilon = node.getFloat("epsilon", 1e-5f);
  if (succeeded(epsilon) && !std::isfinite(*epsilon)) {
    node.fail() << "attribute 'epsilon' must be finite, got " << *epsilon;
    return failure();
  }
  return epsilon;
}

/// `value * scale`, or `value + bias`, where the second operand must
/// broadcast to `value` without changing its shape.
static FailureOr<Value> createAffine(NodeImporter &node, BinaryKind kind,
                                     Value value, Value operand,
                                     StringRef what) {
  auto type = cast<RankedTensorType>(value.getType());
  auto operandType = cast<RankedTensorType>(operand.getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(type.getShape(), operandType.getShape());
  if (operandType.getRank() > type.getRank() || failed(shape) ||
      ArrayRef<int64_t>(*shape) != type.getShape()) {
    node.fail() << what << " of type " << operandType
                << " does not broadcast to the input's type " << type;
    return failure();
  }
  return createBinary(node, kind, value, operand);
}

/// LayerNormalization (opset 17): standardized over axes [axis, rank), then
/// times Scale plus B, both broadcast to X. Mean and InvStdDev keep the
/// normalized axes as unit dimensions.
static LogicalResult importLayerNormalization(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axis", "epsilon", "stash_type"})))
    return failure();
  FailureOr<int64_t> axis = node.getInt("axis", -1);
  FailureOr<float> epsilon = getEpsilon(node);
  FailureOr<int64_t> stashType = node.getInt("stash_type", 1);
  if (failed(axis) || failed(epsilon) || failed(stashType))
    return failure();
  if (*stashType != onnx::TensorProto::FLOAT) {
    node.fail() << "stash_type " << *stashType
                << " is not supported; nnid computes the statistics in f32 "
                   "(stash_type 1)";
    return failure();
  }
  FailureOr<Value> input = node.getInput(0);
  FailureOr<Value> scale = node.getInput(1);
  if (failed(input) || failed(scale))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (*axis < -rank || *axis > rank) {
    node.fail() << "axis " << *axis << " is not in [" << -rank << ", " << rank
                << "]";
    return failure();
  }
  if (*axis < 0)
    *axis += rank;
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
  if (*axis == 0 && rank > 0 && type.isDynamicDim(0)) {
    node.fail() << "axis 0 normalizes over the dynamic batch of " << type
                << "; nnid needs the sizes of the normalized dimensions";
    return failure();
  }
  FailureOr<Standardized> standardized =
      createStandardize(node, *input, axes, *epsilon);
  if (failed(standardized))
    return failure();
  FailureOr<Value> result = createAffine(
      node, BinaryKind::Mul, standardized->normalized, *scale, "Scale");
  if (succeeded(result) && node.hasInput(2)) {
    FailureOr<Value> bias = node.getInput(2);
    if (failed(bias))
      return failure();
    result = createAffine(node, BinaryKind::Add, *result, *bias, "B");
  }
  if (failed(result))
    return failure();
  node.setOutput(0, *result);
  node.setOutput(1, standardized->mean);
  node.setOutput(2, standardized->invStdDev);
  return success();
}

/// InstanceNormalization: standardized over the spatial axes [2, rank) of
/// each sample and channel, then times scale[c] plus B[c].
static LogicalResult importInstanceNormalization(NodeImporter &node) {
  SmallVector<StringRef> known = {"epsilon"};
  if (node.getOpset() < 6)
    known.push_back("consumed_inputs");
  if (failed(node.checkKnownAttrs(known)))
    return failure();
  FailureOr<float> epsilon = getEpsilon(node);
  FailureOr<Value> input = node.getInput(0);
  FailureOr<Value> scale = node.getInput(1);
  FailureOr<Value> bias = node.getInput(2);
  if (failed(epsilon) || failed(input) || failed(scale) || failed(bias))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (rank < 3) {
    node.fail() << "the input " << type
                << " has no spatial dimensions; InstanceNormalization takes "
                   "[N, C, D1, ...]";
    return failure();
  }
  int64_t channels = type.getDimSize(1);
  if (ShapedType::isDynamic(channels)) {
    node.fail() << "the input " << type << " has a dynamic channel count";
    return failure();
  }
  // scale and B as [1, C, 1, ...], which broadcast along the channels.
  SmallVector<int64_t> perChannel(rank, 1);
  perChannel[1] = channels;
  SmallVector<Value> params;
  for (auto [value, what] :
       {std::pair(*scale, "scale"), std::pair(*bias, "B")}) {
    auto paramType = cast<RankedTensorType>(value.getType());
    if (paramType.getShape() != ArrayRef<int64_t>{channels}) {
      node.fail() << what << " of type " << paramType << " must hold one value "
                  << "per channel of the input " << type << " (shape ["
                  << channels << "])";
      return failure();
    }
    FailureOr<Value> reshaped = createReshape(node, value, perChannel);
    if (failed(reshaped))
      return failure();
    params.push_back(*reshaped);
  }
  FailureOr<Standardized> standardized = createStandardize(
      node, *input, llvm::to_vector(llvm::seq<int64_t>(2, rank)), *epsilon);
  if (failed(standardized))
    return failure();
  FailureOr<Value> scaled =
      createBinary(node, BinaryKind::Mul, standardized->normalized, params[0]);
  if (failed(scaled))
    return failure();
  return node.setResult(
      createBinary(node, BinaryKind::Add, *scaled, params[1]));
}

void nnid::onnx_import::registerNormalizationImporters(
    StringMap<NodeImportFn> &importers) {
  importers["LayerNormalization"] = importLayerNormalization;
  importers["InstanceNormalization"] = importInstanceNormalization;
}
