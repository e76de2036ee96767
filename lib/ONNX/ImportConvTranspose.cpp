//===- ImportConvTranspose.cpp - ONNX ConvTranspose as nnid.conv2d --------===//
//
// A 2-D transposed convolution is the convolution, at stride 1, of the input
// with stride - 1 zeros inserted between its rows and columns, padded by
// dilation * (k - 1) - pad_begin at the start and dilation * (k - 1) -
// pad_end + output_padding at the end, with the kernel flipped spatially and
// its input and output channels swapped per group. The zeros are TOSA ops
// (reshape, pad, reshape); the convolution is nnid.conv2d, which the CPU
// kernels make fast. A constant weight is rearranged at import; a weight
// known only at run time is rearranged with tosa.reverse and tosa.transpose.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

/// The largest size, stride, dilation, padding or dilated kernel nnid takes;
/// with it, no sum or product below leaves int64's range.
static constexpr int64_t kMaxSize = (int64_t(1) << 31) - 1;

/// A `count`-value ints attribute each of whose values is in [lo, kMaxSize];
/// `otherwise` when absent.
static FailureOr<SmallVector<int64_t>>
getBoundedPair(NodeImporter &node, StringRef name, int64_t otherwise,
               int64_t lo, size_t count = 2) {
  FailureOr<std::optional<SmallVector<int64_t>>> values = node.getInts(name);
  if (failed(values))
    return failure();
  if (!*values)
    return SmallVector<int64_t>(count, otherwise);
  if ((*values)->size() != count) {
    node.fail() << "attribute '" << name << "' has " << (*values)->size()
                << " values; a 2-D ConvTranspose has " << count;
    return failure();
  }
  if (llvm::any_of(**values,
                   [&](int64_t v) { return v < lo || v > kMaxSize; })) {
    node.fail() << "attribute '" << name << "' must be in [" << lo
                << ", 2^31 - 1]";
    return failure();
  }
  return **values;
}

/// `input` reshaped: tosa.reshape when the shapes are static, otherwise
/// tensor.expand_shape or tensor.collapse_shape (`expand`) of `groups`,
/// which keep the dynamic batch.
static FailureOr<Value>
reshapeKeepingBatch(NodeImporter &node, Value input, ArrayRef<int64_t> shape,
                    ArrayRef<ReassociationIndices> groups, bool expand) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.hasStaticShape())
    return createReshape(node, input, shape);
  OpBuilder &b = node.getBuilder();
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  Operation *op;
  if (expand)
    op = tensor::ExpandShapeOp::create(b, node.getLoc(), resultType, input,
                                       groups);
  else
    op = tensor::CollapseShapeOp::create(b, node.getLoc(), resultType, input,
                                         groups);
  return node.verifyCreated(op);
}

/// `input` with zeros after the elements: `after` is [after0, after1, ...].
static FailureOr<Value> padAfter(NodeImporter &node, Value input,
                                 ArrayRef<int64_t> after) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> padding, shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    padding.append({0, after[d]});
    int64_t size = type.getDimSize(d);
    shape.push_back(ShapedType::isDynamic(size) ? size : size + after[d]);
  }
  OpBuilder &b = node.getBuilder();
  auto scalarType = RankedTensorType::get({1}, type.getElementType());
  Value zero = tosa::ConstOp::create(b, node.getLoc(), scalarType,
                                     DenseElementsAttr::get(scalarType, 0.0f));
  auto op = tosa::PadOp::create(
      b, node.getLoc(), RankedTensorType::get(shape, type.getElementType()),
      input, createTosaConstShape(node, padding), zero);
  return node.verifyCreated(op);
}

/// `input[:, :, top : H - bottom, left : W - right]`.
static FailureOr<Value> cropSpatial(NodeImporter &node, Value input,
                                    ArrayRef<int64_t> crop) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> sizes(type.getShape());
  sizes[2] -= crop[0] + crop[2];
  sizes[3] -= crop[1] + crop[3];
  return createSlice(node, input, {0, 0, crop[0], crop[1]}, sizes,
                     {1, 1, 1, 1});
}

/// `input` [N, C, H, W] with stride - 1 zeros after each row and column:
/// [N, C, H * sh, W * sw].
static FailureOr<Value> insertZeros(NodeImporter &node, Value input,
                                    ArrayRef<int64_t> stride) {
  if (stride[0] == 1 && stride[1] == 1)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> s = type.getShape();
  SmallVector<int64_t> spread = {s[0], s[1], s[2] * stride[0],
                                 s[3] * stride[1]};
  if (failed(checkElementCount(node, spread)))
    return failure();
  SmallVector<ReassociationIndices> groups = {{0}, {1}, {2, 3}, {4, 5}};
  FailureOr<Value> expanded = reshapeKeepingBatch(
      node, input, {s[0], s[1], s[2], 1, s[3], 1}, groups, /*expand=*/true);
  if (failed(expanded))
    return failure();
  FailureOr<Value> padded =
      padAfter(node, *expanded, {0, 0, 0, stride[0] - 1, 0, stride[1] - 1});
  if (failed(padded))
    return failure();
  return reshapeKeepingBatch(node, *padded, spread, groups, /*expand=*/false);
}

/// ONNX's weight [Cin, Cout / group, kh, kw] as nnid.conv2d's
/// [Cout, Cin / group, kh, kw], flipped spatially: for group g,
/// w'[g * Cout/G + o, i, y, x] = w[g * Cin/G + i, o, kh-1-y, kw-1-x].
static FailureOr<Value>
createConvWeight(NodeImporter &node, RankedTensorType wType, int64_t group) {
  ArrayRef<int64_t> s = wType.getShape();
  int64_t cin = s[0], coutG = s[1], kh = s[2], kw = s[3];
  int64_t cinG = cin / group, cout = coutG * group;
  auto resultType =
      RankedTensorType::get({cout, cinG, kh, kw}, wType.getElementType());
  if (std::optional<std::vector<float>> w = node.getConstantFloats(1)) {
    std::vector<float> result(w->size());
    for (int64_t g = 0; g < group; ++g)
      for (int64_t o = 0; o < coutG; ++o)
        for (int64_t i = 0; i < cinG; ++i)
          for (int64_t y = 0; y < kh; ++y)
            for (int64_t x = 0; x < kw; ++x)
              result[(((g * coutG + o) * cinG + i) * kh + y) * kw + x] =
                  (*w)[(((g * cinG + i) * coutG + o) * kh + (kh - 1 - y)) * kw +
                       (kw - 1 - x)];
    return node.createConstant(resultType, result);
  }
  FailureOr<Value> weight = node.getInput(1);
  if (failed(weight))
    return failure();
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  Value w = *weight;
  for (int32_t axis : {2, 3}) {
    if (s[axis] == 1)
      continue;
    auto op = tosa::ReverseOp::create(b, loc, wType, w, axis);
    FailureOr<Value> reversed = node.verifyCreated(op);
    if (failed(reversed))
      return failure();
    w = *reversed;
  }
  if (group == 1) {
    auto op = tosa::TransposeOp::create(b, loc, resultType, w,
                                        b.getDenseI32ArrayAttr({1, 0, 2, 3}));
    return node.verifyCreated(op);
  }
  // Per group: [G, Cin/G, Cout/G, kh, kw] -> [G, Cout/G, Cin/G, kh, kw].
  FailureOr<Value> grouped =
      createReshape(node, w, {group, cinG, coutG, kh, kw});
  if (failed(grouped))
    return failure();
  auto transposedType = RankedTensorType::get({group, coutG, cinG, kh, kw},
                                              wType.getElementType());
  auto op = tosa::TransposeOp::create(b, loc, transposedType, *grouped,
                                      b.getDenseI32ArrayAttr({0, 2, 1, 3, 4}));
  FailureOr<Value> transposed = node.verifyCreated(op);
  if (failed(transposed))
    return failure();
  return createReshape(node, *transposed, resultType.getShape());
}

/// ONNX's [begin, end] padding of the transposed convolution along one
/// dimension, from `pads`, `auto_pad` and `output_shape` as ONNX's reference
/// implementation reads them: given an output size, NOTSET and VALID keep
/// the begin padding and crop (or extend) at the end; SAME_UPPER and
/// SAME_LOWER split the total, the larger half at the end for SAME_UPPER.
static std::pair<int64_t, int64_t>
getTransposedPadding(StringRef autoPad, int64_t full, int64_t begin,
                     int64_t end, std::optional<int64_t> out) {
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    int64_t total = full - *out;
    // Python's floor division, which the reference uses.
    int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
    if (autoPad == "SAME_UPPER")
      return {half, total - half};
    return {total - half, half};
  }
  if (out)
    return {begin, full - begin - *out};
  return {begin, end};
}

static LogicalResult importConvTranspose(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"auto_pad", "dilations", "group",
                                   "kernel_shape", "output_padding",
                                   "output_shape", "pads", "strides"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> xType =
      getRankedType(node, *input, 4, "the input");
  if (failed(xType))
    return failure();
  std::optional<RankedTensorType> wType = node.getInputType(1);
  if (!wType) {
    node.fail() << "input 1 (the weight) is missing or not a tensor";
    return failure();
  }
  if (wType->getRank() != 4 || !wType->hasStaticShape()) {
    node.fail() << "the weight has type " << *wType
                << "; nnid takes a static rank-4 weight";
    return failure();
  }
  ArrayRef<int64_t> xShape = xType->getShape();
  ArrayRef<int64_t> wShape = wType->getShape();
  SmallVector<int64_t> kernel(wShape.drop_front(2));
  for (int64_t d = 1; d < 4; ++d)
    if (ShapedType::isDynamic(xShape[d]) || xShape[d] > kMaxSize) {
      node.fail() << "the input's channels and spatial dimensions must be "
                     "static and at most 2^31 - 1";
      return failure();
    }
  if (llvm::any_of(wShape, [](int64_t v) { return v < 1 || v > kMaxSize; })) {
    node.fail() << "the weight's dimensions must be in [1, 2^31 - 1]";
    return failure();
  }
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
  FailureOr<SmallVector<int64_t>> outputPadding =
      getBoundedPair(node, "output_padding", 0, 0);
  FailureOr<int64_t> group = node.getInt("group", 1);
  FailureOr<std::string> autoPad = node.getString("auto_pad", "NOTSET");
  if (failed(stride) || failed(dilation) || failed(outputPadding) ||
      failed(group) || failed(autoPad))
    return failure();
  if (*autoPad != "NOTSET" && *autoPad != "VALID" && *autoPad != "SAME_UPPER" &&
      *autoPad != "SAME_LOWER") {
    node.fail() << "attribute 'auto_pad' is '" << *autoPad
                << "' (expected NOTSET, SAME_UPPER, SAME_LOWER or VALID)";
    return failure();
  }
  if (*group < 1 || xShape[1] % *group != 0) {
    node.fail() << "attribute 'group' is " << *group << "; it must divide the "
                << xShape[1] << " input channels";
    return failure();
  }
  if (wShape[0] != xShape[1]) {
    node.fail() << "the weight has " << wShape[0]
                << " input channels (dimension 0) but the input has "
                << xShape[1];
    return failure();
  }
  // [h_begin, w_begin, h_end, w_end].
  SmallVector<int64_t> pads(4, 0);
  if (node.getAttr("pads")) {
    if (*autoPad != "NOTSET") {
      node.fail() << "attributes 'pads' and 'auto_pad' " << *autoPad
                  << " cannot be used together";
      return failure();
    }
    FailureOr<SmallVector<int64_t>> given =
        getBoundedPair(node, "pads", 0, 0, 4);
    if (failed(given))
      return failure();
    pads = *given;
  }
  FailureOr<std::optional<SmallVector<int64_t>>> outputShape =
      node.getInts("output_shape");
  if (failed(outputShape))
    return failure();
  SmallVector<int64_t> outHW;
  if (*outputShape) {
    // The spatial sizes, or (as some producers write it) the whole shape.
    ArrayRef<int64_t> given = **outputShape;
    if (given.size() == 4)
      given = given.drop_front(2);
    if (given.size() != 2 ||
        llvm::any_of(given, [](int64_t v) { return v < 1 || v > kMaxSize; })) {
      node.fail() << "attribute 'output_shape' must hold 2 sizes in "
                     "[1, 2^31 - 1]";
      return failure();
    }
    outHW.assign(given.begin(), given.end());
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    outHW = {xShape[2] * (*stride)[0], xShape[3] * (*stride)[1]};
  }

  // nnid.conv2d's padding of the input with zeros inserted, and what to
  // crop from it where that padding would be negative.
  SmallVector<int64_t> convPadding(4, 0), crop(4, 0), result(2);
  for (int i = 0; i < 2; ++i) {
    int64_t reach = (*dilation)[i] * (kernel[i] - 1);
    if (reach + 1 > kMaxSize) {
      node.fail() << "the dilated kernel is larger than 2^31 - 1";
      return failure();
    }
    int64_t in = xShape[2 + i], s = (*stride)[i];
    int64_t full = s * (in - 1) + (*outputPadding)[i] + reach + 1;
    auto [begin, end] = getTransposedPadding(
        *autoPad, full, pads[i], pads[i + 2],
        outHW.empty() ? std::nullopt : std::optional<int64_t>(outHW[i]));
    result[i] = full - begin - end;
    if (result[i] < 1) {
      node.fail() << "the output would have size " << result[i]
                  << " along spatial dimension " << i;
      return failure();
    }
    // The inserted zeros leave s - 1 after the last element, which count
    // towards the end padding.
    int64_t before = reach - begin;
    int64_t after = reach - end + (*outputPadding)[i] - (s - 1);
    convPadding[i] = std::max<int64_t>(before, 0);
    convPadding[i + 2] = std::max<int64_t>(after, 0);
    crop[i] = std::max<int64_t>(-before, 0);
    crop[i + 2] = std::max<int64_t>(-after, 0);
    if (in * s - crop[i] - crop[i + 2] < 1) {
      node.fail() << "the padding crops away the whole input along spatial "
                     "dimension "
                  << i;
      return failure();
    }
  }
  if (failed(checkElementCount(
          node, {xShape[0], wShape[1] * *group, result[0], result[1]})))
    return failure();

  FailureOr<Value> spread = insertZeros(node, *input, *stride);
  if (failed(spread))
    return failure();
  FailureOr<Value> cropped = cropSpatial(node, *spread, crop);
  if (failed(cropped))
    return failure();
  FailureOr<Value> weight = createConvWeight(node, *wType, *group);
  if (failed(weight))
    return failure();
  SmallVector<Value> operands = {*cropped, *weight};
  if (node.hasInput(2)) {
    FailureOr<Value> bias = node.getInput(2);
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  OpBuilder &b = node.getBuilder();
  return node.setResult(node.create<nnid::Conv2dOp>(
      operands, {b.getNamedAttr("padding", b.getDenseI64ArrayAttr(convPadding)),
                 b.getNamedAttr("dilation", b.getDenseI64ArrayAttr(*dilation)),
                 b.getNamedAttr("groups", b.getI64IntegerAttr(*group))}));
}

void nnid::onnx_import::registerConvTransposeImporters(
    StringMap<NodeImportFn> &importers) {
  importers["ConvTranspose"] = importConvTranspose;
}
