//===- SafeTensorsTest.cpp - reading safetensors files --------------------===//
//
// Builds valid and malformed safetensors files byte by byte and checks the
// tensors and data read from them, and the exact error message for each
// kind of malformed file.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "SafeTensorsBytes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace nnid;
using namespace nnid::test;

namespace {

Expected<SafeTensorsFile> openBytes(const std::string &bytes,
                                    StringRef name = "test.safetensors") {
  return SafeTensorsFile::open(MemoryBuffer::getMemBufferCopy(bytes, name));
}

/// The error message of opening `bytes`, or "<no error>".
std::string openError(const std::string &bytes) {
  Expected<SafeTensorsFile> file = openBytes(bytes, "bad.safetensors");
  if (file)
    return "<no error>";
  return toString(file.takeError());
}

/// A file with tensors listed out of data order, a scalar I64, metadata, and
/// a data section that starts at an odd address.
std::string makeValidFile() {
  std::string header =
      R"({"__metadata__":{"format":"pt","source":"nnid"},)"
      R"("b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]},)"
      R"("n":{"dtype":"I64","shape":[],"data_offsets":[28,36]},)"
      R"("w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
  std::string data = f32Bytes({1.0f, -2.0f, 3.5f, 0.25f}) +
                     f32Bytes({-1.0f, 0.5f, 1e-30f}) + i64Bytes({42});
  return makeFile(header, data);
}

TEST(SafeTensorsTest, ReadsTensorsInFileOrder) {
  Expected<SafeTensorsFile> file = openBytes(makeValidFile());
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(file->getFileName(), "test.safetensors");

  ArrayRef<SafeTensorInfo> tensors = file->getTensors();
  ASSERT_EQ(tensors.size(), 3u);
  EXPECT_EQ(tensors[0].name, "w");
  EXPECT_EQ(tensors[0].dtype, "F32");
  EXPECT_EQ(tensors[0].shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(tensors[0].getDType(), DType::F32);
  EXPECT_EQ(tensors[0].getNumElements(), 4);
  EXPECT_EQ(tensors[1].name, "b");
  EXPECT_EQ(tensors[1].shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(tensors[1].begin, 16u);
  EXPECT_EQ(tensors[1].end, 28u);
  EXPECT_EQ(tensors[2].name, "n");
  EXPECT_EQ(tensors[2].dtype, "I64");
  EXPECT_TRUE(tensors[2].shape.empty());
  EXPECT_EQ(tensors[2].getDType(), DType::I64);
  EXPECT_EQ(tensors[2].getNumElements(), 1);

  std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                 {"source", "nnid"}};
  EXPECT_EQ(file->getMetadata(), metadata);
}

TEST(SafeTensorsTest, ReadsData) {
  Expected<SafeTensorsFile> file = openBytes(makeValidFile());
  ASSERT_TRUE(bool(file)) << toString(file.takeError());

  Expected<std::vector<float>> w = file->readF32("w");
  ASSERT_TRUE(bool(w)) << toString(w.takeError());
  EXPECT_EQ(*w, (std::vector<float>{1.0f, -2.0f, 3.5f, 0.25f}));

  const SafeTensorInfo *b = file->lookup("b");
  ASSERT_NE(b, nullptr);
  Expected<std::vector<float>> bData = file->readF32(*b);
  ASSERT_TRUE(bool(bData)) << toString(bData.takeError());
  EXPECT_EQ(*bData, (std::vector<float>{-1.0f, 0.5f, 1e-30f}));

  // The scalar sits at offset 28 of the data section: not 8-byte aligned.
  Expected<std::vector<int64_t>> n = file->readI64("n");
  ASSERT_TRUE(bool(n)) << toString(n.takeError());
  EXPECT_EQ(*n, (std::vector<int64_t>{42}));

  uint8_t raw[4];
  ASSERT_FALSE(bool(file->readBytes(*b, 4, raw)));
  EXPECT_EQ(raw[3], 0x3f); // 0.5f = 0x3f000000, little-endian.
  EXPECT_EQ(toString(file->readBytes(*b, 10, raw)),
            "test.safetensors: tensor 'b': bytes [10, 14) are not within its "
            "12 bytes");
  EXPECT_EQ(toString(file->readBytes(*b, UINT64_MAX, {})),
            "test.safetensors: tensor 'b': bytes [18446744073709551615, "
            "18446744073709551615) are not within its 12 bytes");

  EXPECT_EQ(file->lookup("missing"), nullptr);
}

TEST(SafeTensorsTest, ReadErrors) {
  Expected<SafeTensorsFile> file = openBytes(makeValidFile());
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(toString(file->readF32("n").takeError()),
            "test.safetensors: tensor 'n': unsupported dtype I64 for reading "
            "as f32 (only F32 is)");
  EXPECT_EQ(toString(file->readI64("w").takeError()),
            "test.safetensors: tensor 'w': unsupported dtype F32 for reading "
            "as i64 (only I64 is)");
  EXPECT_EQ(toString(file->readF32("nope").takeError()),
            "test.safetensors: no tensor named 'nope'");
}

TEST(SafeTensorsTest, OtherDTypesParseButDoNotReadAsF32) {
  std::string header =
      R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
      R"("g":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},)"
      R"("d":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]},)"
      R"("i":{"dtype":"I32","shape":[2],"data_offsets":[16,24]},)"
      R"("m":{"dtype":"BOOL","shape":[1],"data_offsets":[24,25]}})";
  Expected<SafeTensorsFile> file =
      openBytes(makeFile(header, std::string(25, '\0')));
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  ASSERT_EQ(file->getTensors().size(), 5u);
  EXPECT_EQ(file->getTensors()[0].dtype, "F16");
  EXPECT_EQ(file->getTensors()[0].getDType(), std::nullopt);
  EXPECT_EQ(file->getTensors()[4].dtype, "BOOL");
  EXPECT_EQ(toString(file->readF32("h").takeError()),
            "test.safetensors: tensor 'h': unsupported dtype F16 for reading "
            "as f32 (only F32 is)");
  EXPECT_EQ(toString(file->readF32("g").takeError()),
            "test.safetensors: tensor 'g': unsupported dtype BF16 for reading "
            "as f32 (only F32 is)");
  EXPECT_EQ(toString(file->readF32("d").takeError()),
            "test.safetensors: tensor 'd': unsupported dtype F64 for reading "
            "as f32 (only F32 is)");
}

TEST(SafeTensorsTest, EmptyTensorsAndEmptyFile) {
  Expected<SafeTensorsFile> empty = openBytes(makeFile("{}", ""));
  ASSERT_TRUE(bool(empty)) << toString(empty.takeError());
  EXPECT_TRUE(empty->getTensors().empty());

  // Padded with spaces to a multiple of 8, as writers do.
  std::string header =
      R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
      R"("e":{"dtype":"F32","shape":[0,5],"data_offsets":[4,4]},)"
      R"("z":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}    )";
  Expected<SafeTensorsFile> file =
      openBytes(makeFile(header, f32Bytes({2.0f, 3.0f})));
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  ASSERT_EQ(file->getTensors().size(), 3u);
  EXPECT_EQ(file->getTensors()[1].name, "e");
  Expected<std::vector<float>> e = file->readF32("e");
  ASSERT_TRUE(bool(e)) << toString(e.takeError());
  EXPECT_TRUE(e->empty());
  Expected<std::vector<float>> z = file->readF32("z");
  ASSERT_TRUE(bool(z)) << toString(z.takeError());
  EXPECT_EQ(*z, std::vector<float>{3.0f});
}

TEST(SafeTensorsTest, BracketsAndKeysInStringsAreText) {
  // Neither the brackets nor the quoted key-like text inside strings count,
  // and a value equal to a key is no duplicate.
  std::string header =
      R"({"__metadata__":{"deep":")" + std::string(100, '[') +
      R"(","quote":"\"w\":{","w":"w"},)"
      R"("w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  Expected<SafeTensorsFile> file =
      openBytes(makeFile(header, f32Bytes({1.0f})));
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(file->getMetadata().at("deep"), std::string(100, '['));
  EXPECT_EQ(file->getMetadata().at("quote"), "\"w\":{");
  EXPECT_EQ(file->getMetadata().at("w"), "w");
  ASSERT_EQ(file->getTensors().size(), 1u);
}

TEST(SafeTensorsTest, OpensFilesFromDisk) {
  SmallString<128> path;
  ASSERT_FALSE(
      sys::fs::createTemporaryFile("nnid-weights", "safetensors", path));
  FileRemover remover(path);
  {
    std::error_code ec;
    raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << makeValidFile();
  }
  Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(file->getFileName(), path);
  Expected<std::vector<float>> w = file->readF32("w");
  ASSERT_TRUE(bool(w)) << toString(w.takeError());
  EXPECT_EQ(*w, (std::vector<float>{1.0f, -2.0f, 3.5f, 0.25f}));

  SmallString<128> missing = path;
  missing += ".missing";
  Expected<SafeTensorsFile> none = SafeTensorsFile::open(missing);
  ASSERT_FALSE(bool(none));
  EXPECT_EQ(
      toString(none.takeError()),
      (missing + ": cannot open the file: No such file or directory").str());
}

/// Writes `bytes` to a new temporary file, whose path is returned.
std::string writeTemporaryFile(const std::string &bytes) {
  SmallString<128> path;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("nnid-weights", "safetensors", path))
    return "";
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  os << bytes;
  return path.str().str();
}

/// Sets the size of the file at `path`; true on success.
bool resizeFile(StringRef path, uint64_t size) {
  int fd;
  if (sys::fs::openFileForReadWrite(path, fd, sys::fs::CD_OpenExisting,
                                    sys::fs::OF_None))
    return false;
  bool resized = !sys::fs::resize_file(fd, size);
  return !sys::Process::SafelyCloseFileDescriptor(fd) && resized;
}

// A 1 GiB file whose data is a hole: opening it and reading its first tensor
// touches only the header and those bytes, so it is fast and cheap.
TEST(SafeTensorsTest, OpensLargeFilesWithoutReadingTheirData) {
  constexpr uint64_t kBig = uint64_t(1) << 30;
  std::string header =
      R"({"small":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("big":{"dtype":"U8","shape":[)" +
      std::to_string(kBig) + R"(],"data_offsets":[8,)" +
      std::to_string(8 + kBig) + "]}}";
  std::string start = makeFile(header, f32Bytes({1.5f, -2.0f}));
  std::string path = writeTemporaryFile(start);
  ASSERT_FALSE(path.empty());
  FileRemover remover(path);
  ASSERT_TRUE(resizeFile(path, start.size() + kBig));

  Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  Expected<std::vector<float>> small = file->readF32("small");
  ASSERT_TRUE(bool(small)) << toString(small.takeError());
  EXPECT_EQ(*small, (std::vector<float>{1.5f, -2.0f}));
  const SafeTensorInfo *big = file->lookup("big");
  ASSERT_NE(big, nullptr);
  uint8_t last[2] = {1, 1};
  ASSERT_FALSE(bool(file->readBytes(*big, kBig - 2, last)));
  EXPECT_EQ(last[0], 0);
  EXPECT_EQ(last[1], 0);
}

// Data is read when asked for: a file cut short after it was opened is an
// error then (a mapping of the file would fault instead).
TEST(SafeTensorsTest, FileThatShrinksAfterOpenIsAnError) {
  std::string bytes = makeValidFile();
  std::string path = writeTemporaryFile(bytes);
  ASSERT_FALSE(path.empty());
  FileRemover remover(path);
  Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  ASSERT_TRUE(resizeFile(path, bytes.size() - 4));
  Expected<std::vector<int64_t>> n = file->readI64("n");
  ASSERT_FALSE(bool(n));
  EXPECT_EQ(toString(n.takeError()), path + ": the file ends at byte " +
                                         std::to_string(bytes.size() - 4) +
                                         ": it shrank after it was opened");
  Expected<std::vector<float>> w = file->readF32("w");
  ASSERT_TRUE(bool(w)) << toString(w.takeError());
  EXPECT_EQ(*w, (std::vector<float>{1.0f, -2.0f, 3.5f, 0.25f}));
}

/// A one-tensor header with `entry` as the tensor's JSON.
std::string oneTensor(const std::string &entry) {
  return R"({"w":)" + entry + "}";
}

struct MalformedCase {
  const char *what;
  std::string bytes;
  std::string message;
};

TEST(SafeTensorsTest, MalformedFiles) {
  std::string four = f32Bytes({1.0f});
  std::string valid = makeValidFile();
  MalformedCase cases[] = {
      {"too short", "abc",
       "the file has 3 bytes, too few for the 8-byte header length"},
      {"header length past the end", littleEndian(100, 8) + "{}",
       "the header length (100) exceeds the 2 bytes that follow it: the file "
       "is truncated or not a safetensors file"},
      {"huge header length", littleEndian(UINT64_MAX, 8) + "{}",
       "the header length (18446744073709551615) exceeds the 2 bytes that "
       "follow it: the file is truncated or not a safetensors file"},
      {"invalid JSON", makeFile(R"({"w":)", ""),
       "the header is not valid JSON: [1:5, byte=5]: Unexpected EOF"},
      {"header not an object", makeFile("[1, 2]", ""),
       "the header is not a JSON object"},
      {"metadata not an object", makeFile(R"({"__metadata__":[1]})", ""),
       "'__metadata__' is not a JSON object"},
      {"metadata value not a string",
       makeFile(R"({"__metadata__":{"k":1}})", ""),
       "'__metadata__' entry 'k' is not a string"},
      {"entry not an object", makeFile(oneTensor("[1]"), ""),
       "tensor 'w': the entry is not a JSON object"},
      {"no dtype",
       makeFile(oneTensor(R"({"shape":[1],"data_offsets":[0,4]})"), four),
       "tensor 'w': no 'dtype'"},
      {"dtype not a string",
       makeFile(oneTensor(R"({"dtype":4,"shape":[1],"data_offsets":[0,4]})"),
                four),
       "tensor 'w': 'dtype' is not a string"},
      {"unknown dtype",
       makeFile(
           oneTensor(R"({"dtype":"F33","shape":[1],"data_offsets":[0,4]})"),
           four),
       "tensor 'w': unknown dtype 'F33'"},
      {"no shape",
       makeFile(oneTensor(R"({"dtype":"F32","data_offsets":[0,4]})"), four),
       "tensor 'w': no 'shape'"},
      {"shape not an array",
       makeFile(oneTensor(R"({"dtype":"F32","shape":1,"data_offsets":[0,4]})"),
                four),
       "tensor 'w': 'shape' is not an array"},
      {"negative dimension",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[2,-3],"data_offsets":[0,4]})"),
           four),
       "tensor 'w': dimension 1 of 'shape' is negative"},
      {"fractional dimension",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})"),
           four),
       "tensor 'w': dimension 0 of 'shape' is not an integer that fits in 64 "
       "bits"},
      {"dimension not a number",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":["1"],"data_offsets":[0,4]})"),
           four),
       "tensor 'w': dimension 0 of 'shape' is not a number"},
      {"dimension beyond int64",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[18446744073709551615],)"
                          R"("data_offsets":[0,4]})"),
                four),
       "tensor 'w': dimension 0 of 'shape' (18446744073709551615) is too "
       "large"},
      {"element count overflows",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[4294967296,4294967296,)"
                          R"(4],"data_offsets":[0,0]})"),
                ""),
       "tensor 'w': the byte size of shape [4294967296, 4294967296, 4] "
       "overflows 64 bits"},
      {"byte size overflows",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[4611686018427387904],)"
                          R"("data_offsets":[0,0]})"),
                ""),
       "tensor 'w': the byte size of shape [4611686018427387904] overflows 64 "
       "bits"},
      {"no data_offsets",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[1]})"), four),
       "tensor 'w': no 'data_offsets'"},
      {"data_offsets of one integer",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":[0]})"),
                four),
       "tensor 'w': 'data_offsets' is not an array of two integers"},
      {"data_offsets not an array",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":"0,4"})"),
           four),
       "tensor 'w': 'data_offsets' is not an array of two integers"},
      {"negative offset",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":[-1,4]})"),
           four),
       "tensor 'w': 'data_offsets'[0] is negative"},
      {"begin after end",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":[4,0]})"),
           four),
       "tensor 'w': data_offsets [4, 0] begin after they end"},
      {"offsets past the data",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,8]})"),
           four),
       "tensor 'w': data_offsets [0, 8] run past the end of the data section "
       "(4 bytes): the file is truncated"},
      {"byte size differs from the shape",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,4]})"),
           four),
       "tensor 'w': data_offsets [0, 4] hold 4 bytes, but F32 [2] needs 8"},
      {"hole at the start",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":[4,8]})"),
           four + four),
       "bytes [0, 4) of the data section belong to no tensor (a hole before "
       "tensor 'w')"},
      {"hole between tensors",
       makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                four + four + four),
       "bytes [4, 8) of the data section belong to no tensor (a hole before "
       "tensor 'b')"},
      {"overlap",
       makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                four + four),
       "the data of tensors 'a' [0, 8] and 'b' [4, 8] overlap"},
      {"trailing bytes",
       makeFile(
           oneTensor(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4]})"),
           four + four),
       "bytes [4, 8) of the data section belong to no tensor (trailing "
       "bytes)"},
      {"tensor twice",
       makeFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                four + four),
       "tensor 'w' appears twice in the header"},
      {"tensor twice, spelled differently",
       makeFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                R"("\u0077":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                four),
       "tensor 'w' appears twice in the header"},
      {"metadata twice",
       makeFile(R"({"__metadata__":{},"__metadata__":{}})", ""),
       "'__metadata__' appears twice in the header"},
      {"metadata entry twice",
       makeFile(R"({"__metadata__":{"k":"a","k":"b"}})", ""),
       "'__metadata__' entry 'k' appears twice"},
      {"key twice in a tensor entry",
       makeFile(oneTensor(R"({"dtype":"F32","shape":[2],"shape":[1],)"
                          R"("data_offsets":[0,4]})"),
                four),
       "tensor 'w': key 'shape' appears twice"},
      {"nested too deep",
       makeFile(std::string(50'000, '[') + std::string(50'000, ']'), ""),
       "the header nests arrays and objects deeper than 64 levels"},
      {"metadata nested too deep",
       makeFile(R"({"__metadata__":{"k":)" + std::string(63, '[') +
                    std::string(63, ']') + "}}",
                ""),
       "the header nests arrays and objects deeper than 64 levels"},
      {"nested 64 deep",
       makeFile(std::string(64, '[') + std::string(64, ']'), ""),
       "the header is not a JSON object"},
      {"truncated file", valid.substr(0, valid.size() - 3),
       "tensor 'n': data_offsets [28, 36] run past the end of the data "
       "section (33 bytes): the file is truncated"},
  };
  for (const MalformedCase &c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(openError(c.bytes), "bad.safetensors: " + c.message);
  }
}

/// Every truncation and every single-byte corruption of a valid file either
/// opens (with in-bounds regions) or is an error; none may crash.
TEST(SafeTensorsTest, DamagedFilesNeverCrash) {
  std::string valid = makeValidFile();
  auto check = [](const std::string &bytes) {
    Expected<SafeTensorsFile> file = openBytes(bytes);
    if (!file) {
      consumeError(file.takeError());
      return;
    }
    for (const SafeTensorInfo &tensor : file->getTensors()) {
      EXPECT_LE(tensor.end, bytes.size());
      if (tensor.dtype == "F32") {
        Expected<std::vector<float>> data = file->readF32(tensor);
        ASSERT_TRUE(bool(data)) << toString(data.takeError());
        EXPECT_EQ(int64_t(data->size()), tensor.getNumElements());
      }
    }
  };
  for (size_t size = 0; size < valid.size(); ++size) {
    Expected<SafeTensorsFile> truncated = openBytes(valid.substr(0, size));
    EXPECT_FALSE(bool(truncated))
        << "a file cut to " << size << " bytes opened";
    if (!truncated)
      consumeError(truncated.takeError());
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    for (unsigned char bits : {0x01, 0x80, 0xff}) {
      std::string damaged = valid;
      damaged[i] = char(damaged[i] ^ bits);
      check(damaged);
    }
  }
}

} // namespace
