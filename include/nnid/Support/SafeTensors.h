//===- SafeTensors.h - weights in the safetensors format --------*- C++ -*-===//
//
// Reads the tensors of a `.safetensors` file, the format PyTorch state_dicts
// are exported to: an 8-byte little-endian header length N, N bytes of JSON
// naming each tensor's dtype, shape and byte range, then the data section.
// The whole header is validated when the file is opened, so every malformed
// file is an llvm::Error naming the file and what is wrong, and reading a
// tensor afterwards never goes out of bounds.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_SUPPORT_SAFETENSORS_H
#define NNID_SUPPORT_SAFETENSORS_H

#include "nnid/Support/FormatShape.h"
#include "nnid/Support/ParameterSpec.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nnid {

/// One tensor as the header of a safetensors file describes it.
struct SafeTensorInfo {
  std::string name;
  /// The dtype as the file spells it ("F32", "I64", "BF16", ...).
  std::string dtype;
  std::vector<int64_t> shape;
  /// Byte range [begin, end) within the data section.
  uint64_t begin = 0;
  uint64_t end = 0;

  /// The dtype as a ParameterSpec names it, if it is one of those.
  std::optional<DType> getDType() const;
  /// The number of elements; 1 for a scalar (shape []).
  int64_t getNumElements() const;
  uint64_t getByteSize() const { return end - begin; }
};

/// The size in bytes of one element of a safetensors dtype ("F32" -> 4), or
/// std::nullopt for a dtype nnid does not know.
std::optional<unsigned> getSafeTensorsElementSize(llvm::StringRef dtype);

/// A validated safetensors file. Opened from a path, it keeps the file open
/// and reads only the header; tensor data is read with positioned reads when
/// asked for, so the peak memory is the header (at most 100 MB) plus what the
/// caller reads, never a copy or a mapping of the whole file. Opened from a
/// MemoryBuffer, it keeps the buffer.
class SafeTensorsFile {
public:
  /// Opens and validates the file at `path`. A file that cannot be read at an
  /// offset (a pipe) is read into memory whole.
  static llvm::Expected<SafeTensorsFile> open(llvm::StringRef path);
  /// Validates `buffer`; errors name it by its buffer identifier.
  static llvm::Expected<SafeTensorsFile>
  open(std::unique_ptr<llvm::MemoryBuffer> buffer);

  SafeTensorsFile(SafeTensorsFile &&);
  SafeTensorsFile &operator=(SafeTensorsFile &&);
  ~SafeTensorsFile();

  /// The file name errors refer to (the buffer identifier).
  llvm::StringRef getFileName() const;

  /// Every tensor, in the order of their data in the file.
  llvm::ArrayRef<SafeTensorInfo> getTensors() const { return tensors; }

  /// The tensor called `name`, or null.
  const SafeTensorInfo *lookup(llvm::StringRef name) const;

  /// The "__metadata__" entries of the header, sorted by key.
  const std::map<std::string, std::string> &getMetadata() const {
    return metadata;
  }

  /// Copies bytes [offset, offset + bytes.size()) of the raw little-endian
  /// data of `tensor`, one of getTensors(), into `bytes`. An error if the
  /// range is not within the tensor or the file cannot be read (it shrank
  /// since it was opened).
  llvm::Error readBytes(const SafeTensorInfo &tensor, uint64_t offset,
                        llvm::MutableArrayRef<uint8_t> bytes) const;

  /// The elements of an F32 tensor, copied into an aligned array; an
  /// "unsupported dtype" error for any other dtype.
  llvm::Expected<std::vector<float>>
  readF32(const SafeTensorInfo &tensor) const;
  llvm::Expected<std::vector<float>> readF32(llvm::StringRef name) const;

  /// The elements of an I64 tensor; an error for any other dtype.
  llvm::Expected<std::vector<int64_t>>
  readI64(const SafeTensorInfo &tensor) const;
  llvm::Expected<std::vector<int64_t>> readI64(llvm::StringRef name) const;

private:
  class Source;

  SafeTensorsFile();
  static llvm::Expected<SafeTensorsFile>
  openSource(std::string fileName, uint64_t fileSize,
             std::unique_ptr<Source> source);

  std::string fileName;
  std::unique_ptr<Source> source;
  /// Where the data section starts in the file, and its size.
  uint64_t dataOffset = 0;
  uint64_t dataSize = 0;
  std::vector<SafeTensorInfo> tensors;
  llvm::StringMap<size_t> indexByName;
  std::map<std::string, std::string> metadata;
};

/// Checks `file` against the parameters a model expects. Returns success, or
/// one error listing every problem, one per line: each missing tensor, each
/// tensor the model does not expect, each shape and each dtype mismatch.
llvm::Error checkParameters(const SafeTensorsFile &file,
                            llvm::ArrayRef<ParameterSpec> specs);

} // namespace nnid

#endif // NNID_SUPPORT_SAFETENSORS_H
