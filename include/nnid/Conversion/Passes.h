//===- Passes.h - nnid conversion passes ------------------------*- C++ -*-===//

#ifndef NNID_CONVERSION_PASSES_H
#define NNID_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace nnid {

#define GEN_PASS_DECL
#include "nnid/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnid/Conversion/Passes.h.inc"

} // namespace nnid

#endif // NNID_CONVERSION_PASSES_H
