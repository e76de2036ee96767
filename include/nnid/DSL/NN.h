//===- NN.h - the nnid C++ graph DSL ----------------------------*- C++ -*-===//
//
// Networks written as C++ types, named and parameterized as in torch.nn:
//
//   using Net = nnid::nn::Model<
//       nnid::nn::Sequential<nnid::nn::Conv2d<3, 16, 3, 1, 1>,
//                            nnid::nn::ReLU, nnid::nn::MaxPool2d<2>>,
//       nnid::nn::Input<1, 3, 224, 224>>;
//   static_assert(std::is_same_v<Net::OutputShape,
//                                nnid::nn::Shape<1, 16, 112, 112>>);
//
// The C++ compiler computes and checks every shape; nnid/DSL/Emit.h emits
// the model as nnid IR. This header does not depend on MLIR.
//
// Parameters are named as PyTorch's state_dict names them: a leaf layer's
// are "weight", "bias", ...; Named<"conv1", L> prefixes L's with "conv1.";
// Sequential prefixes each child that is not Named with its index ("0.").
// Chain, Residual, Sum, Concat and Module add no name, like the code of a
// custom module's forward(). Two different layers may not end up with the
// same name (a compile error); one Named layer used twice shares its
// parameters.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_NN_H
#define NNID_DSL_NN_H

#include "nnid/DSL/Activation.h"
#include "nnid/DSL/Branches.h"
#include "nnid/DSL/Conv.h"
#include "nnid/DSL/Flatten.h"
#include "nnid/DSL/Linear.h"
#include "nnid/DSL/Model.h"
#include "nnid/DSL/Norm.h"
#include "nnid/DSL/Pad.h"
#include "nnid/DSL/Pool.h"
#include "nnid/DSL/RepBlocks.h"
#include "nnid/DSL/Sequence.h"
#include "nnid/DSL/Shape.h"
#include "nnid/DSL/SqueezeExcitation.h"

#endif // NNID_DSL_NN_H
