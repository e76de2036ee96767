// A MaxPool2d window larger than its padded input.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Sequential<MaxPool2d<2>, MaxPool2d<2>, MaxPool2d<3>>,
                  Input<1, 4, 8, 8>>;
Net::OutputShape *output;

// 8 -> 4 -> 2, then a 3x3 window.
// CHECK: error: static assertion failed: MaxPool2d: the dilated window is larger than the padded input height
// CHECK: note: the expression {{.*}}Window <= PaddedInput [with PaddedInput = 2; Window = 3]{{.*}} evaluated to
// CHECK: error: static assertion failed: MaxPool2d: the dilated window is larger than the padded input width
// CHECK-NOT: error:
