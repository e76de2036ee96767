// Only the batch dimension of an input may be dynamic.
// RUN: not %cxx %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

using namespace nnid::nn;

using Net = Model<ReLU, Input<1, kDynamic, 8>>;
Net::OutputShape *output;

// CHECK: error: static assertion failed: Model: every input dimension but the batch must be a positive size
// kDynamic is INT64_MIN (MLIR's ShapedType::kDynamic).
// CHECK: note: {{.*}}[with InputShape = nnid::nn::Shape<1, -9223372036854775808, 8>]{{.*}} evaluated to
// CHECK-NOT: error:
