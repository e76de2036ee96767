//===- PipelineOptions.h - the CPU pipeline's choices -----------*- C++ -*-===//
//
// The options of --nnid-lower-to-llvm, as the C++ API takes them. The same
// names appear in nnid-opt's pipeline, nnid-compile's and nnid-run's flags
// and nnid_add_model's PIPELINE argument (docs/cpu-codegen.md has the
// table).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_PIPELINEOPTIONS_H
#define NNID_API_PIPELINEOPTIONS_H

#include <cstdint>
#include <optional>
#include <string>

namespace nnid {

/// How the CPU pipeline compiles a module.
struct CpuPipelineOptions {
  /// `layout`: the layout of activations inside the graph, "nhwc" (fast) or
  /// "nchw" (PyTorch's, op for op). Inputs and outputs are NCHW either way.
  std::string layout = "nhwc";
  /// `kernels`: compute NHWC convolutions and pooling with nnid's
  /// register-blocked vector kernels; off, they go through linalg's loops.
  bool kernels = true;
  /// `reparameterize`: fold batch norms into convolutions and merge
  /// parallel branches where the weights are constants and the result is
  /// exact (--nnid-reparameterize).
  bool reparameterize = true;
  /// `parallel`: run the kernels' outer loops on OpenMP threads. Unset:
  /// in-process when libomp is installed, never ahead of time.
  std::optional<bool> parallel;
  /// `vector-width`: f32 lanes per vector register the kernels are shaped
  /// for; 0: the target CPU's (16 with AVX-512, 8 with AVX2).
  int64_t vectorWidth = 0;
  /// `registers`: vector registers the kernels may keep live; 0: the
  /// target CPU's (32 with AVX-512, else 16).
  int64_t registers = 0;
};

} // namespace nnid

#endif // NNID_API_PIPELINEOPTIONS_H
