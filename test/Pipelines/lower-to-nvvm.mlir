// The stages of --nnid-lower-to-nvvm on the seed model's first block (with a
// dynamic batch), in PTX form, which needs no CUDA toolkit.
//
// RUN: nnid-opt %s --nnid-lower-to-nvvm=format=isa | FileCheck %s
// RUN: nnid-opt %s --nnid-lower-to-nvvm=format=isa \
// RUN: | %python %S/lower-to-nvvm-extract-ptx.py | FileCheck %s --check-prefix=PTX
// RUN: nnid-opt %s --nnid-lower-to-nvvm=format=isa -o /dev/null \
// RUN:   --mlir-print-ir-after=gpu-kernel-outlining 2>&1 \
// RUN: | FileCheck %s --check-prefix=KERNELS
// RUN: nnid-opt %s --nnid-lower-to-nvvm=format=isa -o /dev/null \
// RUN:   --mlir-print-ir-after=gpu-async-region 2>&1 \
// RUN: | FileCheck %s --check-prefix=STREAM
// RUN: nnid-opt %s --nnid-lower-to-nvvm=format=isa -o /dev/null \
// RUN:   --mlir-print-ir-before=gpu-module-to-binary 2>&1 \
// RUN: | FileCheck %s --check-prefix=NVVM

func.func @forward(%x: tensor<?x3x32x32xf32>, %w: tensor<16x3x3x3xf32>,
                   %b: tensor<16xf32>) -> tensor<?x16x16x16xf32> {
  %y = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
      -> tensor<?x16x32x32xf32>
  %r = nnid.relu %y : tensor<?x16x32x32xf32>
  %i = nnid.identity %r : tensor<?x16x32x32xf32>
  %p = nnid.max_pool2d %i {kernel_size = array<i64: 2, 2>}
      : tensor<?x16x32x32xf32> -> tensor<?x16x16x16xf32>
  return %p : tensor<?x16x16x16xf32>
}

// Kernels, outlined: one per op (padding, its copy, the bias, the
// convolution, relu, the -inf fill of the pooling result, pooling), all of
// 256 threads; the convolution stages its tiles in workgroup memory.
// KERNELS-LABEL: IR Dump After GpuKernelOutliningPass
// KERNELS: func.func @forward(
// KERNELS-NOT: memref.alloc
// KERNELS-COUNT-7: gpu.launch_func @forward_kernel{{(_[0-9])?}}::@forward_kernel blocks in ({{.+}}) threads in (%c256, %c1, %c1)
// KERNELS-COUNT-3: gpu.func @forward_kernel({{.*}}) kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// KERNELS: gpu.func @forward_kernel({{.*}}) workgroup(%{{.+}} : memref<16x17xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<16x256xf32, #gpu.address_space<workgroup>>) kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// KERNELS: gpu.barrier
// KERNELS: math.fma
// KERNELS: gpu.barrier
// KERNELS-COUNT-3: gpu.func @forward_kernel({{.*}}) kernel attributes {known_block_size = array<i32: 256, 1, 1>}

// One stream per call: allocations, launches and frees chained on it, and
// one synchronization at the end.
// STREAM-LABEL: IR Dump After GpuAsyncRegionPass
// STREAM: %[[T0:.+]] = gpu.wait async
// STREAM: gpu.alloc async [%[[T0]]]
// STREAM-COUNT-7: gpu.launch_func async
// STREAM: gpu.dealloc async
// STREAM: gpu.wait [%{{.+}}]
// STREAM-NEXT: return
// STREAM-NOT: gpu.wait

// NVVM: IR Dump Before GpuModuleToBinaryPass
// NVVM: gpu.module @forward_kernel [#nvvm.target<O = 3, chip = "sm_90">]
// NVVM: llvm.func @forward_kernel({{.*}}) attributes {gpu.kernel, gpu.known_block_size = array<i32: 256, 1, 1>, nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>}
// NVVM: nvvm.read.ptx.sreg.ctaid.x
// NVVM: nvvm.read.ptx.sreg.tid.x
// NVVM: llvm.mlir.global internal @__wg_forward_kernel_0() {addr_space = 3 : i32} : !llvm.array<272 x f32>
// NVVM: nvvm.barrier0
// NVVM: llvm.call_intrinsic "llvm.fma.f32"
// NVVM: nvvm.barrier0

// The result: host code calling nnid's CUDA runtime, and PTX modules.
// CHECK: llvm.func @forward(
// CHECK: %[[QUEUE:.+]] = llvm.call @mgpuStreamCreate()
// CHECK: llvm.call @mgpuMemAlloc(%{{.+}}, %[[QUEUE]], %{{.+}})
// CHECK: gpu.launch_func <%[[QUEUE]] : !llvm.ptr> @forward_kernel::@forward_kernel
// CHECK: llvm.call @mgpuMemFree(%{{.+}}, %[[QUEUE]])
// CHECK: llvm.call @mgpuStreamSynchronize(%[[QUEUE]])
// CHECK: llvm.call @mgpuStreamDestroy(%[[QUEUE]])
// CHECK: gpu.binary @forward_kernel  [#gpu.object<#nvvm.target<O = 3, chip = "sm_90">, properties = {{.+}}, assembly = "
// CHECK-NOT: gpu.module

// PTX: .version 7.8
// PTX-NEXT: .target sm_90
// PTX: .visible .entry forward_kernel(
// PTX: .maxntid 256, 1, 1
// The convolution's kernel.
// PTX: .target sm_90
// PTX: .shared .align 4 .b8 __wg_forward_kernel_0[1088];
// PTX: .shared .align 4 .b8 __wg_forward_kernel_1[16384];
// PTX: st.shared.b32
// PTX: bar.sync 0;
// PTX: ld.shared
// PTX: fma.rn.f32
// PTX: bar.sync 0;
