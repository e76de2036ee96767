//===- Common.h - pass sequences the nnid pipelines share -------*- C++ -*-===//

#ifndef NNID_LIB_PIPELINES_COMMON_H
#define NNID_LIB_PIPELINES_COMMON_H

#include "mlir/Pass/PassManager.h"

namespace nnid::detail {

/// nnid-add-entry-wrapper{entry}, then the model inlined into the wrapper
/// (inline, symbol-dce).
void addEntryWrapper(mlir::OpPassManager &pm, llvm::StringRef entry);

/// The last conversions to the LLVM dialect, once memrefs, vectors and
/// control flow are lowered: math, arith, index, func, cf and ub, then the
/// unrealized casts between them reconciled.
void addFinalLLVMConversions(mlir::OpPassManager &pm);

/// TOSA -> linalg, tensor and arith: the plain tensor math imported models
/// carry beside nnid ops (docs/onnx.md). Upstream's tosa-to-linalg pipeline,
/// without its validation of TOSA's size levels.
void addTosaToLinalg(mlir::OpPassManager &pm);

} // namespace nnid::detail

#endif // NNID_LIB_PIPELINES_COMMON_H
