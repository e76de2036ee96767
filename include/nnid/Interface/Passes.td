//===- Passes.td - entry points of compiled models ---------*- tablegen -*-===//
//
// Passes that give a model's tensor function the entry points compiled code
// is called through: a buffer-level wrapper, device buffers for large
// constants, and a plain C function for objects compiled ahead of time.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_INTERFACE_PASSES_TD
#define NNID_INTERFACE_PASSES_TD

include "mlir/Pass/PassBase.td"

def AddEntryWrapper : Pass<"nnid-add-entry-wrapper", "::mlir::ModuleOp"> {
  let summary = "Add a buffer-level entry point around the model function";
  let description = [{
    Compiled code is called through a wrapper function that takes one memref
    per input and per output of the model's tensor function. The pass finds
    the function `entry` (or, when there is none, the only public function
    with a body), checks that it takes and returns ranked f32 tensors, and
    adds next to it

    ```mlir
    func.func @nnid_entry_forward(%in: memref<...>, ..., %out: memref<...>)
        -> i32 attributes {llvm.emit_c_interface, nnid.entry_buffers = [...]}
    ```

    which reads the inputs as tensors (`bufferization.to_tensor restrict`),
    calls the model, writes each result into its output buffer
    (`bufferization.materialize_in_destination`, so that the last op can
    compute straight into it) and returns 0. Where an output has a dynamic
    dimension, the wrapper compares it with the computed result and returns
    1, writing nothing, when they differ; the results are then computed
    into buffers of their own and copied (`memref.copy`) when the shapes
    are right. The
    model function becomes private, so that the inliner can inline it into
    the wrapper and symbol-dce can drop it.

    `nnid.entry_buffers` lists the buffers' memref types, inputs then
    outputs; it survives the lowering to the LLVM dialect, where
    `nnid-add-c-entry-point` reads it.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "The model function to wrap">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def HoistDeviceConstants
    : Pass<"nnid-hoist-device-constants", "::mlir::ModuleOp"> {
  let summary = "Pass large constants to the entry wrapper as buffers";
  let description = [{
    Weights frozen into a model are constants. Compiled for a GPU as they
    are, they would be copied from host to device memory at every call.
    This pass turns every f32 tensor constant of at least `min-elements`
    elements, in each entry wrapper (a function with `nnid.entry_buffers`)
    or in a private model function only it calls, into a new memref argument of the wrapper,
    after the outputs, read through a `restrict` `bufferization.to_tensor`
    (and passed on to the model function as a new tensor argument). The
    constants' values, in argument order, are left on the wrapper as
    `nnid.device_constants`, an array of elements attributes: the caller
    uploads them once and passes the device buffers at every call.
  }];
  let options = [
    Option<"minElements", "min-elements", "int64_t", /*default=*/"4096",
           "The smallest constant (in elements) that becomes a buffer">,
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def AddCEntryPoint : Pass<"nnid-add-c-entry-point", "::mlir::ModuleOp"> {
  let summary = "Add a plain C entry point to a model lowered to LLVM";
  let description = [{
    After the CPU pipeline, the entry wrapper `nnid_entry_<f>` (the one
    function with `nnid.entry_buffers`) takes each buffer as an expanded
    memref descriptor (allocated and aligned pointer, offset, sizes,
    strides), and last its workspace, `nnid.workspace_bytes` bytes
    (`nnid-static-workspace{argument}`). This pass adds four functions, with
    one plain pointer per buffer, inputs then outputs, and first an
    `int64_t batch` when the first dimension of the buffers is dynamic:

    ```c
    int32_t mymodel_forward(int64_t batch, const float *input, float *output);
    int32_t mymodel_forward_with_workspace(int64_t batch, const float *input,
                                           float *output, void *workspace);
    int64_t mymodel_forward_workspace_size(void);
    int64_t mymodel_forward_workspace_alignment(void); /* 64 */
    ```

    Both entry points return 3 when a buffer pointer is null and 2 when the
    batch is below 1, and otherwise call the wrapper with the descriptors of
    dense row-major buffers and return its status. `<name>_<f>` passes a
    static workspace, `<name>_<f>_workspace`, so it runs one call at a time:
    it returns 4 when another call is running (an atomic flag,
    `<name>_<f>_busy`), having written nothing. `<name>_<f>_with_workspace`
    takes the caller's workspace instead (at least `_workspace_size()` bytes,
    aligned to `_workspace_alignment()`; it returns 5 when the pointer is
    null or misaligned and the size is not 0): calls with different
    workspaces run at once. Every other definition in the module becomes
    internal, so that objects of several models link together.
    Only the first (batch) dimension may be dynamic.
  }];
  let options = [
    Option<"name", "name", "std::string", /*default=*/"\"model\"",
           "The prefix of the entry point's name (a C identifier)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CheckEntryAllocations
    : Pass<"nnid-check-entry-allocations", "::mlir::ModuleOp"> {
  let summary = "Return a status from the entry wrapper when malloc fails";
  let description = [{
    Buffers whose size depends on a dynamic batch (and the few others
    outside the static workspace) are allocated with `malloc` at every
    call. On the LLVM dialect, after the CPU pipeline, this pass follows
    each `malloc` call in the body of an entry wrapper (an `llvm.func` with
    `nnid.entry_buffers` that returns an i32 status) with a check: when
    `malloc` returns null, the wrapper returns 6 (out of memory) at once.
    The outputs are then undefined, and the buffers the call allocated
    before the failing one are not freed. `malloc` calls anywhere else (in
    other functions, or in regions, such as OpenMP's) are left as they are;
    nnid's pipelines emit none there.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // NNID_INTERFACE_PASSES_TD
