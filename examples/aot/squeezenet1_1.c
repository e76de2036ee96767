/*===- squeezenet1_1.c - squeezenet1_1, ahead of time, from C -----*- C -*-===*/
/*
 * squeezenet1_1.h and squeezenet1_1.o come from the model generator at
 * build time: the DSL model examples/models/SqueezeNet.h (torchvision's
 * squeezenet1_1: Fire modules, ceil_mode pooling) with weights exported
 * from PyTorch. Usage: nnid-example-squeezenet1_1-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int squeezenet1_1_forward(const float *input, float *output); */
#include "squeezenet1_1.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = SQUEEZENET1_1_OUTPUT_SHAPE;
  float *input = example_read(args.data_dir, "squeezenet1_1.input.f32",
                              SQUEEZENET1_1_INPUT_SIZE);
  float *expected = example_read(args.data_dir, "squeezenet1_1.expected.f32",
                                 SQUEEZENET1_1_OUTPUT_SIZE);
  float *output = malloc(SQUEEZENET1_1_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = squeezenet1_1_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == SQUEEZENET1_1_OK; ++i)
    status = squeezenet1_1_forward(input, output);
  if (status != SQUEEZENET1_1_OK) {
    fprintf(stderr, "squeezenet1_1_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("squeezenet1_1", output, expected,
                          SQUEEZENET1_1_OUTPUT_SIZE, shape,
                          SQUEEZENET1_1_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
