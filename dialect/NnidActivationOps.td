//===- NnidActivationOps.td - nnid activation functions ----*- tablegen -*-===//
//
// The elementwise activation functions of torch.nn, with PyTorch's names,
// parameters, defaults and formulas. Each takes and returns an activation of
// any rank; the CPU kernels apply them in a convolution's epilogue.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNIDACTIVATIONOPS_TD
#define NNID_DIALECT_NNIDACTIVATIONOPS_TD

// An elementwise activation `f(x)`, written `nnid.<mnemonic> %x : type` with
// its parameters in the attribute dictionary.
class Nnid_ActivationOp<string mnemonic, string formula, string module,
                        dag parameters = (ins), list<Trait> traits = []>
    : Nnid_LayerOp<mnemonic, traits> {
  let summary = formula # " (" # module # ")";
  let description = !strconcat([{
    Elementwise on an activation of any rank, as PyTorch's }], module,
    [{ computes it: }], formula, [{.

    Example:
    ```mlir
    %y = nnid.}], mnemonic, [{ %x : tensor<1x16x112x112xf32>
    ```
  }]);
  let arguments = !con((ins Nnid_Activation:$input), parameters);
  let results = (outs Nnid_Activation:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Nnid_HardtanhOp : Nnid_ActivationOp<"hardtanh",
    "min(max(x, min_val), max_val)", "torch.nn.Hardtanh, torch.nn.ReLU6",
    (ins DefaultValuedAttr<ConfinedAttr<F64Attr, [Nnid_NotNaN]>, "-1.0">:$min_val,
         DefaultValuedAttr<ConfinedAttr<F64Attr, [Nnid_NotNaN]>, "1.0">:$max_val)> {
  let description = [{
    Clamps each element to `[min_val, max_val]` (`min_val <= max_val`; a
    bound may be infinite, as ONNX's `Clip` without one); NaN stays NaN. `nn.ReLU6` is `hardtanh {min_val = 0.0, max_val = 6.0}`, and
    ONNX's `Clip` maps here.

    Example:
    ```mlir
    %y = nnid.hardtanh %x {min_val = 0.0, max_val = 6.0}
        : tensor<1x32x112x112xf32>
    ```
  }];
  let hasCanonicalizer = 1;
}

def Nnid_SigmoidOp : Nnid_ActivationOp<"sigmoid", "1 / (1 + exp(-x))",
    "torch.nn.Sigmoid">;

def Nnid_SiluOp : Nnid_ActivationOp<"silu", "x / (1 + exp(-x))",
    "torch.nn.SiLU">;

def Nnid_HardsigmoidOp : Nnid_ActivationOp<"hardsigmoid",
    "min(max(x + 3, 0), 6) / 6", "torch.nn.Hardsigmoid">;

def Nnid_HardswishOp : Nnid_ActivationOp<"hardswish",
    "x * min(max(x + 3, 0), 6) / 6", "torch.nn.Hardswish">;

def Nnid_GeluOp : Nnid_ActivationOp<"gelu",
    "x * (1 + erf(x / sqrt(2))) / 2, or with approximate = \"tanh\" "
    "x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) / 2",
    "torch.nn.GELU",
    (ins DefaultValuedAttr<Nnid_GeluApproximation, "\"none\"">:$approximate)>;

def Nnid_LeakyReluOp : Nnid_ActivationOp<"leaky_relu",
    "x > 0 ? x : negative_slope * x", "torch.nn.LeakyReLU",
    (ins Nnid_FiniteF64<"0.01">:$negative_slope)>;

def Nnid_EluOp : Nnid_ActivationOp<"elu",
    "x > 0 ? x : alpha * (exp(x) - 1)", "torch.nn.ELU",
    (ins Nnid_FiniteF64<"1.0">:$alpha)>;

def Nnid_SeluOp : Nnid_ActivationOp<"selu",
    "scale * (x > 0 ? x : alpha * (exp(x) - 1)) with PyTorch's alpha "
    "1.6732632423543772 and scale 1.0507009873554805", "torch.nn.SELU">;

def Nnid_SoftplusOp : Nnid_ActivationOp<"softplus",
    "beta * x > threshold ? x : log(1 + exp(beta * x)) / beta",
    "torch.nn.Softplus",
    (ins DefaultValuedAttr<ConfinedAttr<F64Attr, [Nnid_FinitePositive]>,
                           "1.0">:$beta,
         Nnid_FiniteF64<"20.0">:$threshold)>;

def Nnid_SoftsignOp : Nnid_ActivationOp<"softsign", "x / (1 + |x|)",
    "torch.nn.Softsign">;

def Nnid_TanhOp : Nnid_ActivationOp<"tanh", "tanh(x)", "torch.nn.Tanh">;

#endif // NNID_DIALECT_NNIDACTIVATIONOPS_TD
