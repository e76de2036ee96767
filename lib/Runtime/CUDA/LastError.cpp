//===- LastError.cpp - errors of the mgpu* functions ----------------------===//

#include "LastError.h"

#include "nnid/Runtime/CUDA/Runtime.h"

#include <optional>
#include <string>

namespace {
/// The pending error of this thread.
thread_local std::optional<std::string> lastError;
} // namespace

void nnid::cuda::detail::reportError(llvm::Error error) {
  std::string message = llvm::toString(std::move(error));
  if (!lastError)
    lastError = std::move(message);
}

bool nnid::cuda::hasPendingError() { return lastError.has_value(); }

llvm::Error nnid::cuda::takeLastError() {
  if (!lastError)
    return llvm::Error::success();
  std::string message = std::move(*lastError);
  lastError.reset();
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}
