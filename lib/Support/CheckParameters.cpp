//===- CheckParameters.cpp - weight files against a model -----------------===//
//
// Compares the tensors of a safetensors file with the parameters a model
// expects and reports every difference at once, so that one run shows all
// that must change.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/StringSet.h"

using namespace llvm;
using namespace nnid;

Error nnid::checkParameters(const SafeTensorsFile &file,
                            ArrayRef<ParameterSpec> specs) {
  std::vector<std::string> problems;
  StringSet<> expected;
  for (const ParameterSpec &spec : specs) {
    expected.insert(spec.name);
    std::string expectedShape = formatShape(spec.shape);
    const char *expectedDType = getDTypeName(spec.dtype);
    const SafeTensorInfo *tensor = file.lookup(spec.name);
    if (!tensor) {
      problems.push_back(spec.name + ": missing from the file, the model " +
                         "expects " + expectedDType + " " + expectedShape);
      continue;
    }
    if (ArrayRef<int64_t>(tensor->shape) != ArrayRef<int64_t>(spec.shape))
      problems.push_back(spec.name + ": shape " + formatShape(tensor->shape) +
                         " in the file, the model expects " + expectedShape);
    if (tensor->dtype != expectedDType)
      problems.push_back(spec.name + ": dtype " + tensor->dtype +
                         " in the file, the model expects " + expectedDType);
  }
  for (const SafeTensorInfo &tensor : file.getTensors())
    if (!expected.contains(tensor.name))
      problems.push_back(tensor.name + ": in the file, but the model has no " +
                         "such parameter");

  if (problems.empty())
    return Error::success();
  std::string message = file.getFileName().str() +
                        ": the weights do not match the model (" +
                        std::to_string(problems.size()) +
                        (problems.size() == 1 ? " problem):" : " problems):");
  for (const std::string &problem : problems)
    message += "\n  " + problem;
  return createStringError(message);
}
