/*===- seed-param.c - the parametric seed model from C ------------*- C -*-===*/
/*
 * examples/seed-model.mlir takes its weights as arguments and any batch
 * size; compiled by nnid-compile --name seed_param, its entry point is
 * seed_param_forward(batch, x, conv1_weight, ..., conv3_bias, output).
 * Usage: seed-param DIR (the files of Inputs/seed_param_data.py).
 */

#include "seed-param.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static float *read_floats(const char *dir, const char *name, size_t count) {
  char path[4096];
  FILE *file;
  float *values = malloc(count * sizeof(float));
  snprintf(path, sizeof path, "%s/%s", dir, name);
  file = fopen(path, "rb");
  if (!values || !file || fread(values, sizeof(float), count, file) != count) {
    fprintf(stderr, "cannot read %zu floats from %s\n", count, path);
    exit(1);
  }
  fclose(file);
  return values;
}

int main(int argc, char **argv) {
  const int64_t batch = 2;
  const char *dir = argc > 1 ? argv[1] : ".";
  size_t count = batch * SEED_PARAM_OUTPUT_SAMPLE_SIZE, i, mismatches = 0;
  float *x = read_floats(dir, "x.f32", batch * SEED_PARAM_INPUT0_SAMPLE_SIZE);
  float *w1 = read_floats(dir, "conv1.weight.f32", SEED_PARAM_INPUT1_SIZE);
  float *b1 = read_floats(dir, "conv1.bias.f32", SEED_PARAM_INPUT2_SIZE);
  float *w2 = read_floats(dir, "conv2.weight.f32", SEED_PARAM_INPUT3_SIZE);
  float *b2 = read_floats(dir, "conv2.bias.f32", SEED_PARAM_INPUT4_SIZE);
  float *w3 = read_floats(dir, "conv3.weight.f32", SEED_PARAM_INPUT5_SIZE);
  float *b3 = read_floats(dir, "conv3.bias.f32", SEED_PARAM_INPUT6_SIZE);
  float *expected = read_floats(dir, "expected.f32", count);
  float *output = malloc(count * sizeof(float));
  int status;

  status = seed_param_forward(-1, x, w1, b1, w2, b2, w3, b3, output);
  printf("batch -1: status %d\n", status);
  status = seed_param_forward(batch, x, w1, b1, w2, b2, w3, NULL, output);
  printf("null bias: status %d\n", status);
  status = seed_param_forward(batch, x, w1, b1, w2, b2, w3, b3, output);
  printf("batch 2: status %d\n", status);
  for (i = 0; i < count; ++i)
    if (!(fabs(output[i] - expected[i]) <= 1e-4 * fabs(expected[i]) + 1e-4) &&
        ++mismatches <= 5)
      fprintf(stderr, "output[%zu] = %.8g, PyTorch %.8g\n", i, output[i],
              expected[i]);
  printf("%zu of %zu values differ from PyTorch\n", mismatches, count);
  return mismatches != 0;
}
