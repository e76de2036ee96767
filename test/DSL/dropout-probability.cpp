// A dropout probability outside [0, 1], which PyTorch rejects.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Sequential<Linear<8, 4>, Dropout<1.5>>, Input<2, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Dropout: p must be between 0 and 1
// CHECK: note: the expression {{.*}}Value <= 1 [with Value = 1.5e+0]{{.*}} evaluated to
// CHECK-NOT: error:
