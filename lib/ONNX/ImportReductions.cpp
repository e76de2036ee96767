//===- ImportReductions.cpp - ONNX reductions and softmax -----------------===//
//
// ReduceMax, ReduceMean, ReduceSum, Softmax and LogSoftmax. ReduceMean over
// H and W of an NCHW tensor (torch's `x.mean([2, 3])`) is a global average
// pool, nnid.adaptive_avg_pool2d; every other reduction is plain tensor math,
// TOSA's reduce_max and reduce_sum one axis at a time (docs/onnx.md).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

namespace {
enum class ReduceKind { Max, Sum, Mean };
} // namespace

/// `input` reduced over `axes` (sorted, in [0, rank)), which stay as unit
/// dimensions.
static FailureOr<Value> createReduce(NodeImporter &node, ReduceKind kind,
                                     Value input, ArrayRef<int64_t> axes) {
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  auto inputType = cast<RankedTensorType>(input.getType());
  Value value = input;
  int64_t count = 1;
  for (int64_t axis : axes) {
    int64_t size = inputType.getDimSize(axis);
    if (kind == ReduceKind::Mean && (ShapedType::isDynamic(size) ||
                                     llvm::MulOverflow(count, size, count))) {
      node.fail() << "a mean over dimension " << axis << " of " << inputType
                  << " needs its size";
      return failure();
    }
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = 1;
    auto resultType = RankedTensorType::get(shape, type.getElementType());
    Operation *op;
    if (kind == ReduceKind::Max)
      op = tosa::ReduceMaxOp::create(
          b, loc, resultType, value, b.getI32IntegerAttr(axis),
          tosa::NanPropagationModeAttr::get(
              node.getContext(), tosa::NanPropagationMode::PROPAGATE));
    else
      op = tosa::ReduceSumOp::create(b, loc, resultType, value,
                                     b.getI32IntegerAttr(axis));
    FailureOr<Value> reduced = node.verifyCreated(op);
    if (failed(reduced))
      return failure();
    value = *reduced;
  }
  if (kind == ReduceKind::Mean && count != 1)
    return createScale(node, value, 1.0f / float(count));
  return value;
}

/// `axes` made non-negative and sorted; failure on an axis out of [-rank,
/// rank) or repeated.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(NodeImporter &node, ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank) {
      node.fail() << "axis " << axis << " is not in [" << -rank << ", "
                  << rank - 1 << "]";
      return failure();
    }
    result.push_back(axis < 0 ? axis + rank : axis);
  }
  llvm::sort(result);
  if (std::adjacent_find(result.begin(), result.end()) != result.end()) {
    node.fail() << "an axis is repeated";
    return failure();
  }
  return result;
}

/// ReduceMean over [2, 3] of a rank-4 tensor: a global average pool.
static FailureOr<Value> createSpatialMean(NodeImporter &node, Value input,
                                          bool keepDims) {
  OpBuilder &b = node.getBuilder();
  FailureOr<Value> pool = node.create<nnid::AdaptiveAvgPool2dOp>(
      {input}, {b.getNamedAttr("output_size", b.getDenseI64ArrayAttr({1, 1}))});
  if (succeeded(pool) && !keepDims)
    pool = node.create<nnid::FlattenOp>(
        {*pool}, {b.getNamedAttr("start_dim", b.getI64IntegerAttr(1))});
  return pool;
}

/// ReduceMax, ReduceMean and ReduceSum: over the `axes` attribute (or, for
/// ReduceSum from opset 13, the axes input), every axis when there are none
/// (unless noop_with_empty_axes), keeping them as unit dimensions unless
/// keepdims is 0.
template <ReduceKind kind>
static LogicalResult importReduce(NodeImporter &node) {
  bool axesInput = kind == ReduceKind::Sum && node.getOpset() >= 13;
  SmallVector<StringRef> known = {"keepdims"};
  if (axesInput)
    known.push_back("noop_with_empty_axes");
  else
    known.push_back("axes");
  if (failed(node.checkKnownAttrs(known)))
    return failure();
  FailureOr<int64_t> keepDims = node.getInt("keepdims", 1);
  FailureOr<int64_t> noop = node.getInt("noop_with_empty_axes", 0);
  FailureOr<Value> input = node.getInput(0);
  if (failed(keepDims) || failed(noop) || failed(input))
    return failure();
  std::optional<SmallVector<int64_t>> axes;
  if (axesInput) {
    if (node.hasInput(1)) {
      FailureOr<IntTensor> ints = node.getInts(1);
      if (failed(ints))
        return failure();
      axes = SmallVector<int64_t>(ints->values);
    }
  } else {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = node.getInts("axes");
    if (failed(attr))
      return failure();
    axes = *attr;
  }
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if ((!axes || axes->empty()) && *noop)
    return node.setResult(*input);
  SmallVector<int64_t> all;
  if (!axes || axes->empty())
    all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  FailureOr<SmallVector<int64_t>> sorted =
      normalizeAxes(node, axes && !axes->empty() ? *axes : all, rank);
  if (failed(sorted))
    return failure();
  if (kind == ReduceKind::Mean && rank == 4 &&
      *sorted == ArrayRef<int64_t>{2, 3})
    return node.setResult(createSpatialMean(node, *input, *keepDims));
  FailureOr<Value> result = createReduce(node, kind, *input, *sorted);
  if (succeeded(result) && !*keepDims) {
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(*sorted, d))
        shape.push_back(type.getDimSize(d));
    result = createReshape(node, *result, shape);
  }
  return node.setResult(result);
}

/// Softmax and LogSoftmax along `axis`, with the maximum subtracted first so
/// that exp cannot overflow: e = exp(x - max), softmax = e / sum(e),
/// log-softmax = (x - max) - log(sum(e)).
static FailureOr<Value> createSoftmax(NodeImporter &node, Value input,
                                      int64_t axis, bool log) {
  FailureOr<Value> max = createReduce(node, ReduceKind::Max, input, {axis});
  if (failed(max))
    return failure();
  FailureOr<Value> shifted = createBinary(node, BinaryKind::Sub, input, *max);
  if (failed(shifted))
    return failure();
  FailureOr<Value> exp = createUnary(node, UnaryKind::Exp, *shifted);
  if (failed(exp))
    return failure();
  FailureOr<Value> sum = createReduce(node, ReduceKind::Sum, *exp, {axis});
  if (failed(sum))
    return failure();
  if (!log)
    return createBinary(node, BinaryKind::Div, *exp, *sum);
  FailureOr<Value> logSum = createUnary(node, UnaryKind::Log, *sum);
  if (failed(logSum))
    return failure();
  return createBinary(node, BinaryKind::Sub, *shifted, *logSum);
}

/// From opset 13, along one axis (default -1). Before, the input is taken as
/// a matrix [d0 * ... * d(axis-1), d(axis) * ... * d(rank-1)] (default axis
/// 1), normalized along its rows.
template <bool log> static LogicalResult importSoftmax(NodeImporter &node) {
  if (failed(node.checkKnownAttrs({"axis"})))
    return failure();
  bool coerce = node.getOpset() < 13;
  FailureOr<int64_t> axis = node.getInt("axis", coerce ? 1 : -1);
  FailureOr<Value> input = node.getInput(0);
  if (failed(axis) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (rank == 0) {
    node.fail() << "the input is a scalar; " << node.getNode().op_type()
                << " takes a tensor of rank 1 or more";
    return failure();
  }
  // (Before opset 11 an axis may also be rank: a matrix of one column.)
  int64_t limit = node.getOpset() < 11 ? rank : rank - 1;
  if (*axis < -rank || *axis > limit) {
    node.fail() << "axis " << *axis << " is not in [" << -rank << ", " << limit
                << "]";
    return failure();
  }
  if (*axis < 0)
    *axis += rank;
  if (!coerce || *axis == rank - 1)
    return node.setResult(createSoftmax(node, *input, *axis, log));
  // The matrix, normalized along its last dimension.
  int64_t rows = 1, cols = 1;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = type.getDimSize(d);
    if (ShapedType::isDynamic(size) ||
        llvm::MulOverflow(d < *axis ? rows : cols, size,
                          d < *axis ? rows : cols)) {
      node.fail() << "the input " << type << " is taken as a matrix before "
                  << "opset 13, which needs static dimensions";
      return failure();
    }
  }
  FailureOr<Value> matrix = createReshape(node, *input, {rows, cols});
  if (failed(matrix))
    return failure();
  FailureOr<Value> result = createSoftmax(node, *matrix, 1, log);
  if (succeeded(result))
    result = createReshape(node, *result, type.getShape());
  return node.setResult(result);
}

void nnid::onnx_import::registerReductionImporters(
    StringMap<NodeImportFn> &importers) {
  importers["ReduceMax"] = importReduce<ReduceKind::Max>;
  importers["ReduceMean"] = importReduce<ReduceKind::Mean>;
  importers["ReduceSum"] = importReduce<ReduceKind::Sum>;
  importers["Softmax"] = importSoftmax</*log=*/false>;
  importers["LogSoftmax"] = importSoftmax</*log=*/true>;
}
