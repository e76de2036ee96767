//===- Dynamic.h - the size of a dynamic dimension --------------*- C++ -*-===//

#ifndef NNID_SUPPORT_DYNAMIC_H
#define NNID_SUPPORT_DYNAMIC_H

#include <cstdint>
#include <limits>

namespace nnid {

/// The size of a dynamic dimension everywhere in nnid's C++ interfaces: the
/// DSL's `Input<kDynamic, ...>`, `TensorSpec` shapes and formatShape. It is
/// MLIR's `ShapedType::kDynamic`. (The C header of a model compiled ahead of
/// time writes -1, as C code expects of a size that is not known.)
inline constexpr int64_t kDynamic = std::numeric_limits<int64_t>::min();

} // namespace nnid

#endif // NNID_SUPPORT_DYNAMIC_H
