//===- Emit.h - emitting a DSL model as nnid IR -----------------*- C++ -*-===//
//
// emitModel<M>() builds a `func.func` for model M (a Model<Network, Input>)
// in an MLIR module, through the nnid op builders. The input is the first
// argument. Parameters are
//   - parametric mode: further arguments, in state_dict order, each with an
//     `nnid.name` argument attribute holding its state_dict name;
//   - frozen mode: `arith.constant`s with values from a WeightSource, at the
//     top of the function in state_dict order.
// BatchNorm's num_batches_tracked is left out: inference does not read it.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_EMIT_H
#define NNID_DSL_EMIT_H

#include "nnid/DSL/Layer.h"
#include "nnid/DSL/Model.h"
#include "nnid/DSL/WeightSource.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <map>
#include <string>
#include <tuple>

namespace nnid::nn {

/// The name of the argument attribute that holds a parameter's state_dict
/// name in parametric mode.
inline constexpr llvm::StringLiteral kParameterNameAttr = "nnid.name";

struct EmitOptions {
  std::string functionName = "forward";
  /// Frozen mode when set: parameters become constants with values from
  /// here. Parametric mode (parameters are arguments) when null.
  WeightSource *weights = nullptr;
};

static_assert(kDynamic == mlir::ShapedType::kDynamic,
              "a DSL shape is an MLIR shape");

/// The f32 tensor type of a DSL shape (kDynamic is `?`).
inline mlir::RankedTensorType getTensorType(mlir::MLIRContext *context,
                                            llvm::ArrayRef<int64_t> shape) {
  return mlir::RankedTensorType::get(shape, mlir::Float32Type::get(context));
}

/// The emitter the layers' emit() functions build nnid ops with.
class GraphEmitter {
public:
  using Value = mlir::Value;

  GraphEmitter(mlir::OpBuilder &builder,
               llvm::StringMap<mlir::Value> parameters)
      : builder(builder), parameters(std::move(parameters)),
        loc(builder.getUnknownLoc()) {}

  /// The value of the parameter `name` of the layer at `path`.
  Value parameter(const Path &path, std::string_view name) {
    std::string fullName = path.parameterName(name);
    auto it = parameters.find(fullName);
    // Only a layer whose emit() asks for a parameter its forEachParameter()
    // does not list gets here: a bug in the layer, not in the input.
    if (it == parameters.end())
      llvm::report_fatal_error(llvm::Twine("nnid DSL: a layer uses '") +
                               fullName +
                               "', which is not in the model's parameters");
    return it->second;
  }

  Value conv2d(Value input, Value weight, Value bias,
               std::array<int64_t, 2> stride, std::array<int64_t, 4> padding,
               std::array<int64_t, 2> dilation, int64_t groups) {
    return Conv2dOp::create(builder, loc, input, weight, bias, stride, padding,
                            dilation, groups);
  }
  Value identityConv1x1(Value input, Value weight, int64_t groups) {
    return IdentityConv1x1Op::create(builder, loc, input, weight, groups);
  }
  /// A zero border (top, left, bottom, right) around an NCHW input: nnid has
  /// no pad op, so a depthwise 1x1 conv2d with an all-ones kernel and that
  /// padding. No padding is the input itself.
  Value zeroPad2d(Value input, std::array<int64_t, 4> padding) {
    if (padding == std::array<int64_t, 4>{})
      return input;
    auto type = mlir::cast<mlir::RankedTensorType>(input.getType());
    int64_t channels = type.getDimSize(1);
    auto kernelType =
        mlir::RankedTensorType::get({channels, 1, 1, 1}, type.getElementType());
    Value ones = mlir::arith::ConstantOp::create(
        builder, loc, mlir::DenseElementsAttr::get(kernelType, 1.0f));
    return conv2d(input, ones, Value{}, {1, 1}, padding, {1, 1}, channels);
  }
  Value maxPool2d(Value input, std::array<int64_t, 2> kernel,
                  std::array<int64_t, 2> stride, std::array<int64_t, 4> padding,
                  std::array<int64_t, 2> dilation, bool ceilMode) {
    return MaxPool2dOp::create(builder, loc, input, kernel,
                               builder.getDenseI64ArrayAttr(stride), padding,
                               dilation, ceilMode);
  }
  Value avgPool2d(Value input, std::array<int64_t, 2> kernel,
                  std::array<int64_t, 2> stride, std::array<int64_t, 4> padding,
                  bool ceilMode, bool countIncludePad) {
    return AvgPool2dOp::create(builder, loc, input, kernel,
                               builder.getDenseI64ArrayAttr(stride), padding,
                               ceilMode, countIncludePad);
  }
  Value adaptiveAvgPool2d(Value input, std::array<int64_t, 2> outputSize) {
    return AdaptiveAvgPool2dOp::create(builder, loc, input, outputSize);
  }
  Value relu(Value input) { return ReluOp::create(builder, loc, input); }
  Value hardtanh(Value input, double minVal, double maxVal) {
    return HardtanhOp::create(builder, loc, input, llvm::APFloat(minVal),
                              llvm::APFloat(maxVal));
  }
  Value leakyRelu(Value input, double negativeSlope) {
    return LeakyReluOp::create(builder, loc, input,
                               llvm::APFloat(negativeSlope));
  }
  Value elu(Value input, double alpha) {
    return EluOp::create(builder, loc, input, llvm::APFloat(alpha));
  }
  Value softplus(Value input, double beta, double threshold) {
    return SoftplusOp::create(builder, loc, input, llvm::APFloat(beta),
                              llvm::APFloat(threshold));
  }
  Value gelu(Value input, std::string_view approximate) {
    return GeluOp::create(
        builder, loc, input,
        llvm::StringRef(approximate.data(), approximate.size()));
  }
  Value sigmoid(Value input) { return SigmoidOp::create(builder, loc, input); }
  Value silu(Value input) { return SiluOp::create(builder, loc, input); }
  Value hardsigmoid(Value input) {
    return HardsigmoidOp::create(builder, loc, input);
  }
  Value hardswish(Value input) {
    return HardswishOp::create(builder, loc, input);
  }
  Value selu(Value input) { return SeluOp::create(builder, loc, input); }
  Value softsign(Value input) {
    return SoftsignOp::create(builder, loc, input);
  }
  Value tanh(Value input) { return TanhOp::create(builder, loc, input); }
  Value identity(Value input) {
    return IdentityOp::create(builder, loc, input);
  }
  Value add(Value lhs, Value rhs) {
    return AddOp::create(builder, loc, lhs, rhs);
  }
  Value mul(Value lhs, Value rhs) {
    return MulOp::create(builder, loc, lhs, rhs);
  }
  Value concat(llvm::ArrayRef<Value> inputs, int64_t axis) {
    return ConcatOp::create(builder, loc, inputs, axis);
  }
  Value batchNorm(Value input, Value weight, Value bias, Value runningMean,
                  Value runningVar, double eps) {
    return BatchNormOp::create(builder, loc, input, weight, bias, runningMean,
                               runningVar, llvm::APFloat(eps));
  }
  Value linear(Value input, Value weight, Value bias) {
    return LinearOp::create(builder, loc, input, weight, bias);
  }
  Value flatten(Value input, int64_t startDim, int64_t endDim) {
    return FlattenOp::create(builder, loc, input, startDim, endDim);
  }

  /// Builds layer L (at `path`, on `input` of shape In) with `build`, unless
  /// it was built on the same input already: layers are pure, so a Named
  /// layer used twice on one value (a DAG written as a tree) is emitted
  /// once. Ops get the layer's name as their location, and the type nnid
  /// infers is checked against the shape the DSL computed.
  template <class L, class In, class Build>
  Value emitLayer(Value input, const Path &path, Build &&build) {
    Key key{&detail::typeKey<L>, path.prefix, input.getAsOpaquePointer()};
    if (auto it = built.find(key); it != built.end())
      return it->second;
    mlir::Location outer = loc;
    if (!path.prefix.empty())
      loc = mlir::NameLoc::get(builder.getStringAttr(path.layerName()));
    Value output = build();
    loc = outer;
    mlir::Type expected =
        getTensorType(builder.getContext(), OutputOf<L, In>::dims);
    if (output.getType() != expected && disagreement.empty())
      llvm::raw_string_ostream(disagreement)
          << "layer '" << path.layerName() << "': nnid infers "
          << output.getType() << ", the DSL computed " << expected;
    built.emplace(key, output);
    return output;
  }

  /// An error if nnid's type inference and the DSL disagreed on a shape.
  llvm::Error takeError() {
    if (disagreement.empty())
      return llvm::Error::success();
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   disagreement);
  }

private:
  using Key = std::tuple<const void *, std::string, const void *>;

  mlir::OpBuilder &builder;
  llvm::StringMap<mlir::Value> parameters;
  mlir::Location loc;
  std::map<Key, Value> built;
  std::string disagreement;
};

/// Builds `func.func @<options.functionName>` for model M at the end of
/// `module`. Fails, leaving the module as it was, when the name is taken,
/// when the weight source fails (its error is returned unchanged) or
/// returns the wrong number of values.
template <class M>
llvm::Expected<mlir::func::FuncOp> emitModel(mlir::ModuleOp module,
                                             const EmitOptions &options = {}) {
  mlir::MLIRContext *context = module.getContext();
  context->loadDialect<NnidDialect, mlir::func::FuncDialect,
                       mlir::arith::ArithDialect>();
  if (module.lookupSymbol(options.functionName))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the module already has a symbol named '" +
                                       options.functionName + "'");

  // Parameters other than F32 ones (num_batches_tracked) are bookkeeping
  // that inference does not read.
  std::vector<ParameterSpec> parameters;
  for (ParameterSpec &spec : M::getParameters())
    if (spec.dtype == DType::F32)
      parameters.push_back(std::move(spec));

  bool frozen = options.weights != nullptr;
  llvm::SmallVector<mlir::Type> argumentTypes = {
      getTensorType(context, M::getInputShape())};
  if (!frozen)
    for (const ParameterSpec &spec : parameters)
      argumentTypes.push_back(getTensorType(context, spec.shape));
  mlir::Type outputType = getTensorType(context, M::getOutputShape());

  mlir::OpBuilder builder(context);
  builder.setInsertionPointToEnd(module.getBody());
  mlir::Location loc = builder.getUnknownLoc();
  auto function = mlir::func::FuncOp::create(
      builder, loc, options.functionName,
      builder.getFunctionType(argumentTypes, outputType));
  mlir::Block *entry = function.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  llvm::StringMap<mlir::Value> values;
  for (auto [index, spec] : llvm::enumerate(parameters)) {
    if (!frozen) {
      function.setArgAttr(index + 1, kParameterNameAttr,
                          builder.getStringAttr(spec.name));
      values[spec.name] = entry->getArgument(index + 1);
      continue;
    }
    llvm::Expected<llvm::ArrayRef<float>> data =
        options.weights->getValues(spec);
    if (!data) {
      function.erase();
      return data.takeError();
    }
    if (static_cast<int64_t>(data->size()) != spec.getNumElements()) {
      function.erase();
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "the weight source gave %zu values for '%s', which has %lld",
          data->size(), spec.name.c_str(),
          static_cast<long long>(spec.getNumElements()));
    }
    auto type = getTensorType(context, spec.shape);
    values[spec.name] = mlir::arith::ConstantOp::create(
        builder, mlir::NameLoc::get(builder.getStringAttr(spec.name)),
        mlir::DenseElementsAttr::get(type, *data));
  }

  GraphEmitter emitter(builder, std::move(values));
  mlir::Value output =
      emitLayer<typename M::NetworkType, typename M::InputShape>(
          emitter, entry->getArgument(0), Path{});
  mlir::func::ReturnOp::create(builder, loc, output);
  if (llvm::Error error = emitter.takeError()) {
    function.erase();
    return error;
  }
  return function;
}

} // namespace nnid::nn

#endif // NNID_DSL_EMIT_H
