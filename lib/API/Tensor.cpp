//===- Tensor.cpp - shapes of kernel inputs and outputs -------------------===//

#include "nnid/API/Tensor.h"

std::string nnid::TensorSpec::str() const { return formatShape(shape); }
