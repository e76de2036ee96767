//===- CaseData.cpp - a case's weights, input and PyTorch output ----------===//

#include "CaseData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"

using namespace nnid;
using namespace nnid::bench;

namespace {

constexpr llvm::StringLiteral kInput = "@input", kExpected = "@expected",
                              kFlops = "flops";

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Reads the parameters a network asks for from the file, by name.
class FileWeightSource : public nn::WeightSource {
public:
  explicit FileWeightSource(const SafeTensorsFile &file) : file(file) {}

  llvm::Expected<llvm::ArrayRef<float>>
  getValues(const ParameterSpec &param) override {
    const SafeTensorInfo *tensor = file.lookup(param.name);
    if (!tensor)
      return makeError(file.getFileName() + ": no tensor '" + param.name +
                       "', which the network expects (is the file from this "
                       "version of bench/cases.py?)");
    if (tensor->shape != param.shape)
      return makeError(file.getFileName() + ": '" + param.name +
                       "' has shape " + formatShape(tensor->shape) +
                       ", the network expects " + formatShape(param.shape));
    llvm::Expected<std::vector<float>> values = file.readF32(*tensor);
    if (!values)
      return values.takeError();
    buffer = std::move(*values);
    return llvm::ArrayRef<float>(buffer);
  }

private:
  const SafeTensorsFile &file;
  std::vector<float> buffer;
};

llvm::Error readTensor(const SafeTensorsFile &file, llvm::StringRef name,
                       std::vector<float> &values,
                       llvm::SmallVectorImpl<int64_t> &shape) {
  const SafeTensorInfo *tensor = file.lookup(name);
  if (!tensor)
    return makeError(file.getFileName() + ": no tensor '" + name + "'");
  llvm::Expected<std::vector<float>> read = file.readF32(*tensor);
  if (!read)
    return read.takeError();
  values = std::move(*read);
  shape.assign(tensor->shape.begin(), tensor->shape.end());
  return llvm::Error::success();
}

} // namespace

CaseData::CaseData(SafeTensorsFile file)
    : file(std::make_unique<SafeTensorsFile>(std::move(file))),
      weights(std::make_unique<FileWeightSource>(*this->file)) {}

llvm::Expected<CaseData> CaseData::open(llvm::StringRef caseName,
                                        llvm::StringRef dataDir) {
  llvm::SmallString<256> path(dataDir);
  llvm::sys::path::append(path, caseName + ".safetensors");
  llvm::Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
  if (!file)
    return file.takeError();
  CaseData data(std::move(*file));
  if (llvm::Error error =
          readTensor(*data.file, kInput, data.input, data.inputShape))
    return std::move(error);
  if (llvm::Error error =
          readTensor(*data.file, kExpected, data.expected, data.expectedShape))
    return std::move(error);
  const std::map<std::string, std::string> &metadata = data.file->getMetadata();
  auto flops = metadata.find(kFlops.str());
  if (flops == metadata.end() ||
      llvm::StringRef(flops->second).getAsDouble(data.flops) ||
      data.flops <= 0.0)
    return makeError(path + ": no positive \"flops\" in its metadata");
  return std::move(data);
}
