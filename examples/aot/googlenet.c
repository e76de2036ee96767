/*===- googlenet.c - googlenet, ahead of time, from C -------------*- C -*-===*/
/*
 * googlenet.h and googlenet.o come from the model generator at build time:
 * the DSL model examples/models/GoogLeNet.h (torchvision's googlenet
 * without auxiliary classifiers: Inception blocks of four concatenated
 * branches) with weights exported from PyTorch. Usage:
 * nnid-example-googlenet-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int googlenet_forward(const float *input, float *output); */
#include "googlenet.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = GOOGLENET_OUTPUT_SHAPE;
  float *input =
      example_read(args.data_dir, "googlenet.input.f32", GOOGLENET_INPUT_SIZE);
  float *expected = example_read(args.data_dir, "googlenet.expected.f32",
                                 GOOGLENET_OUTPUT_SIZE);
  float *output = malloc(GOOGLENET_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = googlenet_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == GOOGLENET_OK; ++i)
    status = googlenet_forward(input, output);
  if (status != GOOGLENET_OK) {
    fprintf(stderr, "googlenet_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("googlenet", output, expected, GOOGLENET_OUTPUT_SIZE,
                          shape, GOOGLENET_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
