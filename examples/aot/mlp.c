/*===- mlp.c - the MLP with a dynamic batch, called from C --------*- C -*-===*/
/*
 * mlp.h and mlp.o come from the model generator at build time: the DSL
 * model examples/models/MultiNetA.h, whose batch size is dynamic, with
 * weights exported from PyTorch. Its entry point takes the batch size
 * first. Usage: nnid-example-mlp-aot [DATA_DIR [RUNS]].
 */

#include "harness.h"
/* int mlp_forward(int64_t batch, const float *input, float *output); */
#include "mlp.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  struct example_args args = example_parse_args(argc, argv);
  /* Any batch size: as many rows as the input file holds. */
  int64_t batch =
      (int64_t)(example_count_floats(args.data_dir, "mlp.input.f32") /
                MLP_INPUT_SAMPLE_SIZE);
  int64_t shape[] = MLP_OUTPUT_SHAPE;
  size_t input_size = (size_t)batch * MLP_INPUT_SAMPLE_SIZE;
  size_t output_size = (size_t)batch * MLP_OUTPUT_SAMPLE_SIZE;
  float *input = example_read(args.data_dir, "mlp.input.f32", input_size);
  float *expected =
      example_read(args.data_dir, "mlp.expected.f32", output_size);
  float *output = malloc(output_size * sizeof(float));
  double start;
  int i, status;

  /* A batch of 0 is not a batch: the entry point says so. */
  if (mlp_forward(0, input, output) != MLP_ERROR_BATCH) {
    fprintf(stderr, "mlp_forward accepted a batch of 0\n");
    return 1;
  }
  shape[0] = batch;
  status = mlp_forward(batch, input, output);
  start = example_now_ms();
  for (i = 0; i < args.runs && status == MLP_OK; ++i)
    status = mlp_forward(batch, input, output);
  if (status != MLP_OK) {
    fprintf(stderr, "mlp_forward failed with status %d\n", status);
    return 1;
  }
  status = example_report("mlp", output, expected, output_size, shape,
                          MLP_OUTPUT_RANK,
                          (example_now_ms() - start) / args.runs, args.runs);
  free(input);
  free(expected);
  free(output);
  return status;
}
