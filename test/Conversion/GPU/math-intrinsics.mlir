// RUN: nnid-opt %s --pass-pipeline='builtin.module(gpu.module(nnid-gpu-math-intrinsics))' | FileCheck %s

// CHECK-LABEL: gpu.func @kernel
// CHECK: %[[S:.+]] = llvm.call_intrinsic "llvm.sqrt.f32"(%{{.+}}) : (f32) -> f32
// CHECK: %[[A:.+]] = llvm.call_intrinsic "llvm.fabs.f64"(%{{.+}}) : (f64) -> f64
// CHECK: %[[F:.+]] = llvm.call_intrinsic "llvm.fma.f32"(%{{.+}}, %{{.+}}, %{{.+}}) : (f32, f32, f32) -> f32
// Vectors are left to convert-gpu-to-nvvm.
// CHECK: math.sqrt %{{.+}} : vector<4xf32>
gpu.module @kernels {
  gpu.func @kernel(%x: f32, %y: f64, %v: vector<4xf32>) kernel {
    %s = math.sqrt %x : f32
    %a = math.absf %y : f64
    %f = math.fma %x, %s, %x : f32
    %w = math.sqrt %v : vector<4xf32>
    gpu.return
  }
}
