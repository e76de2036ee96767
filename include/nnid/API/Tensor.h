//===- Tensor.h - caller-owned tensors passed to compiled kernels *- C++
//-*-===//

#ifndef NNID_API_TENSOR_H
#define NNID_API_TENSOR_H

#include "nnid/Support/Dynamic.h"
#include "nnid/Support/FormatShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace nnid {

/// The name and shape of a kernel input or output; kDynamic marks the batch
/// dimension of a model compiled for any batch size.
struct TensorSpec {
  static constexpr int64_t kDynamic = nnid::kDynamic;
  /// The `nnid.name` attribute of the function argument or result (the
  /// state_dict name of a parameter), or "input<i>" / "output<i>".
  std::string name;
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

} // namespace nnid

#endif // NNID_API_TENSOR_H
