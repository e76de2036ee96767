//===- main.cpp - a program that calls a model compiled ahead of time -----===//
//
// seed-app DATA_DIR: runs the seed model on DATA_DIR/seed.input.f32 and
// compares with PyTorch's output, DATA_DIR/seed.expected.f32 (both raw
// float32, as examples/reference_models.py writes them). Also calls the
// parametric seed model that nnid-compile compiled.
//
//===----------------------------------------------------------------------===//

#include "seed.h"
#include "seed_param.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

static bool read(const std::string &path, std::vector<float> &values) {
  std::ifstream file(path, std::ios::binary);
  file.read(reinterpret_cast<char *>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(float)));
  return file && file.peek() == std::ifstream::traits_type::eof();
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: seed-app DATA_DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::vector<float> input(SEED_INPUT_SIZE), expected(SEED_OUTPUT_SIZE),
      output(SEED_OUTPUT_SIZE);
  if (!read(dir + "/seed.input.f32", input) ||
      !read(dir + "/seed.expected.f32", expected)) {
    std::fprintf(stderr, "cannot read the data in %s\n", dir.c_str());
    return 1;
  }
  if (int status = seed_forward(input.data(), output.data())) {
    std::fprintf(stderr, "seed_forward failed: %d\n", status);
    return 1;
  }
  if (seed_forward(nullptr, output.data()) != SEED_ERROR_NULL_POINTER) {
    std::fprintf(stderr, "seed_forward accepted a null input\n");
    return 1;
  }

  // The parametric model is linked too; it rejects a batch of 0.
  float none = 0;
  if (seed_param_forward(0, &none, &none, &none, &none, &none, &none, &none,
                         &none) != SEED_PARAM_ERROR_BATCH) {
    std::fprintf(stderr, "seed_param_forward accepted a batch of 0\n");
    return 1;
  }

  const long long shape[] = SEED_OUTPUT_SHAPE;
  double maxError = 0, sum = 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    double error = std::fabs(double(output[i]) - double(expected[i]));
    sum += output[i];
    maxError = std::fmax(maxError, error);
    mismatches += !(error <= 1e-4 * std::fabs(expected[i]) + 1e-4);
  }
  std::printf("seed: output [%lld, %lld, %lld, %lld], checksum %.6e\n",
              shape[0], shape[1], shape[2], shape[3], sum);
  std::printf("seed: max |nnid - torch| = %.3e: %s\n", maxError,
              mismatches ? "DIFFERS from PyTorch" : "matches PyTorch");
  return mismatches ? 1 : 0;
}
