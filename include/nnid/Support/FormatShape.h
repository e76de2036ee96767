//===- FormatShape.h - shapes in messages -----------------------*- C++ -*-===//

#ifndef NNID_SUPPORT_FORMATSHAPE_H
#define NNID_SUPPORT_FORMATSHAPE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace nnid {

/// Formats a shape as PyTorch prints sizes, "[1, 3, 224, 224]", with "?" for
/// a dynamic dimension (nnid::kDynamic, MLIR's ShapedType::kDynamic).
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace nnid

#endif // NNID_SUPPORT_FORMATSHAPE_H
