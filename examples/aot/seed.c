/*===- seed.c - the seed model, ahead of time, called from C ------*- C -*-===*/
/*
 * seed.h and seed.o come from the model generator at build time: the DSL
 * model examples/models/SeedModel.h with weights exported from PyTorch.
 * Usage: nnid-example-seed-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int seed_forward(const float *input, float *output); */
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = SEED_OUTPUT_SHAPE;
  float *input = example_read(args.data_dir, "seed.input.f32", SEED_INPUT_SIZE);
  float *expected =
      example_read(args.data_dir, "seed.expected.f32", SEED_OUTPUT_SIZE);
  float *output = malloc(SEED_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = seed_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == SEED_OK; ++i)
    status = seed_forward(input, output);
  if (status != SEED_OK) {
    fprintf(stderr, "seed_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("seed", output, expected, SEED_OUTPUT_SIZE, shape,
                          SEED_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
