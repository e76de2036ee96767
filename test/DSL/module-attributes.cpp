// A Module whose attribute list misses an attribute with parameters.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<
    Module<Chain<Named<"bn0", BatchNorm1d<4>>, Named<"lin1", Linear<4, 2>>>,
           "lin1">,
    Input<1, 4>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Module: a parameter belongs to an attribute that is missing from the module's attribute list
// CHECK: note: {{.*}}FixedString<128>{"bn0"}
// CHECK-NOT: error:
