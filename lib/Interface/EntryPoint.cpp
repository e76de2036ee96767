//===- EntryPoint.cpp - what the entry-point passes agree on --------------===//

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Support/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace nnid;

static func::FuncOp findEntry(ModuleOp module, StringRef entry) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(entry))
    return fn;
  func::FuncOp only;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isExternal() || fn.isPrivate())
      continue;
    if (only)
      return {};
    only = fn;
  }
  return only;
}

/// `type` as an entry tensor, or an error naming `what`.
static llvm::Expected<EntryTensor> getTensor(Type type, StringAttr name,
                                             const llvm::Twine &defaultName,
                                             const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.getElementType().isF32())
    return makeError(what + " must be a ranked f32 tensor");
  return EntryTensor{name ? name.str() : defaultName.str(), tensor};
}

llvm::Expected<EntrySignature> nnid::getEntrySignature(ModuleOp module,
                                                       StringRef entry) {
  func::FuncOp fn = findEntry(module, entry);
  if (!fn)
    return makeError(llvm::formatv("the module has no function '{0}' (and no "
                                   "single public function to use instead)",
                                   entry));
  if (fn.isExternal())
    return makeError(
        llvm::formatv("function '{0}' has no body", fn.getSymName()));
  EntrySignature signature;
  signature.function = fn;
  FunctionType type = fn.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    auto tensor = getTensor(
        input, fn.getArgAttrOfType<StringAttr>(i, kTensorNameAttrName),
        "input" + llvm::Twine(i),
        llvm::formatv("argument {0} of '{1}'", i, fn.getSymName()).str());
    if (!tensor)
      return tensor.takeError();
    signature.inputs.push_back(*tensor);
  }
  for (auto [i, result] : llvm::enumerate(type.getResults())) {
    auto tensor = getTensor(
        result, fn.getResultAttrOfType<StringAttr>(i, kTensorNameAttrName),
        "output" + llvm::Twine(i),
        llvm::formatv("result {0} of '{1}'", i, fn.getSymName()).str());
    if (!tensor)
      return tensor.takeError();
    signature.outputs.push_back(*tensor);
  }
  return signature;
}

std::string nnid::getEntryWrapperName(StringRef function) {
  return ("nnid_entry_" + function).str();
}

bool nnid::isCIdentifier(StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::string nnid::sanitizeCIdentifier(StringRef name) {
  std::string result;
  if (name.empty() || llvm::isDigit(name.front()))
    result = "t";
  for (char c : name)
    result += llvm::isAlnum(c) ? c : '_';
  return result;
}

std::string nnid::getCEntryPointName(StringRef prefix, StringRef function) {
  return (prefix + "_" + sanitizeCIdentifier(function)).str();
}
