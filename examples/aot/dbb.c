/*===- dbb.c - a Diverse Branch Block, ahead of time, from C ------*- C -*-===*/
/*
 * dbb.h and dbb.o come from the model generator at build time: the DSL
 * model examples/models/DiverseBranchBlock.h with weights exported from
 * PyTorch. Usage: nnid-example-dbb-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int dbb_forward(const float *input, float *output); */
#include "dbb.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  static const int64_t shape[] = DBB_OUTPUT_SHAPE;
  float *input = example_read(args.data_dir, "dbb.input.f32", DBB_INPUT_SIZE);
  float *expected =
      example_read(args.data_dir, "dbb.expected.f32", DBB_OUTPUT_SIZE);
  float *output = malloc(DBB_OUTPUT_SIZE * sizeof(float));
  double start;
  int i, status;

  /* The first call warms up; the timed ones follow. */
  status = dbb_forward(input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == DBB_OK; ++i)
    status = dbb_forward(input, output);
  if (status != DBB_OK) {
    fprintf(stderr, "dbb_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("dbb", output, expected, DBB_OUTPUT_SIZE, shape,
                          DBB_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
