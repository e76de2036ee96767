// A residual whose body changes the shape without a downsample.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Residual<Sequential<Conv2d<64, 128, 3, 2, 1>, ReLU>>,
                  Input<1, 64, 56, 56>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Residual: the body's output shape does not match the shortcut's
// CHECK: note: the expression {{.*}}[with BodyOutput = nnid::nn::Shape<1, 128, 28, 28>; ShortcutOutput = nnid::nn::Shape<1, 64, 56, 56>]{{.*}} evaluated to
// CHECK-NOT: error:
