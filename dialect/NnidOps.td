//===- NnidOps.td - nnid operations ------------------------*- tablegen -*-===//
//
// The ops of the nnid dialect. Names, operand order and attribute names follow
// PyTorch; they are a contract other tools rely on.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNIDOPS_TD
#define NNID_DIALECT_NNIDOPS_TD

include "NnidBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Every op is pure and infers its result type. ODS checks each operand and
// attribute (NnidBase.td); the verifier (`hasVerifier`) then runs the same
// shape computation as inference, which checks operands and attributes
// against each other and against the size limits, and reports what is wrong
// by name.
class Nnid_LayerOp<string mnemonic, list<Trait> traits = []>
    : Nnid_Op<mnemonic, !listconcat(
          [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>], traits)> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Placeholders and elementwise ops
//===----------------------------------------------------------------------===//

def Nnid_IdentityOp : Nnid_LayerOp<"identity"> {
  let summary = "placeholder that returns its input (torch.nn.Identity)";
  let description = [{
    Returns its input unchanged. PyTorch code uses `nn.Identity` to skip a
    layer or to replace a classifier head; in nnid it costs nothing, because
    it always folds away.

    Example:
    ```mlir
    %y = nnid.identity %x : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins Nnid_Activation:$input);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Nnid_ReluOp : Nnid_LayerOp<"relu"> {
  let summary = "rectified linear unit, max(x, 0) (torch.nn.ReLU)";
  let description = [{
    Elementwise `max(x, 0)` on an activation of any rank.

    Example:
    ```mlir
    %y = nnid.relu %x : tensor<1x16x224x224xf32>
    ```
  }];
  let arguments = (ins Nnid_Activation:$input);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasCanonicalizer = 1;
}

def Nnid_AddOp : Nnid_LayerOp<"add", [AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "elementwise sum of two tensors of the same type";
  let description = [{
    The residual add of ResNet-style networks (`out = x + f(x)`). Both
    operands and the result have the same type; there is no broadcasting.

    Example:
    ```mlir
    %y = nnid.add %a, %b : tensor<?x64x56x56xf32>
    ```
  }];
  let arguments = (ins Nnid_Activation:$lhs, Nnid_Activation:$rhs);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Nnid_MulOp : Nnid_LayerOp<"mul"> {
  let summary = "elementwise product, the rhs broadcast to the lhs (x * y)";
  let description = [{
    `lhs * rhs`, where `rhs` has the rank of `lhs` and each of its dimensions
    is `lhs`'s or 1, broadcast as PyTorch broadcasts it: the scale of
    squeeze-and-excitation blocks (`x * scale` with a `[N, C, 1, 1]` scale),
    or a gate of the input's own shape. The result has `lhs`'s type.

    Example:
    ```mlir
    %y = nnid.mul %x, %s : tensor<?x64x28x28xf32>, tensor<?x64x1x1xf32>
    ```
  }];
  let arguments = (ins Nnid_Activation:$lhs, Nnid_Activation:$rhs);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

def Nnid_Conv2dOp : Nnid_LayerOp<"conv2d"> {
  let summary = "2-D convolution (torch.nn.Conv2d)";
  let description = [{
    PyTorch's `F.conv2d` on an NCHW input. The weight is
    `[Cout, Cin / groups, kh, kw]` and the optional bias `[Cout]`. `padding`
    is `[top, left, bottom, right]` (zero padding; PyTorch's symmetric
    `padding=(ph, pw)` is `[ph, pw, ph, pw]`), `stride` and `dilation` are
    `[h, w]`. `groups` must divide both `Cin` and `Cout`. The output size is
    `(H + top + bottom - dh * (kh - 1) - 1) / sh + 1` (and likewise for W).

    Example:
    ```mlir
    %y = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x224x224xf32>
    ```
  }];
  let arguments = (ins
    Nnid_NCHW:$input,
    Nnid_ConvWeight:$weight,
    Optional<Nnid_Vector>:$bias,
    DefaultValuedAttr<Nnid_PositivePair, "{1, 1}">:$stride,
    DefaultValuedAttr<Nnid_Padding, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<Nnid_PositivePair, "{1, 1}">:$dilation,
    DefaultValuedAttr<Nnid_Groups, "1">:$groups
  );
  let results = (outs Nnid_NCHW:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Nnid_IdentityConv1x1Op : Nnid_LayerOp<"identity_conv1x1"> {
  let summary = "1x1 convolution whose kernel is weight + identity";
  let description = [{
    The `IdentityBasedConv1x1` of Diverse Branch Block re-parameterization: a
    1x1 convolution with stride 1, no padding and no bias, whose effective
    kernel is `weight + id`, where `id[i, i % (C / groups), 0, 0] = 1` and
    every other element is 0. The weight is `[C, C / groups, 1, 1]` and the
    result has the type of the input. PyTorch initializes the weight to zero,
    which makes the op exactly the identity.

    Canonicalization turns it into an `nnid.conv2d` whose kernel is computed
    on the weight (a single constant when the weight is constant), and erases
    it when the weight is a zero constant.

    Example:
    ```mlir
    %y = nnid.identity_conv1x1 %x, %w {groups = 2 : i64}
        : tensor<1x8x16x16xf32>, tensor<8x4x1x1xf32>
    ```
  }];
  let arguments = (ins
    Nnid_NCHW:$input,
    Nnid_Conv1x1Weight:$weight,
    DefaultValuedAttr<Nnid_Groups, "1">:$groups
  );
  let results = (outs Nnid_NCHW:$result);
  let assemblyFormat = [{
    $input `,` $weight attr-dict `:` type($input) `,` type($weight)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// Max and average pooling: `input`, `kernel_size`, an optional `stride`
// (the kernel size when absent, as in PyTorch) and `padding`, then the
// arguments of each op.
class Nnid_Pool2dOp<string mnemonic, dag extraArguments>
    : Nnid_LayerOp<mnemonic> {
  let arguments = !con((ins
    Nnid_PoolInput:$input,
    Nnid_PositivePair:$kernel_size,
    OptionalAttr<Nnid_PositivePair>:$stride,
    DefaultValuedAttr<Nnid_Padding, "{0, 0, 0, 0}">:$padding
  ), extraArguments);
  let results = (outs Nnid_NCHW:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The stride, which is the kernel size when no stride is given.
    ::llvm::ArrayRef<int64_t> getEffectiveStride() {
      return getStride() ? *getStride() : getKernelSize();
    }
  }];
}

def Nnid_MaxPool2dOp : Nnid_Pool2dOp<"max_pool2d", (ins
    DefaultValuedAttr<Nnid_PositivePair, "{1, 1}">:$dilation,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode
  )> {
  let summary = "2-D max pooling (torch.nn.MaxPool2d)";
  let description = [{
    Max over `kernel_size` windows of an NCHW input. `stride` defaults to
    `kernel_size` when absent, as in PyTorch. Padding (`[top, left, bottom,
    right]`) is `-inf` and must be smaller than the kernel on each side
    (ONNX's limit; PyTorch's is half the kernel). With
    `ceil_mode` the output size is rounded up, and a last window that would
    start in the bottom/right padding is dropped, as PyTorch does; a window
    may then reach past the padding, as long as one output remains. The
    input's channels, height and width must be non-zero.

    Example:
    ```mlir
    %y = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>}
        : tensor<1x16x224x224xf32> -> tensor<1x16x112x112xf32>
    ```
  }];
}

def Nnid_AvgPool2dOp : Nnid_Pool2dOp<"avg_pool2d", (ins
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
    DefaultValuedAttr<BoolAttr, "true">:$count_include_pad
  )> {
  let summary = "2-D average pooling (torch.nn.AvgPool2d)";
  let description = [{
    Mean over `kernel_size` windows of an NCHW input. `stride` defaults to
    `kernel_size`; zero padding (`[top, left, bottom, right]`) must be
    smaller than the kernel on each side (ONNX's limit; PyTorch's is half). With `count_include_pad` (the default) the
    divisor counts padded elements inside the padded input; without it, only
    input elements. `ceil_mode` rounds the output size up as PyTorch does
    (see `nnid.max_pool2d`). The input's channels, height and width must be
    non-zero.

    Example:
    ```mlir
    %y = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>,
                             stride = array<i64: 1, 1>,
                             padding = array<i64: 1, 1, 1, 1>,
                             count_include_pad = false}
        : tensor<1x8x14x14xf32> -> tensor<1x8x14x14xf32>
    ```
  }];
}

def Nnid_AdaptiveAvgPool2dOp : Nnid_LayerOp<"adaptive_avg_pool2d"> {
  let summary = "2-D adaptive average pooling (torch.nn.AdaptiveAvgPool2d)";
  let description = [{
    Averages an NCHW input into an `output_size = [oh, ow]` grid. Output
    cell `i` along H averages rows `floor(i * H / oh)` up to
    `ceil((i + 1) * H / oh)` (exclusive), PyTorch's bin formula; bins may be
    uneven and may overlap. The input's channels, height and width must be
    non-zero.

    Example:
    ```mlir
    %y = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>}
        : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Nnid_PoolInput:$input,
                       Nnid_PositivePair:$output_size);
  let results = (outs Nnid_NCHW:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Normalization, dense layers and data movement
//===----------------------------------------------------------------------===//

def Nnid_BatchNormOp
    : Nnid_LayerOp<"batch_norm", [AllTypesMatch<["weight", "bias",
                                                 "running_mean",
                                                 "running_var"]>]> {
  let summary = "batch normalization, inference form (BatchNorm1d/2d)";
  let description = [{
    `(x - running_mean) / sqrt(running_var + epsilon) * weight + bias`, per
    channel, with channels on dimension 1 of a rank-2 (`[N, C]`,
    `BatchNorm1d`) or rank-4 (`[N, C, H, W]`, `BatchNorm2d`) input. The four
    parameters are `[C]` tensors, in PyTorch's `state_dict` order.

    Example:
    ```mlir
    %y = nnid.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-05}
        : tensor<1x64x56x56xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins
    Nnid_BatchNormInput:$input,
    Nnid_Vector:$weight,
    Nnid_Vector:$bias,
    Nnid_Vector:$running_mean,
    Nnid_Vector:$running_var,
    DefaultValuedAttr<Nnid_Epsilon, "1e-5">:$epsilon
  );
  let results = (outs Nnid_BatchNormInput:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `,` $running_mean `,` $running_var attr-dict
    `:` type($input) `,` type($weight)
  }];
}

def Nnid_LinearOp : Nnid_LayerOp<"linear"> {
  let summary = "fully connected layer, x * weight^T + bias (torch.nn.Linear)";
  let description = [{
    `input [N, in]`, `weight [out, in]`, optional `bias [out]`, giving
    `[N, out]`.

    Example:
    ```mlir
    %y = nnid.linear %x, %w, %b
        : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>)
        -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins
    Nnid_Features:$input,
    Nnid_LinearWeight:$weight,
    Optional<Nnid_Vector>:$bias
  );
  let results = (outs Nnid_Features:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nnid_ConcatOp : Nnid_LayerOp<"concat"> {
  let summary = "concatenation along one axis (torch.cat)";
  let description = [{
    Concatenates one or more tensors of the same rank along `axis`. As in
    `torch.cat`, a negative axis counts from the end. All other dimensions
    must agree.

    Example:
    ```mlir
    %y = nnid.concat %a, %b {axis = 1 : i64}
        : (tensor<1x20xf32>, tensor<1x50xf32>) -> tensor<1x70xf32>
    ```
  }];
  let arguments = (ins Variadic<Nnid_Activation>:$inputs, I64Attr:$axis);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The axis in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Nnid_FlattenOp : Nnid_LayerOp<"flatten"> {
  let summary = "merges a range of dimensions into one (torch.nn.Flatten)";
  let description = [{
    Merges dimensions `start_dim` through `end_dim` (inclusive; negative
    values count from the end) into one, as `torch.flatten` does. The
    defaults, 1 and -1, are those of `nn.Flatten`.

    Example:
    ```mlir
    %y = nnid.flatten %x : tensor<?x512x1x1xf32> -> tensor<?x512xf32>
    ```
  }];
  let arguments = (ins
    Nnid_Activation:$input,
    DefaultValuedAttr<I64Attr, "1">:$start_dim,
    DefaultValuedAttr<I64Attr, "-1">:$end_dim
  );
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

include "NnidActivationOps.td"

#endif // NNID_DIALECT_NNIDOPS_TD
