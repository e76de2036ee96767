//===- jit.cpp - an ONNX model imported and compiled in-process -----------===//
//
// tiny-jit MODEL.onnx DIR: imports the model with nnid::importONNXFile,
// compiles it with nnid::compileForCPU, runs it on DIR/tiny.input.f32
// (2x3x16x16) and compares with PyTorch's output, DIR/tiny.expected.f32
// (2x10).
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/ONNX/Import.h"

#include "mlir/IR/MLIRContext.h"

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
  if (argc != 3) {
    std::fprintf(stderr, "usage: tiny-jit MODEL.onnx DIR\n");
    return 2;
  }
  std::string dir = argv[2];
  std::vector<float> input(2 * 3 * 16 * 16), expected(2 * 10), output(2 * 10);
  if (!read(dir + "/tiny.input.f32", input) ||
      !read(dir + "/tiny.expected.f32", expected)) {
    std::fprintf(stderr, "cannot read the data in %s\n", dir.c_str());
    return 1;
  }

  mlir::MLIRContext context;
  auto module = nnid::importONNXFile(argv[1], context);
  if (!module) {
    std::fprintf(stderr, "%s\n", llvm::toString(module.takeError()).c_str());
    return 1;
  }
  auto kernel = nnid::compileForCPU(**module);
  if (!kernel) {
    std::fprintf(stderr, "%s\n", llvm::toString(kernel.takeError()).c_str());
    return 1;
  }
  if (llvm::Error error =
          (*kernel)->run({{input, {2, 3, 16, 16}}}, {{output, {2, 10}}})) {
    std::fprintf(stderr, "%s\n", llvm::toString(std::move(error)).c_str());
    return 1;
  }

  double maxError = 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    double error = std::fabs(double(output[i]) - double(expected[i]));
    maxError = std::fmax(maxError, error);
    mismatches += !(error <= 1e-4 * std::fabs(expected[i]) + 1e-4);
  }
  std::printf("tiny (in-process): input %s, max |nnid - torch| = %.3e: %s\n",
              (*kernel)->getInputs()[0].str().c_str(), maxError,
              mismatches ? "DIFFERS from PyTorch" : "matches PyTorch");
  return mismatches ? 1 : 0;
}
