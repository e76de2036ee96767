/*===- harness.h - what the AOT example programs share ------------*- C -*-===*/
/*
 * Reading the inputs and PyTorch's outputs that reference_models.py wrote,
 * timing, and comparing with PyTorch. Plain C99.
 */

#ifndef NNID_EXAMPLES_AOT_HARNESS_H
#define NNID_EXAMPLES_AOT_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* nnid agrees with PyTorch when |nnid - torch| <= RTOL * |torch| + ATOL for
 * every element (the tolerance reference_models.py states). */
#define EXAMPLE_RTOL 1e-4
#define EXAMPLE_ATOL 1e-4

/* The command line of every example: DATA_DIR [RUNS]. */
struct example_args {
  const char *data_dir;
  int runs;
};
struct example_args example_parse_args(int argc, char **argv);

/* The number of floats in DATA_DIR/<name>; exits with a message when the
 * file cannot be read. */
size_t example_count_floats(const char *data_dir, const char *name);

/* Reads exactly `count` floats from DATA_DIR/<name> into a new buffer;
 * exits with a message when the file is missing or has another size. */
float *example_read(const char *data_dir, const char *name, size_t count);

/* A monotonic clock, in milliseconds. */
double example_now_ms(void);

/* Prints the output's shape, a checksum and the time per inference, and
 * compares the output with PyTorch's. Returns the exit status: 0 when they
 * agree. */
int example_report(const char *model, const float *output,
                   const float *expected, size_t count, const int64_t *shape,
                   int rank, double ms_per_inference, int runs);

#endif /* NNID_EXAMPLES_AOT_HARNESS_H */
