// A DiverseBranchBlock whose groups do not divide its channels.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<DiverseBranchBlock<16, 24, 3, 1, 1, 6>, Input<1, 16, 8, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: DiverseBranchBlock: groups must divide in_channels and out_channels
// CHECK: note: the expression {{.*}}Channels % Groups == 0 [with Groups = 6; Channels = 16]{{.*}} evaluated to
// CHECK-NOT: error:
