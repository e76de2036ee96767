//===- CpuPipeline.cpp - the API's options to the CPU pipeline ------------===//

#include "CpuPipeline.h"

using namespace nnid;

llvm::Error nnid::detail::setLoweringOptions(const CpuPipelineOptions &options,
                                             VectorRegisters target,
                                             bool defaultParallel,
                                             LowerToLLVMOptions &lowering) {
  auto invalid = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (options.layout != "nhwc" && options.layout != "nchw")
    return invalid("unknown layout '" + options.layout +
                   "' (expected nhwc or nchw)");
  // Limits well beyond any CPU's, so that a typo cannot make the kernels
  // unroll without bound.
  if (options.vectorWidth < 0 || options.vectorWidth > 64)
    return invalid("vector-width must be between 1 and 64 (or 0 for the "
                   "target's), got " +
                   llvm::Twine(options.vectorWidth));
  if (options.registers != 0 &&
      (options.registers < 4 || options.registers > 64))
    return invalid("registers must be between 4 and 64 (or 0 for the "
                   "target's), got " +
                   llvm::Twine(options.registers));
  lowering.layout = options.layout;
  lowering.kernels = options.kernels;
  lowering.reparameterize = options.reparameterize;
  lowering.parallel = options.parallel.value_or(defaultParallel);
  lowering.vectorWidth =
      options.vectorWidth ? options.vectorWidth : target.width;
  lowering.registers = options.registers ? options.registers : target.count;
  return llvm::Error::success();
}
