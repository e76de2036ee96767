//===- InitAll.h - register everything nnid provides ------------*- C++ -*-===//

#ifndef NNID_INITALL_H
#define NNID_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace nnid {

/// Registers the nnid dialect.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers nnid's passes and pipelines with the global pass registry.
void registerAllPasses();

} // namespace nnid

#endif // NNID_INITALL_H
