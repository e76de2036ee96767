//===- Pooling.cpp - pooling in channels-last -----------------------------===//
//
// pooling_nchw_max and pooling_nchw_sum become pooling_nhwc_max and
// pooling_nhwc_sum, with the same window, strides and dilations.
//
//===----------------------------------------------------------------------===//

#include "ChannelsLast.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace nnid::channels_last;

namespace {

std::optional<OpLayout> matchPooling(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      !isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op))
    return std::nullopt;
  // The window (operand 1) only gives the window's size.
  return OpLayout{/*anchor=*/true, {0, 2}, {0}};
}

template <typename PoolOp>
Value createPool(OpBuilder &b, Location loc, Operation *op, Value input,
                 Value window, Value init) {
  return PoolOp::create(b, loc, TypeRange{init.getType()},
                        ValueRange{input, window}, ValueRange{init},
                        getWindowAttrs(b, op))
      .getResult(0);
}

SmallVector<Value> convertPooling(Operation *op, const Rewriter &r) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  Location loc = op->getLoc();
  Value input = r.getChannelsLast(loc, linalgOp.getDpsInputs()[0]);
  Value window = linalgOp.getDpsInputs()[1];
  Value init = r.getChannelsLast(loc, linalgOp.getDpsInits()[0]);
  if (isa<linalg::PoolingNchwMaxOp>(op))
    return {createPool<linalg::PoolingNhwcMaxOp>(r.builder(), loc, op, input,
                                                 window, init)};
  return {createPool<linalg::PoolingNhwcSumOp>(r.builder(), loc, op, input,
                                               window, init)};
}

} // namespace

Rule nnid::channels_last::getPoolingRule() {
  return {matchPooling, convertPooling};
}
