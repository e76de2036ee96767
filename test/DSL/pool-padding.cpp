// Pooling padding larger than half the kernel, which PyTorch rejects.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<AvgPool2d<3, 1, 2>, Input<1, 4, 8, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: AvgPool2d: padding must be at most half the kernel size
// CHECK: note: the expression {{.*}}Padding <= KernelSize / 2 [with KernelSize = 3; Padding = 2]{{.*}} evaluated to
// CHECK-NOT: error:
