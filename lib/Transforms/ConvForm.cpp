//===- ConvForm.cpp - linear nnid ops seen as convolutions ----------------===//
//
// Recognition of steps and branches, reading their constants, and the
// conv2d builder shared by the re-parameterization patterns.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cassert>
#include <cmath>

using namespace mlir;
using namespace nnid;
using namespace nnid::reparam;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// The f32 values of a constant (dense elements or a dense resource whose
/// blob is present), or nothing.
static std::optional<std::vector<double>> readValues(Value value) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (!dense.getElementType().isF32())
      return std::nullopt;
    auto values = dense.getValues<float>();
    return std::vector<double>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> values = resource.tryGetAsArrayRef();
    if (!values)
      return std::nullopt;
    return std::vector<double>(values->begin(), values->end());
  }
  return std::nullopt;
}

/// Whether `value` is a constant that readValues can read, without reading
/// it.
static bool isReadableConstant(Value value) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return false;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.getElementType().isF32();
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    return resource.tryGetAsArrayRef().has_value();
  return false;
}

static bool isAllZero(ArrayRef<double> values) {
  return llvm::all_of(values, [](double v) { return v == 0.0; });
}

//===----------------------------------------------------------------------===//
// Steps
//===----------------------------------------------------------------------===//

static std::array<int64_t, 2> toPair(ArrayRef<int64_t> values) {
  return {values[0], values[1]};
}

static std::array<int64_t, 4> toQuad(ArrayRef<int64_t> values) {
  return {values[0], values[1], values[2], values[3]};
}

/// The per-channel scale and shift of a batch norm, gamma / sqrt(var + eps)
/// and beta - mean * scale; nothing when a parameter is not constant or a
/// scale is not finite.
static std::optional<std::pair<std::vector<double>, std::vector<double>>>
getBatchNormAffine(BatchNormOp op) {
  std::optional<std::vector<double>> gamma = readValues(op.getWeight());
  std::optional<std::vector<double>> beta = readValues(op.getBias());
  std::optional<std::vector<double>> mean = readValues(op.getRunningMean());
  std::optional<std::vector<double>> var = readValues(op.getRunningVar());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  double epsilon = op.getEpsilon().convertToDouble();
  std::vector<double> scale(gamma->size()), shift(gamma->size());
  for (size_t c = 0; c < gamma->size(); ++c) {
    double denominator = std::sqrt((*var)[c] + epsilon);
    if (!(denominator > 0.0) || !std::isfinite(denominator))
      return std::nullopt;
    scale[c] = (*gamma)[c] / denominator;
    shift[c] = (*beta)[c] - (*mean)[c] * scale[c];
    if (!std::isfinite(scale[c]) || !std::isfinite(shift[c]))
      return std::nullopt;
  }
  return std::make_pair(std::move(scale), std::move(shift));
}

/// Elements of one image of `value`.
static int64_t getImageSize(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t size = 1;
  for (int64_t d : type.getShape().drop_front())
    size *= d;
  return size;
}

/// Multiply-accumulates of a convolution with weight `weight` and result
/// `result`, for one image.
static int64_t getConvCost(Value weight, Value result) {
  auto resultType = cast<RankedTensorType>(result.getType());
  return cast<RankedTensorType>(weight.getType()).getNumElements() *
         resultType.getDimSize(2) * resultType.getDimSize(3);
}

static std::optional<Step> matchConv(Conv2dOp op) {
  if (!isReadableConstant(op.getWeight()))
    return std::nullopt;
  ConvGeometry g;
  if (Value bias = op.getBias()) {
    std::optional<std::vector<double>> values = readValues(bias);
    if (!values)
      return std::nullopt;
    g.hasBias = !isAllZero(*values);
  }
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto weightType = cast<RankedTensorType>(op.getWeight().getType());
  g.inChannels = inputType.getDimSize(1);
  g.outChannels = weightType.getDimSize(0);
  g.groups = op.getGroups();
  g.kernel = {weightType.getDimSize(2), weightType.getDimSize(3)};
  g.stride = toPair(op.getStride());
  g.dilation = toPair(op.getDilation());
  g.padding = toQuad(op.getPadding());
  g.normalizeDilation();
  return Step{op, StepKind::Conv, g, getConvCost(op.getWeight(), op)};
}

static std::optional<Step> matchIdentityConv(IdentityConv1x1Op op) {
  if (!isReadableConstant(op.getWeight()))
    return std::nullopt;
  ConvGeometry g;
  g.inChannels = g.outChannels =
      cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
  g.groups = op.getGroups();
  return Step{op, StepKind::IdentityConv, g, getConvCost(op.getWeight(), op)};
}

static std::optional<Step> matchBatchNorm(BatchNormOp op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  if (inputType.getRank() != 4)
    return std::nullopt;
  auto affine = getBatchNormAffine(op);
  if (!affine)
    return std::nullopt;
  ConvGeometry g = depthwise(inputType.getDimSize(1));
  g.hasBias = !isAllZero(affine->second);
  return Step{op, StepKind::BatchNorm, g, getImageSize(op)};
}

/// Average pooling is a depthwise convolution with kernel 1 / (kh * kw) when
/// every window divides by kh * kw: padding counts (or there is none), and no
/// window is cut short by ceil_mode (the output has the convolution's size).
static std::optional<Step> matchAvgPool(AvgPool2dOp op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  ConvGeometry g = depthwise(inputType.getDimSize(1));
  g.kernel = toPair(op.getKernelSize());
  g.stride = toPair(op.getEffectiveStride());
  g.padding = toQuad(op.getPadding());
  if (g.hasPadding() && !op.getCountIncludePad())
    return std::nullopt;
  for (int d = 0; d < 2; ++d)
    if (g.getOutputSize(d, inputType.getDimSize(2 + d)) !=
        resultType.getDimSize(2 + d))
      return std::nullopt;
  int64_t cost = getImageSize(op) * g.kernel[0] * g.kernel[1];
  return Step{op, StepKind::AvgPool, g, cost};
}

std::optional<Step> nnid::reparam::matchStep(Operation *op) {
  if (!op)
    return std::nullopt;
  return llvm::TypeSwitch<Operation *, std::optional<Step>>(op)
      .Case([](Conv2dOp op) { return matchConv(op); })
      .Case([](IdentityConv1x1Op op) { return matchIdentityConv(op); })
      .Case([](BatchNormOp op) { return matchBatchNorm(op); })
      .Case([](AvgPool2dOp op) { return matchAvgPool(op); })
      .Default([](Operation *) { return std::nullopt; });
}

ArrayRef<StringLiteral> nnid::reparam::getStepOpNames() {
  static constexpr StringLiteral names[] = {
      Conv2dOp::getOperationName(), IdentityConv1x1Op::getOperationName(),
      BatchNormOp::getOperationName(), AvgPool2dOp::getOperationName()};
  return names;
}

std::string Step::describe() const {
  std::string name = op->getName().stripDialect().str();
  if (kind != StepKind::Conv && kind != StepKind::AvgPool)
    return name;
  return std::to_string(geometry.kernel[0]) + "x" +
         std::to_string(geometry.kernel[1]) + " " + name;
}

ConvKernel nnid::reparam::materialize(const Step &step) {
  ConvKernel kernel(step.geometry);
  const ConvGeometry &g = step.geometry;
  switch (step.kind) {
  case StepKind::Conv: {
    auto conv = cast<Conv2dOp>(step.op);
    kernel.weight = *readValues(conv.getWeight());
    if (g.hasBias)
      kernel.bias = *readValues(conv.getBias());
    break;
  }
  case StepKind::IdentityConv:
    kernel.weight = *readValues(cast<IdentityConv1x1Op>(step.op).getWeight());
    for (int64_t c = 0; c < g.outChannels; ++c)
      kernel.at(c, c % g.getInPerGroup(), 0, 0) += 1.0;
    break;
  case StepKind::BatchNorm: {
    auto [scale, shift] = *getBatchNormAffine(cast<BatchNormOp>(step.op));
    kernel.weight = std::move(scale);
    kernel.bias = std::move(shift);
    break;
  }
  case StepKind::AvgPool:
    std::fill(kernel.weight.begin(), kernel.weight.end(),
              1.0 / double(g.kernel[0] * g.kernel[1]));
    break;
  }
  assert(kernel.weight.size() ==
         size_t(g.outChannels * g.getInPerGroup() * g.kernel[0] * g.kernel[1]));
  return kernel;
}

//===----------------------------------------------------------------------===//
// Branches
//===----------------------------------------------------------------------===//

int64_t Branch::getCost() const {
  int64_t cost = 0;
  for (const Step &step : steps)
    cost += step.cost;
  return cost;
}

std::string Branch::describe() const {
  if (steps.empty())
    return "identity";
  std::string text;
  for (const Step &step : steps) {
    if (!text.empty())
      text += " -> ";
    text += step.describe();
  }
  return text;
}

/// Rank-4 f32 values with static C, H and W can be the identity branch.
static bool isImage(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 4 && type.getElementType().isF32() &&
         llvm::none_of(type.getShape().drop_front(), ShapedType::isDynamic);
}

std::vector<Branch> nnid::reparam::getBranches(Value value) {
  std::vector<Branch> branches;
  if (!isImage(value))
    return branches;
  Branch identity;
  identity.input = value;
  identity.geometry =
      depthwise(cast<RankedTensorType>(value.getType()).getDimSize(1));
  branches.push_back(identity);
  if (!value.hasOneUse())
    return branches;

  // Walk up the producers while each result has one use and the chain stays
  // exact; every chain that ends at `value` is a branch of its first input.
  SmallVector<Step, 4> reversed;
  ConvGeometry composite;
  for (Value current = value;;) {
    if (!reversed.empty() && !current.hasOneUse())
      break;
    std::optional<Step> step = matchStep(current.getDefiningOp());
    if (!step)
      break;
    if (reversed.empty()) {
      composite = step->geometry;
    } else {
      std::optional<ConvGeometry> next =
          composeGeometry(step->geometry, composite);
      if (!next)
        break;
      composite = *next;
    }
    reversed.push_back(*step);
    current = step->op->getOperand(0);
    Branch branch;
    branch.input = current;
    branch.steps.assign(reversed.rbegin(), reversed.rend());
    branch.geometry = composite;
    branches.push_back(std::move(branch));
  }
  return branches;
}

const Branch *nnid::reparam::findBranch(ArrayRef<Branch> branches,
                                        Value input) {
  const Branch *branch = llvm::find_if(
      branches, [&](const Branch &b) { return b.input == input; });
  return branch == branches.end() ? nullptr : branch;
}

ConvKernel nnid::reparam::materialize(const Branch &branch) {
  if (branch.isIdentity())
    return identityKernel(branch.geometry.inChannels);
  ConvKernel kernel = materialize(branch.steps.front());
  for (const Step &step : ArrayRef(branch.steps).drop_front())
    kernel = compose(kernel, materialize(step));
  return kernel;
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

Value nnid::reparam::buildConv(PatternRewriter &rewriter, Location loc,
                               Value input, const ConvKernel &kernel,
                               Type resultType) {
  const ConvGeometry &g = kernel.geometry;
  Type f32 = rewriter.getF32Type();
  auto weightType = RankedTensorType::get(
      {g.outChannels, g.getInPerGroup(), g.kernel[0], g.kernel[1]}, f32);
  SmallVector<float> weight(kernel.weight.begin(), kernel.weight.end());
  Value weightValue = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(weightType, ArrayRef(weight)));
  Value biasValue;
  if (g.hasBias) {
    SmallVector<float> bias(kernel.bias.begin(), kernel.bias.end());
    biasValue = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({g.outChannels}, f32),
                               ArrayRef(bias)));
  }
  return Conv2dOp::create(rewriter, loc, resultType, input, weightValue,
                          biasValue, g.stride, g.padding, g.dilation, g.groups);
}
