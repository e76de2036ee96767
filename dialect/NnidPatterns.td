//===- NnidPatterns.td - nnid declarative rewrites ---------*- tablegen -*-===//
//
// Canonicalization patterns of the nnid dialect that fit DRR. Every pattern
// here is exact: it never changes a single output bit.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNIDPATTERNS_TD
#define NNID_DIALECT_NNIDPATTERNS_TD

include "mlir/IR/PatternBase.td"
include "NnidOps.td"

// relu(relu(x)) -> relu(x).
def ReluOfRelu : Pat<(Nnid_ReluOp (Nnid_ReluOp:$inner $x)),
                     (replaceWithValue $inner)>;

// relu(max_pool2d(relu(x))) -> max_pool2d(relu(x)): every pooling window
// holds at least one input element (the verifier limits padding to half the
// kernel), so the maximum of non-negative values is already non-negative.
def ReluOfMaxPoolOfRelu
    : Pat<(Nnid_ReluOp
             (Nnid_MaxPool2dOp:$pool (Nnid_ReluOp $x), $kernel, $stride,
                                     $padding, $dilation, $ceilMode)),
          (replaceWithValue $pool)>;

#endif // NNID_DIALECT_NNIDPATTERNS_TD
