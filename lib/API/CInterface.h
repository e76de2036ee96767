//===- CInterface.h - the C entry point of an AOT model ---------*- C++ -*-===//
//
// What the C entry point of a model compiled ahead of time looks like: its
// name, its parameters (an optional `int64_t batch`, one pointer per input,
// then one per output) and the status codes it returns, as
// nnid-add-c-entry-point builds it; the header (CHeader.cpp) is made from
// it.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_API_CINTERFACE_H
#define NNID_LIB_API_CINTERFACE_H

#include "EntryWrapper.h"

#include "nnid/API/Aot.h"
#include "nnid/Interface/EntryPoint.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nnid::detail {

/// One buffer parameter of the entry point.
struct CParameter {
  /// The C parameter name ("input", "conv1_weight").
  std::string name;
  /// The prefix of its constants in the header ("MYMODEL_INPUT").
  std::string macro;
  TensorSpec spec;
};

struct CInterface {
  /// "mymodel_forward".
  std::string functionName;
  /// "MYMODEL".
  std::string macroPrefix;
  /// The memref-level function it calls (EntryWrapper::name).
  std::string wrapperName;
  /// Whether the first parameter is `int64_t batch`, the size of every
  /// dynamic (batch) dimension.
  bool dynamicBatch = false;
  std::vector<CParameter> inputs, outputs;
};

/// The C interface of `wrapper` with names starting with `prefix`. Fails
/// when `prefix` is not a C identifier, or when a dimension other than the
/// first is dynamic.
llvm::Expected<CInterface> makeCInterface(const EntryWrapper &wrapper,
                                          llvm::StringRef prefix);

/// The text of the C header that declares the entry point of `result`.
std::string writeCHeader(const CInterface &interface, const AotResult &result,
                         llvm::StringRef sourceName);

} // namespace nnid::detail

#endif // NNID_LIB_API_CINTERFACE_H
