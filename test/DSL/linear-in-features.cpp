// A Linear whose in_features differ from the flattened size.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<
    Sequential<Conv2d<3, 8, 3>, AdaptiveAvgPool2d<2>, Flatten<>, Linear<8, 10>>,
    Input<1, 3, 16, 16>>;
Net::OutputShape *output;

// 8 channels of 2x2 flatten to 32 features.
// CHECK: error: static assertion failed: Linear: in_features does not match the input's features
// CHECK: note: the expression {{.*}}InFeatures == InputFeatures [with InputFeatures = 32; InFeatures = 8]{{.*}} evaluated to
// CHECK-NOT: error:
