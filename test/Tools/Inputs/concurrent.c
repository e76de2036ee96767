/* Calls the two-convolution model (model.h, from nnid-compile) from several
 * threads at once, each on inputs of its own, and prints the counts. Modes:
 *   static  model_forward: each call computes the right output (a reference
 *           below) or returns MODEL_ERROR_BUSY without writing;
 *   own     model_forward_with_workspace, a workspace per thread: every call
 *           computes the right output;
 *   shared  model_forward_with_workspace, one workspace for all threads: a
 *           misuse, whose race ThreadSanitizer must report.
 * Optional second argument: calls per thread. */
#include "model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kThreads = 4, C = 2, H = 6, W = 6 };

static long calls = 100000;
static const char *mode = "static";
static void *sharedWorkspace;

/* A 3x3 convolution, padding 1, every weight `weight`, no bias. */
static void conv(const float *in, float *out, float weight) {
  for (int o = 0; o < C; ++o)
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < W; ++w) {
        float sum = 0;
        for (int i = 0; i < C; ++i)
          for (int dh = -1; dh <= 1; ++dh)
            for (int dw = -1; dw <= 1; ++dw)
              if (h + dh >= 0 && h + dh < H && w + dw >= 0 && w + dw < W)
                sum += weight * in[(i * H + h + dh) * W + w + dw];
        out[(o * H + h) * W + w] = sum;
      }
}

typedef struct {
  int id;
  long ok, busy, wrong, other;
} Stats;

static void *allocateWorkspace(void) {
  if (model_forward_workspace_size() != MODEL_WORKSPACE_SIZE ||
      model_forward_workspace_alignment() != MODEL_WORKSPACE_ALIGNMENT) {
    fprintf(stderr, "the header and the object disagree on the workspace\n");
    exit(1);
  }
  size_t size = MODEL_WORKSPACE_SIZE + MODEL_WORKSPACE_ALIGNMENT;
  size -= size % MODEL_WORKSPACE_ALIGNMENT;
  return aligned_alloc(MODEL_WORKSPACE_ALIGNMENT, size);
}

static void *run(void *arg) {
  Stats *s = arg;
  float in[MODEL_X_SIZE], out[MODEL_OUTPUT_SIZE], mid[C * H * W],
      want[C * H * W];
  void *workspace =
      strcmp(mode, "own") == 0 ? allocateWorkspace() : sharedWorkspace;
  for (long i = 0; i < calls; ++i) {
    for (int j = 0; j < MODEL_X_SIZE; ++j)
      in[j] = (float)((i * 7 + j * 3 + s->id * 11) % 13) - 6.0f;
    for (int j = 0; j < MODEL_OUTPUT_SIZE; ++j)
      out[j] = -1.0f;
    int status = strcmp(mode, "static") == 0
                     ? model_forward(in, out)
                     : model_forward_with_workspace(in, out, workspace);
    conv(in, mid, 0.5f);
    conv(mid, want, 0.25f);
    int right = 1;
    for (int j = 0; j < MODEL_OUTPUT_SIZE; ++j) {
      float expected = status == MODEL_OK ? want[j] : -1.0f;
      if (fabsf(out[j] - expected) > 1e-4f * fabsf(expected) + 1e-4f)
        right = 0;
    }
    if (status != MODEL_OK && status != MODEL_ERROR_BUSY)
      ++s->other;
    else if (!right)
      ++s->wrong;
    else if (status == MODEL_OK)
      ++s->ok;
    else
      ++s->busy;
  }
  if (workspace != sharedWorkspace)
    free(workspace);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    mode = argv[1];
  if (argc > 2)
    calls = atol(argv[2]);
  if (strcmp(mode, "shared") == 0)
    sharedWorkspace = allocateWorkspace();
  pthread_t threads[kThreads];
  Stats stats[kThreads] = {{0}};
  for (int t = 0; t < kThreads; ++t) {
    stats[t].id = t;
    pthread_create(&threads[t], NULL, run, &stats[t]);
  }
  long ok = 0, busy = 0, wrong = 0, other = 0;
  for (int t = 0; t < kThreads; ++t) {
    pthread_join(threads[t], NULL);
    ok += stats[t].ok;
    busy += stats[t].busy;
    wrong += stats[t].wrong;
    other += stats[t].other;
  }
  printf("calls=%ld wrong=%ld other=%ld\n", ok + busy + wrong + other, wrong,
         other);
  printf("ok=%ld busy=%ld\n", ok, busy);
  free(sharedWorkspace);
  /* With a workspace per call, no call may be refused as busy. */
  if (strcmp(mode, "own") == 0 && busy)
    return 1;
  return wrong || other || ok == 0;
}
