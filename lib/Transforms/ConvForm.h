//===- ConvForm.h - linear nnid ops seen as convolutions --------*- C++ -*-===//
//
// The MLIR side of structural re-parameterization. A conv2d with constant
// weights, a batch_norm, an identity_conv1x1 and an exact avg_pool2d are all
// convolutions ("steps"); a chain of steps whose intermediate results have no
// other users is a "branch", itself a convolution of the chain's input when
// every composition is exact. The pattern families in this directory match
// nnid ops as steps and branches, merge them with ConvAlgebra.h, and build
// one conv2d with f32 constants rounded once.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_TRANSFORMS_CONVFORM_H
#define NNID_LIB_TRANSFORMS_CONVFORM_H

#include "nnid/Transforms/ConvAlgebra.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace nnid::reparam {

/// The ops that read as steps.
enum class StepKind { Conv, IdentityConv, BatchNorm, AvgPool };

/// One nnid op read as a convolution of its first operand.
///
/// matchStep is the only place that recognizes ops (one TypeSwitch in
/// ConvForm.cpp, with getStepOpNames beside it): it fills the kind, the
/// geometry and the cost without reading weights, and materialize reads the
/// values. Patterns decide on kinds, geometries and costs, never on op
/// types; a new linear op needs a kind and a case there, and nothing else.
struct Step {
  mlir::Operation *op = nullptr;
  StepKind kind = StepKind::Conv;
  ConvGeometry geometry;
  /// Multiply-accumulates (or elementwise operations) of the op for one
  /// image.
  int64_t cost = 0;

  /// "3x3 conv2d", "batch_norm", "2x2 avg_pool2d".
  std::string describe() const;
};

/// Recognizes `op` as a step: nnid.conv2d with constant weight and bias;
/// nnid.identity_conv1x1 with a constant weight; rank-4 nnid.batch_norm with
/// constant parameters and a finite scale (a depthwise 1x1 convolution with
/// bias); nnid.avg_pool2d whose every window divides by kh * kw (a depthwise
/// convolution with kernel 1 / (kh * kw)). Refuses everything else.
std::optional<Step> matchStep(mlir::Operation *op);

/// The names of the ops that matchStep may recognize, indexed by StepKind.
llvm::ArrayRef<llvm::StringLiteral> getStepOpNames();

/// The kernel of a step, read from its constants in double precision.
ConvKernel materialize(const Step &step);

/// A value seen as a convolution of `input`: `steps` lead from `input` to the
/// value (in order), every intermediate result has one use. No steps: the
/// identity.
struct Branch {
  mlir::Value input;
  llvm::SmallVector<Step, 4> steps;
  ConvGeometry geometry;

  bool isIdentity() const { return steps.empty(); }
  /// The sum of the steps' costs.
  int64_t getCost() const;
  /// "1x1 conv2d -> batch_norm", or "identity".
  std::string describe() const;
};

/// Every way to see `value` as a branch, from the identity on `value` up to
/// the longest exact chain. Chains of one step or more are only offered when
/// `value` has a single use (the op that will be replaced); the identity is
/// offered for any rank-4 value with static C, H and W.
std::vector<Branch> getBranches(mlir::Value value);

/// The branch in `branches` that reads `input`, or null.
const Branch *findBranch(llvm::ArrayRef<Branch> branches, mlir::Value input);

/// The kernel of a branch.
ConvKernel materialize(const Branch &branch);

/// Builds `nnid.conv2d(input, kernel)` with f32 constants rounded from the
/// kernel, returning a value of `resultType`.
mlir::Value buildConv(mlir::PatternRewriter &rewriter, mlir::Location loc,
                      mlir::Value input, const ConvKernel &kernel,
                      mlir::Type resultType);

} // namespace nnid::reparam

#endif // NNID_LIB_TRANSFORMS_CONVFORM_H
