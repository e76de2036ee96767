//===- CudaConstants.h - large constants as device buffers ------*- C++ -*-===//
//
// A model emitted with frozen weights holds them as constants. Compiled for
// the GPU as they are, they would be copied from host to device memory at
// every call. compileForCUDA instead turns each large constant of the model
// into an extra argument of the entry wrapper, after the outputs, and the
// kernel uploads their values once and passes the device buffers at every
// call.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_API_CUDACONSTANTS_H
#define NNID_LIB_API_CUDACONSTANTS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace nnid::detail {

/// The value of a constant that became an argument.
struct HoistedConstant {
  std::vector<float> values;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Replaces every f32 tensor constant with at least `minElements` elements,
/// of `wrapper` or of the private model function it calls, by a new memref
/// argument of `wrapper` (read through a restrict bufferization.to_tensor
/// and passed on to the model function), appended in order; returns their
/// values.
std::vector<HoistedConstant> hoistConstants(mlir::func::FuncOp wrapper,
                                            int64_t minElements);

} // namespace nnid::detail

#endif // NNID_LIB_API_CUDACONSTANTS_H
