// A BatchNorm2d whose num_features differ from its input's channels.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Sequential<Conv2d<3, 16, 3, 1, 1>, BatchNorm2d<32>>,
                  Input<1, 3, 8, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: BatchNorm2d: num_features does not match the input's channels
// CHECK: note: the expression {{.*}}NumFeatures == InputChannels [with InputChannels = 16; NumFeatures = 32]{{.*}} evaluated to
// CHECK-NOT: error:
