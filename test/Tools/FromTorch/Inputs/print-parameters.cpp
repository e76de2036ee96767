//===- print-parameters.cpp - a DSL model's parameter list ----------------===//
//
// Compiled with -DNNID_MODEL=<a Model type> and the header that declares it
// included first (-include NET.h), prints the model's parameters in its
// order, one a line, as test/Unit/DSL/Inputs/*.txt lists them:
// `name dtype [d0, d1, ...]`. Needs only the DSL's headers.
//
//===----------------------------------------------------------------------===//

#include "nnid/DSL/NN.h"

#include <cstdio>

#ifndef NNID_MODEL
#error "compile with -DNNID_MODEL=<a Model type>"
#endif

int main() {
  for (const nnid::ParameterSpec &spec : NNID_MODEL::getParameters()) {
    std::printf("%s %s [", spec.name.c_str(), nnid::getDTypeName(spec.dtype));
    for (size_t i = 0; i < spec.shape.size(); ++i)
      std::printf("%s%lld", i ? ", " : "",
                  static_cast<long long>(spec.shape[i]));
    std::printf("]\n");
  }
  return 0;
}
