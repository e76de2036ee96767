//===- ParameterSpec.h - what a model expects of its weights ----*- C++ -*-===//
//
// The name, shape and element type of one parameter of a model, as PyTorch's
// state_dict has it ("layer1.0.conv1.weight", [64, 64, 3, 3], f32). Models
// written in the DSL list their parameters this way; weight files are
// checked against such a list.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_SUPPORT_PARAMETERSPEC_H
#define NNID_SUPPORT_PARAMETERSPEC_H

#include <cstdint>
#include <string>
#include <vector>

namespace nnid {

/// Element types of parameters, named as safetensors names them.
enum class DType { F32, I64 };

/// The safetensors spelling of a dtype ("F32", "I64").
inline const char *getDTypeName(DType type) {
  switch (type) {
  case DType::F32:
    return "F32";
  case DType::I64:
    return "I64";
  }
  return "?";
}

struct ParameterSpec {
  std::string name;
  std::vector<int64_t> shape;
  DType dtype = DType::F32;

  int64_t getNumElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

} // namespace nnid

#endif // NNID_SUPPORT_PARAMETERSPEC_H
