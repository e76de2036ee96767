//===- PackedArguments.h - arguments of a packed entry point ----*- C++ -*-===//

#ifndef NNID_LIB_API_PACKEDARGUMENTS_H
#define NNID_LIB_API_PACKEDARGUMENTS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace nnid::detail {

/// The arguments of an entry wrapper's packed interface
/// (ExecutionEngine::lookupPacked): a pointer to each argument, here each a
/// pointer to the memref descriptor of a dense row-major buffer (allocated
/// and aligned pointers, offset, sizes, strides; every field 8 bytes), then
/// a pointer to the int32 status the wrapper returns.
class PackedArguments {
public:
  void addBuffer(const void *data, llvm::ArrayRef<int64_t> shape) {
    int64_t rank = shape.size();
    std::vector<int64_t> fields(3 + 2 * rank);
    fields[0] = fields[1] = reinterpret_cast<int64_t>(data);
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      fields[3 + d] = shape[d];
      fields[3 + rank + d] = stride;
      stride *= shape[d];
    }
    descriptors.push_back(std::move(fields));
  }

  /// The argument array; valid while this object lives and no buffer is
  /// added.
  llvm::MutableArrayRef<void *> get() {
    pointers.clear();
    for (std::vector<int64_t> &d : descriptors)
      pointers.push_back(d.data());
    args.clear();
    for (void *&p : pointers)
      args.push_back(&p);
    args.push_back(&status);
    return args;
  }

  /// What the wrapper returned (EntryStatus), once called.
  int32_t status = -1;

private:
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<void *> pointers, args;
};

} // namespace nnid::detail

#endif // NNID_LIB_API_PACKEDARGUMENTS_H
