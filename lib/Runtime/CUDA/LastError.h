//===- LastError.h - errors of the mgpu* functions --------------*- C++ -*-===//
//
// The mgpu* functions return no status. A failing one records its error for
// the calling thread; the first error is kept until takeLastError().
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_RUNTIME_CUDA_LASTERROR_H
#define NNID_LIB_RUNTIME_CUDA_LASTERROR_H

#include "llvm/Support/Error.h"

namespace nnid::cuda::detail {

/// Records `error` for the calling thread unless an error is pending, in
/// which case `error` is dropped (it is most likely a consequence).
void reportError(llvm::Error error);

} // namespace nnid::cuda::detail

#endif // NNID_LIB_RUNTIME_CUDA_LASTERROR_H
