//===- TensorFile.h - ONNX TensorProto files --------------------*- C++ -*-===//
//
// The `.pb` files of ONNX test directories (`test_data_set_0/input_0.pb`):
// one serialized TensorProto each.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_ONNX_TENSORFILE_H
#define NNID_ONNX_TENSORFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nnid {

/// A dense row-major f32 tensor on the host, with the TensorProto's name.
struct HostTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a serialized f32 TensorProto (raw_data or float_data).
llvm::Expected<HostTensor> readTensorProto(llvm::StringRef bytes);
llvm::Expected<HostTensor> readTensorProtoFile(llvm::StringRef path);

/// The element type of a serialized TensorProto (its TensorProto::DataType
/// number: 1 is FLOAT, 7 is INT64).
llvm::Expected<int32_t> readTensorProtoElementType(llvm::StringRef bytes);

/// Writes `tensor` as a serialized f32 TensorProto (raw_data).
llvm::Error writeTensorProtoFile(llvm::StringRef path,
                                 const HostTensor &tensor);

} // namespace nnid

#endif // NNID_ONNX_TENSORFILE_H
