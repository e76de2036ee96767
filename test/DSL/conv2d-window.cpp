// A Conv2d whose dilated kernel is larger than its padded input.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Sequential<Conv2d<3, 8, 3, 2>, Conv2d<8, 8, 3, 1, 0, 2>>,
                  Input<1, 3, 9, 9>>;
Net::OutputShape *output;

// The first conv gives 4x4; a 3x3 kernel with dilation 2 spans 5.
// CHECK: error: static assertion failed: Conv2d: the dilated kernel is larger than the padded input height
// CHECK: note: the expression {{.*}}Window <= PaddedInput [with PaddedInput = 4; Window = 5]{{.*}} evaluated to
// CHECK: error: static assertion failed: Conv2d: the dilated kernel is larger than the padded input width
// CHECK: note: the expression {{.*}}Window <= PaddedInput [with PaddedInput = 4; Window = 5]{{.*}} evaluated to
// CHECK-NOT: error:
