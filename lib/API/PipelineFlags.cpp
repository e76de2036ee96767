//===- PipelineFlags.cpp - the CPU pipeline's options as flags ------------===//

#include "nnid/API/PipelineFlags.h"

using namespace llvm;
using namespace nnid;

PipelineFlags::PipelineFlags(cl::OptionCategory &category)
    : layout("layout",
             cl::desc("Layout of activations inside the graph: nhwc (fast) "
                      "or nchw (PyTorch's, op for op)"),
             cl::init("nhwc"), cl::cat(category)),
      kernels("kernels",
              cl::desc("Compute NHWC convolutions and pooling with nnid's "
                       "register-blocked vector kernels (default true)"),
              cl::init(true), cl::cat(category)),
      reparameterize("reparameterize",
                     cl::desc("Fold batch norms into convolutions and merge "
                              "parallel branches where exact (default "
                              "true)"),
                     cl::init(true), cl::cat(category)),
      parallel("parallel",
               cl::desc("Run the kernels' outer loops on OpenMP threads "
                        "(the program then needs libomp)"),
               cl::init(false), cl::cat(category)),
      vectorWidth("vector-width",
                  cl::desc("f32 lanes per vector register the kernels are "
                           "shaped for (0: the target CPU's)"),
                  cl::init(0), cl::cat(category)),
      registers("registers",
                cl::desc("Vector registers the kernels may keep live (0: "
                         "the target CPU's)"),
                cl::init(0), cl::cat(category)) {
  registerPassManagerFlags();
}

CpuPipelineOptions PipelineFlags::apply(CpuPipelineOptions base) const {
  if (layout.getNumOccurrences())
    base.layout = layout;
  if (kernels.getNumOccurrences())
    base.kernels = kernels;
  if (reparameterize.getNumOccurrences())
    base.reparameterize = reparameterize;
  if (parallel.getNumOccurrences())
    base.parallel = parallel;
  if (vectorWidth.getNumOccurrences())
    base.vectorWidth = vectorWidth;
  if (registers.getNumOccurrences())
    base.registers = registers;
  return base;
}
