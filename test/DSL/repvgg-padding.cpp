// A RepVGGBlock without padding: RepVGG's 3x3 branch needs padding 1 to line
// up with its 1x1 and identity branches.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<RepVGGBlock<16, 16, 3, 1, 0>, Input<1, 16, 8, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: RepVGGBlock: padding must be kernel_size / 2 (RepVGG asserts kernel_size == 3 and padding == 1)
// CHECK: note: the expression {{.*}}Padding == KernelSize / 2 [with KernelSize = 3; Padding = 0]{{.*}} evaluated to
// CHECK-NOT: error:
