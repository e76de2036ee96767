//===- Tensors.h - reading TensorProto messages -----------------*- C++ -*-===//

#ifndef NNID_LIB_ONNX_TENSORS_H
#define NNID_LIB_ONNX_TENSORS_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace nnid::onnx_import {

/// The most elements a tensor may have (2^31; a model file holds at most 2
/// GiB).
inline constexpr int64_t kMaxElements = int64_t(1) << 31;

/// The dims of `tensor`, checked: none negative, the element count at most
/// kMaxElements.
llvm::Expected<llvm::SmallVector<int64_t>>
getCheckedDims(const onnx::TensorProto &tensor);

/// The values of an f32 tensor, from raw_data or float_data, whose size must
/// match the dims.
llvm::Expected<std::vector<float>> readFloats(const onnx::TensorProto &tensor);

/// The values of an int64 or int32 tensor.
llvm::Expected<std::vector<int64_t>> readInts(const onnx::TensorProto &tensor);

/// The name ONNX gives an element type ("FLOAT", "INT64", ...).
const char *getElementTypeName(int32_t type);

} // namespace nnid::onnx_import

#endif // NNID_LIB_ONNX_TENSORS_H
