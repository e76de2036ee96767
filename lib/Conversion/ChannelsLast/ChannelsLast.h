//===- ChannelsLast.h - the nnid-convert-to-channels-last rules -*- C++ -*-===//
//
// The pass (ChannelsLastPass.cpp) finds the ops that compute channels-last
// and rewrites each once; the rules below say, per op family, which ops can,
// which of their values carry the layout, and what their channels-last form
// is. See docs/cpu-codegen.md ("Layout").
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_CONVERSION_CHANNELSLAST_CHANNELSLAST_H
#define NNID_LIB_CONVERSION_CHANNELSLAST_CHANNELSLAST_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace nnid::channels_last {

/// The permutation from an NCHW-like value of `rank` to its channels-last
/// form (result dimension i is source dimension perm[i]): [0, 2, 3, 1] for
/// rank 4 (NCHW -> NHWC), [0, 3, 4, 1, 2] for rank 5 (the [N, G, C/G, H, W]
/// views of grouped convolutions -> [N, H, W, G, C/G]).
llvm::ArrayRef<int64_t> getPermutation(int64_t rank);

/// Where NCHW-like dimension `d` of a value of `rank` is in its
/// channels-last form (the inverse permutation).
int64_t getChannelsLastDim(int64_t rank, int64_t d);

/// `type` (NCHW-like) in its channels-last form.
mlir::RankedTensorType getChannelsLastType(mlir::RankedTensorType type);

/// Whether `type` is a rank-4 f32 tensor: the activations whose layout the
/// pass changes.
bool isActivation(mlir::Type type);

/// What a rule says about one op.
struct OpLayout {
  /// Convolutions and poolings: they are what makes channels-last worth
  /// it, and always change layout. Every other op changes layout only when
  /// a neighbour does.
  bool anchor = false;
  /// The operands and results that carry the layout: the NCHW-like values
  /// the channels-last form reads and yields permuted.
  llvm::SmallVector<unsigned, 4> operands;
  llvm::SmallVector<unsigned, 2> results;
};

/// Builds channels-last ops in place of one op.
class Rewriter {
public:
  Rewriter(mlir::RewriterBase &rewriter,
           llvm::function_ref<mlir::Value(mlir::Location, mlir::Value)> get)
      : rewriter(rewriter), get(get) {}

  /// The channels-last form of `value`, an NCHW-like operand that carries
  /// the layout: the channels-last result it was made from, or a new
  /// linalg.transpose (a constant is permuted now).
  mlir::Value getChannelsLast(mlir::Location loc, mlir::Value value) const {
    return get(loc, value);
  }

  mlir::RewriterBase &builder() const { return rewriter; }

private:
  mlir::RewriterBase &rewriter;
  llvm::function_ref<mlir::Value(mlir::Location, mlir::Value)> get;
};

/// One op family: which of its ops can compute channels-last, and how.
/// `convert` builds the channels-last form before the op and returns one
/// value per result: the channels-last value of a result that carries the
/// layout, the plain replacement of any other. It does not erase the op.
struct Rule {
  std::optional<OpLayout> (*match)(mlir::Operation *op);
  llvm::SmallVector<mlir::Value> (*convert)(mlir::Operation *op,
                                            const Rewriter &rewriter);
};

/// conv_2d_nchw_fchw, depthwise_conv_2d_nchw_chw, conv_2d_ngchw_gfchw and
/// the expand_shape / collapse_shape around the latter (Convolutions.cpp).
Rule getConvolutionRule();
/// pooling_nchw_max, pooling_nchw_sum (Pooling.cpp).
Rule getPoolingRule();
/// linalg.generic, linalg.fill, linalg.broadcast, tensor.empty
/// (Elementwise.cpp).
Rule getElementwiseRule();
/// tensor.pad, tensor.concat, and the tensor.collapse_shape of a flatten
/// (DataMovement.cpp).
Rule getDataMovementRule();

//===----------------------------------------------------------------------===//
// Helpers shared by the rules.
//===----------------------------------------------------------------------===//

/// Permutes the elements of `value` (a constant of the permuted type) or
/// emits a linalg.transpose: result dimension i is input dimension
/// `permutation[i]`.
mlir::Value createTranspose(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value value,
                            llvm::ArrayRef<int64_t> permutation);

/// The strides and dilations of a linalg convolution or pooling op, to give
/// the op's channels-last form.
llvm::SmallVector<mlir::NamedAttribute> getWindowAttrs(mlir::OpBuilder &b,
                                                       mlir::Operation *op);

} // namespace nnid::channels_last

#endif // NNID_LIB_CONVERSION_CHANNELSLAST_CHANNELSLAST_H
