//===- ImportShapes.cpp - ONNX constants and shape computations -----------===//
//
// Constant, and the int64 subgraphs exporters emit to compute static shapes
// (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast feeding Reshape), folded
// while importing; Reshape of f32 tensors; a zero Pad folded into the Conv or
// AveragePool that reads it.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"
#include "Tensors.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <utility>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

static constexpr int64_t kBatch = IntTensor::kBatch;

bool nnid::onnx_import::isShapeComputation(NodeImporter &node) {
  for (int i = 0; i < node.getNode().input_size(); ++i) {
    if (!node.hasInput(i))
      continue;
    std::optional<RankedTensorType> type = node.getInputType(i);
    if (type)
      return false;
  }
  return node.getNode().input_size() > 0;
}

LogicalResult nnid::onnx_import::importIntConcat(NodeImporter &node,
                                                 int64_t axis) {
  if (axis != 0 && axis != -1) {
    node.fail() << "a Concat of int64 vectors must have axis 0";
    return failure();
  }
  IntTensor result;
  for (int i = 0; i < node.getNode().input_size(); ++i) {
    FailureOr<IntTensor> input = node.getInts(i);
    if (failed(input))
      return failure();
    if (input->scalar) {
      node.fail() << "Concat of scalars";
      return failure();
    }
    llvm::append_range(result.values, input->values);
  }
  node.setOutputInts(0, std::move(result));
  return success();
}

/// Reads a TensorProto attribute's value as f32 or int64 values.
static LogicalResult setConstantTensor(NodeImporter &node,
                                       const onnx::TensorProto &tensor) {
  Expected<SmallVector<int64_t>> dims = getCheckedDims(tensor);
  if (!dims) {
    node.fail() << "its value is not valid: " << toString(dims.takeError());
    return failure();
  }
  if (tensor.data_type() == onnx::TensorProto::FLOAT) {
    Expected<std::vector<float>> values = readFloats(tensor);
    if (!values) {
      node.fail() << "its value is not valid: " << toString(values.takeError());
      return failure();
    }
    node.setOutput(
        0, node.createConstant(RankedTensorType::get(
                                   *dims, Float32Type::get(node.getContext())),
                               *values));
    return success();
  }
  Expected<std::vector<int64_t>> values = readInts(tensor);
  if (!values) {
    node.fail() << "its value is not valid: " << toString(values.takeError());
    return failure();
  }
  if (dims->size() > 1) {
    node.fail() << "an int64 constant of rank " << dims->size()
                << "; nnid folds ranks 0 and 1";
    return failure();
  }
  IntTensor ints;
  ints.values.assign(values->begin(), values->end());
  ints.scalar = dims->empty();
  node.setOutputInts(0, std::move(ints));
  return success();
}

static LogicalResult importConstant(NodeImporter &node) {
  const onnx::NodeProto &proto = node.getNode();
  if (proto.attribute_size() != 1) {
    node.fail() << "a Constant has exactly one value attribute";
    return failure();
  }
  const onnx::AttributeProto &attr = proto.attribute(0);
  StringRef name = attr.name();
  MLIRContext *context = node.getContext();
  auto f32 = Float32Type::get(context);
  if (name == "value") {
    if (!attr.has_t()) {
      node.fail() << "attribute 'value' holds no tensor";
      return failure();
    }
    return setConstantTensor(node, attr.t());
  }
  if (name == "value_float") {
    node.setOutput(
        0, node.createConstant(RankedTensorType::get({}, f32), {attr.f()}));
    return success();
  }
  if (name == "value_floats") {
    std::vector<float> values(attr.floats().begin(), attr.floats().end());
    node.setOutput(
        0, node.createConstant(
               RankedTensorType::get({int64_t(values.size())}, f32), values));
    return success();
  }
  if (name == "value_int" || name == "value_ints") {
    IntTensor ints;
    if (name == "value_int") {
      ints.values = {attr.i()};
      ints.scalar = true;
    } else {
      ints.values.assign(attr.ints().begin(), attr.ints().end());
    }
    node.setOutputInts(0, std::move(ints));
    return success();
  }
  node.fail() << "attribute '" << name << "' is not supported (nnid takes "
              << "value, value_float(s) and value_int(s))";
  return failure();
}

static LogicalResult importShape(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"start", "end"})))
    return failure();
  std::optional<RankedTensorType> type = node.getInputType(0);
  if (!type) {
    node.fail() << "the input is not an f32 tensor";
    return failure();
  }
  int64_t rank = type->getRank();
  FailureOr<int64_t> start = node.getInt("start", 0);
  FailureOr<int64_t> end = node.getInt("end", rank);
  if (failed(start) || failed(end))
    return failure();
  auto clamp = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  IntTensor shape;
  for (int64_t i = clamp(*start); i < clamp(*end); ++i)
    shape.values.push_back(type->isDynamicDim(i) ? kBatch
                                                 : type->getDimSize(i));
  node.setOutputInts(0, std::move(shape));
  return success();
}

static LogicalResult importGather(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axis"})))
    return failure();
  if (node.getInputType(0)) {
    node.fail() << "nnid folds a Gather of an int64 shape only";
    return failure();
  }
  FailureOr<int64_t> axis = node.getInt("axis", 0);
  FailureOr<IntTensor> data = node.getInts(0);
  FailureOr<IntTensor> indices = node.getInts(1);
  if (failed(axis) || failed(data) || failed(indices))
    return failure();
  if (data->scalar || (*axis != 0 && *axis != -1)) {
    node.fail() << "a Gather of an int64 vector must have axis 0";
    return failure();
  }
  IntTensor result;
  result.scalar = indices->scalar;
  int64_t size = data->values.size();
  for (int64_t index : indices->values) {
    if (index < -size || index >= size) {
      node.fail() << "index " << index << " is out of range for " << size
                  << " values";
      return failure();
    }
    result.values.push_back(data->values[index < 0 ? index + size : index]);
  }
  node.setOutputInts(0, std::move(result));
  return success();
}

/// The axes of Unsqueeze or Squeeze: an attribute before opset 13, an input
/// from then on.
static FailureOr<std::optional<SmallVector<int64_t>>>
getAxes(NodeImporter &node) {
  if (node.getOpset() < 13)
    return node.getInts("axes");
  if (!node.hasInput(1))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<IntTensor> axes = node.getInts(1);
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>(axes->values);
}

static LogicalResult importUnsqueeze(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axes"})))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> axes = getAxes(node);
  if (failed(axes))
    return failure();
  if (!*axes) {
    node.fail() << "Unsqueeze needs axes";
    return failure();
  }
  std::optional<RankedTensorType> type = node.getInputType(0);
  if (!type) {
    FailureOr<IntTensor> ints = node.getInts(0);
    if (failed(ints))
      return failure();
    if (!ints->scalar || **axes != ArrayRef<int64_t>{0}) {
      node.fail() << "nnid folds an Unsqueeze of an int64 scalar on axis 0";
      return failure();
    }
    ints->scalar = false;
    node.setOutputInts(0, std::move(*ints));
    return success();
  }
  int64_t rank = type->getRank() + (*axes)->size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t axis : **axes) {
    if (axis < -rank || axis >= rank || isNew[axis < 0 ? axis + rank : axis]) {
      node.fail() << "axis " << axis << " is out of range or repeated";
      return failure();
    }
    isNew[axis < 0 ? axis + rank : axis] = true;
  }
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> old = type->getShape();
  for (int64_t i = 0, j = 0; i < rank; ++i)
    shape.push_back(isNew[i] ? 1 : old[j++]);
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  FailureOr<Value> result = createReshape(node, *input, shape);
  return node.setResult(result);
}

static LogicalResult importSqueeze(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axes"})))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> axes = getAxes(node);
  FailureOr<Value> input = node.getInput(0);
  if (failed(axes) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  SmallVector<bool> drop(rank, false);
  if (!*axes) {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = type.getDimSize(i) == 1;
  } else {
    for (int64_t axis : **axes) {
      if (axis < -rank || axis >= rank) {
        node.fail() << "axis " << axis << " is out of range";
        return failure();
      }
      int64_t a = axis < 0 ? axis + rank : axis;
      if (type.getDimSize(a) != 1) {
        node.fail() << "dimension " << a << " is not 1";
        return failure();
      }
      drop[a] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(type.getDimSize(i));
  FailureOr<Value> result = createReshape(node, *input, shape);
  return node.setResult(result);
}

static LogicalResult importCast(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"to", "saturate"})))
    return failure();
  FailureOr<int64_t> to = node.getInt("to", onnx::TensorProto::UNDEFINED);
  if (failed(to))
    return failure();
  if (node.getInputType(0)) {
    if (*to != onnx::TensorProto::FLOAT) {
      node.fail() << "a Cast of f32 to " << getElementTypeName(*to)
                  << "; nnid computes in f32";
      return failure();
    }
    FailureOr<Value> input = node.getInput(0);
    if (failed(input))
      return failure();
    node.setOutput(0, *input);
    return success();
  }
  FailureOr<IntTensor> ints = node.getInts(0);
  if (failed(ints))
    return failure();
  if (*to != onnx::TensorProto::INT64 && *to != onnx::TensorProto::INT32) {
    node.fail() << "a Cast of a shape computation to "
                << getElementTypeName(*to) << " is not supported";
    return failure();
  }
  node.setOutputInts(0, std::move(*ints));
  return success();
}

static LogicalResult importReshape(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"allowzero"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<IntTensor> target = node.getInts(1);
  FailureOr<int64_t> allowZero = node.getInt("allowzero", 0);
  if (failed(input) || failed(target) || failed(allowZero))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  ArrayRef<int64_t> in = type.getShape();
  // The output shape, with 0 copying the input's dimension and one -1
  // inferred. Only the batch can be dynamic: dynamic sizes stand for it.
  SmallVector<int64_t> shape;
  int inferred = -1;
  for (auto [i, size] : llvm::enumerate(target->values)) {
    if (size == 0 && !*allowZero) {
      if (i >= in.size()) {
        node.fail() << "shape entry " << i << " copies a dimension the "
                    << "input does not have";
        return failure();
      }
      shape.push_back(in[i]);
    } else if (size == -1) {
      if (inferred >= 0) {
        node.fail() << "the shape has more than one -1";
        return failure();
      }
      inferred = i;
      shape.push_back(-1);
    } else if (size == kBatch || size > 0) {
      shape.push_back(size);
    } else {
      node.fail() << "shape entry " << i << " is " << size;
      return failure();
    }
  }
  // Sizes that are not the batch must multiply to those of the input.
  auto staticCount = [](ArrayRef<int64_t> dims, bool &dynamic) {
    int64_t count = 1;
    for (int64_t d : dims) {
      if (d == -1)
        continue;
      if (ShapedType::isDynamic(d))
        dynamic = true;
      else if (llvm::MulOverflow(count, d, count))
        return int64_t(-1);
    }
    return count;
  };
  bool inDynamic = false, outDynamic = false;
  int64_t inCount = staticCount(in, inDynamic);
  int64_t outCount = staticCount(shape, outDynamic);
  if (inCount < 0 || outCount < 0 || inDynamic != outDynamic) {
    node.fail() << "cannot reshape " << type << " to the target shape";
    return failure();
  }
  if (inferred >= 0) {
    if (outCount == 0 || inCount % outCount) {
      node.fail() << "cannot infer the -1 of the target shape for " << type;
      return failure();
    }
    shape[inferred] = inCount / outCount;
  } else if (inCount != outCount) {
    node.fail() << "cannot reshape " << type << " to the target shape";
    return failure();
  }
  if (ArrayRef<int64_t>(shape) == in) {
    node.setOutput(0, *input);
    return success();
  }
  // Merging a range of dimensions is nnid.flatten (torch's flatten/view).
  for (int64_t start = 0; start < int64_t(in.size()); ++start) {
    int64_t end = start + int64_t(in.size()) - int64_t(shape.size());
    if (end <= start || end >= int64_t(in.size()))
      continue;
    if (ArrayRef(shape).take_front(start) != in.take_front(start) ||
        ArrayRef(shape).drop_front(start + 1) != in.drop_front(end + 1))
      continue;
    OpBuilder &b = node.getBuilder();
    FailureOr<Value> result = node.create<nnid::FlattenOp>(
        {*input}, {b.getNamedAttr("start_dim", b.getI64IntegerAttr(start)),
                   b.getNamedAttr("end_dim", b.getI64IntegerAttr(end))});
    if (failed(result))
      return failure();
    node.setOutput(0, *result);
    return success();
  }
  FailureOr<Value> result = createReshape(node, *input, shape);
  return node.setResult(result);
}

/// `input` padded with `padConst`, a tensor<1xf32> (a constant, or where the
/// value is a graph input, that input), or with `value` when it is null:
/// `padding` is TOSA's [before0, after0, before1, after1, ...].
static FailureOr<Value> createTosaPad(NodeImporter &node, Value input,
                                      ArrayRef<int64_t> padding, float value,
                                      Value padConst = nullptr) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t size = type.getDimSize(d);
    shape.push_back(ShapedType::isDynamic(size)
                        ? size
                        : size + padding[2 * d] + padding[2 * d + 1]);
  }
  OpBuilder &b = node.getBuilder();
  auto scalarType = RankedTensorType::get({1}, type.getElementType());
  if (!padConst)
    padConst = tosa::ConstOp::create(b, node.getLoc(), scalarType,
                                     DenseElementsAttr::get(scalarType, value));
  auto op = tosa::PadOp::create(
      b, node.getLoc(), RankedTensorType::get(shape, type.getElementType()),
      input, createTosaConstShape(node, padding), padConst);
  return node.verifyCreated(op);
}

FailureOr<Value> nnid::onnx_import::createPad(NodeImporter &node,
                                              const PendingPad &pad) {
  ArrayRef<int64_t> p = pad.padding;
  return createTosaPad(node, pad.input, {0, 0, 0, 0, p[0], p[2], p[1], p[3]},
                       0.0f);
}

/// A constant Pad. A zero Pad of H and W whose only reader is a Conv or an
/// AveragePool waits for it, which takes the padding into its own (torch
/// exports AvgPool2d(padding=p) so); other Pads are tosa.pad.
static LogicalResult importPad(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"mode", "pads", "value", "paddings"})))
    return failure();
  FailureOr<std::string> mode = node.getString("mode", "constant");
  if (failed(mode))
    return failure();
  if (*mode != "constant") {
    node.fail() << "mode '" << *mode
                << "' is not supported (nnid pads with a constant)";
    return failure();
  }
  SmallVector<int64_t> pads;
  float value = 0.0f;
  // constant_value when it is only known at run time (a graph input).
  Value runtimeValue;
  if (node.getOpset() < 11) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr =
        node.getInts(node.getOpset() < 2 ? "paddings" : "pads");
    FailureOr<float> v = node.getFloat("value", 0.0f);
    if (failed(attr) || failed(v))
      return failure();
    if (*attr)
      pads = **attr;
    value = *v;
  } else {
    FailureOr<IntTensor> ints = node.getInts(1);
    if (failed(ints))
      return failure();
    pads.assign(ints->values.begin(), ints->values.end());
    if (node.hasInput(2)) {
      std::optional<RankedTensorType> valueType = node.getInputType(2);
      if (!valueType || !valueType->hasStaticShape() ||
          valueType->getNumElements() != 1) {
        node.fail() << "constant_value must be an f32 scalar";
        return failure();
      }
      if (std::optional<std::vector<float>> v = node.getConstantFloats(2)) {
        value = (*v)[0];
      } else {
        FailureOr<Value> scalar = node.getInput(2);
        if (succeeded(scalar))
          scalar = createReshape(node, *scalar, {1});
        if (failed(scalar))
          return failure();
        runtimeValue = *scalar;
      }
    }
  }
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (int64_t(pads.size()) != 2 * rank) {
    node.fail() << "'pads' has " << pads.size() << " values for rank " << rank;
    return failure();
  }
  if (llvm::any_of(pads, [](int64_t p) { return p < 0 || p > kMaxElements; })) {
    node.fail() << "'pads' must be non-negative (nnid does not crop)";
    return failure();
  }
  const onnx::NodeProto *consumer = node.getSoleConsumer();
  bool spatialZeroPad = rank == 4 && !pads[0] && !pads[1] && !pads[4] &&
                        !pads[5] && value == 0.0f && !runtimeValue;
  if (spatialZeroPad && consumer &&
      (consumer->op_type() == "Conv" || consumer->op_type() == "AveragePool") &&
      consumer->input(0) == node.getNode().output(0)) {
    node.setOutputPad(0,
                      PendingPad{*input, {pads[2], pads[3], pads[6], pads[7]}});
    return success();
  }
  SmallVector<int64_t> padding;
  for (int64_t d = 0; d < rank; ++d)
    padding.append({pads[d], pads[d + rank]});
  FailureOr<Value> result =
      createTosaPad(node, *input, padding, value, runtimeValue);
  return node.setResult(result);
}

/// A permutation of the dimensions; of a constant, done now.
static LogicalResult importTranspose(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"perm"})))
    return failure();
  std::optional<RankedTensorType> type = node.getInputType(0);
  if (!type) {
    node.fail() << "the input is not an f32 tensor";
    return failure();
  }
  int64_t rank = type->getRank();
  FailureOr<std::optional<SmallVector<int64_t>>> permAttr =
      node.getInts("perm");
  if (failed(permAttr))
    return failure();
  SmallVector<int64_t> perm;
  if (*permAttr)
    perm = **permAttr;
  else
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  SmallVector<bool> seen(rank, false);
  if (int64_t(perm.size()) != rank || llvm::any_of(perm, [&](int64_t d) {
        return d < 0 || d >= rank || std::exchange(seen[d], true);
      })) {
    node.fail() << "'perm' is not a permutation of " << rank << " dimensions";
    return failure();
  }
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type->getDimSize(d));
  auto resultType = RankedTensorType::get(shape, type->getElementType());
  if (std::optional<std::vector<float>> values = node.getConstantFloats(0)) {
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * type->getDimSize(d + 1);
    std::vector<float> result(values->size());
    SmallVector<int64_t> index(rank, 0);
    for (float &element : result) {
      int64_t offset = 0;
      for (int64_t i = 0; i < rank; ++i)
        offset += index[i] * strides[perm[i]];
      element = (*values)[offset];
      for (int64_t i = rank - 1; i >= 0; --i) {
        if (++index[i] < shape[i])
          break;
        index[i] = 0;
      }
    }
    node.setOutput(0, node.createConstant(resultType, result));
    return success();
  }
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  SmallVector<int32_t> perm32(perm.begin(), perm.end());
  auto op = tosa::TransposeOp::create(
      node.getBuilder(), node.getLoc(), resultType, *input,
      node.getBuilder().getDenseI32ArrayAttr(perm32));
  FailureOr<Value> result = node.verifyCreated(op);
  return node.setResult(result);
}

void nnid::onnx_import::registerShapeImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Constant"] = importConstant;
  importers["Shape"] = importShape;
  importers["Gather"] = importGather;
  importers["Unsqueeze"] = importUnsqueeze;
  importers["Squeeze"] = importSqueeze;
  importers["Cast"] = importCast;
  importers["Reshape"] = importReshape;
  importers["Pad"] = importPad;
  importers["Transpose"] = importTranspose;
}
