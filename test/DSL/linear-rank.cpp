// A Linear applied to an NCHW input that was not flattened.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net =
    Model<Sequential<Conv2d<3, 8, 3>, Linear<8, 10>>, Input<1, 3, 3, 3>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Linear: the input must be [N, in_features] (rank 2); flatten it first
// CHECK: note: the expression {{.*}}Rank == ExpectedRank [with ExpectedRank = 2; Rank = 4]{{.*}} evaluated to
// CHECK-NOT: error:
