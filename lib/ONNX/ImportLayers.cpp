//===- ImportLayers.cpp - ONNX layers as nnid ops -------------------------===//
//
// Conv, pooling, BatchNormalization, Relu, Add, Concat, Flatten, Gemm,
// MatMul, Identity and Dropout. Layers become nnid ops; the plain tensor
// math some of them need (a broadcasting add, a transpose, a batched matmul,
// a reshape nnid.flatten cannot express) becomes TOSA ops (docs/onnx.md).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

/// The largest stride, dilation or kernel size an attribute may hold.
static constexpr int64_t kMaxSize = (int64_t(1) << 31) - 1;

FailureOr<RankedTensorType> nnid::onnx_import::getRankedType(NodeImporter &node,
                                                             Value value,
                                                             int64_t rank,
                                                             StringRef what) {
  auto type = cast<RankedTensorType>(value.getType());
  if (rank >= 0 && type.getRank() != rank) {
    node.fail() << what << " has rank " << type.getRank() << "; nnid takes "
                << rank;
    return failure();
  }
  return type;
}

FailureOr<SmallVector<int64_t>>
nnid::onnx_import::getPairAttr(NodeImporter &node, StringRef name,
                               int64_t otherwise) {
  FailureOr<std::optional<SmallVector<int64_t>>> values = node.getInts(name);
  if (failed(values))
    return failure();
  if (!*values)
    return SmallVector<int64_t>{otherwise, otherwise};
  if ((*values)->size() != 2) {
    node.fail() << "attribute '" << name << "' has " << (*values)->size()
                << " values; a 2-D " << node.getNode().op_type() << " has 2";
    return failure();
  }
  // Sizes the SAME padding computation can multiply without overflow.
  if (llvm::any_of(**values, [](int64_t v) { return v < 1 || v > kMaxSize; })) {
    node.fail() << "attribute '" << name << "' must be in [1, 2^31 - 1]";
    return failure();
  }
  return **values;
}

FailureOr<SmallVector<int64_t>> nnid::onnx_import::getSpatialPadding(
    NodeImporter &node, ArrayRef<int64_t> inputHW, ArrayRef<int64_t> kernel,
    ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation) {
  FailureOr<std::string> autoPad = node.getString("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "NOTSET") {
    FailureOr<std::optional<SmallVector<int64_t>>> pads = node.getInts("pads");
    if (failed(pads))
      return failure();
    if (!*pads)
      return SmallVector<int64_t>{0, 0, 0, 0};
    if ((*pads)->size() != 4) {
      node.fail() << "attribute 'pads' has " << (*pads)->size()
                  << " values; a 2-D " << node.getNode().op_type() << " has 4";
      return failure();
    }
    if (llvm::any_of(**pads, [](int64_t p) { return p < 0; })) {
      node.fail() << "attribute 'pads' has a negative value";
      return failure();
    }
    // ONNX's [h_begin, w_begin, h_end, w_end] is nnid's [top, left, bottom,
    // right].
    return **pads;
  }
  if (*autoPad == "VALID")
    return SmallVector<int64_t>{0, 0, 0, 0};
  if (*autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER") {
    node.fail() << "attribute 'auto_pad' is '" << *autoPad
                << "' (expected NOTSET, SAME_UPPER, SAME_LOWER or VALID)";
    return failure();
  }
  // The output is ceil(in / stride); the padding that takes, split evenly,
  // with the odd element at the end (SAME_UPPER) or the start (SAME_LOWER).
  SmallVector<int64_t> padding(4, 0);
  for (int i = 0; i < 2; ++i) {
    if (ShapedType::isDynamic(inputHW[i])) {
      node.fail() << "auto_pad needs static spatial dimensions";
      return failure();
    }
    int64_t out = (inputHW[i] + stride[i] - 1) / stride[i];
    int64_t window = (kernel[i] - 1) * dilation[i] + 1;
    int64_t total =
        std::max<int64_t>(0, (out - 1) * stride[i] + window - inputHW[i]);
    int64_t small = total / 2, large = total - total / 2;
    padding[i] = *autoPad == "SAME_UPPER" ? small : large;
    padding[i + 2] = *autoPad == "SAME_UPPER" ? large : small;
  }
  return padding;
}

Value nnid::onnx_import::createTosaConstShape(NodeImporter &node,
                                              ArrayRef<int64_t> shape) {
  ImplicitLocOpBuilder b(node.getLoc(), node.getBuilder());
  return tosa::getTosaConstShape(b, shape);
}

FailureOr<Value> nnid::onnx_import::createReshape(NodeImporter &node,
                                                  Value input,
                                                  ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getShape() == shape)
    return input;
  if (!type.hasStaticShape() || llvm::any_of(shape, ShapedType::isDynamic)) {
    node.fail() << "a reshape of " << type
                << " that nnid.flatten cannot express needs static shapes";
    return failure();
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  auto op =
      tosa::ReshapeOp::create(node.getBuilder(), node.getLoc(), resultType,
                              input, createTosaConstShape(node, shape));
  return node.verifyCreated(op);
}

FailureOr<Value> nnid::onnx_import::createTranspose2D(NodeImporter &node,
                                                      Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  auto resultType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  auto op = tosa::TransposeOp::create(
      node.getBuilder(), node.getLoc(), resultType, input,
      node.getBuilder().getDenseI32ArrayAttr({1, 0}));
  return node.verifyCreated(op);
}

FailureOr<SmallVector<int64_t>>
nnid::onnx_import::broadcastShapes(ArrayRef<int64_t> lhs,
                                   ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l == r || r == 1)
      shape[i] = l;
    else if (l == 1)
      shape[i] = r;
    else
      return failure();
  }
  return shape;
}

FailureOr<Value> nnid::onnx_import::padRank(NodeImporter &node, Value value,
                                            size_t rank) {
  auto type = cast<RankedTensorType>(value.getType());
  if (size_t(type.getRank()) == rank)
    return value;
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  return createReshape(node, value, shape);
}

FailureOr<Value> nnid::onnx_import::createBroadcastAdd(NodeImporter &node,
                                                       Value lhs, Value rhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  if (lhsType == rhsType && lhsType.getRank() >= 1)
    return node.create<nnid::AddOp>({lhs, rhs});
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhsType.getShape(), rhsType.getShape());
  if (failed(shape)) {
    node.fail() << "operands of types " << lhsType << " and " << rhsType
                << " do not broadcast";
    return failure();
  }
  FailureOr<Value> l = padRank(node, lhs, shape->size());
  FailureOr<Value> r = padRank(node, rhs, shape->size());
  if (failed(l) || failed(r))
    return failure();
  auto op = tosa::AddOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get(*shape, lhsType.getElementType()), *l, *r);
  return node.verifyCreated(op);
}

FailureOr<Value> nnid::onnx_import::createScale(NodeImporter &node, Value input,
                                                float factor) {
  if (factor == 1.0f)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  Value scale = node.createConstant(
      RankedTensorType::get(SmallVector<int64_t>(type.getRank(), 1),
                            type.getElementType()),
      {factor});
  OpBuilder &b = node.getBuilder();
  Value shift = tosa::ConstOp::create(
      b, node.getLoc(), RankedTensorType::get({1}, b.getI8Type()),
      DenseElementsAttr::get(RankedTensorType::get({1}, b.getI8Type()),
                             b.getI8IntegerAttr(0).getValue()));
  auto op = tosa::MulOp::create(b, node.getLoc(), type, input, scale, shift);
  return node.verifyCreated(op);
}

/// Records a problem unless output `i` and every later one are unused.
static LogicalResult checkOutputsUnused(NodeImporter &node, int from,
                                        StringRef why) {
  for (int i = from; i < node.getNode().output_size(); ++i)
    if (node.isOutputUsed(i)) {
      node.fail() << "output " << i << " is used; " << why;
      return failure();
    }
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

static LogicalResult importConv(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"auto_pad", "dilations", "group",
                                   "kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<Value> weight = node.getInput(1);
  if (failed(weight))
    return failure();
  const PendingPad *pad = node.getPendingPad(0);
  Value x = pad ? pad->input : (succeeded(input) ? *input : Value());
  if (!x)
    return failure();
  FailureOr<RankedTensorType> xType = getRankedType(node, x, 4, "the input");
  FailureOr<RankedTensorType> wType =
      getRankedType(node, *weight, 4, "the weight");
  if (failed(xType) || failed(wType))
    return failure();
  SmallVector<int64_t> kernel(wType->getShape().drop_front(2));
  FailureOr<std::optional<SmallVector<int64_t>>> kernelShape =
      node.getInts("kernel_shape");
  if (failed(kernelShape))
    return failure();
  if (*kernelShape && **kernelShape != ArrayRef<int64_t>(kernel)) {
    node.fail() << "attribute 'kernel_shape' does not match the weight's "
                   "spatial dimensions";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> stride = getPairAttr(node, "strides", 1);
  FailureOr<SmallVector<int64_t>> dilation = getPairAttr(node, "dilations", 1);
  FailureOr<int64_t> group = node.getInt("group", 1);
  if (failed(stride) || failed(dilation) || failed(group))
    return failure();
  FailureOr<SmallVector<int64_t>> padding = getSpatialPadding(
      node, xType->getShape().drop_front(2), kernel, *stride, *dilation);
  if (failed(padding))
    return failure();
  if (pad)
    for (int i = 0; i < 4; ++i)
      (*padding)[i] += pad->padding[i];
  SmallVector<Value> operands = {x, *weight};
  if (node.hasInput(2)) {
    FailureOr<Value> bias = node.getInput(2);
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  OpBuilder &b = node.getBuilder();
  FailureOr<Value> conv = node.create<nnid::Conv2dOp>(
      operands, {b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
                 b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding)),
                 b.getNamedAttr("dilation", b.getDenseI64ArrayAttr(*dilation)),
                 b.getNamedAttr("groups", b.getI64IntegerAttr(*group))});
  return node.setResult(conv);
}

/// ONNX's output size of a pooling window along one dimension.
static int64_t getONNXPoolSize(int64_t in, int64_t padBegin, int64_t padEnd,
                               int64_t kernel, int64_t stride, int64_t dilation,
                               bool ceil) {
  int64_t span = in + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  if (span < 0)
    return 0;
  return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
}

/// Creates a max or average pool after checking the attributes they share,
/// and checks that nnid's (PyTorch's) output size is ONNX's.
template <typename OpT>
static LogicalResult importPool(NodeImporter &node, bool isMax) {
  SmallVector<StringRef> known = {"auto_pad", "ceil_mode", "kernel_shape",
                                  "pads", "strides"};
  if (isMax)
    known.append({"dilations", "storage_order"});
  else
    known.push_back("count_include_pad");
  if (failed(node.checkKnownAttrs(known)))
    return failure();
  if (failed(checkOutputsUnused(node, 1,
                                "nnid does not compute MaxPool's indices")))
    return failure();
  const PendingPad *pad = isMax ? nullptr : node.getPendingPad(0);
  Value x;
  if (pad) {
    x = pad->input;
  } else {
    FailureOr<Value> input = node.getInput(0);
    if (failed(input))
      return failure();
    x = *input;
  }
  FailureOr<RankedTensorType> xType = getRankedType(node, x, 4, "the input");
  if (failed(xType))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> kernel =
      node.getInts("kernel_shape");
  if (failed(kernel))
    return failure();
  if (!*kernel || (*kernel)->size() != 2 ||
      llvm::any_of(**kernel, [](int64_t k) { return k < 1 || k > kMaxSize; })) {
    node.fail() << "attribute 'kernel_shape' must hold 2 values in "
                   "[1, 2^31 - 1]";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> stride = getPairAttr(node, "strides", 1);
  FailureOr<SmallVector<int64_t>> dilation =
      isMax ? getPairAttr(node, "dilations", 1)
            : FailureOr<SmallVector<int64_t>>(SmallVector<int64_t>{1, 1});
  FailureOr<int64_t> ceil = node.getInt("ceil_mode", 0);
  FailureOr<int64_t> countIncludePad = node.getInt("count_include_pad", 0);
  if (failed(stride) || failed(dilation) || failed(ceil) ||
      failed(countIncludePad))
    return failure();
  SmallVector<int64_t> inputHW(xType->getShape().drop_front(2));
  FailureOr<SmallVector<int64_t>> padding =
      getSpatialPadding(node, inputHW, **kernel, *stride, *dilation);
  if (failed(padding))
    return failure();
  SmallVector<int64_t> expected = {
      getONNXPoolSize(inputHW[0], (*padding)[0], (*padding)[2], (**kernel)[0],
                      (*stride)[0], (*dilation)[0], *ceil),
      getONNXPoolSize(inputHW[1], (*padding)[1], (*padding)[3], (**kernel)[1],
                      (*stride)[1], (*dilation)[1], *ceil)};
  // Zeros a Pad put around the input count in the mean: the average pool's
  // own padding must count them too, or be absent; otherwise the Pad stays.
  if (pad && !*countIncludePad &&
      llvm::any_of(*padding, [](int64_t p) { return p != 0; })) {
    FailureOr<Value> padded = createPad(node, *pad);
    if (failed(padded))
      return failure();
    x = *padded;
    pad = nullptr;
  }
  if (pad) {
    for (int i = 0; i < 4; ++i)
      (*padding)[i] += pad->padding[i];
    *countIncludePad = 1;
  }
  OpBuilder &b = node.getBuilder();
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("kernel_size", b.getDenseI64ArrayAttr(**kernel)),
      b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding)),
      b.getNamedAttr("ceil_mode", b.getBoolAttr(*ceil))};
  if (isMax)
    attrs.push_back(
        b.getNamedAttr("dilation", b.getDenseI64ArrayAttr(*dilation)));
  else
    attrs.push_back(
        b.getNamedAttr("count_include_pad", b.getBoolAttr(*countIncludePad)));
  FailureOr<Value> pool = node.create<OpT>({x}, attrs);
  if (failed(pool))
    return failure();
  auto resultType = cast<RankedTensorType>(pool->getType());
  // (After a Pad, ONNX's sizes are those of the padded input.)
  if (!node.getPendingPad(0) &&
      resultType.getShape().drop_front(2) != ArrayRef(expected)) {
    node.fail() << "ONNX's output is " << expected[0] << "x" << expected[1]
                << " but PyTorch's rule (nnid's) gives "
                << resultType.getDimSize(2) << "x" << resultType.getDimSize(3)
                << ": with ceil_mode, a last window that starts in the "
                   "padding is dropped";
    pool->getDefiningOp()->erase();
    return failure();
  }
  node.setOutput(0, *pool);
  return success();
}

static LogicalResult importMaxPool(NodeImporter &node) {
  return importPool<nnid::MaxPool2dOp>(node, /*isMax=*/true);
}

static LogicalResult importAveragePool(NodeImporter &node) {
  return importPool<nnid::AvgPool2dOp>(node, /*isMax=*/false);
}

static LogicalResult importGlobalPool(NodeImporter &node, bool isMax) {
  if (failed(node.checkKnownAttrs({})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type =
      getRankedType(node, *input, 4, "the input");
  if (failed(type))
    return failure();
  OpBuilder &b = node.getBuilder();
  FailureOr<Value> pool;
  if (isMax)
    pool = node.create<nnid::MaxPool2dOp>(
        {*input},
        {b.getNamedAttr("kernel_size",
                        b.getDenseI64ArrayAttr(type->getShape().drop_front(2))),
         b.getNamedAttr("stride", b.getDenseI64ArrayAttr({1, 1}))});
  else
    pool = node.create<nnid::AdaptiveAvgPool2dOp>(
        {*input},
        {b.getNamedAttr("output_size", b.getDenseI64ArrayAttr({1, 1}))});
  return node.setResult(pool);
}

static LogicalResult importGlobalAveragePool(NodeImporter &node) {
  return importGlobalPool(node, /*isMax=*/false);
}

static LogicalResult importGlobalMaxPool(NodeImporter &node) {
  return importGlobalPool(node, /*isMax=*/true);
}

//===----------------------------------------------------------------------===//
// Normalization and activations
//===----------------------------------------------------------------------===//

static LogicalResult importBatchNormalization(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"epsilon", "momentum", "spatial",
                                   "training_mode", "is_test",
                                   "consumed_inputs"})))
    return failure();
  FailureOr<float> epsilon = node.getFloat("epsilon", 1e-5f);
  FailureOr<int64_t> spatial = node.getInt("spatial", 1);
  FailureOr<int64_t> training = node.getInt("training_mode", 0);
  if (failed(epsilon) || failed(spatial) || failed(training))
    return failure();
  if (*spatial != 1) {
    node.fail() << "spatial = " << *spatial
                << " (per-element statistics) is not supported";
    return failure();
  }
  if (*training != 0) {
    node.fail() << "training_mode = 1: nnid compiles inference";
    return failure();
  }
  if (failed(checkOutputsUnused(
          node, 1, "nnid computes inference, not the training statistics")))
    return failure();
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> operand = node.getInput(i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  // [N, C, L] (BatchNorm1d on sequences) is normalized as [N, C, L, 1].
  auto type = cast<RankedTensorType>(operands[0].getType());
  if (type.getRank() == 3) {
    FailureOr<Value> image = createReshape(
        node, operands[0],
        {type.getDimSize(0), type.getDimSize(1), type.getDimSize(2), 1});
    if (failed(image))
      return failure();
    operands[0] = *image;
  }
  OpBuilder &b = node.getBuilder();
  FailureOr<Value> norm = node.create<nnid::BatchNormOp>(
      operands, {b.getNamedAttr("epsilon", b.getF64FloatAttr(*epsilon))});
  if (succeeded(norm) && type.getRank() == 3)
    norm = createReshape(node, *norm, type.getShape());
  return node.setResult(norm);
}

static LogicalResult importRelu(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"consumed_inputs"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  FailureOr<Value> relu = node.create<nnid::ReluOp>({*input});
  return node.setResult(relu);
}

static LogicalResult importAdd(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({})))
    return failure();
  if (isShapeComputation(node))
    return foldIntBinary(node, BinaryKind::Add);
  FailureOr<Value> lhs = node.getInput(0);
  FailureOr<Value> rhs = node.getInput(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> sum = createBroadcastAdd(node, *lhs, *rhs);
  return node.setResult(sum);
}

/// Identity, and Dropout in inference: the input.
static LogicalResult importIdentity(NodeImporter &node) {
  const onnx::NodeProto &proto = node.getNode();
  if (proto.op_type() == "Dropout") {
    if (failed(node.checkKnownAttrs({"ratio", "seed", "is_test"})) ||
        failed(checkOutputsUnused(node, 1,
                                  "nnid compiles inference, without a mask")))
      return failure();
    if (node.hasInput(2)) {
      FailureOr<IntTensor> training = node.getInts(2);
      if (failed(training))
        return failure();
      if (llvm::any_of(training->values, [](int64_t v) { return v != 0; })) {
        node.fail() << "training_mode is true: nnid compiles inference";
        return failure();
      }
    }
  } else if (failed(node.checkKnownAttrs({}))) {
    return failure();
  }
  if (std::optional<RankedTensorType> type = node.getInputType(0);
      !type || type->getRank() == 0) {
    // Shape computations and scalars pass through.
    FailureOr<Value> input = node.getInput(0);
    if (succeeded(input)) {
      node.setOutput(0, *input);
      return success();
    }
    return failure();
  }
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  FailureOr<Value> identity = node.create<nnid::IdentityOp>({*input});
  return node.setResult(identity);
}

//===----------------------------------------------------------------------===//
// Dense layers and data movement
//===----------------------------------------------------------------------===//

static LogicalResult importFlatten(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axis"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<int64_t> axis = node.getInt("axis", 1);
  if (failed(input) || failed(axis))
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
  OpBuilder &b = node.getBuilder();
  auto flatten = [&](Value value, int64_t start,
                     int64_t end) -> FailureOr<Value> {
    return node.create<nnid::FlattenOp>(
        {value}, {b.getNamedAttr("start_dim", b.getI64IntegerAttr(start)),
                  b.getNamedAttr("end_dim", b.getI64IntegerAttr(end))});
  };
  FailureOr<Value> result = *input;
  if (*axis >= 1 && *axis < rank) {
    // [d0 ... d(axis-1)] and [d(axis) ... ], each merged.
    if (*axis < rank - 1)
      result = flatten(*result, *axis, -1);
    if (succeeded(result) && *axis > 1)
      result = flatten(*result, 0, *axis - 1);
  } else {
    int64_t count = 1;
    for (int64_t dim : type.getShape())
      count = ShapedType::isDynamic(dim) || ShapedType::isDynamic(count)
                  ? ShapedType::kDynamic
                  : count * dim;
    SmallVector<int64_t> shape = *axis == 0 ? SmallVector<int64_t>{1, count}
                                            : SmallVector<int64_t>{count, 1};
    result = createReshape(node, *input, shape);
  }
  return node.setResult(result);
}

static LogicalResult importConcat(NodeImporter &node);

/// Transposes a constant [r, c] matrix and scales it.
static std::vector<float> transposeAndScale(ArrayRef<float> values,
                                            int64_t rows, int64_t cols,
                                            bool transpose, float scale) {
  std::vector<float> result(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      result[transpose ? c * rows + r : r * cols + c] =
          values[r * cols + c] * scale;
  return result;
}

/// Y = alpha * A' * B' + beta * C, as nnid.linear (whose weight is B' ^ T)
/// where it can, plus TOSA for a transposed A, a non-constant alpha * B or a
/// bias that is not a vector.
static LogicalResult importGemm(NodeImporter &node) {
  if (failed(node.checkKnownAttrs(
          {"alpha", "beta", "transA", "transB", "broadcast"})))
    return failure();
  FailureOr<float> alpha = node.getFloat("alpha", 1.0f);
  FailureOr<float> beta = node.getFloat("beta", 1.0f);
  FailureOr<int64_t> transA = node.getInt("transA", 0);
  FailureOr<int64_t> transB = node.getInt("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  FailureOr<Value> a = node.getInput(0);
  if (failed(a) || failed(getRankedType(node, *a, 2, "A")))
    return failure();
  std::optional<RankedTensorType> bType = node.getInputType(1);
  if (!bType || bType->getRank() != 2) {
    node.fail() << "B must be a matrix";
    return failure();
  }
  if (*transA) {
    a = createTranspose2D(node, *a);
    if (failed(a))
      return failure();
  }

  // The weight of nnid.linear, [N, K].
  Value weight;
  bool alphaApplied = false;
  if (std::optional<std::vector<float>> constantB = node.getConstantFloats(1)) {
    int64_t rows = bType->getDimSize(0), cols = bType->getDimSize(1);
    bool transpose = !*transB;
    auto type =
        RankedTensorType::get(transpose ? SmallVector<int64_t>{cols, rows}
                                        : SmallVector<int64_t>{rows, cols},
                              bType->getElementType());
    weight = node.createConstant(
        type, transposeAndScale(*constantB, rows, cols, transpose, *alpha));
    alphaApplied = true;
  } else {
    FailureOr<Value> b = node.getInput(1);
    if (failed(b))
      return failure();
    weight = *b;
    if (!*transB) {
      FailureOr<Value> transposed = createTranspose2D(node, weight);
      if (failed(transposed))
        return failure();
      weight = *transposed;
    }
  }
  int64_t n = cast<RankedTensorType>(weight.getType()).getDimSize(0);

  // A bias of [N] (or [1, N]) goes into nnid.linear; another C is added.
  SmallVector<Value> operands = {*a, weight};
  Value addend;
  if (node.hasInput(2) && *beta != 0.0f) {
    std::optional<RankedTensorType> cType = node.getInputType(2);
    if (!cType) {
      node.fail() << "C must be an f32 tensor";
      return failure();
    }
    bool isVector = cType->getNumElements() == n && n != 1 &&
                    (cType->getRank() == 1 ||
                     (cType->getRank() == 2 && cType->getDimSize(0) == 1));
    std::optional<std::vector<float>> c = node.getConstantFloats(2);
    if (c && (isVector || (cType->getRank() <= 1 && c->size() == 1))) {
      std::vector<float> bias(n, 0.0f);
      for (int64_t i = 0; i < n; ++i)
        bias[i] = (*c)[c->size() == 1 ? 0 : i] * *beta;
      operands.push_back(node.createConstant(
          RankedTensorType::get({n}, cType->getElementType()), bias));
    } else {
      FailureOr<Value> cValue = node.getInput(2);
      if (failed(cValue))
        return failure();
      FailureOr<Value> scaled = createScale(node, *cValue, *beta);
      if (failed(scaled))
        return failure();
      if (isVector && *alpha == 1.0f) {
        FailureOr<Value> vector = createReshape(node, *scaled, {n});
        if (failed(vector))
          return failure();
        operands.push_back(*vector);
      } else {
        addend = *scaled;
      }
    }
  }
  if (!alphaApplied && *alpha != 1.0f && operands.size() == 3) {
    addend = operands.pop_back_val();
  }
  FailureOr<Value> y = node.create<nnid::LinearOp>(operands);
  if (failed(y))
    return failure();
  if (!alphaApplied)
    y = createScale(node, *y, *alpha);
  if (succeeded(y) && addend)
    y = createBroadcastAdd(node, *y, addend);
  return node.setResult(y);
}

/// NumPy's matmul: nnid.linear for a matrix times a constant matrix, TOSA's
/// batched matmul otherwise.
static LogicalResult importMatMul(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({})))
    return failure();
  FailureOr<Value> a = node.getInput(0);
  std::optional<RankedTensorType> bType = node.getInputType(1);
  if (failed(a) || !bType) {
    if (!bType)
      node.fail() << "B must be an f32 tensor";
    return failure();
  }
  auto aType = cast<RankedTensorType>(a->getType());
  if (aType.getRank() < 2 || bType->getRank() < 2) {
    node.fail() << "nnid multiplies tensors of rank 2 or more";
    return failure();
  }
  int64_t k = aType.getShape().back();
  if (bType->getDimSize(bType->getRank() - 2) != k) {
    node.fail() << "A " << aType << " and B " << *bType
                << " do not have matching inner dimensions";
    return failure();
  }
  int64_t n = bType->getShape().back();
  std::optional<std::vector<float>> b = node.getConstantFloats(1);
  if (b && aType.getRank() == 2 && bType->getRank() == 2) {
    Value weight = node.createConstant(
        RankedTensorType::get({n, k}, bType->getElementType()),
        transposeAndScale(*b, k, n, /*transpose=*/true, 1.0f));
    FailureOr<Value> y = node.create<nnid::LinearOp>({*a, weight});
    if (failed(y))
      return failure();
    node.setOutput(0, *y);
    return success();
  }

  // [batch..., M, K] x [batch..., K, N] as [B, M, K] x [B, K, N].
  FailureOr<Value> bValue = node.getInput(1);
  if (failed(bValue))
    return failure();
  if (!aType.hasStaticShape() || !bType->hasStaticShape()) {
    node.fail() << "a batched MatMul needs static shapes";
    return failure();
  }
  ArrayRef<int64_t> aBatch = aType.getShape().drop_back(2);
  ArrayRef<int64_t> bBatch = bType->getShape().drop_back(2);
  int64_t m = aType.getDimSize(aType.getRank() - 2);
  auto count = [](ArrayRef<int64_t> dims) {
    int64_t c = 1;
    for (int64_t d : dims)
      c *= d;
    return c;
  };
  SmallVector<int64_t> batch;
  int64_t batchCount;
  FailureOr<Value> a3 = failure(), b3 = failure();
  if (aBatch == bBatch) {
    batch.assign(aBatch.begin(), aBatch.end());
    batchCount = count(aBatch);
    a3 = createReshape(node, *a, {batchCount, m, k});
    b3 = createReshape(node, *bValue, {batchCount, k, n});
  } else if (bBatch.empty() || count(bBatch) == 1) {
    // A constant right-hand matrix: the batch folds into the rows.
    batch.assign(aBatch.begin(), aBatch.end());
    batchCount = 1;
    a3 = createReshape(node, *a, {1, count(aBatch) * m, k});
    b3 = createReshape(node, *bValue, {1, k, n});
    m *= count(aBatch);
  } else {
    node.fail() << "broadcasting the batch dimensions of " << aType << " and "
                << *bType << " is not supported";
    return failure();
  }
  if (failed(a3) || failed(b3))
    return failure();
  auto product = tosa::MatMulOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get({batchCount, m, n}, aType.getElementType()), *a3,
      *b3);
  FailureOr<Value> y = node.verifyCreated(product);
  if (failed(y))
    return failure();
  SmallVector<int64_t> shape = batch;
  shape.append({aType.getDimSize(aType.getRank() - 2), n});
  y = createReshape(node, *y, shape);
  return node.setResult(y);
}

/// Concat of f32 tensors (the int64 shape computations are folded in
/// ImportShapes.cpp).
static LogicalResult importConcat(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axis"})))
    return failure();
  FailureOr<int64_t> axis = node.getInt("axis", 0);
  if (failed(axis))
    return failure();
  if (!node.getAttr("axis")) {
    node.fail() << "attribute 'axis' is required";
    return failure();
  }
  if (isShapeComputation(node))
    return importIntConcat(node, *axis);
  SmallVector<Value> inputs;
  for (int i = 0; i < node.getNode().input_size(); ++i) {
    FailureOr<Value> input = node.getInput(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  OpBuilder &b = node.getBuilder();
  FailureOr<Value> result = node.create<nnid::ConcatOp>(
      inputs, {b.getNamedAttr("axis", b.getI64IntegerAttr(*axis))});
  return node.setResult(result);
}

void nnid::onnx_import::registerLayerImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Conv"] = importConv;
  importers["MaxPool"] = importMaxPool;
  importers["AveragePool"] = importAveragePool;
  importers["GlobalAveragePool"] = importGlobalAveragePool;
  importers["GlobalMaxPool"] = importGlobalMaxPool;
  importers["BatchNormalization"] = importBatchNormalization;
  importers["Relu"] = importRelu;
  importers["Add"] = importAdd;
  importers["Concat"] = importConcat;
  importers["Flatten"] = importFlatten;
  importers["Gemm"] = importGemm;
  importers["MatMul"] = importMatMul;
  importers["Identity"] = importIdentity;
  importers["Dropout"] = importIdentity;
}
