//===- ImportResize.cpp - ONNX Resize and Upsample as TOSA matmuls --------===//
//
// Resize (opsets 10, 11, 13) and Upsample (opsets 7, 9) of an NCHW tensor
// over H and W. The shapes are static but for the batch, so every sampling
// position is known at import: the resize is separable, out[n, c] =
// A_h * X[n, c] * A_w^T, with interpolation matrices A_h [OH, H] and A_w
// [OW, W] computed here in double precision by ONNX's formulas and rounded
// to f32 once. The two products are tosa.matmul ops, with tosa.transpose and
// tosa.reshape around them.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "Layers.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

namespace {

enum class Mode { Nearest, Linear, Cubic };

/// How an output index maps to a position in the input.
enum class Transform {
  HalfPixel,
  PytorchHalfPixel,
  AlignCorners,
  Asymmetric,
  TfHalfPixelForNN
};

enum class Rounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

struct ResizeParams {
  Mode mode = Mode::Nearest;
  Transform transform = Transform::Asymmetric;
  Rounding rounding = Rounding::Floor;
  double cubicA = -0.75;
  bool excludeOutside = false;
};

} // namespace

/// The most elements one interpolation matrix may have.
static constexpr int64_t kMaxMatrixElements = int64_t(1) << 24;

/// The position in the input (of `in` elements) output index `o` samples.
/// `scale` is the scale given or out / in; `length` is in * scale, as ONNX
/// writes length_resized, not rounded (downsampling 4 by 0.6 aligns corners
/// over 2.4).
static double sourcePosition(const ResizeParams &p, int64_t o, int64_t in,
                             double length, double scale) {
  double x = double(o);
  switch (p.transform) {
  case Transform::HalfPixel:
    return (x + 0.5) / scale - 0.5;
  case Transform::PytorchHalfPixel:
    return length > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  case Transform::AlignCorners:
    return length == 1 ? 0.0 : x * double(in - 1) / (length - 1);
  case Transform::Asymmetric:
    return x / scale;
  case Transform::TfHalfPixelForNN:
    return (x + 0.5) / scale;
  }
  llvm_unreachable("unknown coordinate transformation");
}

static int64_t roundNearest(Rounding rounding, double x) {
  double lower = std::floor(x);
  switch (rounding) {
  case Rounding::Floor:
    return int64_t(lower);
  case Rounding::Ceil:
    return int64_t(std::ceil(x));
  case Rounding::RoundPreferFloor:
    return int64_t(x - lower == 0.5 ? lower : std::round(x));
  case Rounding::RoundPreferCeil:
    return int64_t(x - lower == 0.5 ? lower + 1 : std::round(x));
  }
  llvm_unreachable("unknown nearest mode");
}

/// Keys' cubic convolution kernel with coefficient `a` at distance `t`.
static double cubicWeight(double a, double t) {
  t = std::abs(t);
  if (t <= 1)
    return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2)
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/// The interpolation matrix A^T, [in, out] row-major: column o holds the
/// weights output o takes from each input element. Positions outside the
/// input take the nearest edge element, as ONNX's edge padding does.
static std::vector<float> interpolationMatrix(const ResizeParams &p, int64_t in,
                                              int64_t out, double length,
                                              double scale) {
  std::vector<double> a(size_t(in * out), 0.0);
  auto clampIndex = [&](int64_t i) {
    return std::clamp<int64_t>(i, 0, in - 1);
  };
  auto add = [&](int64_t i, int64_t o, double w) {
    a[size_t(clampIndex(i) * out + o)] += w;
  };
  for (int64_t o = 0; o < out; ++o) {
    double x = sourcePosition(p, o, in, length, scale);
    switch (p.mode) {
    case Mode::Nearest:
      add(roundNearest(p.rounding, x), o, 1.0);
      break;
    case Mode::Linear: {
      double lower = std::floor(x);
      double r = x - lower;
      add(int64_t(lower), o, 1.0 - r);
      add(int64_t(lower) + 1, o, r);
      break;
    }
    case Mode::Cubic: {
      int64_t lower = int64_t(std::floor(x));
      double r = x - double(lower);
      double w[4], sum = 0;
      for (int k = 0; k < 4; ++k) {
        int64_t i = lower - 1 + k;
        w[k] = cubicWeight(p.cubicA, r + 1 - k);
        if (p.excludeOutside && (i < 0 || i >= in))
          w[k] = 0;
        sum += w[k];
      }
      for (int k = 0; k < 4; ++k)
        add(lower - 1 + k, o, p.excludeOutside && sum != 0 ? w[k] / sum : w[k]);
      break;
    }
    }
  }
  return std::vector<float>(a.begin(), a.end());
}

/// Whether the [in, out] matrix is the identity.
static bool isIdentity(ArrayRef<float> matrix, int64_t in, int64_t out) {
  if (in != out)
    return false;
  for (int64_t i = 0; i < in; ++i)
    for (int64_t o = 0; o < out; ++o)
      if (matrix[i * out + o] != (i == o ? 1.0f : 0.0f))
        return false;
  return true;
}

/// The attributes of Resize from opset 11, or of Resize 10 and Upsample
/// (mode only, asymmetric, nearest by floor).
static FailureOr<ResizeParams> getParams(NodeImporter &node, bool upsample) {
  int64_t opset = node.getOpset();
  bool modern = !upsample && opset >= 11;
  SmallVector<StringRef> known = {"mode"};
  if (upsample && opset < 9)
    known.push_back("scales");
  if (modern)
    known.append({"coordinate_transformation_mode", "cubic_coeff_a",
                  "exclude_outside", "extrapolation_value", "nearest_mode"});
  if (failed(node.checkKnownAttrs(known)))
    return failure();
  ResizeParams p;
  FailureOr<std::string> mode = node.getString("mode", "nearest");
  if (failed(mode))
    return failure();
  if (*mode == "nearest")
    p.mode = Mode::Nearest;
  else if (*mode == "linear" || (upsample && *mode == "bilinear"))
    p.mode = Mode::Linear;
  else if (*mode == "cubic" && modern)
    p.mode = Mode::Cubic;
  else {
    node.fail() << "attribute 'mode' is '" << *mode << "' (expected nearest"
                << (modern ? ", linear or cubic)" : " or linear)");
    return failure();
  }
  if (!modern)
    return p;

  FailureOr<std::string> transform =
      node.getString("coordinate_transformation_mode", "half_pixel");
  FailureOr<std::string> nearest =
      node.getString("nearest_mode", "round_prefer_floor");
  FailureOr<float> cubicA = node.getFloat("cubic_coeff_a", -0.75f);
  FailureOr<int64_t> exclude = node.getInt("exclude_outside", 0);
  if (failed(transform) || failed(nearest) || failed(cubicA) || failed(exclude))
    return failure();
  if (*transform == "half_pixel")
    p.transform = Transform::HalfPixel;
  else if (*transform == "pytorch_half_pixel")
    p.transform = Transform::PytorchHalfPixel;
  else if (*transform == "align_corners")
    p.transform = Transform::AlignCorners;
  else if (*transform == "asymmetric")
    p.transform = Transform::Asymmetric;
  else if (*transform == "tf_half_pixel_for_nn")
    p.transform = Transform::TfHalfPixelForNN;
  else if (*transform == "tf_crop_and_resize") {
    node.fail() << "coordinate_transformation_mode 'tf_crop_and_resize' is "
                   "not supported: nnid resizes the whole image, not a "
                   "region of interest";
    return failure();
  } else {
    node.fail() << "attribute 'coordinate_transformation_mode' is '"
                << *transform
                << "' (expected half_pixel, pytorch_half_pixel, "
                   "align_corners, asymmetric or tf_half_pixel_for_nn)";
    return failure();
  }
  if (*nearest == "round_prefer_floor")
    p.rounding = Rounding::RoundPreferFloor;
  else if (*nearest == "round_prefer_ceil")
    p.rounding = Rounding::RoundPreferCeil;
  else if (*nearest == "floor")
    p.rounding = Rounding::Floor;
  else if (*nearest == "ceil")
    p.rounding = Rounding::Ceil;
  else {
    node.fail() << "attribute 'nearest_mode' is '" << *nearest
                << "' (expected round_prefer_floor, round_prefer_ceil, floor "
                   "or ceil)";
    return failure();
  }
  if (!std::isfinite(*cubicA)) {
    node.fail() << "attribute 'cubic_coeff_a' must be finite, got " << *cubicA;
    return failure();
  }
  p.cubicA = *cubicA;
  p.excludeOutside = *exclude != 0;
  return p;
}

/// The f32 values of `value` when it is a constant or a rank-1 concatenation
/// of constants: torch.onnx without constant folding writes scales as
/// Concat(Constant [1, 1], Constant [sh, sw]).
static std::optional<std::vector<float>> foldFloats(Value value, int depth) {
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr))) {
    auto dense = dyn_cast<DenseFPElementsAttr>(attr);
    if (!dense)
      return std::nullopt;
    auto range = dense.getValues<float>();
    return std::vector<float>(range.begin(), range.end());
  }
  auto concat = value.getDefiningOp<ConcatOp>();
  if (!concat || depth > 4 ||
      cast<RankedTensorType>(value.getType()).getRank() != 1)
    return std::nullopt;
  std::vector<float> values;
  for (Value part : concat.getInputs()) {
    std::optional<std::vector<float>> partValues = foldFloats(part, depth + 1);
    if (!partValues)
      return std::nullopt;
    llvm::append_range(values, *partValues);
  }
  return values;
}

/// The scales, from the attribute (Upsample 7) or input `i`, which must be
/// known now.
static FailureOr<std::vector<float>> getScales(NodeImporter &node, int i) {
  if (i < 0) {
    const onnx::AttributeProto *attr = node.getAttr("scales");
    if (!attr || attr->type() != onnx::AttributeProto::FLOATS) {
      node.fail() << "attribute 'scales' (FLOATS) is required";
      return failure();
    }
    return std::vector<float>(attr->floats().begin(), attr->floats().end());
  }
  std::optional<std::vector<float>> scales = node.getConstantFloats(i);
  if (!scales) {
    FailureOr<Value> value = node.getInput(i);
    if (failed(value))
      return failure();
    scales = foldFloats(*value, /*depth=*/0);
  }
  if (!scales) {
    node.fail() << "input " << i << " ('" << node.getNode().input(i)
                << "', scales) must be an f32 constant or initializer: nnid "
                   "fixes the output size when it compiles";
    return failure();
  }
  return std::move(*scales);
}

/// Whether input `i` is absent or an empty tensor.
static bool isEmptyInput(NodeImporter &node, int i) {
  if (!node.hasInput(i))
    return true;
  std::optional<RankedTensorType> type = node.getInputType(i);
  return type && type->hasStaticShape() && type->getNumElements() == 0;
}

/// A tosa.reshape that may keep one dynamic dimension (as -1).
static FailureOr<Value> reshape(NodeImporter &node, Value input,
                                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getShape() == shape)
    return input;
  if (type.hasStaticShape())
    return createReshape(node, input, shape);
  SmallVector<int64_t> tosaShape(shape);
  for (int64_t &d : tosaShape)
    if (ShapedType::isDynamic(d))
      d = -1;
  auto op = tosa::ReshapeOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get(shape, type.getElementType()), input,
      createTosaConstShape(node, tosaShape));
  return node.verifyCreated(op);
}

/// [B, M, K] to [B, K, M].
static FailureOr<Value> transposeInner(NodeImporter &node, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> s = type.getShape();
  auto op = tosa::TransposeOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get({s[0], s[2], s[1]}, type.getElementType()), input,
      node.getBuilder().getDenseI32ArrayAttr({0, 2, 1}));
  return node.verifyCreated(op);
}

/// [1, M, K] x constant [1, K, N].
static FailureOr<Value> multiply(NodeImporter &node, Value lhs,
                                 ArrayRef<float> rhs, int64_t k, int64_t n) {
  auto type = cast<RankedTensorType>(lhs.getType());
  Value matrix = node.createConstant(
      RankedTensorType::get({1, k, n}, type.getElementType()), rhs);
  auto op = tosa::MatMulOp::create(
      node.getBuilder(), node.getLoc(),
      RankedTensorType::get({1, type.getDimSize(1), n}, type.getElementType()),
      lhs, matrix);
  return node.verifyCreated(op);
}

/// Resize and Upsample: `scalesInput` is the input holding the scales (-1
/// for Upsample 7's attribute), `sizesInput` that holding the sizes (-1 when
/// the op has none).
static LogicalResult importResizeLike(NodeImporter &node, bool upsample,
                                      int scalesInput, int sizesInput) {
  FailureOr<ResizeParams> params = getParams(node, upsample);
  if (failed(params))
    return failure();
  FailureOr<Value> input = node.getInput(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (type.getRank() != 4) {
    node.fail() << "the input " << type
                << " must be an NCHW tensor: nnid resizes H and W of rank-4 "
                   "tensors";
    return failure();
  }
  ArrayRef<int64_t> shape = type.getShape();
  int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];

  // The output size and scale of H and W.
  int64_t outHW[2];
  double scaleHW[2], lengthHW[2];
  bool haveSizes = sizesInput >= 0 && node.hasInput(sizesInput);
  if (haveSizes) {
    if (!isEmptyInput(node, scalesInput)) {
      node.fail() << "only one of scales and sizes may be given";
      return failure();
    }
    FailureOr<IntTensor> sizes = node.getInts(sizesInput);
    if (failed(sizes))
      return failure();
    if (sizes->values.size() != 4) {
      node.fail() << "sizes has " << sizes->values.size()
                  << " values; the input has rank 4";
      return failure();
    }
    ArrayRef<int64_t> v = sizes->values;
    if (v[0] != n || v[1] != c) {
      node.fail() << "sizes must keep N and C (" << n << "x" << c
                  << "): nnid resizes H and W only";
      return failure();
    }
    for (int i = 0; i < 2; ++i) {
      if (v[2 + i] < 1 || v[2 + i] > kMaxMatrixElements) {
        node.fail() << "sizes[" << 2 + i << "] is " << v[2 + i]
                    << " (expected 1 to 2^24)";
        return failure();
      }
      outHW[i] = v[2 + i];
      scaleHW[i] = double(outHW[i]) / double(shape[2 + i]);
      lengthHW[i] = double(outHW[i]);
    }
  } else {
    FailureOr<std::vector<float>> scales = getScales(node, scalesInput);
    if (failed(scales))
      return failure();
    if (scales->size() != 4) {
      node.fail() << "scales has " << scales->size()
                  << " values; the input has rank 4";
      return failure();
    }
    if ((*scales)[0] != 1 || (*scales)[1] != 1) {
      node.fail() << "scales for N and C must be 1, got " << (*scales)[0]
                  << " and " << (*scales)[1] << ": nnid resizes H and W only";
      return failure();
    }
    for (int i = 0; i < 2; ++i) {
      double s = (*scales)[2 + i];
      double size = s * double(shape[2 + i]);
      if (!(s > 0) || !(size >= 1) || size > double(kMaxMatrixElements)) {
        node.fail() << "scales[" << 2 + i << "] is " << s << ", which resizes "
                    << shape[2 + i] << " elements to a size out of [1, 2^24]";
        return failure();
      }
      outHW[i] = int64_t(std::floor(size));
      scaleHW[i] = s;
      lengthHW[i] = size;
    }
  }
  int64_t oh = outHW[0], ow = outHW[1];
  for (auto [in, out] : {std::pair(h, oh), std::pair(w, ow)}) {
    int64_t elements;
    if (MulOverflow(in, out, elements) || elements > kMaxMatrixElements) {
      node.fail() << "resizing " << in << " elements to " << out
                  << " needs an interpolation matrix beyond 2^24 elements";
      return failure();
    }
  }
  if (failed(checkElementCount(node, {n, c, oh, ow})))
    return failure();

  std::vector<float> aw =
      interpolationMatrix(*params, w, ow, lengthHW[1], scaleHW[1]);
  std::vector<float> ah =
      interpolationMatrix(*params, h, oh, lengthHW[0], scaleHW[0]);

  // The batch folds into the matmuls' rows; it stays dynamic there if it is.
  // An axis kept as it is (an identity matrix) needs no product.
  auto times = [](int64_t batch, int64_t rest) {
    return ShapedType::isDynamic(batch) ? ShapedType::kDynamic : batch * rest;
  };
  FailureOr<Value> y = *input;
  if (!isIdentity(aw, w, ow)) {
    y = reshape(node, *y, {1, times(n, c * h), w});
    if (succeeded(y))
      y = multiply(node, *y, aw, w, ow);
    if (succeeded(y))
      y = reshape(node, *y, {n, c, h, ow});
  }
  if (succeeded(y) && !isIdentity(ah, h, oh)) {
    y = reshape(node, *y, {times(n, c), h, ow});
    if (succeeded(y))
      y = transposeInner(node, *y);
    if (succeeded(y))
      y = reshape(node, *y, {1, times(n, c * ow), h});
    if (succeeded(y))
      y = multiply(node, *y, ah, h, oh);
    if (succeeded(y))
      y = reshape(node, *y, {times(n, c), ow, oh});
    if (succeeded(y))
      y = transposeInner(node, *y);
    if (succeeded(y))
      y = reshape(node, *y, {n, c, oh, ow});
  }
  return node.setResult(y);
}

static LogicalResult importResize(NodeImporter &node) {
  if (node.getOpset() < 11)
    return importResizeLike(node, /*upsample=*/false, 1, -1);
  return importResizeLike(node, /*upsample=*/false, 2, 3);
}

static LogicalResult importUpsample(NodeImporter &node) {
  if (node.getOpset() < 7) {
    node.fail() << "Upsample before opset 7 (height_scale and width_scale) "
                   "is not supported";
    return failure();
  }
  return importResizeLike(node, /*upsample=*/true, node.getOpset() < 9 ? -1 : 1,
                          -1);
}

void nnid::onnx_import::registerResizeImporters(
    StringMap<NodeImportFn> &importers) {
  importers["Resize"] = importResize;
  importers["Upsample"] = importUpsample;
}
