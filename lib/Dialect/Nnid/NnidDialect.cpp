//===- NnidDialect.cpp - nnid dialect registration ------------------------===//

#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace nnid;

#include "nnid/Dialect/Nnid/NnidDialect.cpp.inc"

namespace {

/// Every nnid op is a pure function of its operands and has no regions, so
/// any call of a function of nnid ops may be inlined (the entry wrapper
/// inlines the model, so that its last op writes the caller's buffer).
struct NnidInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;

  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};

} // namespace

void NnidDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nnid/Dialect/Nnid/NnidOps.cpp.inc"
      >();
  addInterfaces<NnidInlinerInterface>();
}
