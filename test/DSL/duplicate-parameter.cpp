// Two different layers whose parameters get the same name: branches of a
// Sum add no name, so unnamed convolutions in both are both "weight".
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net =
    Model<Sum<Conv2d<8, 8, 3, 1, 1>, Conv2d<8, 8, 1>>, Input<1, 8, 4, 4>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Model: two different layers have a parameter of this name
// CHECK-SAME: give them different Named<> names
// CHECK: note: {{.*}}FixedString<128>{"weight"}
// CHECK-NOT: error:
