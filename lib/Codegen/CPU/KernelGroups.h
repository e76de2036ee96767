//===- KernelGroups.h - the fusion decision the CPU kernels read -*- C++
//-*-===//
//
// nnid-group-cpu-kernels decides on tensors which ops a kernel absorbs and
// marks them; nnid-lower-cpu-kernels reads the marks on buffers. See
// docs/cpu-codegen.md ("Fusion").
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_CODEGEN_CPU_KERNELGROUPS_H
#define NNID_LIB_CODEGEN_CPU_KERNELGROUPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace nnid::cpu {

/// The discardable attribute (an i64, the group's number within its
/// function) on the ops of one kernel group: the kernel's op, and the fill
/// or broadcast before it and the elementwise consumer after it that its
/// kernel takes over.
inline constexpr llvm::StringLiteral kKernelGroupAttr = "nnid.kernel_group";

/// The group `op` belongs to, or -1.
int64_t getKernelGroup(mlir::Operation *op);

/// Whether `consumer` is in the form a kernel applies to its accumulators:
/// one output written pointwise and not read, four parallel loops, input
/// `input` read pointwise, the other inputs read at loop indices with the
/// channel (dimension 3) last, and a payload of elementwise scalar ops.
bool isFusableConsumer(mlir::linalg::GenericOp consumer, unsigned input);

/// Whether `op` may sit between the ops of a group on buffers: it has no
/// memory effect but allocation (a view, a cast, a constant, an alloc), so
/// moving the group's work across it changes nothing.
bool isInertBetweenGroupOps(mlir::Operation *op);

} // namespace nnid::cpu

#endif // NNID_LIB_CODEGEN_CPU_KERNELGROUPS_H
