/* Calls the two-convolution model (model.h, from nnid-compile) from several
 * threads at once, each on inputs of its own. Each call must either compute
 * the right output (a reference below) or return MODEL_ERROR_BUSY without
 * writing; prints the counts. */
#include "model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 4, kCalls = 100000, C = 2, H = 6, W = 6 };

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

static void *run(void *arg) {
  Stats *s = arg;
  float in[MODEL_X_SIZE], out[MODEL_OUTPUT_SIZE], mid[C * H * W],
      want[C * H * W];
  for (long i = 0; i < kCalls; ++i) {
    for (int j = 0; j < MODEL_X_SIZE; ++j)
      in[j] = (float)((i * 7 + j * 3 + s->id * 11) % 13) - 6.0f;
    for (int j = 0; j < MODEL_OUTPUT_SIZE; ++j)
      out[j] = -1.0f;
    int status = model_forward(in, out);
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
  return NULL;
}

int main(void) {
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
  return wrong || other || ok == 0;
}
