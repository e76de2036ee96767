//===- Shapes.h - output sizes of nnid layers -------------------*- C++ -*-===//
//
// The output-size formulas of PyTorch's convolution and pooling layers, as
// constexpr functions with no dependencies, shared by the dialect's shape
// inference and the compile-time C++ DSL.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_SUPPORT_SHAPES_H
#define NNID_SUPPORT_SHAPES_H

#include <cstdint>

namespace nnid::shapes {

/// Floor division that rounds towards negative infinity (PyTorch's div_rtn).
constexpr int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// The extent of a dilated kernel: dilation * (kernel - 1) + 1.
constexpr int64_t dilatedKernel(int64_t kernel, int64_t dilation) {
  return dilation * (kernel - 1) + 1;
}

/// Output size of a convolution along one dimension (torch.nn.Conv2d).
/// Requires the dilated kernel to fit in the padded input.
constexpr int64_t convOutputSize(int64_t input, int64_t kernel, int64_t stride,
                                 int64_t padBefore, int64_t padAfter,
                                 int64_t dilation) {
  return floorDiv(input + padBefore + padAfter -
                      dilatedKernel(kernel, dilation),
                  stride) +
         1;
}

/// Output size of a pooling window along one dimension, PyTorch's
/// pooling_output_shape_pad_lr: with ceil_mode the size rounds up, but a last
/// window that would start in the trailing padding is dropped.
constexpr int64_t poolOutputSize(int64_t input, int64_t kernel, int64_t stride,
                                 int64_t padBefore, int64_t padAfter,
                                 int64_t dilation, bool ceilMode) {
  int64_t out =
      floorDiv(input + padBefore + padAfter - dilatedKernel(kernel, dilation) +
                   (ceilMode ? stride - 1 : 0),
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

} // namespace nnid::shapes

#endif // NNID_SUPPORT_SHAPES_H
