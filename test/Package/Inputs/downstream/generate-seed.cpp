//===- generate-seed.cpp - the seed model's generator ---------------------===//
//
// Compiles nnid's seed model, written in the C++ DSL, ahead of time: the
// build runs this program to write seed.o and seed.h.
//
//===----------------------------------------------------------------------===//

#include "models/SeedModel.h"
#include "nnid/API/Generator.h"

NNID_DEFINE_MODEL_GENERATOR(nnid::models::SeedModel, "seed")
