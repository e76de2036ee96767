// A Conv2d whose groups do not divide its channels.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<Conv2d<6, 8, 3, 1, 1, 1, 4>, Input<1, 6, 8, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Conv2d: groups does not divide in_channels
// CHECK: note: the expression {{.*}}Channels % Groups == 0 [with Groups = 4; Channels = 6]{{.*}} evaluated to
// CHECK-NOT: error:
