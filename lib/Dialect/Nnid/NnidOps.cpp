//===- NnidOps.cpp - nnid shape inference and verification ----------------===//
//
// ODS (dialect/NnidBase.td, dialect/NnidOps.td) declares what each operand
// and attribute accepts, and the verifier checks that first. Each op then has
// one shape function that checks its operands and attributes against each
// other and computes its result type. Type inference (builders, parsing) and
// the verifier both call it; the verifier also checks that an explicitly
// written result type agrees with the inferred one.
//
// Sizes come from untrusted IR: every operand, result and integer attribute
// is checked against kMaxDimSize and kMaxNumElements (NnidOps.h), and every
// size computed from them uses arithmetic that detects overflow.
//
//===----------------------------------------------------------------------===//

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Support/Shapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <compare>
#include <limits>

using namespace mlir;
using namespace nnid;

namespace {
using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;

/// An int64_t whose arithmetic records overflow in a flag that it shares
/// with every value computed from it, so that the formulas of
/// nnid/Support/Shapes.h run unchanged on attribute values: a result is
/// meaningful only while the flag is clear. Integer literals join the flag
/// of the value they meet.
class CheckedInt {
public:
  CheckedInt(int64_t value, bool *overflow = nullptr)
      : value(value), overflow(overflow) {}

  int64_t get() const { return value; }

  friend CheckedInt operator+(CheckedInt a, CheckedInt b) {
    return a.combine(b, [](int64_t x, int64_t y, int64_t &r) {
      return static_cast<bool>(llvm::AddOverflow(x, y, r));
    });
  }
  friend CheckedInt operator-(CheckedInt a, CheckedInt b) {
    return a.combine(b, [](int64_t x, int64_t y, int64_t &r) {
      return static_cast<bool>(llvm::SubOverflow(x, y, r));
    });
  }
  friend CheckedInt operator*(CheckedInt a, CheckedInt b) {
    return a.combine(b, [](int64_t x, int64_t y, int64_t &r) {
      return static_cast<bool>(llvm::MulOverflow(x, y, r));
    });
  }
  friend CheckedInt operator/(CheckedInt a, CheckedInt b) {
    return a.combine(b, [](int64_t x, int64_t y, int64_t &r) {
      if (!isDivisible(x, y))
        return true;
      r = x / y;
      return false;
    });
  }
  friend CheckedInt operator%(CheckedInt a, CheckedInt b) {
    return a.combine(b, [](int64_t x, int64_t y, int64_t &r) {
      if (!isDivisible(x, y))
        return true;
      r = x % y;
      return false;
    });
  }
  CheckedInt &operator--() { return *this = *this - 1; }

  friend bool operator==(CheckedInt a, CheckedInt b) {
    return a.value == b.value;
  }
  friend std::strong_ordering operator<=>(CheckedInt a, CheckedInt b) {
    return a.value <=> b.value;
  }

private:
  /// Whether x / y and x % y are defined.
  static bool isDivisible(int64_t x, int64_t y) {
    return y != 0 && !(x == std::numeric_limits<int64_t>::min() && y == -1);
  }

  template <typename Op> CheckedInt combine(CheckedInt other, Op op) const {
    bool *flag = overflow ? overflow : other.overflow;
    int64_t result = 0;
    if (op(value, other.value, result)) {
      assert(flag && "overflow in arithmetic on literals");
      if (flag)
        *flag = true;
      result = 0;
    }
    return CheckedInt(result, flag);
  }

  int64_t value;
  bool *overflow;
};
} // namespace

/// Formats an integer list as PyTorch prints it: [a, b, c].
static std::string formatList(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(values, os);
  os << "]";
  return text;
}

//===----------------------------------------------------------------------===//
// Operand and attribute checks
//===----------------------------------------------------------------------===//

static constexpr StringLiteral kMaxDimSizeText = "2147483647 (2^31 - 1)";
static constexpr StringLiteral kMaxNumElementsText = "1099511627776 (2^40)";
static_assert(kMaxDimSize == 2147483647 && kMaxNumElements == 1099511627776);

/// The product of the static dimensions of `shape`, or nullopt when it
/// overflows int64_t.
static std::optional<int64_t> getStaticNumElements(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t dim : shape)
    if (!ShapedType::isDynamic(dim) && llvm::MulOverflow(product, dim, product))
      return std::nullopt;
  return product;
}

namespace {
/// Where a shape function reports: checks of operands and attributes against
/// each other and against the size limits report through emitError(). Type
/// inference runs before the verifier (while parsing, in builders), so a
/// shape function checks operand types with the predicates generated from
/// their ODS constraints (NnidTypeConstraints.cpp.inc) and only notes a
/// broken one (breach()), as inferReturnTypesImpl does for attributes.
struct ShapeContext {
  /// Notes an operand or attribute that breaks its ODS constraint.
  LogicalResult breach() {
    breached = true;
    return failure();
  }

  EmitErrorFn emitError;
  bool breached = false;
};

#include "NnidTypeConstraints.cpp.inc"
} // namespace

/// Checks that `type`, described as `what` in messages (the quoted name of an
/// operand, or "result"), is within kMaxDimSize and kMaxNumElements.
static LogicalResult checkTensorLimits(RankedTensorType type, StringRef what,
                                       EmitErrorFn emitError) {
  if (llvm::any_of(type.getShape(), [](int64_t dim) {
        return !ShapedType::isDynamic(dim) && dim > kMaxDimSize;
      }))
    return emitError() << what << " must have dimensions of at most "
                       << kMaxDimSizeText << ", got " << type;
  std::optional<int64_t> elements = getStaticNumElements(type.getShape());
  if (!elements || *elements > kMaxNumElements)
    return emitError() << what << " must have at most " << kMaxNumElementsText
                       << " elements, got " << type;
  return success();
}

/// The type of the operand `value`, named `name`, whose ODS constraint has
/// the predicate `accepts`, checked against the size limits.
static FailureOr<RankedTensorType> getOperandType(Value value, StringRef name,
                                                  bool (*accepts)(Type),
                                                  ShapeContext &ctx) {
  if (!value || !accepts(value.getType()))
    return ctx.breach();
  auto type = cast<RankedTensorType>(value.getType());
  if (failed(checkTensorLimits(type, ("'" + name + "'").str(), ctx.emitError)))
    return failure();
  return type;
}

/// Checks that a 1-D parameter `name` has `size` elements (channels etc.).
static LogicalResult checkVectorParameter(Value value, StringRef name,
                                          int64_t size, StringRef what,
                                          ShapeContext &ctx) {
  FailureOr<RankedTensorType> type =
      getOperandType(value, name, isVectorType, ctx);
  if (failed(type))
    return failure();
  if (type->getDimSize(0) != size)
    return ctx.emitError() << "'" << name << "' has " << type->getDimSize(0)
                           << " elements, but " << what << " is " << size;
  return success();
}

/// Checks that the integer-list attribute `name` is at most kMaxDimSize (ODS
/// checks its length and sign).
static LogicalResult checkIntList(ArrayRef<int64_t> values, StringRef name,
                                  EmitErrorFn emitError) {
  if (llvm::any_of(values, [&](int64_t v) { return v > kMaxDimSize; }))
    return emitError() << "'" << name << "' must be at most " << kMaxDimSizeText
                       << ", got " << formatList(values);
  return success();
}

/// Checks that the 'groups' attribute is at most kMaxDimSize (ODS checks that
/// it is positive).
static LogicalResult checkGroups(int64_t groups, EmitErrorFn emitError) {
  if (groups > kMaxDimSize)
    return emitError() << "'groups' must be at most " << kMaxDimSizeText
                       << ", got " << groups;
  return success();
}

/// Builds an activation type with the batch dimension of `input` and the
/// other dimensions of `dims` (whose first entry is ignored).
static RankedTensorType withBatchOf(RankedTensorType input,
                                    SmallVector<int64_t> dims) {
  dims[0] = input.getDimSize(0);
  return RankedTensorType::get(dims, input.getElementType());
}

/// The checks and output size of a windowed op (conv or pooling) along the H
/// and W dimensions of `input`. Convolutions (no `ceilMode`) need the window
/// inside the padded input; pooling follows PyTorch's pool2d_shape_check and
/// needs an output size of at least 1, which with ceil_mode lets the window
/// reach past the padding. The attributes are already within kMaxDimSize.
/// Also checks the padded input that the lowering materializes: padded so
/// that every window fits.
static FailureOr<SmallVector<int64_t>>
inferWindowedOutput(RankedTensorType input, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                    ArrayRef<int64_t> dilation, std::optional<bool> ceilMode,
                    EmitErrorFn emitError) {
  static constexpr StringLiteral dimNames[] = {"height", "width"};
  SmallVector<int64_t> out;
  SmallVector<int64_t> paddedShape(input.getShape());
  for (int d = 0; d < 2; ++d) {
    bool overflow = false;
    CheckedInt in(input.getDimSize(2 + d), &overflow);
    CheckedInt padBefore(padding[d], &overflow);
    CheckedInt padAfter(padding[2 + d], &overflow);
    CheckedInt window = shapes::dilatedKernel<CheckedInt>(
        CheckedInt(kernel[d], &overflow), dilation[d]);
    CheckedInt padded = in + padBefore + padAfter;
    CheckedInt size =
        ceilMode ? shapes::poolOutputSize<CheckedInt>(in, kernel[d], stride[d],
                                                      padBefore, padAfter,
                                                      dilation[d], *ceilMode)
                 : shapes::convOutputSize<CheckedInt>(in, kernel[d], stride[d],
                                                      padBefore, padAfter,
                                                      dilation[d]);
    // The lowering pads the input so that the last window fits.
    CheckedInt needed = (size - 1) * stride[d] + window;
    if (overflow)
      return emitError() << "the output " << dimNames[d]
                         << " overflows int64 with 'kernel_size' "
                         << formatList(kernel) << ", 'stride' "
                         << formatList(stride) << ", 'padding' "
                         << formatList(padding) << " and 'dilation' "
                         << formatList(dilation);
    if ((!ceilMode || size < 1) && window > padded)
      return emitError() << "window " << dimNames[d] << " (" << window.get()
                         << ") is larger than the padded input " << dimNames[d]
                         << " (" << padded.get() << ")";
    if (size < 1)
      return emitError() << "the output " << dimNames[d] << " (" << size.get()
                         << ") must be positive";
    out.push_back(size.get());
    paddedShape[2 + d] = std::max(padded, needed).get();
  }
  std::optional<int64_t> paddedElements = getStaticNumElements(paddedShape);
  if (!paddedElements || *paddedElements > kMaxNumElements)
    return emitError() << "'padding' " << formatList(padding)
                       << " makes the padded input "
                       << RankedTensorType::get(paddedShape,
                                                input.getElementType())
                       << " larger than " << kMaxNumElementsText << " elements";
  return out;
}

/// Pooling padding must be smaller than the kernel on each side, as in
/// ONNX (PyTorch allows at most half the kernel); this keeps every window at
/// least partly inside the input.
static LogicalResult checkPoolPadding(ArrayRef<int64_t> kernel,
                                      ArrayRef<int64_t> padding,
                                      EmitErrorFn emitError) {
  for (int i = 0; i < 4; ++i)
    if (padding[i] >= kernel[i % 2])
      return emitError() << "'padding' " << formatList(padding)
                         << " must be smaller than 'kernel_size' "
                         << formatList(kernel);
  return success();
}

//===----------------------------------------------------------------------===//
// Per-op inference
//===----------------------------------------------------------------------===//

/// Ops whose result has the type of their (only) activation operand.
static FailureOr<Type> inferSameAsInput(Value input, ShapeContext &ctx) {
  FailureOr<RankedTensorType> type =
      getOperandType(input, "input", isActivationType, ctx);
  if (failed(type))
    return failure();
  return Type(*type);
}

static FailureOr<Type> inferResultType(IdentityOp::Adaptor op,
                                       ShapeContext &ctx) {
  return inferSameAsInput(op.getInput(), ctx);
}

static FailureOr<Type> inferResultType(ReluOp::Adaptor op, ShapeContext &ctx) {
  return inferSameAsInput(op.getInput(), ctx);
}

static FailureOr<Type> inferResultType(MulOp::Adaptor op, ShapeContext &ctx) {
  FailureOr<RankedTensorType> lhs =
      getOperandType(op.getLhs(), "lhs", isActivationType, ctx);
  if (failed(lhs))
    return failure();
  FailureOr<RankedTensorType> rhs =
      getOperandType(op.getRhs(), "rhs", isActivationType, ctx);
  if (failed(rhs))
    return failure();
  // Each rhs dimension is lhs's or 1; a dynamic batch broadcasts only to
  // the same dynamic batch.
  bool broadcasts = lhs->getRank() == rhs->getRank();
  for (int64_t i = 0; broadcasts && i < lhs->getRank(); ++i) {
    int64_t l = lhs->getDimSize(i), r = rhs->getDimSize(i);
    broadcasts = l == r || r == 1;
  }
  if (!broadcasts)
    return ctx.emitError() << "'rhs' " << *rhs
                           << " does not broadcast to 'lhs' " << *lhs
                           << ": it needs the same rank, and each dimension "
                              "equal to lhs's or 1";
  return Type(*lhs);
}

/// The activation functions: the result has the input's type.
#define NNID_SAME_AS_INPUT(OP)                                                 \
  static FailureOr<Type> inferResultType(OP::Adaptor op, ShapeContext &ctx) {  \
    return inferSameAsInput(op.getInput(), ctx);                               \
  }
NNID_SAME_AS_INPUT(SigmoidOp)
NNID_SAME_AS_INPUT(SiluOp)
NNID_SAME_AS_INPUT(HardsigmoidOp)
NNID_SAME_AS_INPUT(HardswishOp)
NNID_SAME_AS_INPUT(GeluOp)
NNID_SAME_AS_INPUT(LeakyReluOp)
NNID_SAME_AS_INPUT(EluOp)
NNID_SAME_AS_INPUT(SeluOp)
NNID_SAME_AS_INPUT(SoftplusOp)
NNID_SAME_AS_INPUT(SoftsignOp)
NNID_SAME_AS_INPUT(TanhOp)
#undef NNID_SAME_AS_INPUT

static FailureOr<Type> inferResultType(HardtanhOp::Adaptor op,
                                       ShapeContext &ctx) {
  // NaN bounds are the ODS constraint's to report.
  APFloat minVal = op.getMinVal(), maxVal = op.getMaxVal();
  if (minVal.compare(maxVal) == APFloat::cmpGreaterThan) {
    SmallString<16> minText, maxText;
    minVal.toString(minText);
    maxVal.toString(maxText);
    return ctx.emitError() << "'min_val' (" << minText
                           << ") must not be greater than 'max_val' ("
                           << maxText << ")";
  }
  return inferSameAsInput(op.getInput(), ctx);
}

static FailureOr<Type> inferResultType(AddOp::Adaptor op, ShapeContext &ctx) {
  FailureOr<RankedTensorType> lhs =
      getOperandType(op.getLhs(), "lhs", isActivationType, ctx);
  if (failed(lhs))
    return failure();
  FailureOr<RankedTensorType> rhs =
      getOperandType(op.getRhs(), "rhs", isActivationType, ctx);
  if (failed(rhs))
    return failure();
  // ODS: AllTypesMatch<["lhs", "rhs"]>.
  if (*lhs != *rhs)
    return ctx.breach();
  return Type(*lhs);
}

static FailureOr<Type> inferResultType(Conv2dOp::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isNchwType, ctx);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> weight =
      getOperandType(op.getWeight(), "weight", isConvWeightType, ctx);
  if (failed(weight))
    return failure();
  if (failed(checkIntList(op.getStride(), "stride", ctx.emitError)) ||
      failed(checkIntList(op.getPadding(), "padding", ctx.emitError)) ||
      failed(checkIntList(op.getDilation(), "dilation", ctx.emitError)))
    return failure();
  int64_t groups = op.getGroupsAttr().getInt();
  if (failed(checkGroups(groups, ctx.emitError)))
    return failure();
  int64_t inChannels = input->getDimSize(1);
  int64_t outChannels = weight->getDimSize(0);
  if (inChannels % groups != 0)
    return ctx.emitError() << "input channels (" << inChannels
                           << ") are not divisible by 'groups' (" << groups
                           << ")";
  if (outChannels % groups != 0)
    return ctx.emitError() << "output channels (" << outChannels
                           << ", dimension 0 of 'weight') are not divisible by "
                              "'groups' ("
                           << groups << ")";
  if (weight->getDimSize(1) != inChannels / groups)
    return ctx.emitError() << "'weight' " << *weight << " must have "
                           << inChannels / groups
                           << " input channels per group (input channels "
                           << inChannels << " / groups " << groups << "), got "
                           << weight->getDimSize(1);
  if (op.getBias() &&
      failed(checkVectorParameter(op.getBias(), "bias", outChannels,
                                  "the number of output channels", ctx)))
    return failure();
  FailureOr<SmallVector<int64_t>> hw = inferWindowedOutput(
      *input, weight->getShape().drop_front(2), op.getStride(), op.getPadding(),
      op.getDilation(), std::nullopt, ctx.emitError);
  if (failed(hw))
    return failure();
  return Type(withBatchOf(*input, {0, outChannels, (*hw)[0], (*hw)[1]}));
}

static FailureOr<Type> inferResultType(IdentityConv1x1Op::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isNchwType, ctx);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> weight =
      getOperandType(op.getWeight(), "weight", isConv1x1WeightType, ctx);
  if (failed(weight))
    return failure();
  int64_t groups = op.getGroupsAttr().getInt();
  if (failed(checkGroups(groups, ctx.emitError)))
    return failure();
  int64_t channels = input->getDimSize(1);
  if (channels % groups != 0)
    return ctx.emitError() << "input channels (" << channels
                           << ") are not divisible by 'groups' (" << groups
                           << ")";
  SmallVector<int64_t> expected = {channels, channels / groups, 1, 1};
  if (weight->getShape() != ArrayRef<int64_t>(expected))
    return ctx.emitError() << "'weight' must have shape "
                           << formatList(expected)
                           << " (channels, channels / groups, 1, 1), got "
                           << *weight;
  return Type(*input);
}

/// Shared by max and average pooling (Nnid_Pool2dOp in NnidOps.td).
template <typename PoolAdaptor>
static FailureOr<Type>
inferPoolResult(PoolAdaptor op, ArrayRef<int64_t> dilation, ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isPoolInputType, ctx);
  if (failed(input))
    return failure();
  if (!op.getKernelSizeAttr())
    return ctx.breach();
  ArrayRef<int64_t> kernel = op.getKernelSize();
  std::optional<ArrayRef<int64_t>> stride = op.getStride();
  ArrayRef<int64_t> padding = op.getPadding();
  if (failed(checkIntList(kernel, "kernel_size", ctx.emitError)) ||
      (stride && failed(checkIntList(*stride, "stride", ctx.emitError))) ||
      failed(checkIntList(padding, "padding", ctx.emitError)) ||
      failed(checkIntList(dilation, "dilation", ctx.emitError)) ||
      failed(checkPoolPadding(kernel, padding, ctx.emitError)))
    return failure();
  FailureOr<SmallVector<int64_t>> hw =
      inferWindowedOutput(*input, kernel, stride ? *stride : kernel, padding,
                          dilation, op.getCeilMode(), ctx.emitError);
  if (failed(hw))
    return failure();
  return Type(
      withBatchOf(*input, {0, input->getDimSize(1), (*hw)[0], (*hw)[1]}));
}

static FailureOr<Type> inferResultType(MaxPool2dOp::Adaptor op,
                                       ShapeContext &ctx) {
  return inferPoolResult(op, op.getDilation(), ctx);
}

static FailureOr<Type> inferResultType(AvgPool2dOp::Adaptor op,
                                       ShapeContext &ctx) {
  static constexpr int64_t noDilation[] = {1, 1};
  return inferPoolResult(op, noDilation, ctx);
}

static FailureOr<Type> inferResultType(AdaptiveAvgPool2dOp::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isPoolInputType, ctx);
  if (failed(input))
    return failure();
  if (!op.getOutputSizeAttr())
    return ctx.breach();
  ArrayRef<int64_t> size = op.getOutputSize();
  if (failed(checkIntList(size, "output_size", ctx.emitError)))
    return failure();
  return Type(withBatchOf(*input, {0, input->getDimSize(1), size[0], size[1]}));
}

static FailureOr<Type> inferResultType(BatchNormOp::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isBatchNormInputType, ctx);
  if (failed(input))
    return failure();
  int64_t channels = input->getDimSize(1);
  std::pair<Value, StringRef> params[] = {{op.getWeight(), "weight"},
                                          {op.getBias(), "bias"},
                                          {op.getRunningMean(), "running_mean"},
                                          {op.getRunningVar(), "running_var"}};
  for (auto [value, name] : params)
    if (failed(checkVectorParameter(value, name, channels,
                                    "the number of input channels", ctx)))
      return failure();
  return Type(*input);
}

static FailureOr<Type> inferResultType(LinearOp::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isFeaturesType, ctx);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> weight =
      getOperandType(op.getWeight(), "weight", isLinearWeightType, ctx);
  if (failed(weight))
    return failure();
  int64_t inFeatures = input->getDimSize(1);
  if (weight->getDimSize(1) != inFeatures)
    return ctx.emitError() << "'weight' " << *weight << " must have "
                           << inFeatures << " input features (dimension 1 of "
                           << "'input'), got " << weight->getDimSize(1);
  int64_t outFeatures = weight->getDimSize(0);
  if (op.getBias() &&
      failed(checkVectorParameter(op.getBias(), "bias", outFeatures,
                                  "the number of output features", ctx)))
    return failure();
  return Type(withBatchOf(*input, {0, outFeatures}));
}

/// Normalizes a PyTorch-style dimension index (negative counts from the end).
static std::optional<int64_t> normalizeDim(int64_t dim, int64_t rank) {
  if (dim < -rank || dim >= rank)
    return std::nullopt;
  return dim < 0 ? dim + rank : dim;
}

static FailureOr<Type> inferResultType(ConcatOp::Adaptor op,
                                       ShapeContext &ctx) {
  if (!op.getAxisAttr())
    return ctx.breach();
  ValueRange inputs = op.getInputs();
  if (inputs.empty())
    return ctx.emitError() << "needs at least one input";
  SmallVector<RankedTensorType> types;
  for (auto [i, value] : llvm::enumerate(inputs)) {
    std::string name = "input #" + std::to_string(i);
    FailureOr<RankedTensorType> type =
        getOperandType(value, name, isActivationType, ctx);
    if (failed(type))
      return failure();
    types.push_back(*type);
  }
  int64_t rank = types[0].getRank();
  int64_t axisValue = op.getAxisAttr().getInt(); // may be negative
  std::optional<int64_t> axis = normalizeDim(axisValue, rank);
  if (!axis)
    return ctx.emitError() << "'axis' " << axisValue << " is out of range for "
                           << "rank-" << rank << " inputs (expected [" << -rank
                           << ", " << rank - 1 << "])";
  SmallVector<int64_t> shape(types[0].getShape());
  for (auto [i, type] : llvm::enumerate(ArrayRef(types).drop_front())) {
    if (type.getRank() != rank)
      return ctx.emitError()
             << "input #" << i + 1 << " has rank " << type.getRank()
             << ", but input #0 has rank " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *axis)
        continue;
      if (type.getDimSize(d) != shape[d])
        return ctx.emitError()
               << "input #" << i + 1 << " " << type << " differs from input #0 "
               << types[0] << " in dimension " << d << ", off the axis "
               << *axis;
    }
    if (ShapedType::isDynamic(shape[*axis]) || type.isDynamicDim(*axis))
      shape[*axis] = ShapedType::kDynamic;
    else if (llvm::AddOverflow(shape[*axis], type.getDimSize(*axis),
                               shape[*axis]) ||
             shape[*axis] > kMaxDimSize)
      return ctx.emitError()
             << "the sum of dimension " << *axis
             << " over the inputs must be at most " << kMaxDimSizeText;
  }
  return Type(RankedTensorType::get(shape, types[0].getElementType()));
}

static FailureOr<Type> inferResultType(FlattenOp::Adaptor op,
                                       ShapeContext &ctx) {
  FailureOr<RankedTensorType> input =
      getOperandType(op.getInput(), "input", isActivationType, ctx);
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  // I64Attr getters are unsigned; these dimensions may be negative.
  int64_t startDim = op.getStartDimAttr().getInt();
  int64_t endDim = op.getEndDimAttr().getInt();
  std::optional<int64_t> start = normalizeDim(startDim, rank);
  std::optional<int64_t> end = normalizeDim(endDim, rank);
  if (!start || !end)
    return ctx.emitError() << "'" << (start ? "end_dim" : "start_dim") << "' "
                           << (start ? endDim : startDim)
                           << " is out of range for a rank-" << rank
                           << " input (expected [" << -rank << ", " << rank - 1
                           << "])";
  if (*start > *end)
    return ctx.emitError() << "'start_dim' (" << startDim
                           << ") comes after 'end_dim' (" << endDim << ")";
  ArrayRef<int64_t> dims = input->getShape();
  SmallVector<int64_t> shape(dims.take_front(*start));
  int64_t merged = 1;
  for (int64_t d = *start; d <= *end; ++d) {
    if (ShapedType::isDynamic(dims[d]) || ShapedType::isDynamic(merged)) {
      merged = ShapedType::kDynamic;
      continue;
    }
    if (llvm::MulOverflow(merged, dims[d], merged) || merged > kMaxDimSize)
      return ctx.emitError() << "the flattened dimension (dimensions " << *start
                             << " to " << *end << " of 'input' " << *input
                             << ") must be at most " << kMaxDimSizeText;
  }
  shape.push_back(merged);
  llvm::append_range(shape, dims.drop_front(*end + 1));
  return Type(RankedTensorType::get(shape, input->getElementType()));
}

//===----------------------------------------------------------------------===//
// Hooks: InferTypeOpInterface and verifiers
//===----------------------------------------------------------------------===//

/// The inferred result type of `op`, checked against the size limits.
template <typename AdaptorT>
static FailureOr<Type> inferCheckedResultType(AdaptorT op, ShapeContext &ctx) {
  FailureOr<Type> type = inferResultType(op, ctx);
  if (failed(type) || failed(checkTensorLimits(cast<RankedTensorType>(*type),
                                               "result", ctx.emitError)))
    return failure();
  return type;
}

/// Inference reports errors at `location` when it has one (parsing, builders)
/// and stays silent otherwise. While an op is being parsed its attributes are
/// still in `attributes` and `properties` is null; default-valued attributes
/// are filled in either way, so shape functions always see complete values.
///
/// When an operand or attribute breaks its ODS constraint, the op gets the
/// type of its first operand (the result type of every op that infers it
/// while parsing), and the verifier reports the constraint.
template <typename OpT>
static LogicalResult
inferReturnTypesImpl(MLIRContext *context, std::optional<Location> location,
                     ValueRange operands, DictionaryAttr attributes,
                     OpaqueProperties properties, RegionRange regions,
                     SmallVectorImpl<Type> &types) {
  // A diagnostic that reports nothing but still converts to failure (an
  // empty InFlightDiagnostic converts to success).
  auto silentError = [&]() {
    InFlightDiagnostic diag = mlir::emitError(UnknownLoc::get(context));
    diag.abandon();
    return diag;
  };
  auto emitError = [&]() {
    return location ? mlir::emitError(*location) : silentError();
  };
  typename OpT::Properties props;
  if (properties)
    props = *properties.as<typename OpT::Properties *>();
  else if (attributes &&
           failed(OpT::setPropertiesFromAttr(props, attributes, emitError)))
    return failure();
  OperationName name(OpT::getOperationName(), context);
  OpT::populateDefaultProperties(name, props);
  ShapeContext ctx{emitError};
  NamedAttrList inherentAttrs;
  OpT::populateInherentAttrs(context, props, inherentAttrs);
  FailureOr<Type> type = failure();
  if (failed(OpT::verifyInherentAttrs(name, inherentAttrs, silentError)))
    (void)ctx.breach();
  else
    type = inferCheckedResultType(
        typename OpT::Adaptor(operands, attributes, props, regions), ctx);
  if (succeeded(type)) {
    types.push_back(*type);
    return success();
  }
  if (!ctx.breached || operands.empty())
    return failure();
  types.push_back(operands.front().getType());
  return success();
}

/// The verifier names the op and also checks an explicit result type. ODS
/// has already checked each operand and attribute.
template <typename OpT> static LogicalResult verifyImpl(OpT op) {
  auto emitError = [&]() { return op.emitOpError(); };
  ShapeContext ctx{emitError};
  FailureOr<Type> type = inferCheckedResultType(typename OpT::Adaptor(op), ctx);
  if (failed(type)) {
    if (ctx.breached)
      return op.emitOpError()
             << "breaks a constraint on its operands or attributes";
    return failure();
  }
  if (op.getType() != *type)
    return op.emitOpError() << "result type " << op.getType()
                            << " does not match the inferred type " << *type;
  return success();
}

#define NNID_DEFINE_TYPE_HOOKS(OP)                                             \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> location,                  \
      ValueRange operands, DictionaryAttr attributes,                          \
      OpaqueProperties properties, RegionRange regions,                        \
      SmallVectorImpl<Type> &types) {                                          \
    return inferReturnTypesImpl<OP>(context, location, operands, attributes,   \
                                    properties, regions, types);               \
  }                                                                            \
  LogicalResult OP::verify() { return verifyImpl(*this); }

NNID_DEFINE_TYPE_HOOKS(IdentityOp)
NNID_DEFINE_TYPE_HOOKS(ReluOp)
NNID_DEFINE_TYPE_HOOKS(AddOp)
NNID_DEFINE_TYPE_HOOKS(MulOp)
NNID_DEFINE_TYPE_HOOKS(Conv2dOp)
NNID_DEFINE_TYPE_HOOKS(IdentityConv1x1Op)
NNID_DEFINE_TYPE_HOOKS(MaxPool2dOp)
NNID_DEFINE_TYPE_HOOKS(AvgPool2dOp)
NNID_DEFINE_TYPE_HOOKS(AdaptiveAvgPool2dOp)
NNID_DEFINE_TYPE_HOOKS(BatchNormOp)
NNID_DEFINE_TYPE_HOOKS(LinearOp)
NNID_DEFINE_TYPE_HOOKS(ConcatOp)
NNID_DEFINE_TYPE_HOOKS(FlattenOp)
NNID_DEFINE_TYPE_HOOKS(HardtanhOp)
NNID_DEFINE_TYPE_HOOKS(SigmoidOp)
NNID_DEFINE_TYPE_HOOKS(SiluOp)
NNID_DEFINE_TYPE_HOOKS(HardsigmoidOp)
NNID_DEFINE_TYPE_HOOKS(HardswishOp)
NNID_DEFINE_TYPE_HOOKS(GeluOp)
NNID_DEFINE_TYPE_HOOKS(LeakyReluOp)
NNID_DEFINE_TYPE_HOOKS(EluOp)
NNID_DEFINE_TYPE_HOOKS(SeluOp)
NNID_DEFINE_TYPE_HOOKS(SoftplusOp)
NNID_DEFINE_TYPE_HOOKS(SoftsignOp)
NNID_DEFINE_TYPE_HOOKS(TanhOp)

#undef NNID_DEFINE_TYPE_HOOKS

int64_t ConcatOp::getNormalizedAxis() {
  int64_t rank = cast<RankedTensorType>(getType()).getRank();
  return *normalizeDim(getAxisAttr().getInt(), rank);
}

#define GET_OP_CLASSES
#include "nnid/Dialect/Nnid/NnidOps.cpp.inc"
