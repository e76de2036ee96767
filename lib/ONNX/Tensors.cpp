//===- Tensors.cpp - reading TensorProto messages -------------------------===//

#include "Tensors.h"

#include "nnid/ONNX/TensorFile.h"
#include "nnid/Support/Error.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <climits>
#include <cstring>

using namespace llvm;
using namespace nnid;
using namespace nnid::onnx_import;

const char *nnid::onnx_import::getElementTypeName(int32_t type) {
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
               static_cast<onnx::TensorProto_DataType>(type))
        .c_str();
  // The text of the last type ONNX does not define, per thread: callers
  // write it out before asking again.
  thread_local std::string unknown;
  unknown = formatv("{0} (not an ONNX element type)", type).str();
  return unknown.c_str();
}

/// The largest rank of a tensor nnid reads.
static constexpr int kMaxTensorRank = 64;

static Error checkInline(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL ||
      tensor.external_data_size())
    return makeError("its data is in an external file, which nnid does not "
                     "read; save the model with its data inside");
  if (tensor.has_segment())
    return makeError("it is a segment of a larger tensor");
  return Error::success();
}

Expected<SmallVector<int64_t>>
nnid::onnx_import::getCheckedDims(const onnx::TensorProto &tensor) {
  // (Any rank is valid ONNX; this bounds what an absurd one costs.)
  if (tensor.dims_size() > kMaxTensorRank)
    return makeError(formatv("it has rank {0}; nnid reads tensors of rank {1} "
                             "at most",
                             tensor.dims_size(), kMaxTensorRank));
  SmallVector<int64_t> dims;
  int64_t count = 1;
  bool tooLarge = false;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0)
      return makeError(formatv("dimension {0} is negative", dim));
    // (A dimension beyond the limit is absurd even beside a zero.)
    if (dim > kMaxElements || MulOverflow(count, dim, count) ||
        count > kMaxElements)
      tooLarge = true;
    dims.push_back(dim);
  }
  if (tooLarge) {
    std::string shape;
    raw_string_ostream os(shape);
    llvm::interleave(dims, os, "x");
    return makeError(
        formatv("its shape {0} has more than 2^31 elements", shape));
  }
  return dims;
}

static int64_t getCount(ArrayRef<int64_t> dims) {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

Expected<std::vector<float>>
nnid::onnx_import::readFloats(const onnx::TensorProto &tensor) {
  if (tensor.data_type() != onnx::TensorProto::FLOAT)
    return makeError(formatv("its element type is {0}, not FLOAT",
                             getElementTypeName(tensor.data_type())));
  if (Error error = checkInline(tensor))
    return std::move(error);
  Expected<SmallVector<int64_t>> dims = getCheckedDims(tensor);
  if (!dims)
    return dims.takeError();
  size_t count = getCount(*dims);
  std::vector<float> values;
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != count * sizeof(float))
      return makeError(formatv("its raw data holds {0} bytes; its shape "
                               "needs {1}",
                               raw.size(), count * sizeof(float)));
    values.resize(count);
    if (count)
      std::memcpy(values.data(), raw.data(), raw.size());
    return values;
  }
  if (size_t(tensor.float_data_size()) != count)
    return makeError(formatv("it holds {0} values; its shape needs {1}",
                             tensor.float_data_size(), count));
  values.assign(tensor.float_data().begin(), tensor.float_data().end());
  return values;
}

Expected<std::vector<int64_t>>
nnid::onnx_import::readInts(const onnx::TensorProto &tensor) {
  int32_t type = tensor.data_type();
  // BOOL as 0 and 1 (Dropout's training_mode is one).
  bool isBool = type == onnx::TensorProto::BOOL;
  if (type != onnx::TensorProto::INT64 && type != onnx::TensorProto::INT32 &&
      !isBool)
    return makeError(formatv("its element type is {0}, not INT64",
                             getElementTypeName(type)));
  if (Error error = checkInline(tensor))
    return std::move(error);
  Expected<SmallVector<int64_t>> dims = getCheckedDims(tensor);
  if (!dims)
    return dims.takeError();
  size_t count = getCount(*dims);
  size_t width = type == onnx::TensorProto::INT64 ? 8 : isBool ? 1 : 4;
  std::vector<int64_t> values;
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != count * width)
      return makeError(formatv("its raw data holds {0} bytes; its shape "
                               "needs {1}",
                               raw.size(), count * width));
    values.resize(count);
    for (size_t i = 0; i < count; ++i) {
      if (width == 8) {
        std::memcpy(&values[i], raw.data() + 8 * i, 8);
      } else if (isBool) {
        values[i] = raw[i] != 0;
      } else {
        int32_t value;
        std::memcpy(&value, raw.data() + 4 * i, 4);
        values[i] = value;
      }
    }
    return values;
  }
  if (type == onnx::TensorProto::INT64) {
    if (size_t(tensor.int64_data_size()) != count)
      return makeError(formatv("it holds {0} values; its shape needs {1}",
                               tensor.int64_data_size(), count));
    values.assign(tensor.int64_data().begin(), tensor.int64_data().end());
    return values;
  }
  if (size_t(tensor.int32_data_size()) != count)
    return makeError(formatv("it holds {0} values; its shape needs {1}",
                             tensor.int32_data_size(), count));
  values.assign(tensor.int32_data().begin(), tensor.int32_data().end());
  if (isBool)
    for (int64_t &value : values)
      value = value != 0;
  return values;
}

//===----------------------------------------------------------------------===//
// TensorProto files
//===----------------------------------------------------------------------===//

Expected<HostTensor> nnid::readTensorProto(StringRef bytes) {
  if (bytes.size() > size_t(INT_MAX))
    return makeError("a TensorProto larger than 2 GiB cannot be read");
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError("not a valid TensorProto (truncated or corrupt)");
  HostTensor tensor;
  tensor.name = proto.name();
  Expected<std::vector<float>> values = readFloats(proto);
  if (!values)
    return makeError(formatv("tensor '{0}': {1}", proto.name(),
                             toString(values.takeError())));
  tensor.data = std::move(*values);
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  return tensor;
}

Expected<int32_t> nnid::readTensorProtoElementType(StringRef bytes) {
  if (bytes.size() > size_t(INT_MAX))
    return makeError("a TensorProto larger than 2 GiB cannot be read");
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError("not a valid TensorProto (truncated or corrupt)");
  return proto.data_type();
}

Expected<HostTensor> nnid::readTensorProtoFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!file)
    return makeError(
        formatv("cannot read {0}: {1}", path, file.getError().message()));
  Expected<HostTensor> tensor = readTensorProto((*file)->getBuffer());
  if (!tensor)
    return makeError(formatv("{0}: {1}", path, toString(tensor.takeError())));
  return tensor;
}

Error nnid::writeTensorProtoFile(StringRef path, const HostTensor &tensor) {
  size_t count = 1;
  for (int64_t dim : tensor.shape)
    count *= dim;
  if (count != tensor.data.size())
    return makeError(formatv("tensor '{0}' has {1} values for a shape of {2}",
                             tensor.name, tensor.data.size(), count));
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : tensor.shape)
    proto.add_dims(dim);
  proto.set_raw_data(tensor.data.data(), tensor.data.size() * sizeof(float));
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return makeError(formatv("cannot write {0}: {1}", path, ec.message()));
  std::string bytes;
  if (!proto.SerializeToString(&bytes))
    return makeError(formatv("cannot serialize tensor '{0}'", tensor.name));
  os << bytes;
  os.close();
  if (os.has_error())
    return makeError(
        formatv("cannot write {0}: {1}", path, os.error().message()));
  return Error::success();
}
