//===- ImportTensorShapes.cpp - ONNX data movement of f32 tensors ---------===//
//
// Slice, Split, Expand, Tile, DepthToSpace and SpaceToDepth of f32 tensors,
// whose shapes, indices and block sizes are known when the model is
// compiled. nnid does not reason about them: they are TOSA ops (tosa.slice,
// tosa.reverse, tosa.tile, tosa.reshape, tosa.transpose) and, for a strided
// Slice, tensor.extract_slice (docs/onnx.md).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"
#include "Tensors.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <numeric>
#include <utility>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

/// ONNX's clamping of a Slice's `start` and `end` on a dimension of `dim`
/// elements: a negative index counts from the end; then starts are clamped
/// to [0, dim] and ends to [0, dim] stepping forward, to [0, dim - 1] and
/// [-1, dim - 1] stepping backward. Returns the number of elements taken.
static int64_t clampSliceRange(int64_t &start, int64_t &end, int64_t step,
                               int64_t dim) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    return end > start ? (end - start - 1) / step + 1 : 0;
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return start > end ? (start - end - 1) / -step + 1 : 0;
}

FailureOr<Value> nnid::onnx_import::createSlice(NodeImporter &node, Value input,
                                                ArrayRef<int64_t> offsets,
                                                ArrayRef<int64_t> sizes,
                                                ArrayRef<int64_t> strides) {
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getShape() == sizes)
    return input;
  auto resultType = RankedTensorType::get(sizes, type.getElementType());
  // (TOSA's tensors are not empty; an empty slice is a tensor op.)
  bool unitStrides = llvm::all_of(strides, [](int64_t s) { return s == 1; });
  bool empty = llvm::is_contained(sizes, 0);
  if (unitStrides && !empty && type.hasStaticShape()) {
    auto op = tosa::SliceOp::create(b, loc, resultType, input,
                                    createTosaConstShape(node, offsets),
                                    createTosaConstShape(node, sizes));
    return node.verifyCreated(op);
  }
  SmallVector<OpFoldResult> offsetValues, sizeValues, strideValues;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    offsetValues.push_back(b.getIndexAttr(offsets[d]));
    strideValues.push_back(b.getIndexAttr(strides[d]));
    if (ShapedType::isDynamic(sizes[d]))
      sizeValues.push_back(tensor::DimOp::create(b, loc, input, d).getResult());
    else
      sizeValues.push_back(b.getIndexAttr(sizes[d]));
  }
  auto op = tensor::ExtractSliceOp::create(
      b, loc, resultType, input, offsetValues, sizeValues, strideValues);
  return node.verifyCreated(op);
}

/// Axes of a Slice or Split node, made non-negative.
static FailureOr<int64_t> normalizeAxis(NodeImporter &node, int64_t axis,
                                        int64_t rank) {
  if (axis < -rank || axis >= rank) {
    node.fail() << "axis " << axis << " is not in [" << -rank << ", "
                << rank - 1 << "]";
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

/// starts, ends, axes and steps: attributes before opset 10 (without steps),
/// inputs from then on.
static FailureOr<SmallVector<int64_t>> getSliceList(NodeImporter &node,
                                                    StringRef name, int input) {
  if (node.getOpset() < 10) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = node.getInts(name);
    if (failed(attr))
      return failure();
    return *attr ? **attr : SmallVector<int64_t>();
  }
  if (!node.hasInput(input))
    return SmallVector<int64_t>();
  FailureOr<IntTensor> ints = node.getInts(input);
  if (failed(ints))
    return failure();
  if (llvm::is_contained(ints->values, IntTensor::kBatch)) {
    node.fail() << "'" << name << "' holds the dynamic batch size";
    return failure();
  }
  return SmallVector<int64_t>(ints->values);
}

/// Slice of an int64 vector of a shape computation, folded (torch's size of
/// F.interpolate is Concat(Slice(Shape(x), 0, 2), sizes)).
static LogicalResult foldIntSlice(NodeImporter &node) {
  FailureOr<IntTensor> data = node.getInts(0);
  FailureOr<SmallVector<int64_t>> starts = getSliceList(node, "starts", 1);
  FailureOr<SmallVector<int64_t>> ends = getSliceList(node, "ends", 2);
  FailureOr<SmallVector<int64_t>> axes = getSliceList(node, "axes", 3);
  FailureOr<SmallVector<int64_t>> steps = getSliceList(node, "steps", 4);
  if (failed(data) || failed(starts) || failed(ends) || failed(axes) ||
      failed(steps))
    return failure();
  if (data->scalar || starts->size() != 1 || ends->size() != 1 ||
      axes->size() > 1 || steps->size() > 1) {
    node.fail() << "a Slice of int64 shape values slices one vector once";
    return failure();
  }
  FailureOr<int64_t> axis =
      normalizeAxis(node, axes->empty() ? 0 : axes->front(), 1);
  if (failed(axis))
    return failure();
  int64_t dim = data->values.size();
  int64_t step = steps->empty() ? 1 : steps->front();
  int64_t start = starts->front(), end = ends->front();
  if (step == 0 || step == std::numeric_limits<int64_t>::min()) {
    node.fail() << "step " << step << " is not valid";
    return failure();
  }
  int64_t size = clampSliceRange(start, end, step, dim);
  IntTensor result;
  for (int64_t k = 0; k < size; ++k)
    result.values.push_back(data->values[start + k * step]);
  node.setOutputInts(0, std::move(result));
  return success();
}

static LogicalResult importSlice(NodeImporter &node) {
  if (failed(node.checkKnownAttrs(
          node.getOpset() < 10 ? ArrayRef<StringRef>{"starts", "ends", "axes"}
                               : ArrayRef<StringRef>{})))
    return failure();
  if (node.getOpset() >= 10 && isShapeComputation(node))
    return foldIntSlice(node);
  FailureOr<Value> input = node.getInput(0);
  FailureOr<SmallVector<int64_t>> starts = getSliceList(node, "starts", 1);
  FailureOr<SmallVector<int64_t>> ends = getSliceList(node, "ends", 2);
  FailureOr<SmallVector<int64_t>> axes = getSliceList(node, "axes", 3);
  FailureOr<SmallVector<int64_t>> steps = getSliceList(node, "steps", 4);
  if (failed(input) || failed(starts) || failed(ends) || failed(axes) ||
      failed(steps))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  size_t count = starts->size();
  if (axes->empty())
    *axes = llvm::to_vector(llvm::seq<int64_t>(0, count));
  if (steps->empty())
    steps->assign(count, 1);
  if (ends->size() != count || axes->size() != count ||
      steps->size() != count) {
    node.fail() << "starts, ends, axes and steps have " << count << ", "
                << ends->size() << ", " << axes->size() << " and "
                << steps->size() << " values";
    return failure();
  }
  SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape()),
      strides(rank, 1);
  SmallVector<bool> seen(rank, false), reversed(rank, false);
  for (size_t i = 0; i < count; ++i) {
    FailureOr<int64_t> axis = normalizeAxis(node, (*axes)[i], rank);
    if (failed(axis))
      return failure();
    if (std::exchange(seen[*axis], true)) {
      node.fail() << "axis " << *axis << " is sliced twice";
      return failure();
    }
    int64_t dim = type.getDimSize(*axis);
    if (ShapedType::isDynamic(dim)) {
      node.fail() << "dimension " << *axis << " of " << type
                  << " is dynamic; nnid slices static dimensions";
      return failure();
    }
    int64_t step = (*steps)[i], start = (*starts)[i], end = (*ends)[i];
    if (step == 0 || step == std::numeric_limits<int64_t>::min()) {
      node.fail() << "step " << step << " on axis " << *axis << " is not valid";
      return failure();
    }
    int64_t size = clampSliceRange(start, end, step, dim);
    if (step < 0) {
      // Backward from `start` is forward from dim - 1 - start in the
      // reversed dimension.
      reversed[*axis] = true;
      start = dim - 1 - start;
      step = -step;
    }
    // (An empty slice starts at 0: tensor.extract_slice wants offsets in
    // bounds.)
    offsets[*axis] = size ? start : 0;
    sizes[*axis] = size;
    strides[*axis] = step;
  }
  Value value = *input;
  OpBuilder &b = node.getBuilder();
  for (int64_t d = 0; d < rank; ++d) {
    if (!reversed[d])
      continue;
    auto op = tosa::ReverseOp::create(b, node.getLoc(), value.getType(), value,
                                      b.getI32IntegerAttr(d));
    FailureOr<Value> result = node.verifyCreated(op);
    if (failed(result))
      return failure();
    value = *result;
  }
  return node.setResult(createSlice(node, value, offsets, sizes, strides));
}

//===----------------------------------------------------------------------===//
// Split
//===----------------------------------------------------------------------===//

/// Split along `axis` (default 0) into the parts `split` gives (an attribute
/// before opset 13, an input from then on; opset 1 takes either), or into
/// equal parts, one per output.
static LogicalResult importSplit(NodeImporter &node) {
  if (failed(node.checkKnownAttrs(node.getOpset() < 13
                                      ? ArrayRef<StringRef>{"axis", "split"}
                                      : ArrayRef<StringRef>{"axis"})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<int64_t> axisAttr = node.getInt("axis", 0);
  if (failed(input) || failed(axisAttr))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<int64_t> axis = normalizeAxis(node, *axisAttr, type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  if (ShapedType::isDynamic(dim)) {
    node.fail() << "dimension " << *axis << " of " << type
                << " is dynamic; nnid splits static dimensions";
    return failure();
  }
  int64_t outputs = node.getNode().output_size();
  SmallVector<int64_t> split;
  if (node.hasInput(1)) {
    FailureOr<IntTensor> ints = node.getInts(1);
    if (failed(ints))
      return failure();
    split.assign(ints->values.begin(), ints->values.end());
  } else if (node.getOpset() < 13) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = node.getInts("split");
    if (failed(attr))
      return failure();
    if (*attr)
      split = **attr;
  }
  if (split.empty()) {
    if (outputs < 1 || dim % outputs) {
      node.fail() << "dimension " << *axis << " of size " << dim
                  << " does not split into " << outputs << " equal parts";
      return failure();
    }
    split.assign(outputs, dim / outputs);
  }
  // (Each part is at most dim, 2^31, so the sum cannot overflow.)
  bool valid =
      int64_t(split.size()) == outputs &&
      llvm::all_of(split, [&](int64_t p) { return p >= 1 && p <= dim; });
  if (!valid ||
      std::accumulate(split.begin(), split.end(), int64_t(0)) != dim) {
    node.fail() << "'split' must hold " << outputs
                << " positive sizes adding up to " << dim;
    return failure();
  }
  SmallVector<int64_t> offsets(type.getRank(), 0), sizes(type.getShape()),
      strides(type.getRank(), 1);
  SmallVector<Value> parts;
  for (int64_t part : split) {
    sizes[*axis] = part;
    FailureOr<Value> slice = createSlice(node, *input, offsets, sizes, strides);
    if (failed(slice))
      return failure();
    parts.push_back(*slice);
    offsets[*axis] += part;
  }
  for (auto [i, part] : llvm::enumerate(parts))
    node.setOutput(i, part);
  return success();
}

//===----------------------------------------------------------------------===//
// Expand and Tile
//===----------------------------------------------------------------------===//

/// `input` repeated `multiples[d]` times along each dimension d.
static FailureOr<Value> createTile(NodeImporter &node, Value input,
                                   ArrayRef<int64_t> multiples) {
  if (llvm::all_of(multiples, [](int64_t m) { return m == 1; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() == 0) {
    node.fail() << "nnid tiles tensors of rank 1 or more";
    return failure();
  }
  SmallVector<int64_t> shape;
  for (auto [size, multiple] : llvm::zip(type.getShape(), multiples)) {
    int64_t out = size;
    if (multiple != 1 &&
        (ShapedType::isDynamic(size) ||
         llvm::MulOverflow(size, multiple, out) || out > kMaxElements)) {
      node.fail() << "the result of tiling " << type
                  << " is dynamic or has more than 2^31 elements";
      return failure();
    }
    shape.push_back(out);
  }
  if (failed(checkElementCount(node, shape)))
    return failure();
  auto op =
      tosa::TileOp::create(node.getBuilder(), node.getLoc(),
                           RankedTensorType::get(shape, type.getElementType()),
                           input, createTosaConstShape(node, multiples));
  return node.verifyCreated(op);
}

/// The int64 shape input of Expand or the repeats of Tile, every value in
/// [1, 2^31].
static FailureOr<SmallVector<int64_t>> getSizes(NodeImporter &node, int i,
                                                StringRef what) {
  FailureOr<IntTensor> ints = node.getInts(i);
  if (failed(ints))
    return failure();
  if (llvm::any_of(ints->values,
                   [](int64_t v) { return v < 1 || v > kMaxElements; })) {
    node.fail() << "'" << what
                << "' must hold sizes in [1, 2^31] known when nnid compiles "
                   "(not the dynamic batch)";
    return failure();
  }
  return SmallVector<int64_t>(ints->values);
}

/// The input broadcast to the shape (NumPy's rule, both ways).
static LogicalResult importExpand(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<SmallVector<int64_t>> target = getSizes(node, 1, "shape");
  if (failed(input) || failed(target))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(type.getShape(), *target);
  if (failed(shape)) {
    node.fail() << type << " does not broadcast to the shape";
    return failure();
  }
  FailureOr<Value> padded = padRank(node, *input, shape->size());
  if (failed(padded))
    return failure();
  auto paddedType = cast<RankedTensorType>(padded->getType());
  SmallVector<int64_t> multiples;
  for (auto [in, out] : llvm::zip(paddedType.getShape(), *shape))
    multiples.push_back(in == out ? 1 : out);
  return node.setResult(createTile(node, *padded, multiples));
}

static LogicalResult importTile(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({})))
    return failure();
  if (node.getOpset() < 6) {
    node.fail() << "Tile before opset 6 (tiles and axis inputs) is not "
                   "supported";
    return failure();
  }
  FailureOr<Value> input = node.getInput(0);
  FailureOr<SmallVector<int64_t>> repeats = getSizes(node, 1, "repeats");
  if (failed(input) || failed(repeats))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (int64_t(repeats->size()) != type.getRank()) {
    node.fail() << "'repeats' has " << repeats->size() << " values for rank "
                << type.getRank();
    return failure();
  }
  return node.setResult(createTile(node, *input, *repeats));
}

//===----------------------------------------------------------------------===//
// DepthToSpace and SpaceToDepth
//===----------------------------------------------------------------------===//

static FailureOr<Value> createTransposeOp(NodeImporter &node, Value input,
                                          ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int32_t d : perm)
    shape.push_back(type.getDimSize(d));
  auto op = tosa::TransposeOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get(shape, type.getElementType()), input,
      node.getBuilder().getDenseI32ArrayAttr(perm));
  return node.verifyCreated(op);
}

/// The rank-4 input and the blocksize attribute, which must divide what it
/// splits.
static FailureOr<std::pair<Value, int64_t>>
getBlockInput(NodeImporter &node, ArrayRef<StringRef> known) {
  if (failed(node.checkKnownAttrs(known)))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<int64_t> blockSize = node.getInt("blocksize", 0);
  if (failed(input) || failed(blockSize))
    return failure();
  if (!node.getAttr("blocksize")) {
    node.fail() << "attribute 'blocksize' is required";
    return failure();
  }
  if (*blockSize < 1 || *blockSize > (int64_t(1) << 16)) {
    node.fail() << "attribute 'blocksize' must be in [1, 65536]";
    return failure();
  }
  auto type = cast<RankedTensorType>(input->getType());
  if (type.getRank() != 4 || !type.hasStaticShape()) {
    node.fail() << "the input " << type
                << " must be an NCHW tensor of static shape";
    return failure();
  }
  return std::make_pair(*input, *blockSize);
}

/// [N, C, H, W] to [N, C / bs^2, H * bs, W * bs]: the depth is taken as
/// [bs, bs, C / bs^2] (DCR, the default) or [C / bs^2, bs, bs] (CRD).
static LogicalResult importDepthToSpace(NodeImporter &node) {
  SmallVector<StringRef> known = {"blocksize"};
  if (node.getOpset() >= 11)
    known.push_back("mode");
  FailureOr<std::pair<Value, int64_t>> in = getBlockInput(node, known);
  FailureOr<std::string> mode = node.getString("mode", "DCR");
  if (failed(in) || failed(mode))
    return failure();
  auto [input, bs] = *in;
  if (*mode != "DCR" && *mode != "CRD") {
    node.fail() << "attribute 'mode' is '" << *mode
                << "' (expected DCR or CRD)";
    return failure();
  }
  ArrayRef<int64_t> s = cast<RankedTensorType>(input.getType()).getShape();
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  if (c % (bs * bs)) {
    node.fail() << "the " << c << " channels are not a multiple of " << bs * bs
                << " (blocksize^2)";
    return failure();
  }
  int64_t depth = c / (bs * bs);
  bool dcr = *mode == "DCR";
  FailureOr<Value> blocks =
      createReshape(node, input,
                    dcr ? SmallVector<int64_t>{n, bs, bs, depth, h, w}
                        : SmallVector<int64_t>{n, depth, bs, bs, h, w});
  if (failed(blocks))
    return failure();
  FailureOr<Value> moved =
      createTransposeOp(node, *blocks,
                        dcr ? SmallVector<int32_t>{0, 3, 4, 1, 5, 2}
                            : SmallVector<int32_t>{0, 1, 4, 2, 5, 3});
  if (failed(moved))
    return failure();
  return node.setResult(
      createReshape(node, *moved, {n, depth, h * bs, w * bs}));
}

/// [N, C, H, W] to [N, C * bs^2, H / bs, W / bs], the depth ordered as
/// [bs, bs, C].
static LogicalResult importSpaceToDepth(NodeImporter &node) {
  FailureOr<std::pair<Value, int64_t>> in = getBlockInput(node, {"blocksize"});
  if (failed(in))
    return failure();
  auto [input, bs] = *in;
  ArrayRef<int64_t> s = cast<RankedTensorType>(input.getType()).getShape();
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  if (h % bs || w % bs) {
    node.fail() << "the spatial size " << h << "x" << w
                << " is not a multiple of the blocksize " << bs;
    return failure();
  }
  FailureOr<Value> blocks =
      createReshape(node, input, {n, c, h / bs, bs, w / bs, bs});
  if (failed(blocks))
    return failure();
  FailureOr<Value> moved = createTransposeOp(node, *blocks, {0, 3, 5, 1, 2, 4});
  if (failed(moved))
    return failure();
  return node.setResult(
      createReshape(node, *moved, {n, c * bs * bs, h / bs, w / bs}));
}

void nnid::onnx_import::registerTensorShapeImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Slice"] = importSlice;
  importers["Split"] = importSplit;
  importers["Expand"] = importExpand;
  importers["Tile"] = importTile;
  importers["DepthToSpace"] = importDepthToSpace;
  importers["SpaceToDepth"] = importSpaceToDepth;
}
