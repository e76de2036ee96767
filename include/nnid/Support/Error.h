//===- Error.h - llvm::Error from a message ---------------------*- C++ -*-===//

#ifndef NNID_SUPPORT_ERROR_H
#define NNID_SUPPORT_ERROR_H

#include "llvm/Support/Error.h"

namespace nnid {

/// An llvm::Error that says `message`.
inline llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace nnid

#endif // NNID_SUPPORT_ERROR_H
