//===- SafeTensorsBytes.h - safetensors files built in tests ----*- C++ -*-===//
//
// Writes the bytes of safetensors files by hand, independently of the reader
// under test: the 8-byte little-endian header length, the header text as
// given, then the data.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TEST_UNIT_SUPPORT_SAFETENSORSBYTES_H
#define NNID_TEST_UNIT_SUPPORT_SAFETENSORSBYTES_H

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>

namespace nnid::test {

/// `value` as `size` little-endian bytes.
inline std::string littleEndian(uint64_t value, unsigned size) {
  std::string bytes;
  for (unsigned i = 0; i < size; ++i)
    bytes += char((value >> (8 * i)) & 0xff);
  return bytes;
}

inline std::string f32Bytes(std::initializer_list<float> values) {
  std::string bytes;
  for (float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    bytes += littleEndian(bits, 4);
  }
  return bytes;
}

inline std::string i64Bytes(std::initializer_list<int64_t> values) {
  std::string bytes;
  for (int64_t value : values)
    bytes += littleEndian(uint64_t(value), 8);
  return bytes;
}

/// A whole file: header length, `header`, `data`.
inline std::string makeFile(const std::string &header,
                            const std::string &data) {
  return littleEndian(header.size(), 8) + header + data;
}

} // namespace nnid::test

#endif // NNID_TEST_UNIT_SUPPORT_SAFETENSORSBYTES_H
