//===- ImportElementwise.cpp - ONNX elementwise math as TOSA --------------===//
//
// Sub, Mul, Div, Pow with NumPy broadcasting; Max, Min, Sum, Mean of one or
// more inputs; Abs, Neg, Exp, Log, Sqrt, Reciprocal, Erf, Tanh. nnid does not
// reason about plain tensor math: each is a TOSA op (docs/onnx.md), which
// tosa-to-linalg lowers in both pipelines. Sub, Mul and Div of int64 shape
// computations are folded.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"
#include "Tensors.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

Value nnid::onnx_import::createScalarConstant(NodeImporter &node, int64_t rank,
                                              float value) {
  return node.createConstant(
      RankedTensorType::get(SmallVector<int64_t>(rank, 1),
                            Float32Type::get(node.getContext())),
      {value});
}

LogicalResult nnid::onnx_import::checkElementCount(NodeImporter &node,
                                                   ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size))
      continue;
    if (llvm::MulOverflow(count, size, count) || count > kMaxElements) {
      node.fail() << "the result would have more than 2^31 elements";
      return failure();
    }
  }
  return success();
}

/// The shift operand of tosa.mul (0: f32 operands are not shifted).
static Value createMulShift(NodeImporter &node) {
  OpBuilder &b = node.getBuilder();
  auto type = RankedTensorType::get({1}, b.getI8Type());
  return tosa::ConstOp::create(
      b, node.getLoc(), type,
      DenseElementsAttr::get(type, b.getI8IntegerAttr(0).getValue()));
}

FailureOr<Value> nnid::onnx_import::createBinary(NodeImporter &node,
                                                 BinaryKind kind, Value lhs,
                                                 Value rhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhsType.getShape(), rhsType.getShape());
  if (failed(shape)) {
    node.fail() << "operands of types " << lhsType << " and " << rhsType
                << " do not broadcast";
    return failure();
  }
  if (failed(checkElementCount(node, *shape)))
    return failure();
  FailureOr<Value> l = padRank(node, lhs, shape->size());
  FailureOr<Value> r = padRank(node, rhs, shape->size());
  if (failed(l) || failed(r))
    return failure();
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  auto type = RankedTensorType::get(*shape, lhsType.getElementType());
  auto propagate = tosa::NanPropagationModeAttr::get(
      node.getContext(), tosa::NanPropagationMode::PROPAGATE);
  Operation *op = nullptr;
  switch (kind) {
  case BinaryKind::Add:
    op = tosa::AddOp::create(b, loc, type, *l, *r);
    break;
  case BinaryKind::Sub:
    op = tosa::SubOp::create(b, loc, type, *l, *r);
    break;
  case BinaryKind::Mul:
    op = tosa::MulOp::create(b, loc, type, *l, *r, createMulShift(node));
    break;
  case BinaryKind::Div: {
    // TOSA divides integers only: lhs * (1 / rhs).
    FailureOr<Value> inverse = createUnary(node, UnaryKind::Reciprocal, *r);
    if (failed(inverse))
      return failure();
    op = tosa::MulOp::create(b, loc, type, *l, *inverse, createMulShift(node));
    break;
  }
  case BinaryKind::Pow:
    op = tosa::PowOp::create(b, loc, type, *l, *r);
    break;
  case BinaryKind::Max:
    op = tosa::MaximumOp::create(b, loc, type, *l, *r, propagate);
    break;
  case BinaryKind::Min:
    op = tosa::MinimumOp::create(b, loc, type, *l, *r, propagate);
    break;
  }
  return node.verifyCreated(op);
}

/// erf(x), as Abramowitz and Stegun's 7.1.26 (absolute error at most
/// 1.5e-7): for x >= 0, erf(x) = 1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5))))
/// exp(-x^2) with t = 1 / (1 + p x); erf is odd. (tosa.erf becomes math.erf,
/// which the CPU pipeline does not lower.)
static FailureOr<Value> createErf(NodeImporter &node, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  auto constant = [&](float v) { return createScalarConstant(node, rank, v); };
  auto binary = [&](BinaryKind kind, FailureOr<Value> lhs,
                    FailureOr<Value> rhs) -> FailureOr<Value> {
    if (failed(lhs) || failed(rhs))
      return failure();
    return createBinary(node, kind, *lhs, *rhs);
  };
  auto unary = [&](UnaryKind kind, FailureOr<Value> v) -> FailureOr<Value> {
    if (failed(v))
      return failure();
    return createUnary(node, kind, *v);
  };
  const float p = 0.3275911f;
  const float a[] = {0.254829592f, -0.284496736f, 1.421413741f, -1.453152027f,
                     1.061405429f};
  FailureOr<Value> ax = unary(UnaryKind::Abs, x);
  FailureOr<Value> t = unary(UnaryKind::Reciprocal,
                             binary(BinaryKind::Add, constant(1.0f),
                                    binary(BinaryKind::Mul, constant(p), ax)));
  FailureOr<Value> poly = constant(a[4]);
  for (int i = 3; i >= 0; --i)
    poly = binary(BinaryKind::Add, constant(a[i]),
                  binary(BinaryKind::Mul, t, poly));
  poly = binary(BinaryKind::Mul, t, poly);
  FailureOr<Value> gauss = unary(
      UnaryKind::Exp, unary(UnaryKind::Neg, binary(BinaryKind::Mul, x, x)));
  FailureOr<Value> positive = binary(BinaryKind::Sub, constant(1.0f),
                                     binary(BinaryKind::Mul, poly, gauss));
  FailureOr<Value> negative = unary(UnaryKind::Neg, positive);
  if (failed(positive) || failed(negative))
    return failure();
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  auto isNegative = tosa::GreaterOp::create(
      b, loc, RankedTensorType::get(type.getShape(), b.getI1Type()),
      constant(0.0f), x);
  FailureOr<Value> predicate = node.verifyCreated(isNegative);
  if (failed(predicate))
    return failure();
  auto op =
      tosa::SelectOp::create(b, loc, type, *predicate, *negative, *positive);
  return node.verifyCreated(op);
}

FailureOr<Value> nnid::onnx_import::createUnary(NodeImporter &node,
                                                UnaryKind kind, Value input) {
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  auto type = cast<RankedTensorType>(input.getType());
  Operation *op = nullptr;
  switch (kind) {
  case UnaryKind::Abs:
    op = tosa::AbsOp::create(b, loc, type, input);
    break;
  case UnaryKind::Neg: {
    // f32 has no zero points: both are 0.
    auto zpType = RankedTensorType::get({1}, type.getElementType());
    auto zp = [&] {
      return tosa::ConstOp::create(b, loc, zpType,
                                   DenseElementsAttr::get(zpType, 0.0f));
    };
    op = tosa::NegateOp::create(b, loc, type, input, zp(), zp());
    break;
  }
  case UnaryKind::Exp:
    op = tosa::ExpOp::create(b, loc, type, input);
    break;
  case UnaryKind::Log:
    op = tosa::LogOp::create(b, loc, type, input);
    break;
  case UnaryKind::Sqrt:
    // TOSA has no square root: x ^ 0.5.
    op = tosa::PowOp::create(b, loc, type, input,
                             createScalarConstant(node, type.getRank(), 0.5f));
    break;
  case UnaryKind::Reciprocal:
    op = tosa::ReciprocalOp::create(b, loc, type, input);
    break;
  case UnaryKind::Erf:
    return createErf(node, input);
  case UnaryKind::Tanh:
    op = tosa::TanhOp::create(b, loc, type, input);
    break;
  }
  return node.verifyCreated(op);
}

/// The attributes opsets before 6 (consumed_inputs) and 7 (the broadcast and
/// axis of the old broadcasting rule) give elementwise ops.
static LogicalResult checkElementwiseAttrs(NodeImporter &node,
                                           bool legacyBroadcast) {
  SmallVector<StringRef> known;
  if (node.getOpset() < 6)
    known.push_back("consumed_inputs");
  if (legacyBroadcast && node.getOpset() < 7)
    known.append({"broadcast", "axis"});
  return node.checkKnownAttrs(known);
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

LogicalResult nnid::onnx_import::foldIntBinary(NodeImporter &node,
                                               BinaryKind kind) {
  FailureOr<IntTensor> lhs = node.getInts(0);
  FailureOr<IntTensor> rhs = node.getInts(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  size_t size = std::max(lhs->values.size(), rhs->values.size());
  auto fits = [&](const IntTensor &t) {
    return t.values.size() == size || t.values.size() == 1;
  };
  if (!fits(*lhs) || !fits(*rhs)) {
    node.fail() << "int64 operands of " << lhs->values.size() << " and "
                << rhs->values.size() << " values do not broadcast";
    return failure();
  }
  IntTensor result;
  result.scalar = lhs->scalar && rhs->scalar;
  for (size_t i = 0; i < size; ++i) {
    int64_t a = lhs->values[lhs->values.size() == 1 ? 0 : i];
    int64_t b = rhs->values[rhs->values.size() == 1 ? 0 : i];
    if (a == IntTensor::kBatch || b == IntTensor::kBatch) {
      node.fail() << "nnid folds int64 math only on sizes known when it "
                     "compiles, not on the dynamic batch";
      return failure();
    }
    int64_t value = 0;
    bool overflow = false;
    if (kind == BinaryKind::Add)
      overflow = llvm::AddOverflow(a, b, value);
    else if (kind == BinaryKind::Sub)
      overflow = llvm::SubOverflow(a, b, value);
    else if (kind == BinaryKind::Mul)
      overflow = llvm::MulOverflow(a, b, value);
    else if (a < 0 || b <= 0)
      // Integer division truncates in ONNX's reference and floors in
      // PyTorch's exports; they agree on what sizes are.
      overflow = true;
    else
      value = a / b;
    if (overflow) {
      node.fail() << "the int64 " << node.getNode().op_type() << " of " << a
                  << " and " << b << " overflows or is not a size";
      return failure();
    }
    result.values.push_back(value);
  }
  node.setOutputInts(0, std::move(result));
  return success();
}

/// B of the broadcasting rule before opset 7 (`broadcast` = 1: B's
/// dimensions match A's from `axis` on, by default its last ones), given
/// trailing unit dimensions so that NumPy's rule does the same.
static FailureOr<Value> applyLegacyBroadcast(NodeImporter &node, Value a,
                                             Value b) {
  FailureOr<int64_t> broadcast = node.getInt("broadcast", 0);
  if (failed(broadcast))
    return failure();
  auto aType = cast<RankedTensorType>(a.getType());
  auto bType = cast<RankedTensorType>(b.getType());
  if (!*broadcast) {
    if (aType.getShape() != bType.getShape()) {
      node.fail() << "operands of types " << aType << " and " << bType
                  << " differ and attribute 'broadcast' is not 1";
      return failure();
    }
    return b;
  }
  int64_t rankA = aType.getRank(), rankB = bType.getRank();
  FailureOr<int64_t> axis = node.getInt("axis", rankA - rankB);
  if (failed(axis))
    return failure();
  if (*axis < 0)
    *axis += rankA;
  if (*axis < 0 || rankB > rankA || *axis > rankA - rankB) {
    node.fail() << "B of type " << bType << " does not fit A of type " << aType
                << " at axis " << *axis;
    return failure();
  }
  SmallVector<int64_t> shape(bType.getShape());
  shape.append(rankA - rankB - *axis, 1);
  return createReshape(node, b, shape);
}

/// x when {lhs, rhs} is {x, OpT(x)}: torch.onnx exports nn.SiLU as
/// x * Sigmoid(x), and before opset 14 nn.Hardswish as x * HardSigmoid(x).
template <typename OpT> static Value matchSelfGated(Value lhs, Value rhs) {
  for (auto [x, other] : {std::pair(lhs, rhs), std::pair(rhs, lhs)})
    if (auto gate = dyn_cast_or_null<OpT>(other.getDefiningOp()))
      if (gate.getInput() == x)
        return x;
  return {};
}

/// The importer of one binary op kind (Sub, Mul, Div, Pow).
template <BinaryKind kind>
static LogicalResult importBinary(NodeImporter &node) {
  if (failed(checkElementwiseAttrs(node, /*legacyBroadcast=*/true)))
    return failure();
  if (kind != BinaryKind::Pow && isShapeComputation(node))
    return foldIntBinary(node, kind);
  FailureOr<Value> lhs = node.getInput(0);
  FailureOr<Value> rhs = node.getInput(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (node.getOpset() < 7) {
    rhs = applyLegacyBroadcast(node, *lhs, *rhs);
    if (failed(rhs))
      return failure();
  }
  if (kind == BinaryKind::Mul) {
    if (Value x = matchSelfGated<SigmoidOp>(*lhs, *rhs))
      return node.setResult(node.create<SiluOp>({x}));
    if (Value x = matchSelfGated<HardsigmoidOp>(*lhs, *rhs))
      return node.setResult(node.create<HardswishOp>({x}));
  }
  return node.setResult(createBinary(node, kind, *lhs, *rhs));
}

//===----------------------------------------------------------------------===//
// Ops of one or more inputs
//===----------------------------------------------------------------------===//

/// Max, Min, Sum and Mean: the op folded over the inputs, left to right.
/// Inputs broadcast from opset 8; before, they have one shape.
template <BinaryKind kind, bool mean = false>
static LogicalResult importVariadic(NodeImporter &node) {
  if (failed(checkElementwiseAttrs(node, /*legacyBroadcast=*/false)))
    return failure();
  int count = node.getNode().input_size();
  if (count < 1) {
    node.fail() << node.getNode().op_type() << " needs at least one input";
    return failure();
  }
  FailureOr<Value> result = node.getInput(0);
  if (failed(result))
    return failure();
  for (int i = 1; i < count; ++i) {
    FailureOr<Value> input = node.getInput(i);
    if (failed(input))
      return failure();
    if (node.getOpset() < 8 && input->getType() != result->getType()) {
      node.fail() << "input " << i << " of type " << input->getType()
                  << " differs from input 0's " << result->getType()
                  << "; inputs broadcast from opset 8 only";
      return failure();
    }
    result = createBinary(node, kind, *result, *input);
    if (failed(result))
      return failure();
  }
  if (mean)
    result = createScale(node, *result, 1.0f / float(count));
  return node.setResult(result);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

template <UnaryKind kind> static LogicalResult importUnary(NodeImporter &node) {
  if (failed(checkElementwiseAttrs(node, /*legacyBroadcast=*/false)))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  return node.setResult(createUnary(node, kind, *input));
}

void nnid::onnx_import::registerElementwiseImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Sub"] = importBinary<BinaryKind::Sub>;
  importers["Mul"] = importBinary<BinaryKind::Mul>;
  importers["Div"] = importBinary<BinaryKind::Div>;
  importers["Pow"] = importBinary<BinaryKind::Pow>;
  importers["Max"] = importVariadic<BinaryKind::Max>;
  importers["Min"] = importVariadic<BinaryKind::Min>;
  importers["Sum"] = importVariadic<BinaryKind::Add>;
  importers["Mean"] = importVariadic<BinaryKind::Add, /*mean=*/true>;
  importers["Abs"] = importUnary<UnaryKind::Abs>;
  importers["Neg"] = importUnary<UnaryKind::Neg>;
  importers["Exp"] = importUnary<UnaryKind::Exp>;
  importers["Log"] = importUnary<UnaryKind::Log>;
  importers["Sqrt"] = importUnary<UnaryKind::Sqrt>;
  importers["Reciprocal"] = importUnary<UnaryKind::Reciprocal>;
  importers["Erf"] = importUnary<UnaryKind::Erf>;
  importers["Tanh"] = importUnary<UnaryKind::Tanh>;
}
