/* Runs the grow model (grow.h, from nnid-compile; 4 MiB of intermediate
 * result per batch item, allocated per call) at the batch given as the first
 * argument, and prints the status and whether the output is right: each
 * output element is 4096 * 0.25 * relu(0.5 * x) = 512 * relu(x). Run under
 * a small `ulimit -v`, a large batch's allocation fails. */
#include "grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long batch = argc > 1 ? atol(argv[1]) : 1;
  size_t n = (size_t)batch * GROW_INPUT_SAMPLE_SIZE;
  float *x = malloc(n * sizeof(float)), *y = malloc(n * sizeof(float));
  if (!x || !y)
    return 2;
  for (size_t i = 0; i < n; ++i)
    x[i] = (float)((int)(i % 7) - 3);
  int status = grow_forward(batch, x, y);
  int right = 1;
  for (size_t i = 0; status == GROW_OK && i < n; ++i)
    if (fabsf(y[i] - 512.0f * fmaxf(x[i], 0.0f)) > 1e-3f)
      right = 0;
  printf("status=%d right=%d\n", status, right);
  free(x);
  free(y);
  return 0;
}
