//===- Activations.cpp - lowering nnid activation functions to linalg -----===//
//
// Each activation becomes an elementwise linalg.generic whose body is the
// op's scalar formula (emit() below), written as PyTorch's CPU kernels
// compute it. Transcendental functions stay math ops here; nnid's pipelines
// expand them into polynomials (nnid-approximate-math) before code
// generation.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <numbers>

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

namespace {

/// Builds the scalar formulas of the activations on f32 values.
struct Scalar {
  OpBuilder &b;
  Location loc;

  Value c(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  // maximumf and minimumf propagate NaN, as PyTorch's clamp does.
  Value max(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value clamp(Value x, double lo, double hi) {
    return min(max(x, c(lo)), c(hi));
  }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  /// x > 0 ? x : y (NaN takes y, which is NaN for every caller).
  Value positiveOr(Value x, Value y) {
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, c(0));
    return arith::SelectOp::create(b, loc, positive, x, y);
  }
  /// x > 0 ? x : alpha * (exp(x) - 1), with expm1 for accuracy near 0.
  Value elu(Value x, double alpha) {
    return positiveOr(x, mul(c(alpha), math::ExpM1Op::create(b, loc, x)));
  }
};

Value emit(HardtanhOp op, Scalar s, Value x) {
  return s.clamp(x, op.getMinVal().convertToDouble(),
                 op.getMaxVal().convertToDouble());
}
Value emit(SigmoidOp, Scalar s, Value x) {
  return s.div(s.c(1), s.add(s.c(1), s.exp(s.sub(s.c(0), x))));
}
Value emit(SiluOp, Scalar s, Value x) {
  return s.div(x, s.add(s.c(1), s.exp(s.sub(s.c(0), x))));
}
Value emit(HardsigmoidOp, Scalar s, Value x) {
  return s.div(s.clamp(s.add(x, s.c(3)), 0, 6), s.c(6));
}
Value emit(HardswishOp, Scalar s, Value x) {
  return s.div(s.mul(x, s.clamp(s.add(x, s.c(3)), 0, 6)), s.c(6));
}
Value emit(GeluOp op, Scalar s, Value x) {
  Value half = s.mul(x, s.c(0.5));
  if (op.getApproximate() == "tanh") {
    double k = std::numbers::sqrt2 * std::numbers::inv_sqrtpi; // sqrt(2/pi)
    Value cube = s.mul(s.mul(x, x), x);
    Value inner = s.mul(s.c(k), s.add(x, s.mul(s.c(0.044715), cube)));
    return s.mul(half, s.add(s.c(1), math::TanhOp::create(s.b, s.loc, inner)));
  }
  Value erf =
      math::ErfOp::create(s.b, s.loc, s.mul(x, s.c(1 / std::numbers::sqrt2)));
  return s.mul(half, s.add(s.c(1), erf));
}
Value emit(LeakyReluOp op, Scalar s, Value x) {
  return s.positiveOr(x,
                      s.mul(x, s.c(op.getNegativeSlope().convertToDouble())));
}
Value emit(EluOp op, Scalar s, Value x) {
  return s.elu(x, op.getAlpha().convertToDouble());
}
Value emit(SeluOp, Scalar s, Value x) {
  // torch.nn.functional.selu's constants.
  constexpr double kAlpha = 1.6732632423543772848170429916717;
  constexpr double kScale = 1.0507009873554804934193349852946;
  return s.mul(s.c(kScale), s.elu(x, kAlpha));
}
Value emit(SoftplusOp op, Scalar s, Value x) {
  double beta = op.getBeta().convertToDouble();
  Value scaled = s.mul(x, s.c(beta));
  Value soft =
      s.div(math::Log1pOp::create(s.b, s.loc, s.exp(scaled)), s.c(beta));
  Value linear =
      arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, scaled,
                            s.c(op.getThreshold().convertToDouble()));
  return arith::SelectOp::create(s.b, s.loc, linear, x, soft);
}
Value emit(SoftsignOp, Scalar s, Value x) {
  return s.div(x, s.add(s.c(1), math::AbsFOp::create(s.b, s.loc, x)));
}
Value emit(TanhOp, Scalar s, Value x) {
  return math::TanhOp::create(s.b, s.loc, x);
}

template <typename OpT> struct ActivationLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using OpAdaptor = typename OpT::Adaptor;

  LogicalResult
  matchAndRewrite(OpT op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput();
    Value empty = createEmpty(rewriter, loc, type, input);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input}, ValueRange{empty},
        getIdentityMaps(this->getContext(), type.getRank(), 2),
        getParallelIterators(type.getRank()),
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, emit(op, Scalar{b, l}, args[0]));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void nnid::populateNnidActivationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ActivationLowering<HardtanhOp>, ActivationLowering<SigmoidOp>,
               ActivationLowering<SiluOp>, ActivationLowering<HardsigmoidOp>,
               ActivationLowering<HardswishOp>, ActivationLowering<GeluOp>,
               ActivationLowering<LeakyReluOp>, ActivationLowering<EluOp>,
               ActivationLowering<SeluOp>, ActivationLowering<SoftplusOp>,
               ActivationLowering<SoftsignOp>, ActivationLowering<TanhOp>>(
      patterns.getContext());
}
