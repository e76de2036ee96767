/*===- harness.c - what the AOT example programs share ------------*- C -*-===*/

#define _POSIX_C_SOURCE 199309L

#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fail(const char *message, const char *detail) {
  fprintf(stderr, "error: %s%s\n", message, detail);
  exit(1);
}

struct example_args example_parse_args(int argc, char **argv) {
  struct example_args args = {".", 20};
  if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
    fprintf(stderr, "usage: %s [DATA_DIR [RUNS]]\n", argv[0]);
    exit(2);
  }
  if (argc > 1)
    args.data_dir = argv[1];
  if (argc > 2) {
    args.runs = atoi(argv[2]);
    if (args.runs < 1)
      fail("RUNS must be a positive number, not ", argv[2]);
  }
  return args;
}

static FILE *open_data(const char *data_dir, const char *name, char *path,
                       size_t size) {
  FILE *file;
  snprintf(path, size, "%s/%s", data_dir, name);
  file = fopen(path, "rb");
  if (!file)
    fail("cannot open ", path);
  return file;
}

size_t example_count_floats(const char *data_dir, const char *name) {
  char path[4096];
  FILE *file = open_data(data_dir, name, path, sizeof path);
  long bytes;
  if (fseek(file, 0, SEEK_END) != 0 || (bytes = ftell(file)) < 0)
    fail("cannot read ", path);
  fclose(file);
  if (bytes % sizeof(float) != 0)
    fail("not a whole number of floats: ", path);
  return (size_t)bytes / sizeof(float);
}

float *example_read(const char *data_dir, const char *name, size_t count) {
  char path[4096];
  size_t found = example_count_floats(data_dir, name);
  FILE *file;
  float *values;
  if (found != count) {
    fprintf(stderr, "error: %s/%s holds %zu floats, the model expects %zu\n",
            data_dir, name, found, count);
    exit(1);
  }
  values = malloc(count * sizeof(float));
  if (!values)
    fail("out of memory reading ", name);
  file = open_data(data_dir, name, path, sizeof path);
  if (fread(values, sizeof(float), count, file) != count)
    fail("cannot read ", path);
  fclose(file);
  return values;
}

double example_now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

int example_report(const char *model, const float *output,
                   const float *expected, size_t count, const int64_t *shape,
                   int rank, double ms_per_inference, int runs) {
  double sum = 0, max_error = 0;
  size_t i, mismatches = 0;
  int d;
  for (i = 0; i < count; ++i) {
    double error = fabs((double)output[i] - (double)expected[i]);
    sum += output[i];
    /* NaN fails the comparison, so it counts as a mismatch. */
    if (!(error <= EXAMPLE_RTOL * fabs((double)expected[i]) + EXAMPLE_ATOL)) {
      if (++mismatches <= 5)
        fprintf(stderr, "%s: output[%zu] = %.8g, PyTorch %.8g\n", model, i,
                output[i], expected[i]);
    }
    if (!(error <= max_error))
      max_error = error;
  }
  printf("%s: output [", model);
  for (d = 0; d < rank; ++d)
    printf(d ? ", %lld" : "%lld", (long long)shape[d]);
  printf("], checksum %.6e, %.3f ms per inference (mean of %d)\n", sum,
         ms_per_inference, runs);
  printf("%s: max |nnid - torch| = %.3e over %zu values: %s\n", model,
         max_error, count,
         mismatches ? "DIFFERS from PyTorch" : "matches PyTorch");
  return mismatches ? 1 : 0;
}
