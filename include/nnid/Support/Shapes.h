//===- Shapes.h - output sizes of nnid layers -------------------*- C++ -*-===//
//
// The output-size formulas of PyTorch's convolution and pooling layers, as
// constexpr functions with no dependencies, shared by the dialect's shape
// inference and the compile-time C++ DSL.
//
// The formulas are templates over their integer type, int64_t by default.
// The dialect instantiates them with an integer type whose operations detect
// overflow (attribute values are untrusted there); callers that use int64_t
// must keep the operands small enough for every product and sum to fit.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_SUPPORT_SHAPES_H
#define NNID_SUPPORT_SHAPES_H

#include <cstdint>
#include <type_traits>

namespace nnid::shapes {

/// Floor division that rounds towards negative infinity (PyTorch's div_rtn).
template <typename Int = int64_t>
constexpr Int floorDiv(std::type_identity_t<Int> a,
                       std::type_identity_t<Int> b) {
  Int q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// The extent of a dilated kernel: dilation * (kernel - 1) + 1.
template <typename Int = int64_t>
constexpr Int dilatedKernel(std::type_identity_t<Int> kernel,
                            std::type_identity_t<Int> dilation) {
  return dilation * (kernel - 1) + 1;
}

/// Output size of a convolution along one dimension (torch.nn.Conv2d).
/// Requires the dilated kernel to fit in the padded input.
template <typename Int = int64_t>
constexpr Int convOutputSize(std::type_identity_t<Int> input,
                             std::type_identity_t<Int> kernel,
                             std::type_identity_t<Int> stride,
                             std::type_identity_t<Int> padBefore,
                             std::type_identity_t<Int> padAfter,
                             std::type_identity_t<Int> dilation) {
  return floorDiv<Int>(input + padBefore + padAfter -
                           dilatedKernel<Int>(kernel, dilation),
                       stride) +
         1;
}

/// Output size of a pooling window along one dimension, PyTorch's
/// pooling_output_shape_pad_lr: with ceil_mode the size rounds up, but a last
/// window that would start in the trailing padding is dropped. PyTorch
/// accepts the result when it is at least 1 (and the padding is at most half
/// the kernel); with ceil_mode the window may then extend past the padding.
template <typename Int = int64_t>
constexpr Int poolOutputSize(std::type_identity_t<Int> input,
                             std::type_identity_t<Int> kernel,
                             std::type_identity_t<Int> stride,
                             std::type_identity_t<Int> padBefore,
                             std::type_identity_t<Int> padAfter,
                             std::type_identity_t<Int> dilation,
                             bool ceilMode) {
  Int out = floorDiv<Int>(input + padBefore + padAfter -
                              dilatedKernel<Int>(kernel, dilation) +
                              (ceilMode ? stride - 1 : Int(0)),
                          stride) +
            1;
  if (ceilMode && (out - 1) * stride >= input + padBefore)
    --out;
  return out;
}

/// First input index of adaptive pooling bin `i` (PyTorch's start_index).
constexpr int64_t adaptiveStart(int64_t i, int64_t input, int64_t output) {
  return (i * input) / output;
}

/// One past the last input index of adaptive pooling bin `i` (end_index).
constexpr int64_t adaptiveEnd(int64_t i, int64_t input, int64_t output) {
  return ((i + 1) * input + output - 1) / output;
}

/// The largest bin of adaptive pooling from `input` to `output` elements
/// (both positive). With input = q * output + r, bin i holds q elements plus
/// ceil((i * r mod output + r) / output), one or two; i * r mod output takes
/// every multiple of g = gcd(r, output) below output, so some bin holds two
/// more exactly when output - g > output - r, when r does not divide output.
constexpr int64_t adaptiveMaxBinSize(int64_t input, int64_t output) {
  int64_t q = input / output, r = input % output;
  if (r == 0)
    return q;
  return output % r == 0 ? q + 1 : q + 2;
}

} // namespace nnid::shapes

#endif // NNID_SUPPORT_SHAPES_H
