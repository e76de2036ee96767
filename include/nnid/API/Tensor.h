//===- Tensor.h - caller-owned tensors passed to compiled kernels *- C++
//-*-===//

#ifndef NNID_API_TENSOR_H
#define NNID_API_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace nnid {

/// The shape of a kernel input or output; kDynamic marks the batch
/// dimension of a model compiled for any batch size.
struct TensorSpec {
  static constexpr int64_t kDynamic = INT64_MIN;
  llvm::SmallVector<int64_t, 4> shape;

  /// "[?, 3, 224, 224]".
  std::string str() const;
};

/// A dense row-major f32 tensor the caller owns, read by a kernel.
struct TensorRef {
  llvm::ArrayRef<float> data;
  llvm::SmallVector<int64_t, 4> shape;
};

/// A dense row-major f32 tensor the caller owns, written by a kernel.
struct MutableTensorRef {
  llvm::MutableArrayRef<float> data;
  llvm::SmallVector<int64_t, 4> shape;
};

/// "[1, 3, 224, 224]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace nnid

#endif // NNID_API_TENSOR_H
