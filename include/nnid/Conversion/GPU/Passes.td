//===- Passes.td - nnid's GPU kernel passes ----------------*- tablegen -*-===//
//
// The passes that turn linalg on buffers into GPU kernels (gpu.launch) and
// place the buffers they use in device memory; --nnid-lower-to-nvvm runs
// them between bufferization and the NVVM lowering.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_CONVERSION_GPU_PASSES_TD
#define NNID_CONVERSION_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def GPUImplicitGemm : Pass<"nnid-gpu-implicit-gemm", "::mlir::func::FuncOp"> {
  let summary = "Convolutions and matmuls on buffers as tiled implicit-GEMM "
                "GPU kernels";
  let description = [{
    Rewrites `linalg.conv_2d_nchw_fchw`, `linalg.conv_2d_ngchw_gfchw` and
    `linalg.matmul` (any projected-permutation indexing maps) on f32 buffers
    into one `gpu.launch` each that computes the op as a matrix product
    C[g](M x N) += A[g](M x K) * B[g](K x N). For a convolution M is the
    output channels of a group, N = batch * OH * OW and K = C/groups * KH *
    KW; B is the im2col matrix of the input, never materialized: each block
    gathers its tile of it from the input directly (implicit GEMM).

    A block of 256 threads computes a BM x BN tile of C (16 x 256, 32 x 128
    or 64 x 64, from M), looping over K in steps of 16: the threads copy
    the 16 x BM tile of A and the 16 x BN tile of B into shared memory,
    synchronize, and each accumulates a 4 x 4 sub-tile of C in registers
    from the shared tiles, strided so that loads and stores of consecutive
    threads are consecutive. When the grid has too few blocks to fill the
    GPU, K is split among blocks that add their partial sums atomically
    (split-K); C holds the accumulator's initial value (the bias) already.

    `tile-m` and `split-k` force the tile height and the split for testing.
    With `emulate-on-host` the same tiles and phases are emitted as host
    loops (block, phase, thread) instead of a `gpu.launch`, so that a CPU
    can check the kernels' index arithmetic.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"0",
           "Rows of C per block: 16, 32 or 64 (0: chosen from M)">,
    Option<"splitK", "split-k", "int64_t", /*default=*/"0",
           "Blocks that share the K dimension (0: chosen from the grid)">,
    Option<"emulateOnHost", "emulate-on-host", "bool", /*default=*/"false",
           "Emit host loops instead of gpu.launch (for testing on a CPU)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def GPUMapParallelLoops
    : Pass<"nnid-gpu-map-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Outermost scf.parallel loops as one-dimensional GPU kernels";
  let description = [{
    Every outermost `scf.parallel` (what `convert-linalg-to-parallel-loops`
    makes of elementwise ops, pooling, padding, copies and depthwise
    convolutions) becomes a `gpu.launch` with `block-size` threads per block
    and one thread per iteration: the iteration space is linearized, the
    last dimension fastest, so that consecutive threads touch consecutive
    elements. Sequential loops inside the body (a pooling window, a
    reduction) run within the thread. Loops with reductions are left alone.

    With `emulate-on-host` the kernel is emitted as host loops over blocks
    and threads instead, for testing on a CPU.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block">,
    Option<"emulateOnHost", "emulate-on-host", "bool", /*default=*/"false",
           "Emit host loops instead of gpu.launch (for testing on a CPU)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def GPUDeviceMemory : Pass<"nnid-gpu-device-memory", "::mlir::func::FuncOp"> {
  let summary = "Place the buffers that GPU kernels use in device memory";
  let description = [{
    After this pass a function runs its kernels on device memory only:
    memref arguments that hold numbers are device buffers (the caller's
    contract), every `memref.alloc` used by a `gpu.launch` (or holding
    numbers and returned or passed to a call) becomes a `gpu.alloc` and its
    `memref.dealloc` a `gpu.dealloc`, and every constant
    (`memref.get_global`) a kernel reads is copied to a `gpu.alloc` with
    `gpu.memcpy` where it is taken, and freed at the end of its block.
    Buffers of indices or flags that only host code uses (the bookkeeping
    of the deallocation pipeline) stay on the host. Host code that reads or
    writes a device buffer is an error.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def GPUMathIntrinsics : Pass<"nnid-gpu-math-intrinsics"> {
  let summary = "Math ops with NVPTX instructions as LLVM intrinsic calls";
  let description = [{
    `convert-gpu-to-nvvm` lowers `math.sqrt`, `math.absf`, `math.fma`,
    `math.floor` and `math.copysign` to calls of libdevice functions
    (`__nv_sqrtf`, ...), which only link when a CUDA toolkit provides
    libdevice: PTX emitted without one would not load. This pass, run on GPU
    modules before it, calls the LLVM intrinsics instead (`llvm.sqrt`,
    `llvm.fabs`, `llvm.fma`, `llvm.floor`, `llvm.copysign`), which NVPTX
    compiles to single instructions (`sqrt.rn`, `abs`, `fma.rn`, `cvt.rmi`,
    `copysign`): the same results, with or without a toolkit.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CheckCudaTarget : Pass<"nnid-check-cuda-target", "::mlir::ModuleOp"> {
  let summary = "Check the CUDA target and the tools its format needs";
  let description = [{
    Fails with an error that says what is wrong and what to do, before the
    NVVM lowering fails less clearly (or aborts):

    - `chip` must be an `sm_<version>` name, and `features` (`+ptx<version>`)
      must not name a PTX version older than the chip needs (7.8 for
      sm_90).
    - `gpu-module-to-binary` runs the CUDA toolkit's `ptxas` for the `bin`
      and `fatbin` formats, and `fatbinary` for `fatbin`, found in the
      `toolkit`'s `bin` directory, in `$PATH`, or in the `bin` directory of
      the toolkit named by `$CUDA_ROOT`, `$CUDA_HOME` or `$CUDA_PATH`; a
      missing tool is named with the places searched.
    - When `toolkit` is empty, the NVVM target reads libdevice from that
      environment variable's toolkit for every format; one that names no
      CUDA toolkit is an error. The `isa` format (PTX) needs no toolkit
      otherwise.
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_90\"",
           "The GPU architecture (sm_90 for an H100)">,
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "PTX features (+ptx80); empty for the chip's minimum">,
    Option<"format", "format", "std::string", /*default=*/"\"bin\"",
           "The format gpu-module-to-binary will emit: isa, bin or fatbin">,
    Option<"toolkit", "toolkit", "std::string", /*default=*/"\"\"",
           "The CUDA toolkit gpu-module-to-binary is given, if any">,
  ];
}

#endif // NNID_CONVERSION_GPU_PASSES_TD
