/*===- mobilenet_v3_small.c - mobilenet_v3_small, from C ---------*- C -*-===*/
/*
 * mobilenet_v3_small.h and mobilenet_v3_small.o come from the model
 * generator at build time: the DSL model examples/models/MobileNetV3.h
 * (torchvision's mobilenet_v3_small: inverted residual blocks with depthwise
 * convolutions, Hardswish and squeeze-excitation) with weights exported from
 * PyTorch. Usage: nnid-example-mobilenet_v3_small-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int mobilenet_v3_small_forward(const float *input, float *output); */
#include "mobilenet_v3_small.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = MOBILENET_V3_SMALL_OUTPUT_SHAPE;
  float *input = example_read(args.data_dir, "mobilenet_v3_small.input.f32",
                              MOBILENET_V3_SMALL_INPUT_SIZE);
  float *expected =
      example_read(args.data_dir, "mobilenet_v3_small.expected.f32",
                   MOBILENET_V3_SMALL_OUTPUT_SIZE);
  float *output = malloc(MOBILENET_V3_SMALL_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = mobilenet_v3_small_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == MOBILENET_V3_SMALL_OK; ++i)
    status = mobilenet_v3_small_forward(input, output);
  if (status != MOBILENET_V3_SMALL_OK) {
    fprintf(stderr, "mobilenet_v3_small_forward failed with status %d\n",
            status);
    return 1;
  }
  status = example_report("mobilenet_v3_small", output, expected,
                          MOBILENET_V3_SMALL_OUTPUT_SIZE, shape,
                          MOBILENET_V3_SMALL_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
