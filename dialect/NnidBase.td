//===- NnidBase.td - nnid dialect definition ---------------*- tablegen -*-===//
//
// The nnid dialect: the layers of PyTorch CNNs, on NCHW f32 tensors. Also the
// constraints on the ops' operands and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNIDBASE_TD
#define NNID_DIALECT_NNIDBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"

def Nnid_Dialect : Dialect {
  let name = "nnid";
  let cppNamespace = "::nnid";
  let summary = "Convolutional network layers as PyTorch writes them";
  let description = [{
    The `nnid` dialect models the layers of convolutional networks with the
    names, operand order and semantics of PyTorch (`torch.nn`): convolution
    with groups, dilation and padding; max, average and adaptive average
    pooling; `Identity`; the identity-based 1x1 convolution of
    re-parameterized networks; ReLU; residual add; concatenation; batch
    normalization (inference); linear; flatten.

    Activations are ranked `f32` tensors in NCHW layout. The batch dimension
    may be dynamic (`?`); every other dimension is static. Every op infers
    its result type from its operands and attributes, so builders need no
    result type; an explicitly written result type must agree with it.
  }];
  // Canonicalization materializes weights with `arith` ops.
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

class Nnid_Op<string mnemonic, list<Trait> traits = []>
    : Op<Nnid_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Operand constraints
//===----------------------------------------------------------------------===//
// Each also has a C++ predicate (cppFunctionName), which type inference uses:
// it runs before the verifier checks these constraints.

// Every dimension after the first (the batch) is static.
def Nnid_StaticNonBatchPred : CPred<
  "!::mlir::ShapedType::isDynamicShape("
  "::llvm::cast<::mlir::ShapedType>($_self).getShape().drop_front())">;

// Every dimension after the first (channels, height and width) is non-zero.
def Nnid_NonEmptyNonBatchPred : CPred<
  "!::llvm::is_contained("
  "::llvm::cast<::mlir::ShapedType>($_self).getShape().drop_front(), 0)">;

// Dimensions 2 and 3 (kernel height and width) are at least `min`.
class Nnid_KernelSizeAtLeastPred<int min> : And<[
  CPred<"::llvm::cast<::mlir::ShapedType>($_self).getDimSize(2) >= " # min>,
  CPred<"::llvm::cast<::mlir::ShapedType>($_self).getDimSize(3) >= " # min>]>;

// Dimensions 2 and 3 (kernel height and width) are 1.
def Nnid_KernelSize1x1Pred : And<[
  CPred<"::llvm::cast<::mlir::ShapedType>($_self).getDimSize(2) == 1">,
  CPred<"::llvm::cast<::mlir::ShapedType>($_self).getDimSize(3) == 1">]>;

// An activation: f32, a batch dimension (0) that may be dynamic, every other
// dimension static.
class Nnid_ActivationOf<list<Pred> preds, string summary, string function>
    : ConfinedType<RankedTensorOf<[F32]>,
                   !listconcat(preds, [Nnid_StaticNonBatchPred]), summary> {
  let cppFunctionName = function;
}

def Nnid_Activation : Nnid_ActivationOf<[HasRankGreaterOrEqualPred<1>],
    "tensor of 32-bit float values [N, ...] of rank at least 1, static "
    "except N", "isActivationType">;

def Nnid_Features : Nnid_ActivationOf<[HasAnyRankOfPred<[2]>],
    "2D tensor of 32-bit float values [N, features], static except N",
    "isFeaturesType">;

def Nnid_NCHW : Nnid_ActivationOf<[HasAnyRankOfPred<[4]>],
    "4D tensor of 32-bit float values [N, C, H, W], static except N",
    "isNchwType">;

// PyTorch's pooling rejects empty channels, height or width.
def Nnid_PoolInput
    : Nnid_ActivationOf<[HasAnyRankOfPred<[4]>, Nnid_NonEmptyNonBatchPred],
    "4D tensor of 32-bit float values [N, C, H, W], static except N, with "
    "non-zero C, H and W", "isPoolInputType">;

def Nnid_BatchNormInput : Nnid_ActivationOf<[HasAnyRankOfPred<[2, 4]>],
    "2D/4D tensor of 32-bit float values [N, C] or [N, C, H, W], static "
    "except N", "isBatchNormInputType">;

// A parameter (weight, bias): f32 with a static shape.
class Nnid_ParameterOf<int rank, list<Pred> preds, string summary,
                       string function>
    : ConfinedType<StaticShapeTensorOf<[F32]>,
                   !listconcat([HasAnyRankOfPred<[rank]>], preds), summary> {
  let cppFunctionName = function;
}

def Nnid_Vector : Nnid_ParameterOf<1, [],
    "statically shaped 1D tensor of 32-bit float values", "isVectorType">;

def Nnid_LinearWeight : Nnid_ParameterOf<2, [],
    "statically shaped 2D tensor of 32-bit float values "
    "[out_features, in_features]", "isLinearWeightType">;

def Nnid_ConvWeight : Nnid_ParameterOf<4, [Nnid_KernelSizeAtLeastPred<1>],
    "statically shaped 4D tensor of 32-bit float values "
    "[out_channels, in_channels / groups, kh, kw] with positive kh and kw",
    "isConvWeightType">;

def Nnid_Conv1x1Weight : Nnid_ParameterOf<4, [Nnid_KernelSize1x1Pred],
    "statically shaped 4D tensor of 32-bit float values "
    "[C, C / groups, 1, 1]", "isConv1x1WeightType">;

//===----------------------------------------------------------------------===//
// Attribute constraints
//===----------------------------------------------------------------------===//
// Every integer attribute is also at most nnid::kMaxDimSize, which the
// verifiers check, with the other size limits.

// [h, w] of kernel sizes, strides, dilations and output sizes.
def Nnid_PositivePair : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>;

// [top, left, bottom, right].
def Nnid_Padding : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>;

def Nnid_Groups : ConfinedAttr<I64Attr, [IntPositive]>;

// -0.0 counts as non-negative.
def Nnid_FiniteNonNegative : AttrConstraint<
  CPred<"[](const ::llvm::APFloat &v) { return v.isFinite() && "
        "(v.isZero() || !v.isNegative()); }("
        "::llvm::cast<::mlir::FloatAttr>($_self).getValue())">,
  "whose value is finite and non-negative">;

def Nnid_Epsilon : ConfinedAttr<F64Attr, [Nnid_FiniteNonNegative]>;

def Nnid_FinitePred : CPred<
  "::llvm::cast<::mlir::FloatAttr>($_self).getValue().isFinite()">;

def Nnid_Finite : AttrConstraint<Nnid_FinitePred, "whose value is finite">;

def Nnid_FinitePositive : AttrConstraint<And<[Nnid_FinitePred,
  CPred<"!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isNegative() && "
        "!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isZero()">]>,
  "whose value is finite and positive">;

def Nnid_NotNaN : AttrConstraint<
  CPred<"!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isNaN()">,
  "whose value is not NaN">;

// A finite F64Attr with a default, for activation parameters.
class Nnid_FiniteF64<string default>
    : DefaultValuedAttr<ConfinedAttr<F64Attr, [Nnid_Finite]>, default>;

// torch.nn.GELU's `approximate`.
def Nnid_GeluApproximation : ConfinedAttr<StrAttr, [AttrConstraint<
  CPred<"::llvm::is_contained({::llvm::StringRef(\"none\"), "
        "::llvm::StringRef(\"tanh\")}, "
        "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
  "whose value is \"none\" or \"tanh\"">]>;

#endif // NNID_DIALECT_NNIDBASE_TD
