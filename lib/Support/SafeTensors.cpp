//===- SafeTensors.cpp - reading safetensors files ------------------------===//
//
// Scans the JSON header for nesting depth and duplicate keys (llvm::json
// recurses per level and keeps one of two equal keys), parses it with
// llvm::json and validates every entry against the size of the data section
// before any tensor data is touched: known dtype, non-negative shape, byte
// size = elements * element size (computed without overflow), and data
// regions that tile the data section exactly.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SwapByteOrder.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

using namespace llvm;
using namespace nnid;

/// The size of the little-endian header length that starts every file.
static constexpr uint64_t kLengthSize = 8;
/// The largest header accepted, as in the reference implementation.
static constexpr uint64_t kMaxHeaderSize = 100'000'000;
static constexpr StringLiteral kMetadataKey = "__metadata__";
/// The deepest nesting of arrays and objects accepted in a header; valid
/// headers nest 3 deep (the root, a tensor entry, its shape).
static constexpr unsigned kMaxHeaderDepth = 64;

std::optional<unsigned> nnid::getSafeTensorsElementSize(StringRef dtype) {
  return StringSwitch<std::optional<unsigned>>(dtype)
      .Cases({"BOOL", "U8", "I8", "F8_E4M3", "F8_E5M2"}, 1)
      .Cases({"U16", "I16", "F16", "BF16"}, 2)
      .Cases({"U32", "I32", "F32"}, 4)
      .Cases({"U64", "I64", "F64"}, 8)
      .Default(std::nullopt);
}

std::optional<DType> SafeTensorInfo::getDType() const {
  if (dtype == getDTypeName(DType::F32))
    return DType::F32;
  if (dtype == getDTypeName(DType::I64))
    return DType::I64;
  return std::nullopt;
}

int64_t SafeTensorInfo::getNumElements() const {
  int64_t n = 1;
  for (int64_t dim : shape)
    n *= dim;
  return n;
}

/// An error whose message starts with the file name.
static Error fileError(StringRef fileName, const Twine &message) {
  return createStringError(Twine(fileName) + ": " + message);
}

//===----------------------------------------------------------------------===//
// Header validation
//===----------------------------------------------------------------------===//

namespace {

/// What a linear, non-recursive scan of the header text found.
struct HeaderScan {
  /// The header nests deeper than kMaxHeaderDepth; the scan stopped there.
  bool tooDeep = false;
  /// The first key that appears twice in one object, described.
  std::optional<std::string> duplicate;
};

} // namespace

/// The value of the JSON string literal `token` (quotes included), or the
/// text between the quotes if it is not a valid literal.
static std::string decodeKey(StringRef token) {
  Expected<json::Value> value = json::parse(token);
  if (value)
    if (std::optional<StringRef> text = value->getAsString())
      return text->str();
  consumeError(value.takeError());
  return token.drop_front().drop_back().str();
}

/// Describes `key` appearing twice in an object at `depth` (1: the root),
/// whose own key in its parent is `parentKey`.
static std::string describeDuplicate(unsigned depth, StringRef parentKey,
                                     StringRef key) {
  if (depth == 1) {
    if (key == kMetadataKey)
      return "'" + kMetadataKey.str() + "' appears twice in the header";
    return "tensor '" + key.str() + "' appears twice in the header";
  }
  if (depth == 2 && parentKey == kMetadataKey)
    return "'" + kMetadataKey.str() + "' entry '" + key.str() +
           "' appears twice";
  if (depth == 2)
    return "tensor '" + parentKey.str() + "': key '" + key.str() +
           "' appears twice";
  return "key '" + key.str() + "' appears twice in one object of the header";
}

/// Tracks brackets outside strings with an explicit stack, and the keys of
/// every open object. Invalid JSON is left to json::parse: the scan only
/// stops early, it never fails on it.
static HeaderScan scanHeader(StringRef text) {
  struct Level {
    bool isObject;
    /// In an object: the next string is a key.
    bool expectKey;
    /// In an object: its own key in the parent object, if any.
    std::string key;
    /// In an object: the last key read.
    std::string lastKey;
    StringSet<> keys;
  };
  HeaderScan result;
  SmallVector<Level, 4> stack;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '{' || c == '[') {
      if (stack.size() == kMaxHeaderDepth) {
        result.tooDeep = true;
        return result;
      }
      std::string key =
          !stack.empty() && stack.back().isObject ? stack.back().lastKey : "";
      stack.push_back({c == '{', c == '{', std::move(key), "", {}});
    } else if (c == '}' || c == ']') {
      if (stack.empty())
        return result;
      stack.pop_back();
    } else if (c == ',') {
      if (!stack.empty() && stack.back().isObject)
        stack.back().expectKey = true;
    } else if (c == '"') {
      size_t begin = i;
      for (++i; i < e && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      if (i >= e)
        return result;
      if (stack.empty() || !stack.back().isObject || !stack.back().expectKey)
        continue;
      Level &level = stack.back();
      level.expectKey = false;
      level.lastKey = decodeKey(text.slice(begin, i + 1));
      if (!level.keys.insert(level.lastKey).second && !result.duplicate)
        result.duplicate =
            describeDuplicate(stack.size(), level.key, level.lastKey);
    }
  }
  return result;
}

namespace {

/// Validates the header of one file; every error names the file.
class HeaderParser {
public:
  HeaderParser(StringRef fileName, uint64_t dataSize)
      : fileName(fileName), dataSize(dataSize) {}

  Error error(const Twine &message) const {
    return fileError(fileName, message);
  }

  Error tensorError(StringRef name, const Twine &message) const {
    return error("tensor '" + name + "': " + message);
  }

  Error parseMetadata(const json::Value &value,
                      std::map<std::string, std::string> &metadata) const;
  Expected<SafeTensorInfo> parseTensor(StringRef name,
                                       const json::Value &value) const;
  /// Checks that the tensors, sorted by offset, tile the data section.
  Error checkCoverage(ArrayRef<SafeTensorInfo> sorted) const;

private:
  Expected<std::vector<int64_t>> parseShape(StringRef name,
                                            const json::Value *value) const;
  Error parseOffsets(StringRef name, const json::Value *value,
                     SafeTensorInfo &info) const;

  StringRef fileName;
  uint64_t dataSize;
};

} // namespace

Error HeaderParser::parseMetadata(
    const json::Value &value,
    std::map<std::string, std::string> &metadata) const {
  const json::Object *object = value.getAsObject();
  if (!object)
    return error("'" + kMetadataKey + "' is not a JSON object");
  for (const auto &[key, entry] : *object) {
    std::optional<StringRef> text = entry.getAsString();
    if (!text)
      return error("'" + kMetadataKey + "' entry '" + key.str() +
                   "' is not a string");
    metadata[key.str()] = text->str();
  }
  return Error::success();
}

/// Describes a JSON number that getAsUINT64 rejected.
static std::string describeNonIndex(const json::Value &value) {
  std::optional<double> number = value.getAsNumber();
  if (!number)
    return "not a number";
  if (*number < 0)
    return "negative";
  return "not an integer that fits in 64 bits";
}

Expected<std::vector<int64_t>>
HeaderParser::parseShape(StringRef name, const json::Value *value) const {
  if (!value)
    return tensorError(name, "no 'shape'");
  const json::Array *dims = value->getAsArray();
  if (!dims)
    return tensorError(name, "'shape' is not an array");
  std::vector<int64_t> shape;
  for (auto [i, dimValue] : llvm::enumerate(*dims)) {
    std::optional<uint64_t> dim = dimValue.getAsUINT64();
    if (!dim)
      return tensorError(name, "dimension " + Twine(i) + " of 'shape' is " +
                                   describeNonIndex(dimValue));
    if (*dim > uint64_t(std::numeric_limits<int64_t>::max()))
      return tensorError(name, "dimension " + Twine(i) + " of 'shape' (" +
                                   Twine(*dim) + ") is too large");
    shape.push_back(int64_t(*dim));
  }
  return shape;
}

Error HeaderParser::parseOffsets(StringRef name, const json::Value *value,
                                 SafeTensorInfo &info) const {
  if (!value)
    return tensorError(name, "no 'data_offsets'");
  const json::Array *offsets = value->getAsArray();
  if (!offsets || offsets->size() != 2)
    return tensorError(name, "'data_offsets' is not an array of two integers");
  uint64_t bounds[2];
  for (unsigned i = 0; i < 2; ++i) {
    std::optional<uint64_t> offset = (*offsets)[i].getAsUINT64();
    if (!offset)
      return tensorError(name, "'data_offsets'[" + Twine(i) + "] is " +
                                   describeNonIndex((*offsets)[i]));
    bounds[i] = *offset;
  }
  info.begin = bounds[0];
  info.end = bounds[1];
  std::string range = "data_offsets [" + std::to_string(info.begin) + ", " +
                      std::to_string(info.end) + "]";
  if (info.begin > info.end)
    return tensorError(name, range + " begin after they end");
  if (info.end > dataSize)
    return tensorError(name, range + " run past the end of the data section (" +
                                 Twine(dataSize) +
                                 " bytes): the file is truncated");
  return Error::success();
}

Expected<SafeTensorInfo>
HeaderParser::parseTensor(StringRef name, const json::Value &value) const {
  const json::Object *entry = value.getAsObject();
  if (!entry)
    return tensorError(name, "the entry is not a JSON object");

  SafeTensorInfo info;
  info.name = name.str();

  const json::Value *dtypeValue = entry->get("dtype");
  if (!dtypeValue)
    return tensorError(name, "no 'dtype'");
  std::optional<StringRef> dtype = dtypeValue->getAsString();
  if (!dtype)
    return tensorError(name, "'dtype' is not a string");
  std::optional<unsigned> elementSize = getSafeTensorsElementSize(*dtype);
  if (!elementSize)
    return tensorError(name, "unknown dtype '" + *dtype + "'");
  info.dtype = dtype->str();

  Expected<std::vector<int64_t>> shape = parseShape(name, entry->get("shape"));
  if (!shape)
    return shape.takeError();
  info.shape = std::move(*shape);

  if (Error err = parseOffsets(name, entry->get("data_offsets"), info))
    return std::move(err);

  // Elements times element size, refusing any overflow of 64 bits.
  uint64_t byteSize = *elementSize;
  for (int64_t dim : info.shape) {
    bool overflow = false;
    byteSize = SaturatingMultiply(byteSize, uint64_t(dim), &overflow);
    if (overflow)
      return tensorError(name, "the byte size of shape " +
                                   formatShape(info.shape) +
                                   " overflows 64 bits");
  }
  if (byteSize != info.getByteSize())
    return tensorError(name, "data_offsets [" + Twine(info.begin) + ", " +
                                 Twine(info.end) + "] hold " +
                                 Twine(info.getByteSize()) + " bytes, but " +
                                 info.dtype + " " + formatShape(info.shape) +
                                 " needs " + Twine(byteSize));
  return info;
}

Error HeaderParser::checkCoverage(ArrayRef<SafeTensorInfo> sorted) const {
  uint64_t covered = 0;
  const SafeTensorInfo *previous = nullptr;
  for (const SafeTensorInfo &tensor : sorted) {
    if (tensor.begin > covered)
      return error("bytes [" + Twine(covered) + ", " + Twine(tensor.begin) +
                   ") of the data section belong to no tensor (a hole before "
                   "tensor '" +
                   tensor.name + "')");
    if (tensor.begin < covered)
      return error("the data of tensors '" + previous->name + "' [" +
                   Twine(previous->begin) + ", " + Twine(previous->end) +
                   "] and '" + tensor.name + "' [" + Twine(tensor.begin) +
                   ", " + Twine(tensor.end) + "] overlap");
    covered = tensor.end;
    previous = &tensor;
  }
  if (covered != dataSize)
    return error("bytes [" + Twine(covered) + ", " + Twine(dataSize) +
                 ") of the data section belong to no tensor (trailing bytes)");
  return Error::success();
}

//===----------------------------------------------------------------------===//
// SafeTensorsFile
//
// A file opened from a path is read with positioned reads: the header on
// open, each tensor when it is asked for. Nothing maps or copies the whole
// file, so the peak memory is the header plus the tensors being read.
//===----------------------------------------------------------------------===//

/// Where the bytes of a file come from: a buffer in memory, or an open file.
class SafeTensorsFile::Source {
public:
  explicit Source(std::unique_ptr<MemoryBuffer> buffer)
      : buffer(std::move(buffer)) {}
  explicit Source(sys::fs::file_t file) : file(file) {}
  Source(const Source &) = delete;
  Source &operator=(const Source &) = delete;
  ~Source() {
    if (file != sys::fs::kInvalidFile)
      sys::fs::closeFile(file);
  }

  /// Copies bytes [offset, offset + bytes.size()) of the file into `bytes`.
  Error read(StringRef fileName, uint64_t offset,
             MutableArrayRef<uint8_t> bytes) const;

private:
  std::unique_ptr<MemoryBuffer> buffer;
  sys::fs::file_t file = sys::fs::kInvalidFile;
};

Error SafeTensorsFile::Source::read(StringRef fileName, uint64_t offset,
                                    MutableArrayRef<uint8_t> bytes) const {
  if (buffer) {
    assert(offset <= buffer->getBufferSize() &&
           bytes.size() <= buffer->getBufferSize() - offset &&
           "read outside the buffer");
    if (!bytes.empty())
      std::memcpy(bytes.data(), buffer->getBufferStart() + offset,
                  bytes.size());
    return Error::success();
  }
  while (!bytes.empty()) {
    MutableArrayRef<char> chars(reinterpret_cast<char *>(bytes.data()),
                                bytes.size());
    Expected<size_t> count = sys::fs::readNativeFileSlice(file, chars, offset);
    if (!count)
      return fileError(fileName,
                       "cannot read the file: " + toString(count.takeError()));
    if (*count == 0)
      return fileError(fileName, "the file ends at byte " + Twine(offset) +
                                     ": it shrank after it was opened");
    bytes = bytes.drop_front(*count);
    offset += *count;
  }
  return Error::success();
}

SafeTensorsFile::SafeTensorsFile() = default;
SafeTensorsFile::SafeTensorsFile(SafeTensorsFile &&) = default;
SafeTensorsFile &SafeTensorsFile::operator=(SafeTensorsFile &&) = default;
SafeTensorsFile::~SafeTensorsFile() = default;

Expected<SafeTensorsFile> SafeTensorsFile::open(StringRef path) {
  auto cannotOpen = [&](std::error_code ec) {
    return createStringError(ec, Twine(path) +
                                     ": cannot open the file: " + ec.message());
  };
  Expected<sys::fs::file_t> file = sys::fs::openNativeFileForRead(path);
  if (!file)
    return cannotOpen(errorToErrorCode(file.takeError()));
  auto source = std::make_unique<Source>(*file);
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(*file, status))
    return cannotOpen(ec);
  if (status.type() == sys::fs::file_type::regular_file)
    return openSource(path.str(), status.getSize(), std::move(source));

  // A pipe or another stream cannot be read at an offset: read it whole.
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getOpenFile(*file, path, /*FileSize=*/-1,
                                /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(
        buffer.getError(),
        Twine(path) + ": cannot read the file: " + buffer.getError().message());
  return open(std::move(*buffer));
}

Expected<SafeTensorsFile>
SafeTensorsFile::open(std::unique_ptr<MemoryBuffer> buffer) {
  std::string fileName = buffer->getBufferIdentifier().str();
  uint64_t fileSize = buffer->getBufferSize();
  return openSource(std::move(fileName), fileSize,
                    std::make_unique<Source>(std::move(buffer)));
}

Expected<SafeTensorsFile>
SafeTensorsFile::openSource(std::string fileName, uint64_t fileSize,
                            std::unique_ptr<Source> source) {
  if (fileSize < kLengthSize)
    return fileError(fileName,
                     "the file has " + Twine(fileSize) +
                         " bytes, too few for the 8-byte header length");

  uint8_t lengthBytes[kLengthSize];
  if (Error err = source->read(fileName, 0, lengthBytes))
    return std::move(err);
  uint64_t headerSize = support::endian::read64le(lengthBytes);
  uint64_t available = fileSize - kLengthSize;
  if (headerSize > available)
    return fileError(
        fileName, "the header length (" + Twine(headerSize) + ") exceeds the " +
                      Twine(available) +
                      " bytes that follow it: the file is truncated or not a "
                      "safetensors file");
  if (headerSize > kMaxHeaderSize)
    return fileError(fileName, "the header length (" + Twine(headerSize) +
                                   ") exceeds the limit of " +
                                   Twine(kMaxHeaderSize) + " bytes");

  std::string headerText(headerSize, '\0');
  if (Error err = source->read(
          fileName, kLengthSize,
          MutableArrayRef<uint8_t>(
              reinterpret_cast<uint8_t *>(headerText.data()), headerSize)))
    return std::move(err);

  SafeTensorsFile file;
  file.dataOffset = kLengthSize + headerSize;
  file.dataSize = fileSize - file.dataOffset;
  HeaderParser parser(fileName, file.dataSize);

  // json::parse recurses once per level: bound the depth before calling it.
  HeaderScan scan = scanHeader(headerText);
  if (scan.tooDeep)
    return parser.error("the header nests arrays and objects deeper than " +
                        Twine(kMaxHeaderDepth) + " levels");
  Expected<json::Value> header = json::parse(headerText);
  if (!header)
    return parser.error("the header is not valid JSON: " +
                        toString(header.takeError()));
  if (scan.duplicate)
    return parser.error(*scan.duplicate);
  const json::Object *root = header->getAsObject();
  if (!root)
    return parser.error("the header is not a JSON object");

  for (const auto &[key, value] : *root) {
    if (StringRef(key) == kMetadataKey) {
      if (Error err = parser.parseMetadata(value, file.metadata))
        return std::move(err);
      continue;
    }
    Expected<SafeTensorInfo> info = parser.parseTensor(key, value);
    if (!info)
      return info.takeError();
    file.tensors.push_back(std::move(*info));
  }

  // JSON objects are unordered; the data regions give the file's order.
  llvm::sort(file.tensors, [](const SafeTensorInfo &a,
                              const SafeTensorInfo &b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  if (Error err = parser.checkCoverage(file.tensors))
    return std::move(err);

  for (auto [i, tensor] : llvm::enumerate(file.tensors))
    file.indexByName[tensor.name] = i;
  file.fileName = std::move(fileName);
  file.source = std::move(source);
  return std::move(file);
}

StringRef SafeTensorsFile::getFileName() const { return fileName; }

const SafeTensorInfo *SafeTensorsFile::lookup(StringRef name) const {
  auto it = indexByName.find(name);
  if (it == indexByName.end())
    return nullptr;
  return &tensors[it->second];
}

Error SafeTensorsFile::readBytes(const SafeTensorInfo &tensor, uint64_t offset,
                                 MutableArrayRef<uint8_t> bytes) const {
  assert(tensor.begin <= tensor.end && tensor.end <= dataSize &&
         "tensor not from this file");
  uint64_t size = tensor.getByteSize();
  if (offset > size || bytes.size() > size - offset)
    return fileError(fileName,
                     "tensor '" + tensor.name + "': bytes [" + Twine(offset) +
                         ", " + Twine(offset + bytes.size()) +
                         ") are not within its " + Twine(size) + " bytes");
  return source->read(fileName, dataOffset + tensor.begin + offset, bytes);
}

/// The elements of `tensor`, read into an aligned array.
template <typename T>
static Expected<std::vector<T>> readElements(const SafeTensorsFile &file,
                                             const SafeTensorInfo &tensor) {
  std::vector<T> values(tensor.getByteSize() / sizeof(T));
  MutableArrayRef<uint8_t> bytes(reinterpret_cast<uint8_t *>(values.data()),
                                 values.size() * sizeof(T));
  if (Error err = file.readBytes(tensor, 0, bytes))
    return std::move(err);
  if constexpr (llvm::endianness::native != llvm::endianness::little)
    for (T &value : values)
      sys::swapByteOrder(value);
  return values;
}

/// Checks that `tensor` has `dtype` before its data is read as `what`.
static Error checkReadable(StringRef fileName, const SafeTensorInfo &tensor,
                           DType dtype, StringRef what) {
  if (tensor.dtype == getDTypeName(dtype))
    return Error::success();
  return fileError(fileName, "tensor '" + tensor.name +
                                 "': unsupported dtype " + tensor.dtype +
                                 " for reading as " + what + " (only " +
                                 getDTypeName(dtype) + " is)");
}

static Error makeNotFound(StringRef fileName, StringRef name) {
  return fileError(fileName, "no tensor named '" + name + "'");
}

Expected<std::vector<float>>
SafeTensorsFile::readF32(const SafeTensorInfo &tensor) const {
  if (Error err = checkReadable(getFileName(), tensor, DType::F32, "f32"))
    return std::move(err);
  return readElements<float>(*this, tensor);
}

Expected<std::vector<float>> SafeTensorsFile::readF32(StringRef name) const {
  const SafeTensorInfo *tensor = lookup(name);
  if (!tensor)
    return makeNotFound(getFileName(), name);
  return readF32(*tensor);
}

Expected<std::vector<int64_t>>
SafeTensorsFile::readI64(const SafeTensorInfo &tensor) const {
  if (Error err = checkReadable(getFileName(), tensor, DType::I64, "i64"))
    return std::move(err);
  return readElements<int64_t>(*this, tensor);
}

Expected<std::vector<int64_t>> SafeTensorsFile::readI64(StringRef name) const {
  const SafeTensorInfo *tensor = lookup(name);
  if (!tensor)
    return makeNotFound(getFileName(), name);
  return readI64(*tensor);
}
