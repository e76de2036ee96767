/*===- resnet18.c - resnet18 features, ahead of time, from C ------*- C -*-===*/
/*
 * resnet18.h and resnet18.o come from the model generator at build time: the
 * DSL model examples/models/ResNet18.h (ResNet18Features: resnet18 with fc =
 * Identity) with weights exported from PyTorch. Usage:
 * nnid-example-resnet18-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int resnet18_forward(const float *input, float *output); */
#include "resnet18.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = RESNET18_OUTPUT_SHAPE;
  float *input =
      example_read(args.data_dir, "resnet18.input.f32", RESNET18_INPUT_SIZE);
  float *expected = example_read(args.data_dir, "resnet18.expected.f32",
                                 RESNET18_OUTPUT_SIZE);
  float *output = malloc(RESNET18_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = resnet18_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == RESNET18_OK; ++i)
    status = resnet18_forward(input, output);
  if (status != RESNET18_OK) {
    fprintf(stderr, "resnet18_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("resnet18", output, expected, RESNET18_OUTPUT_SIZE,
                          shape, RESNET18_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
