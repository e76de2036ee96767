//===- Passes.td - nnid CPU code generation passes ---------*- tablegen -*-===//

#ifndef NNID_CODEGEN_CPU_PASSES_TD
#define NNID_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def GroupCPUKernels : Pass<"nnid-group-cpu-kernels", "::mlir::func::FuncOp"> {
  let summary = "Decide on tensors which neighbours each CPU kernel absorbs";
  let description = [{
    For each NHWC op that `nnid-lower-cpu-kernels` turns into a kernel
    (`linalg.conv_2d_nhwc_hwcf`, `linalg.depthwise_conv_2d_nhwc_hwc`,
    `linalg.pooling_nhwc_max`, `linalg.pooling_nhwc_sum`, on tensors), picks
    the work the kernel will take over:
    - the `linalg.fill` or per-channel `linalg.broadcast` that makes its
      initial output, when the op is its only user;
    - the elementwise `linalg.generic` that is the only user of its result
      (ReLU, batch norm's scale and shift, a residual add, an average's
      division), when it reads the result pointwise, reads its other
      inputs at loop indices with the channel last, and computes with
      elementwise scalar ops.
    The decision rests on SSA facts only (use counts, blocks). The op then
    moves down to just before its consumer and the fill or broadcast to
    just before the op, which is always legal for these pure ops: the op's
    operands dominate the new place and the consumer is its only user. The
    group's ops get the same `nnid.kernel_group` number. A consumer whose
    output starts as an empty tensor shared with other ops gets one of its
    own, so that bufferization cannot place its output in the buffer of one
    of the op's inputs, which the fused kernel still reads while it writes.

    Run it right before bufferization (one-shot bufferization keeps the
    attribute). What it marks is only a permission: a kernel that cannot
    take a marked op leaves it as it is.

    Example:

    ```mlir
    %e = tensor.empty() : tensor<1x8x8x16xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : ...) -> ...
    %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : ...) outs(%f : ...) -> ...
    %r = linalg.generic ... ins(%c : ...) outs(%e2 : ...) { max(x, 0) }
    ```

    marks the fill, the conv and the generic with `nnid.kernel_group = 0`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def LowerCPUKernels : Pass<"nnid-lower-cpu-kernels", "::mlir::ModuleOp"> {
  let summary = "Register-blocked vector kernels for NHWC convolutions and "
                "pooling on buffers";
  let description = [{
    Replaces the NHWC convolution and pooling ops of a bufferized function
    (`linalg.conv_2d_nhwc_hwcf`, `linalg.depthwise_conv_2d_nhwc_hwc`,
    `linalg.pooling_nhwc_max`, `linalg.pooling_nhwc_sum`, with static shapes
    except the batch) by loops around register-blocked micro-kernels written
    with the vector dialect.

    A direct convolution keeps a block of `RW` output pixels by `RB`
    vectors of output channels in registers (`RW * RB` accumulators, as many
    as the register file holds next to `RB` kernel vectors) and, for every
    kernel tap and input channel, multiplies one broadcast input value with
    `RB` kernel vectors. Depthwise convolutions and pooling keep `RW` pixels
    by `RB` channel vectors and read input vectors directly. Channel counts
    that are not multiples of the vector width use masked loads and stores.

    The kernels also take over the work around them that
    `nnid-group-cpu-kernels` gave them on tensors (ops with the op's
    `nnid.kernel_group`, next to it with only views, casts, constants and
    allocations in between), so that it costs no separate pass over memory:
    - the initialization of the output (`linalg.fill` or a per-channel
      `linalg.broadcast` of a bias) becomes the accumulators' initial value;
    - the elementwise `linalg.generic` consumer is applied to the
      accumulators before they are stored, and the kernel writes the
      consumer's output directly, in the consumer's place, unless that
      output is (a view of) a buffer the op reads.
    Without marks a kernel absorbs nothing.

    With `parallel`, the loop over (batch, output rows, channel blocks) is
    an `scf.parallel`, which `convert-scf-to-openmp` distributes over
    threads.

    A direct convolution whose kernel is a constant `memref.global` reads a
    copy of it packed at compile time by channel block,
    `[F / block, KH, KW, C, block]`, so that each block's kernel is one
    contiguous run that stays in cache across the pixel tiles that reuse it
    (with F a large power of two, the HWCF kernel's blocks fall into a few
    cache sets). The pass works on a module because it adds these globals
    (and drops kernels no longer read).
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "f32 lanes per vector register (8: AVX2, 16: AVX-512)">,
    Option<"numRegisters", "registers", "int64_t", /*default=*/"16",
           "Vector registers available to a micro-kernel">,
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Make the outer loop an scf.parallel">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def DecomposePads : Pass<"nnid-decompose-pads", "::mlir::func::FuncOp"> {
  let summary = "Pad by writing only the border, so producers can write the "
                "interior in place";
  let description = [{
    Rewrites a `tensor.pad` with a constant padding value and static shapes
    into a `tensor.empty` of the padded shape whose border regions (rows
    above and below, columns left and right of the source, in the two
    padded dimensions) are `linalg.fill`ed, and a `tensor.insert_slice` of
    the source into the interior. The empty tensor and the fills are placed
    before the ops that compute the source, so `eliminate-empty-tensors`
    can then make the source's producer (a transpose, an elementwise op)
    write straight into the padded buffer: no copy of the activation, and
    no pass over its interior to fill it.

    Pads with more than two padded dimensions, dynamic shapes or a
    non-constant padding value are left to the default bufferization.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def StaticWorkspace : Pass<"nnid-static-workspace", "::mlir::ModuleOp"> {
  let summary = "Place a function's fixed-size buffers in one static "
                "workspace";
  let description = [{
    Replaces the `memref.alloc` ops with static shapes at the top level of
    each function by `memref.view`s into a workspace: an uninitialized
    `memref.global` of bytes, one per function. Buffers whose lifetimes
    (from the allocation to the last use of the buffer or of any view of
    it, in program order) do not overlap share bytes; offsets are assigned
    first fit, aligned to 64 bytes. A compiled network then allocates
    nothing in the steady state: large fresh allocations cost a page fault
    per page on every call.

    Run it after bufferization and before buffer deallocation. Buffers that
    escape (returned, passed to a call, stored) keep their allocation. A
    function's global workspace is shared by all its calls, so the function
    is not reentrant: callers serialize concurrent calls.

    With `argument`, each function instead takes its workspace as a new
    trailing argument, `memref<Nxi8>` (N may be 0), and records N as the
    function's `nnid.workspace_bytes`: each call brings its own workspace,
    aligned to 64 bytes, and calls with different workspaces may run at
    once. The entry points of compiled models are built this way
    (`nnid-compile-for-cpu`). A function that is called cannot change its
    signature; it is an error.

    A workspace larger than `max-bytes` is an error naming its size: no
    machine nnid targets runs such a model, and the JIT or the loader would
    abort on it instead of failing cleanly.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t",
           /*default=*/"int64_t(1) << 34",
           "The largest workspace a function may get, in bytes (16 GiB)">,
    Option<"argument", "argument", "bool", /*default=*/"false",
           "Pass each function its workspace as a trailing argument instead "
           "of a global">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // NNID_CODEGEN_CPU_PASSES_TD
