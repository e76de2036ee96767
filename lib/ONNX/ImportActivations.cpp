//===- ImportActivations.cpp - ONNX activation functions as nnid ops ------===//
//
// Clip, Sigmoid, HardSigmoid, HardSwish, LeakyRelu, PRelu, Elu, Selu,
// Softplus and Softsign. The activations nnid reasons about (they fuse into
// a convolution's epilogue) become nnid ops; ONNX parameters that no nnid op
// takes as they are (HardSigmoid's alpha and beta, Selu's alpha and gamma,
// PRelu's slope tensor) add TOSA math around them.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>
#include <limits>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

/// The attributes an activation of `known` parameters accepts (opsets
/// before 6 also give consumed_inputs).
static LogicalResult checkActivationAttrs(NodeImporter &node,
                                          ArrayRef<StringRef> known) {
  SmallVector<StringRef> all(known);
  if (node.getOpset() < 6)
    all.push_back("consumed_inputs");
  return node.checkKnownAttrs(all);
}

static NamedAttribute f64Attr(NodeImporter &node, StringRef name,
                              double value) {
  OpBuilder &b = node.getBuilder();
  return b.getNamedAttr(name, b.getF64FloatAttr(value));
}

/// An activation without parameters, or whose ONNX attributes are nnid's
/// (ONNX name -> nnid name, ONNX default).
template <typename OpT>
static LogicalResult
importActivation(NodeImporter &node,
                 ArrayRef<std::tuple<StringRef, StringRef, float>> params) {
  SmallVector<StringRef> known;
  for (auto [onnxName, nnidName, otherwise] : params)
    known.push_back(onnxName);
  if (failed(checkActivationAttrs(node, known)))
    return failure();
  SmallVector<NamedAttribute> attrs;
  for (auto [onnxName, nnidName, otherwise] : params) {
    FailureOr<float> value = node.getFloat(onnxName, otherwise);
    if (failed(value))
      return failure();
    if (!std::isfinite(*value)) {
      node.fail() << "attribute '" << onnxName << "' must be finite, got "
                  << *value;
      return failure();
    }
    attrs.push_back(f64Attr(node, nnidName, *value));
  }
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  return node.setResult(node.create<OpT>({*input}, attrs));
}

template <typename OpT> static LogicalResult importPlain(NodeImporter &node) {
  return importActivation<OpT>(node, {});
}

static LogicalResult importLeakyRelu(NodeImporter &node) {
  return importActivation<LeakyReluOp>(node,
                                       {{"alpha", "negative_slope", 0.01f}});
}

static LogicalResult importElu(NodeImporter &node) {
  return importActivation<EluOp>(node, {{"alpha", "alpha", 1.0f}});
}

/// A bound of Clip: input `i` (opset 11 on; absent or empty means none) or
/// attribute `name` (before; ONNX's default is the largest float).
static FailureOr<double> getClipBound(NodeImporter &node, int i, StringRef name,
                                      bool lower) {
  double none = lower ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
  if (node.getOpset() < 11) {
    float largest = std::numeric_limits<float>::max();
    FailureOr<float> value = node.getFloat(name, lower ? -largest : largest);
    if (failed(value))
      return failure();
    return double(*value);
  }
  if (!node.hasInput(i))
    return none;
  std::optional<std::vector<float>> values = node.getConstantFloats(i);
  if (!values || values->size() != 1) {
    node.fail() << "input " << i << " (" << name
                << ") must be a constant scalar: nnid fixes the bounds when "
                   "it compiles";
    return failure();
  }
  return double(values->front());
}

/// Clip(x, min, max) -> hardtanh. When min > max every value becomes max
/// (min(max(x, min), max)), which hardtanh(x, max, max) also gives.
static LogicalResult importClip(NodeImporter &node) {
  if (failed(checkActivationAttrs(node, node.getOpset() < 11
                                            ? ArrayRef<StringRef>{"min", "max"}
                                            : ArrayRef<StringRef>{})))
    return failure();
  FailureOr<double> lo = getClipBound(node, 1, "min", /*lower=*/true);
  FailureOr<double> hi = getClipBound(node, 2, "max", /*lower=*/false);
  if (failed(lo) || failed(hi))
    return failure();
  if (std::isnan(*lo) || std::isnan(*hi)) {
    node.fail() << "a NaN bound is not supported";
    return failure();
  }
  if (*lo > *hi)
    lo = *hi;
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  return node.setResult(
      node.create<HardtanhOp>({*input}, {f64Attr(node, "min_val", *lo),
                                         f64Attr(node, "max_val", *hi)}));
}

/// `input + value` with a scalar.
static FailureOr<Value> createOffset(NodeImporter &node, Value input,
                                     float value) {
  auto type = cast<RankedTensorType>(input.getType());
  return createBinary(node, BinaryKind::Add, input,
                      createScalarConstant(node, type.getRank(), value));
}

/// HardSigmoid(alpha, beta) = clamp(alpha * x + beta, 0, 1). PyTorch's
/// (alpha 1/6, beta 1/2, as torch.onnx exports nn.Hardsigmoid) is
/// nnid.hardsigmoid; others are TOSA math then hardtanh(0, 1).
static LogicalResult importHardSigmoid(NodeImporter &node) {
  if (failed(checkActivationAttrs(node, {"alpha", "beta"})))
    return failure();
  FailureOr<float> alpha = node.getFloat("alpha", 0.2f);
  FailureOr<float> beta = node.getFloat("beta", 0.5f);
  FailureOr<Value> input = node.getInput(0);
  if (failed(alpha) || failed(beta) || failed(input))
    return failure();
  if (*alpha == 1.0f / 6 && *beta == 0.5f)
    return node.setResult(node.create<HardsigmoidOp>({*input}));
  FailureOr<Value> scaled = createScale(node, *input, *alpha);
  if (failed(scaled))
    return failure();
  FailureOr<Value> shifted = createOffset(node, *scaled, *beta);
  if (failed(shifted))
    return failure();
  return node.setResult(node.create<HardtanhOp>(
      {*shifted}, {f64Attr(node, "min_val", 0), f64Attr(node, "max_val", 1)}));
}

/// Selu(alpha, gamma) = gamma * elu(x, alpha): nnid.selu for ONNX's default
/// constants (PyTorch's, rounded to float), elu and a scale otherwise.
static LogicalResult importSelu(NodeImporter &node) {
  if (failed(checkActivationAttrs(node, {"alpha", "gamma"})))
    return failure();
  constexpr float kAlpha = 1.67326319217681884765625f;
  constexpr float kGamma = 1.05070102214813232421875f;
  FailureOr<float> alpha = node.getFloat("alpha", kAlpha);
  FailureOr<float> gamma = node.getFloat("gamma", kGamma);
  FailureOr<Value> input = node.getInput(0);
  if (failed(alpha) || failed(gamma) || failed(input))
    return failure();
  if (*alpha == kAlpha && *gamma == kGamma)
    return node.setResult(node.create<SeluOp>({*input}));
  if (!std::isfinite(*alpha)) {
    node.fail() << "attribute 'alpha' must be finite, got " << *alpha;
    return failure();
  }
  FailureOr<Value> elu =
      node.create<EluOp>({*input}, {f64Attr(node, "alpha", *alpha)});
  if (failed(elu))
    return failure();
  return node.setResult(createScale(node, *elu, *gamma));
}

/// PRelu(x, slope) = x > 0 ? x : slope * x, the slope broadcast to x (ONNX's
/// unidirectional broadcast), as TOSA ops.
static LogicalResult importPRelu(NodeImporter &node) {
  if (failed(checkActivationAttrs(node, {})))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  FailureOr<Value> slope = node.getInput(1);
  if (failed(input) || failed(slope))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<Value> scaled = createBinary(node, BinaryKind::Mul, *input, *slope);
  if (failed(scaled))
    return failure();
  if (cast<RankedTensorType>(scaled->getType()).getShape() != type.getShape()) {
    node.fail() << "slope of type " << slope->getType()
                << " does not broadcast to the input's type " << type;
    return failure();
  }
  OpBuilder &b = node.getBuilder();
  Location loc = node.getLoc();
  Value zero = createScalarConstant(node, type.getRank(), 0.0f);
  auto maskType = RankedTensorType::get(type.getShape(), b.getI1Type());
  Operation *positive = tosa::GreaterOp::create(b, loc, maskType, *input, zero);
  FailureOr<Value> mask = node.verifyCreated(positive);
  if (failed(mask))
    return failure();
  Operation *select =
      tosa::SelectOp::create(b, loc, type, *mask, *input, *scaled);
  return node.setResult(node.verifyCreated(select));
}

void nnid::onnx_import::registerActivationImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Clip"] = importClip;
  importers["Sigmoid"] = importPlain<SigmoidOp>;
  importers["HardSigmoid"] = importHardSigmoid;
  importers["HardSwish"] = importPlain<HardswishOp>;
  importers["LeakyRelu"] = importLeakyRelu;
  importers["PRelu"] = importPRelu;
  importers["Elu"] = importElu;
  importers["Selu"] = importSelu;
  importers["Softplus"] = importPlain<SoftplusOp>;
  importers["Softsign"] = importPlain<SoftsignOp>;
}
