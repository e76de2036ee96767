//===- Kernel.cpp - checking the buffers a kernel runs on -----------------===//

#include "nnid/API/Kernel.h"
#include "nnid/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace nnid;

Kernel::~Kernel() = default;

/// Checks one buffer against its spec; `batch` is the size of the dynamic
/// dimension, set by the first input that has one.
static llvm::Error checkBuffer(llvm::StringRef what, size_t index,
                               const TensorSpec &spec,
                               llvm::ArrayRef<int64_t> shape, const void *data,
                               size_t size, std::optional<int64_t> *batch) {
  std::string name = llvm::formatv("{0} {1}", what, index).str();
  if (!data && size)
    return makeError(
        llvm::formatv("{0} is a null pointer with {1} elements", name, size));
  if (shape.size() != spec.shape.size())
    return makeError(llvm::formatv("{0} has shape {1}, but the kernel expects "
                                   "rank {2}: {3}",
                                   name, formatShape(shape), spec.shape.size(),
                                   spec.str()));
  int64_t elements = 1;
  for (auto [d, expected] : llvm::enumerate(spec.shape)) {
    int64_t actual = shape[d];
    // (A dimension the kernel fixes at 0, an empty result, takes 0.)
    if (actual < 1 && !(actual == 0 && expected == 0))
      return makeError(llvm::formatv("{0} has shape {1}: every dimension must "
                                     "be positive",
                                     name, formatShape(shape)));
    if (expected == TensorSpec::kDynamic) {
      if (batch && !*batch)
        *batch = actual;
      if (batch && **batch != actual)
        return makeError(llvm::formatv(
            "{0} has shape {1}, but its dynamic dimension {2} must equal the "
            "batch size {3} of the other inputs",
            name, formatShape(shape), d, **batch));
    } else if (actual != expected) {
      return makeError(llvm::formatv("{0} has shape {1}, but the kernel "
                                     "expects {2}",
                                     name, formatShape(shape), spec.str()));
    }
    // A product that wraps could match a small buffer.
    if (llvm::MulOverflow(elements, actual, elements))
      return makeError(llvm::formatv("{0} has shape {1}, whose element count "
                                     "overflows 64 bits",
                                     name, formatShape(shape)));
  }
  if (static_cast<int64_t>(size) != elements)
    return makeError(llvm::formatv("{0} has {1} elements, but its shape {2} "
                                   "needs {3}",
                                   name, size, formatShape(shape), elements));
  return llvm::Error::success();
}

/// Whether two buffers of `na` and `nb` f32 elements share memory.
static bool overlaps(const void *a, size_t na, const void *b, size_t nb) {
  auto *pa = static_cast<const char *>(a), *pb = static_cast<const char *>(b);
  na *= sizeof(float);
  nb *= sizeof(float);
  return na && nb && pa < pb + nb && pb < pa + na;
}

llvm::Error
Kernel::checkBuffers(llvm::ArrayRef<BufferView> inputBuffers,
                     llvm::ArrayRef<BufferView> outputBuffers) const {
  if (inputBuffers.size() != inputs.size())
    return makeError(llvm::formatv("the kernel takes {0} inputs, got {1}",
                                   inputs.size(), inputBuffers.size()));
  if (outputBuffers.size() != outputs.size())
    return makeError(llvm::formatv("the kernel produces {0} outputs, got {1} "
                                   "output buffers",
                                   outputs.size(), outputBuffers.size()));
  std::optional<int64_t> batch;
  for (auto [i, buffer] : llvm::enumerate(inputBuffers))
    if (llvm::Error error =
            checkBuffer("input", i, inputs[i], buffer.shape, buffer.data,
                        buffer.numElements, &batch))
      return error;
  // Dynamic output dimensions are checked by the compiled code, which knows
  // the shapes it computes.
  for (auto [i, buffer] : llvm::enumerate(outputBuffers))
    if (llvm::Error error =
            checkBuffer("output", i, outputs[i], buffer.shape, buffer.data,
                        buffer.numElements, nullptr))
      return error;
  for (auto [i, out] : llvm::enumerate(outputBuffers)) {
    for (auto [j, in] : llvm::enumerate(inputBuffers))
      if (overlaps(out.data, out.numElements, in.data, in.numElements))
        return makeError(llvm::formatv("output {0} overlaps input {1}", i, j));
    for (size_t j = 0; j < i; ++j)
      if (overlaps(out.data, out.numElements, outputBuffers[j].data,
                   outputBuffers[j].numElements))
        return makeError(llvm::formatv("output {0} overlaps output {1}", i, j));
  }
  return llvm::Error::success();
}

llvm::Error Kernel::run(llvm::ArrayRef<TensorRef> inputBuffers,
                        llvm::ArrayRef<MutableTensorRef> outputBuffers) {
  llvm::SmallVector<BufferView> in, out;
  for (const TensorRef &buffer : inputBuffers)
    in.push_back({buffer.data.data(), buffer.data.size(), buffer.shape});
  for (const MutableTensorRef &buffer : outputBuffers)
    out.push_back({buffer.data.data(), buffer.data.size(), buffer.shape});
  if (llvm::Error error = checkBuffers(in, out))
    return error;
  return runChecked(inputBuffers, outputBuffers);
}
