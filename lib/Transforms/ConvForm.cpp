//===- ConvForm.cpp - linear nnid ops seen as convolutions ----------------===//
//
// Recognition of steps and branches, exact composition of convolutions in
// sequence and in parallel, the cost model, and the conv2d builder shared by
// the re-parameterization patterns.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Support/Shapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/STLExtras.h"

#include <cassert>
#include <cmath>
#include <numeric>

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
// ConvGeometry and ConvKernel
//===----------------------------------------------------------------------===//

bool ConvGeometry::hasPadding() const {
  return llvm::any_of(padding, [](int64_t p) { return p != 0; });
}

int64_t ConvGeometry::getCost(int64_t outH, int64_t outW) const {
  return outChannels * getInPerGroup() * kernel[0] * kernel[1] * outH * outW;
}

std::string ConvGeometry::describe() const {
  std::string text =
      std::to_string(kernel[0]) + "x" + std::to_string(kernel[1]) + " conv2d";
  if (groups > 1)
    text += " (groups = " + std::to_string(groups) + ")";
  return text;
}

ConvKernel::ConvKernel(const ConvGeometry &geometry)
    : geometry(geometry),
      weight(geometry.outChannels * geometry.getInPerGroup() *
                 geometry.kernel[0] * geometry.kernel[1],
             0.0),
      bias(geometry.outChannels, 0.0) {}

double &ConvKernel::at(int64_t out, int64_t in, int64_t h, int64_t w) {
  const ConvGeometry &g = geometry;
  return weight[((out * g.getInPerGroup() + in) * g.kernel[0] + h) *
                    g.kernel[1] +
                w];
}

double ConvKernel::at(int64_t out, int64_t in, int64_t h, int64_t w) const {
  return const_cast<ConvKernel *>(this)->at(out, in, h, w);
}

/// A depthwise convolution of `channels` channels (groups = channels).
static ConvGeometry depthwise(int64_t channels) {
  ConvGeometry g;
  g.inChannels = g.outChannels = g.groups = channels;
  return g;
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

static void normalizeDilation(ConvGeometry &g) {
  for (int d = 0; d < 2; ++d)
    if (g.kernel[d] == 1)
      g.dilation[d] = 1;
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
  normalizeDilation(g);
  return Step{op, g};
}

static std::optional<Step> matchIdentityConv(IdentityConv1x1Op op) {
  if (!isReadableConstant(op.getWeight()))
    return std::nullopt;
  ConvGeometry g;
  g.inChannels = g.outChannels =
      cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
  g.groups = op.getGroups();
  return Step{op, g};
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
  return Step{op, g};
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
    if (shapes::convOutputSize(inputType.getDimSize(2 + d), g.kernel[d],
                               g.stride[d], g.padding[d], g.padding[2 + d],
                               1) != resultType.getDimSize(2 + d))
      return std::nullopt;
  return Step{op, g};
}

std::optional<Step> nnid::reparam::matchStep(Operation *op) {
  if (!op)
    return std::nullopt;
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return matchConv(conv);
  if (auto idConv = dyn_cast<IdentityConv1x1Op>(op))
    return matchIdentityConv(idConv);
  if (auto batchNorm = dyn_cast<BatchNormOp>(op))
    return matchBatchNorm(batchNorm);
  if (auto pool = dyn_cast<AvgPool2dOp>(op))
    return matchAvgPool(pool);
  return std::nullopt;
}

ConvKernel nnid::reparam::materialize(const Step &step) {
  ConvKernel kernel(step.geometry);
  const ConvGeometry &g = step.geometry;
  if (auto conv = dyn_cast<Conv2dOp>(step.op)) {
    kernel.weight = *readValues(conv.getWeight());
    if (g.hasBias)
      kernel.bias = *readValues(conv.getBias());
  } else if (auto idConv = dyn_cast<IdentityConv1x1Op>(step.op)) {
    kernel.weight = *readValues(idConv.getWeight());
    for (int64_t c = 0; c < g.outChannels; ++c)
      kernel.at(c, c % g.getInPerGroup(), 0, 0) += 1.0;
  } else if (auto batchNorm = dyn_cast<BatchNormOp>(step.op)) {
    auto [scale, shift] = *getBatchNormAffine(batchNorm);
    kernel.weight = std::move(scale);
    kernel.bias = std::move(shift);
  } else {
    assert(isa<AvgPool2dOp>(step.op) && "not a step");
    std::fill(kernel.weight.begin(), kernel.weight.end(),
              1.0 / double(g.kernel[0] * g.kernel[1]));
  }
  assert(kernel.weight.size() ==
         size_t(g.outChannels * g.getInPerGroup() * g.kernel[0] * g.kernel[1]));
  return kernel;
}

//===----------------------------------------------------------------------===//
// Composition in sequence
//===----------------------------------------------------------------------===//

std::optional<ConvGeometry>
nnid::reparam::composeGeometry(const ConvGeometry &first,
                               const ConvGeometry &second) {
  if (first.outChannels != second.inChannels)
    return std::nullopt;
  ConvGeometry g;
  if (second.isPointwise() && !second.hasPadding()) {
    // The same channel mix at every position of `first`'s output, padding
    // included: first's bias there maps to second's weight * bias + bias.
    g = first;
  } else if (first.isPointwise()) {
    // `second` sees first's padded output; its own zero padding must equal
    // first's value on zeros, which is first's bias.
    if (second.hasPadding() && first.hasBias)
      return std::nullopt;
    g = second;
    for (int i = 0; i < 4; ++i)
      g.padding[i] = first.padding[i] + second.padding[i];
  } else {
    return std::nullopt;
  }
  g.inChannels = first.inChannels;
  g.outChannels = second.outChannels;
  g.groups = std::gcd(first.groups, second.groups);
  g.hasBias = first.hasBias || second.hasBias;
  return g;
}

ConvKernel nnid::reparam::compose(const ConvKernel &first,
                                  const ConvKernel &second) {
  const ConvGeometry &ga = first.geometry, &gb = second.geometry;
  std::optional<ConvGeometry> geometry = composeGeometry(ga, gb);
  assert(geometry && "composition is not exact");
  ConvKernel result(*geometry);
  const ConvGeometry &g = result.geometry;
  // One of the two kernels is 1x1; index it at 0 and the other at (h, w).
  auto tap = [](const ConvGeometry &k, int d, int64_t i) {
    return k.kernel[d] == 1 ? 0 : i;
  };
  for (int64_t o = 0; o < gb.outChannels; ++o) {
    int64_t groupB = o / gb.getOutPerGroup();
    int64_t groupC = o / g.getOutPerGroup();
    double &bias = result.bias[o];
    bias = second.bias[o];
    for (int64_t mLocal = 0; mLocal < gb.getInPerGroup(); ++mLocal) {
      int64_t m = groupB * gb.getInPerGroup() + mLocal;
      int64_t groupA = m / ga.getOutPerGroup();
      double tapSum = 0.0;
      for (int64_t h = 0; h < gb.kernel[0]; ++h)
        for (int64_t w = 0; w < gb.kernel[1]; ++w)
          tapSum += second.at(o, mLocal, h, w);
      bias += tapSum * first.bias[m];
      for (int64_t iLocal = 0; iLocal < ga.getInPerGroup(); ++iLocal) {
        int64_t i = groupA * ga.getInPerGroup() + iLocal;
        int64_t iC = i - groupC * g.getInPerGroup();
        assert(iC >= 0 && iC < g.getInPerGroup() && "groups do not nest");
        for (int64_t h = 0; h < g.kernel[0]; ++h)
          for (int64_t w = 0; w < g.kernel[1]; ++w)
            result.at(o, iC, h, w) +=
                second.at(o, mLocal, tap(gb, 0, h), tap(gb, 1, w)) *
                first.at(m, iLocal, tap(ga, 0, h), tap(ga, 1, w));
      }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Branches
//===----------------------------------------------------------------------===//

int64_t Branch::getCost() const {
  int64_t cost = 0;
  for (const Step &step : steps)
    cost += getOpCost(step.op);
  return cost;
}

static std::string describeStep(const Step &step) {
  std::string name = step.op->getName().stripDialect().str();
  if (isa<Conv2dOp, AvgPool2dOp>(step.op)) {
    const ConvGeometry &g = step.geometry;
    return std::to_string(g.kernel[0]) + "x" + std::to_string(g.kernel[1]) +
           " " + name;
  }
  return name;
}

std::string Branch::describe() const {
  if (steps.empty())
    return "identity";
  std::string text;
  for (const Step &step : steps) {
    if (!text.empty())
      text += " -> ";
    text += describeStep(step);
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
  if (branch.isIdentity()) {
    ConvKernel kernel(branch.geometry);
    std::fill(kernel.weight.begin(), kernel.weight.end(), 1.0);
    return kernel;
  }
  ConvKernel kernel = materialize(branch.steps.front());
  for (const Step &step : ArrayRef(branch.steps).drop_front())
    kernel = compose(kernel, materialize(step));
  return kernel;
}

//===----------------------------------------------------------------------===//
// Composition in parallel
//===----------------------------------------------------------------------===//

std::optional<ParallelLayout>
nnid::reparam::layoutParallel(ArrayRef<ConvGeometry> branches, int64_t inH,
                              int64_t inW, int64_t outH, int64_t outW,
                              bool stack) {
  assert(!branches.empty() && "no branches");
  ParallelLayout layout;
  ConvGeometry &g = layout.geometry;
  g.inChannels = branches.front().inChannels;
  g.outChannels = stack ? 0 : branches.front().outChannels;
  g.groups = stack ? 1 : 0;
  for (const ConvGeometry &b : branches) {
    if (b.inChannels != g.inChannels)
      return std::nullopt;
    if (stack) {
      g.outChannels += b.outChannels;
    } else {
      if (b.outChannels != g.outChannels)
        return std::nullopt;
      g.groups = std::gcd(g.groups, b.groups);
    }
    g.hasBias |= b.hasBias;
  }

  layout.offsets.resize(branches.size());
  const int64_t in[2] = {inH, inW}, out[2] = {outH, outW};
  for (int d = 0; d < 2; ++d) {
    int64_t stride = branches.front().stride[d];
    int64_t dilation = 0, before = 0;
    for (const ConvGeometry &b : branches) {
      if (b.stride[d] != stride)
        return std::nullopt;
      if (b.kernel[d] > 1) {
        if (dilation && b.dilation[d] != dilation)
          return std::nullopt;
        dilation = b.dilation[d];
      }
      if (shapes::convOutputSize(in[d], b.kernel[d], b.stride[d], b.padding[d],
                                 b.padding[2 + d], b.dilation[d]) != out[d])
        return std::nullopt;
      before = std::max(before, b.padding[d]);
    }
    dilation = std::max<int64_t>(dilation, 1);
    // Branch taps start `before - padding` elements into the merged window;
    // that must be a whole number of (dilated) taps.
    int64_t size = 1;
    for (auto [b, offset] : llvm::zip(branches, layout.offsets)) {
      int64_t shift = before - b.padding[d];
      if (shift % dilation != 0)
        return std::nullopt;
      offset[d] = shift / dilation;
      size = std::max(size, offset[d] + b.kernel[d]);
    }
    // Enough trailing padding for the last window, and no more.
    int64_t after =
        std::max<int64_t>(0, (out[d] - 1) * stride - before +
                                 dilation * (size - 1) - (in[d] - 1));
    if (shapes::convOutputSize(in[d], size, stride, before, after, dilation) !=
        out[d])
      return std::nullopt;
    g.kernel[d] = size;
    g.stride[d] = stride;
    g.dilation[d] = size > 1 ? dilation : 1;
    g.padding[d] = before;
    g.padding[2 + d] = after;
  }
  return layout;
}

ConvKernel nnid::reparam::materialize(const ParallelLayout &layout,
                                      ArrayRef<ConvKernel> kernels,
                                      bool stack) {
  ConvKernel merged(layout.geometry);
  const ConvGeometry &g = merged.geometry;
  int64_t outBase = 0;
  for (auto [kernel, offset] : llvm::zip(kernels, layout.offsets)) {
    const ConvGeometry &gb = kernel.geometry;
    for (int64_t o = 0; o < gb.outChannels; ++o) {
      int64_t oM = outBase + o;
      int64_t groupB = o / gb.getOutPerGroup();
      int64_t groupM = oM / g.getOutPerGroup();
      merged.bias[oM] += kernel.bias[o];
      for (int64_t j = 0; j < gb.getInPerGroup(); ++j) {
        int64_t iM =
            groupB * gb.getInPerGroup() + j - groupM * g.getInPerGroup();
        assert(iM >= 0 && iM < g.getInPerGroup() && "groups do not nest");
        for (int64_t h = 0; h < gb.kernel[0]; ++h)
          for (int64_t w = 0; w < gb.kernel[1]; ++w)
            merged.at(oM, iM, h + offset[0], w + offset[1]) +=
                kernel.at(o, j, h, w);
      }
    }
    if (stack)
      outBase += gb.outChannels;
  }
  return merged;
}

ConvKernel nnid::reparam::trimZeroBorder(const ConvKernel &kernel) {
  const ConvGeometry &g = kernel.geometry;
  auto isZeroSlice = [&](int d, int64_t index) {
    for (int64_t o = 0; o < g.outChannels; ++o)
      for (int64_t i = 0; i < g.getInPerGroup(); ++i)
        for (int64_t t = 0; t < g.kernel[1 - d]; ++t)
          if ((d == 0 ? kernel.at(o, i, index, t)
                      : kernel.at(o, i, t, index)) != 0.0)
            return false;
    return true;
  };
  ConvGeometry trimmed = g;
  std::array<int64_t, 2> first = {0, 0};
  for (int d = 0; d < 2; ++d) {
    int64_t dilation = g.dilation[d];
    int64_t &before = trimmed.padding[d], &after = trimmed.padding[2 + d];
    int64_t end = g.kernel[d];
    while (end - first[d] > 1 && before >= dilation &&
           isZeroSlice(d, first[d])) {
      ++first[d];
      before -= dilation;
    }
    while (end - first[d] > 1 && after >= dilation && isZeroSlice(d, end - 1)) {
      --end;
      after -= dilation;
    }
    trimmed.kernel[d] = end - first[d];
  }
  if (trimmed.kernel == g.kernel)
    return kernel;
  normalizeDilation(trimmed);
  ConvKernel result(trimmed);
  result.bias = kernel.bias;
  for (int64_t o = 0; o < g.outChannels; ++o)
    for (int64_t i = 0; i < g.getInPerGroup(); ++i)
      for (int64_t h = 0; h < trimmed.kernel[0]; ++h)
        for (int64_t w = 0; w < trimmed.kernel[1]; ++w)
          result.at(o, i, h, w) = kernel.at(o, i, h + first[0], w + first[1]);
  return result;
}

//===----------------------------------------------------------------------===//
// Cost model and building
//===----------------------------------------------------------------------===//

/// Elements of one image of `value`.
static int64_t getImageSize(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t size = 1;
  for (int64_t d : type.getShape().drop_front())
    size *= d;
  return size;
}

int64_t nnid::reparam::getOpCost(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    auto resultType = cast<RankedTensorType>(conv.getType());
    return weightType.getNumElements() * resultType.getDimSize(2) *
           resultType.getDimSize(3);
  }
  if (auto idConv = dyn_cast<IdentityConv1x1Op>(op)) {
    auto weightType = cast<RankedTensorType>(idConv.getWeight().getType());
    auto resultType = cast<RankedTensorType>(idConv.getType());
    return weightType.getNumElements() * resultType.getDimSize(2) *
           resultType.getDimSize(3);
  }
  if (auto pool = dyn_cast<AvgPool2dOp>(op)) {
    ArrayRef<int64_t> kernel = pool.getKernelSize();
    return getImageSize(pool.getResult()) * kernel[0] * kernel[1];
  }
  if (isa<ConcatOp>(op))
    return 0;
  return getImageSize(op->getResult(0));
}

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

LogicalResult nnid::reparam::mergeWithProducer(PatternRewriter &rewriter,
                                               Operation *root,
                                               bool emitRemarks) {
  std::optional<Step> second = matchStep(root);
  if (!second)
    return rewriter.notifyMatchFailure(root, "not a constant linear op");
  Value intermediate = root->getOperand(0);
  Operation *producer = intermediate.getDefiningOp();
  if (!producer || !intermediate.hasOneUse())
    return rewriter.notifyMatchFailure(
        root, "the input has other users or no producer");
  std::optional<Step> first = matchStep(producer);
  if (!first)
    return rewriter.notifyMatchFailure(root, "the producer is not a constant "
                                             "linear op");
  std::optional<ConvGeometry> geometry =
      composeGeometry(first->geometry, second->geometry);
  if (!geometry)
    return rewriter.notifyMatchFailure(root, "the composition is not exact");
  auto resultType = cast<RankedTensorType>(root->getResult(0).getType());
  auto inputType = cast<RankedTensorType>(producer->getOperand(0).getType());
  for (int d = 0; d < 2; ++d)
    if (shapes::convOutputSize(
            inputType.getDimSize(2 + d), geometry->kernel[d],
            geometry->stride[d], geometry->padding[d], geometry->padding[2 + d],
            geometry->dilation[d]) != resultType.getDimSize(2 + d))
      return rewriter.notifyMatchFailure(root, "the output sizes differ");
  if (geometry->getCost(resultType.getDimSize(2), resultType.getDimSize(3)) >
      getOpCost(producer) + getOpCost(root))
    return rewriter.notifyMatchFailure(root, "the merged conv2d costs more");

  ConvKernel kernel =
      trimZeroBorder(compose(materialize(*first), materialize(*second)));
  if (emitRemarks) {
    InFlightDiagnostic remark = root->emitRemark();
    if (isa<BatchNormOp>(root)) {
      remark << "fused batch_norm into " << describeStep(*first);
      if (!isa<Conv2dOp>(producer))
        remark << " as one " << kernel.geometry.describe();
    } else {
      remark << "merged " << describeStep(*first) << " -> "
             << describeStep(*second) << " into one "
             << kernel.geometry.describe();
    }
  }
  Location loc = rewriter.getFusedLoc({root->getLoc(), producer->getLoc()});
  Value conv =
      buildConv(rewriter, loc, producer->getOperand(0), kernel, resultType);
  rewriter.replaceOp(root, conv);
  return success();
}
