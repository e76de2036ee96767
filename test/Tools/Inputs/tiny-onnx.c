/* tiny-onnx.c DIR: runs the tiny ONNX model of export_tiny_onnx.py,
 * compiled ahead of time as `tiny` (tiny.h; ENTRY is its entry point,
 * tiny_forward by default), on DIR/tiny.input.f32 (batch 2) and compares
 * with PyTorch's output, DIR/tiny.expected.f32. The model's batch may be
 * dynamic or fixed to 2. */
#include "tiny.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef ENTRY
#define ENTRY tiny_forward
#endif

#define BATCH 2
#if TINY_DYNAMIC_BATCH
#define INPUT_SIZE (BATCH * TINY_INPUT_SAMPLE_SIZE)
#define OUTPUT_SIZE (BATCH * TINY_OUTPUT_SAMPLE_SIZE)
#define RUN(input, output) ENTRY(BATCH, input, output)
#else
#define INPUT_SIZE TINY_INPUT_SIZE
#define OUTPUT_SIZE TINY_OUTPUT_SIZE
#define RUN(input, output) ENTRY(input, output)
#endif

static float input[INPUT_SIZE], expected[OUTPUT_SIZE], output[OUTPUT_SIZE];

static int readFloats(const char *dir, const char *name, float *values,
                      size_t count) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *file = fopen(path, "rb");
  if (!file)
    return 0;
  size_t got = fread(values, sizeof(float), count, file);
  int atEnd = fgetc(file) == EOF;
  fclose(file);
  return got == count && atEnd;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  if (!readFloats(argv[1], "tiny.input.f32", input, INPUT_SIZE) ||
      !readFloats(argv[1], "tiny.expected.f32", expected, OUTPUT_SIZE)) {
    fprintf(stderr, "cannot read the data in %s\n", argv[1]);
    return 1;
  }
  int status = RUN(input, output);
  if (status != TINY_OK) {
    fprintf(stderr, "the model failed: %d\n", status);
    return 1;
  }
  double maxError = 0;
  int mismatches = 0;
  for (size_t i = 0; i < OUTPUT_SIZE; ++i) {
    double error = fabs((double)output[i] - (double)expected[i]);
    maxError = fmax(maxError, error);
    mismatches += !(error <= 1e-4 * fabs(expected[i]) + 1e-4);
  }
  printf("tiny: %d outputs, max |nnid - torch| = %.3e: %s\n", (int)OUTPUT_SIZE,
         maxError, mismatches ? "DIFFERS from PyTorch" : "matches PyTorch");
  return mismatches ? 1 : 0;
}
