// Concatenating branches whose spatial sizes differ.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Concat<1, Named<"a", Conv2d<8, 8, 3, 1, 1>>,
                         Named<"b", Conv2d<8, 8, 3, 2, 1>>>,
                  Input<1, 8, 28, 28>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Concat: the branches' outputs differ in a dimension other than the concatenation axis
// CHECK: note: the expression {{.*}}[with FirstBranchOutput = nnid::nn::Shape<1, 8, 28, 28>; BranchOutput = nnid::nn::Shape<1, 8, 14, 14>; Axis = 1]{{.*}} evaluated to
// CHECK-NOT: error:
