// A network of 600 parameters (120 conv + batch norm blocks) compiles with
// g++'s default constexpr budget: the check that parameter names are
// unambiguous sorts them instead of comparing every pair.
// RUN: %cxx %cxxflags -fsyntax-only %s
// REQUIRES: cxx-gnu

#include "nnid/DSL/NN.h"

#include <type_traits>

using namespace nnid::nn;

using Block = Sequential<Conv2d<8, 8, 3, 1, 1, 1, 1, false>, BatchNorm2d<8>>;
#define B10 Block, Block, Block, Block, Block, Block, Block, Block, Block, Block
using Net = Model<
    Sequential<B10, B10, B10, B10, B10, B10, B10, B10, B10, B10, B10, B10>,
    Input<1, 8, 4, 4>>;
static_assert(std::is_same_v<Net::OutputShape, Shape<1, 8, 4, 4>>);
