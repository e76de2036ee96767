// A Conv2d whose in_channels differs from its input's channels.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net =
    Model<Sequential<Conv2d<3, 16, 3, 1, 1>, ReLU, Conv2d<32, 64, 3, 1, 1>>,
          Input<1, 3, 32, 32>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Conv2d: in_channels does not match the input's channels
// CHECK: note: the expression {{.*}}InChannels == InputChannels [with InputChannels = 16; InChannels = 32]{{.*}} evaluated to
// CHECK-NOT: error:
