//===- FormatShape.cpp - shapes in messages -------------------------------===//

#include "nnid/Support/FormatShape.h"

#include <climits>

std::string nnid::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += dim == INT64_MIN ? "?" : std::to_string(dim);
  }
  return text + "]";
}
