//===- Tensor.cpp - shapes of kernel inputs and outputs -------------------===//

#include "nnid/API/Tensor.h"

#include "llvm/Support/raw_ostream.h"

std::string nnid::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (d == TensorSpec::kDynamic)
      os << "?";
    else
      os << d;
  });
  os << "]";
  return text;
}

std::string nnid::TensorSpec::str() const { return formatShape(shape); }
