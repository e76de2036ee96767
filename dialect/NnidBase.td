//===- NnidBase.td - nnid dialect definition ---------------*- tablegen -*-===//
//
// The nnid dialect: the layers of PyTorch CNNs, on NCHW f32 tensors.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNIDBASE_TD
#define NNID_DIALECT_NNIDBASE_TD

include "mlir/IR/OpBase.td"

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

#endif // NNID_DIALECT_NNIDBASE_TD
