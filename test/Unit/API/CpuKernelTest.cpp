//===- CpuKernelTest.cpp - the JIT API on small models --------------------===//
//
// Compiles small nnid modules for the CPU, runs them, and compares with
// references written here; checks that every misuse is an error value.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/Error.h"

#include <gtest/gtest.h>

#include <cstring>

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

using namespace nnid;

namespace {

/// A 2-channel 3x3 conv with padding 1 and bias, then relu; dynamic batch.
constexpr const char *kConvRelu = R"mlir(
func.func @forward(%x: tensor<?x1x4x4xf32>) -> tensor<?x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]],
                             [[[0.5, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 0.5]]]]> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.25, -3.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<?x2x4x4xf32>
  %r = nnid.relu %c : tensor<?x2x4x4xf32>
  return %r : tensor<?x2x4x4xf32>
}
)mlir";

/// The same computation, written directly.
std::vector<float> referenceConvRelu(const std::vector<float> &x, int batch) {
  const float w[2][3][3] = {{{1, 0, -1}, {2, 0, -2}, {1, 0, -1}},
                            {{0.5, 0.5, 0.5}, {0.5, 1, 0.5}, {0.5, 0.5, 0.5}}};
  const float b[2] = {0.25f, -3.0f};
  std::vector<float> out(batch * 2 * 16);
  for (int n = 0; n < batch; ++n)
    for (int c = 0; c < 2; ++c)
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          float sum = b[c];
          for (int di = 0; di < 3; ++di)
            for (int dj = 0; dj < 3; ++dj) {
              int y = i + di - 1, z = j + dj - 1;
              if (y >= 0 && y < 4 && z >= 0 && z < 4)
                sum += w[c][di][dj] * x[n * 16 + y * 4 + z];
            }
          out[((n * 2 + c) * 4 + i) * 4 + j] = std::max(sum, 0.0f);
        }
  return out;
}

std::vector<float> iota(size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<float>(static_cast<int>(i * 7 % 11) - 5) * 0.5f;
  return v;
}

std::unique_ptr<Kernel> compileOrFail(const char *source) {
  auto kernel = compileForCPU(source);
  if (!kernel) {
    ADD_FAILURE() << llvm::toString(kernel.takeError());
    return nullptr;
  }
  return std::move(*kernel);
}

std::string errorText(llvm::Error error) {
  EXPECT_TRUE(static_cast<bool>(error)) << "expected an error";
  return llvm::toString(std::move(error));
}

TEST(CpuKernelTest, RunsAndMatchesReferenceForSeveralBatchSizes) {
  std::unique_ptr<Kernel> kernel = compileOrFail(kConvRelu);
  ASSERT_TRUE(kernel);
  ASSERT_EQ(kernel->getInputs().size(), 1u);
  EXPECT_EQ(kernel->getInputs()[0].str(), "[?, 1, 4, 4]");
  EXPECT_EQ(kernel->getOutputs()[0].str(), "[?, 2, 4, 4]");
  for (int batch : {1, 3}) {
    std::vector<float> x = iota(batch * 16);
    std::vector<float> y(batch * 32, -1.0f);
    ASSERT_FALSE(static_cast<bool>(
        kernel->run({TensorRef{x, {batch, 1, 4, 4}}},
                    {MutableTensorRef{y, {batch, 2, 4, 4}}})));
    std::vector<float> expected = referenceConvRelu(x, batch);
    for (size_t i = 0; i < y.size(); ++i)
      EXPECT_FLOAT_EQ(y[i], expected[i]) << "at " << i;
  }
}

/// kConvRelu with a static batch of 2, followed by a 1x1 conv: the relu's
/// result is an intermediate buffer, which lives in the compiled function's
/// static workspace.
constexpr const char *kTwoConvs = R"mlir(
func.func @forward(%x: tensor<2x1x4x4xf32>) -> tensor<2x1x4x4xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]],
                             [[[0.5, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 0.5]]]]> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.25, -3.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>
  %r = nnid.relu %c : tensor<2x2x4x4xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
  %b2 = arith.constant dense<[0.125]> : tensor<1xf32>
  %y = nnid.conv2d %r, %w2, %b2
      : (tensor<2x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<2x1x4x4xf32>
  return %y : tensor<2x1x4x4xf32>
}
)mlir";

// One Kernel shared by several threads: calls run at once, each with a
// workspace of its own for the intermediate results (a workspace shared by
// concurrent calls would mix their relus), so every thread gets its own
// input's result. (test/Tools/nnid-compile-tsan.test runs the same compiled
// code under ThreadSanitizer, through the C entry points.)
TEST(CpuKernelTest, SharedBetweenThreads) {
  std::unique_ptr<Kernel> kernel = compileOrFail(kTwoConvs);
  ASSERT_TRUE(kernel);
  constexpr int kThreads = 8, kRuns = 500;
  std::vector<int> wrong(kThreads, 0), failed(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::vector<float> x = iota(32);
      for (float &v : x)
        v += static_cast<float>(t);
      std::vector<float> relu = referenceConvRelu(x, 2);
      std::vector<float> expected(32);
      for (int n = 0; n < 2; ++n)
        for (int p = 0; p < 16; ++p)
          expected[n * 16 + p] = relu[(n * 2) * 16 + p] -
                                 0.5f * relu[(n * 2 + 1) * 16 + p] + 0.125f;
      std::vector<float> y(32);
      for (int run = 0; run < kRuns; ++run) {
        if (llvm::Error error =
                kernel->run({TensorRef{x, {2, 1, 4, 4}}},
                            {MutableTensorRef{y, {2, 1, 4, 4}}})) {
          llvm::consumeError(std::move(error));
          ++failed[t];
          continue;
        }
        for (int i = 0; i < 32; ++i)
          if (std::fabs(y[i] - expected[i]) >
              1e-5f * std::fabs(expected[i]) + 1e-5f) {
            ++wrong[t];
            break;
          }
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failed[t], 0) << "thread " << t;
    EXPECT_EQ(wrong[t], 0) << "thread " << t << ": wrong results";
  }
}

TEST(CpuKernelTest, RejectsWrongBuffers) {
  std::unique_ptr<Kernel> kernel = compileOrFail(kConvRelu);
  ASSERT_TRUE(kernel);
  std::vector<float> x = iota(32), y(64);
  EXPECT_EQ(errorText(kernel->run({}, {MutableTensorRef{y, {2, 2, 4, 4}}})),
            "the kernel takes 1 inputs, got 0");
  EXPECT_EQ(errorText(kernel->run({TensorRef{x, {2, 1, 4, 4}}}, {})),
            "the kernel produces 1 outputs, got 0 output buffers");
  EXPECT_EQ(errorText(kernel->run({TensorRef{x, {2, 2, 4, 2}}},
                                  {MutableTensorRef{y, {2, 2, 4, 4}}})),
            "input 0 has shape [2, 2, 4, 2], but the kernel expects "
            "[?, 1, 4, 4]");
  EXPECT_EQ(errorText(kernel->run({TensorRef{x, {2, 16}}},
                                  {MutableTensorRef{y, {2, 2, 4, 4}}})),
            "input 0 has shape [2, 16], but the kernel expects rank 4: "
            "[?, 1, 4, 4]");
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{llvm::ArrayRef(x).take_front(20), {2, 1, 4, 4}}},
                {MutableTensorRef{y, {2, 2, 4, 4}}})),
            "input 0 has 20 elements, but its shape [2, 1, 4, 4] needs 32");
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{x, {2, 1, 4, 4}}},
                {MutableTensorRef{llvm::MutableArrayRef(y).take_front(10),
                                  {2, 2, 4, 4}}})),
            "output 0 has 10 elements, but its shape [2, 2, 4, 4] needs 64");
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{x, {2, 1, 4, 4}}},
                {MutableTensorRef{llvm::MutableArrayRef(x).take_front(32),
                                  {1, 2, 4, 4}}})),
            "output 0 overlaps input 0");
  // The batch of the output must be the batch computed from the input.
  std::vector<float> before = y;
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{x, {2, 1, 4, 4}}},
                {MutableTensorRef{llvm::MutableArrayRef(y).take_front(32),
                                  {1, 2, 4, 4}}})),
            "an output buffer's shape does not match the shape the model "
            "computes for these inputs");
  EXPECT_EQ(y, before) << "a failed call must not write";
}

TEST(CpuKernelTest, RejectsShapesWhoseSizeWraps) {
  std::unique_ptr<Kernel> kernel = compileOrFail(kConvRelu);
  ASSERT_TRUE(kernel);
  // 2^60 + 1 images of 16 elements is 16 elements modulo 2^64.
  std::vector<float> x = iota(16), y(32);
  int64_t batch = (int64_t(1) << 60) + 1;
  EXPECT_EQ(errorText(kernel->run({TensorRef{x, {batch, 1, 4, 4}}},
                                  {MutableTensorRef{y, {1, 2, 4, 4}}})),
            "input 0 has shape [1152921504606846977, 1, 4, 4], whose element "
            "count overflows 64 bits");
}

TEST(CpuKernelTest, RejectsNullBuffers) {
  std::unique_ptr<Kernel> kernel = compileOrFail(kConvRelu);
  ASSERT_TRUE(kernel);
  std::vector<float> x = iota(16), y(32);
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{llvm::ArrayRef<float>(nullptr, 16), {1, 1, 4, 4}}},
                {MutableTensorRef{y, {1, 2, 4, 4}}})),
            "input 0 is a null pointer with 16 elements");
  EXPECT_EQ(errorText(kernel->run(
                {TensorRef{x, {1, 1, 4, 4}}},
                {MutableTensorRef{llvm::MutableArrayRef<float>(nullptr, 32),
                                  {1, 2, 4, 4}}})),
            "output 0 is a null pointer with 32 elements");
}

/// The pipeline's options reach the compiler: every configuration gives
/// the reference's numbers, and bad values are errors.
TEST(CpuKernelTest, TakesThePipelinesOptions) {
  std::vector<float> x = iota(32);
  std::vector<float> expected = referenceConvRelu(x, 2);
  for (const char *layout : {"nhwc", "nchw"})
    for (bool kernels : {true, false})
      for (bool reparameterize : {true, false}) {
        CompileOptions options;
        options.layout = layout;
        options.kernels = kernels;
        options.reparameterize = reparameterize;
        options.parallel = false;
        options.vectorWidth = 4;
        options.registers = 8;
        SCOPED_TRACE(std::string(layout) + (kernels ? " kernels" : "") +
                     (reparameterize ? " reparameterize" : ""));
        auto kernel = compileForCPU(kConvRelu, options);
        ASSERT_TRUE(static_cast<bool>(kernel))
            << llvm::toString(kernel.takeError());
        std::vector<float> y(64, NAN);
        ASSERT_FALSE(static_cast<bool>(
            (*kernel)->run({TensorRef{x, {2, 1, 4, 4}}},
                           {MutableTensorRef{y, {2, 2, 4, 4}}})));
        for (size_t i = 0; i < y.size(); ++i)
          EXPECT_NEAR(y[i], expected[i], 1e-5) << i;
      }
  CompileOptions bad;
  bad.layout = "hwcn";
  auto kernel = compileForCPU(kConvRelu, bad);
  ASSERT_FALSE(static_cast<bool>(kernel));
  EXPECT_EQ(llvm::toString(kernel.takeError()),
            "unknown layout 'hwcn' (expected nhwc or nchw)");
  bad = {};
  bad.vectorWidth = 1000;
  kernel = compileForCPU(kConvRelu, bad);
  ASSERT_FALSE(static_cast<bool>(kernel));
  EXPECT_EQ(llvm::toString(kernel.takeError()),
            "vector-width must be between 1 and 64 (or 0 for the target's), "
            "got 1000");
}

TEST(CpuKernelTest, ReportsBadModulesAsErrors) {
  auto parse = compileForCPU("func.func @forward(%x: tensor<1xf32>) {");
  ASSERT_FALSE(static_cast<bool>(parse));
  EXPECT_NE(llvm::toString(parse.takeError()).find("cannot parse the module"),
            std::string::npos);

  auto invalid = compileForCPU(R"mlir(
    func.func @forward(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
      %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
      return %0 : tensor<1x4x6x6xf32>
    })mlir");
  ASSERT_FALSE(static_cast<bool>(invalid));
  std::string message = llvm::toString(invalid.takeError());
  EXPECT_NE(message.find("must have 3 input channels per group"),
            std::string::npos)
      << message;

  auto missing = compileForCPU(R"mlir(
    func.func @a(%x: tensor<1xf32>) -> tensor<1xf32> { return %x : tensor<1xf32> }
    func.func @b(%x: tensor<1xf32>) -> tensor<1xf32> { return %x : tensor<1xf32> })mlir");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "the module has no function 'forward' (and no single public "
            "function to use instead)");

  auto integer = compileForCPU(R"mlir(
    func.func @forward(%x: tensor<4xi32>) -> tensor<4xi32> { return %x : tensor<4xi32> })mlir");
  ASSERT_FALSE(static_cast<bool>(integer));
  EXPECT_EQ(llvm::toString(integer.takeError()),
            "argument 0 of 'forward' must be a ranked f32 tensor");
}

TEST(CpuKernelTest, UsesTheOnlyPublicFunction) {
  std::unique_ptr<Kernel> kernel = compileOrFail(R"mlir(
    func.func @double(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = nnid.add %x, %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    })mlir");
  ASSERT_TRUE(kernel);
  std::vector<float> x = {1, 2, 3, -4, 5.5f, 0}, y(6);
  ASSERT_FALSE(static_cast<bool>(
      kernel->run({TensorRef{x, {2, 3}}}, {MutableTensorRef{y, {2, 3}}})));
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(y[i], 2 * x[i]);
}

/// `source` copied to the end of a page followed by one that may not be
/// read, as a StringRef into a larger buffer ends before bytes that are not
/// NUL; calls `use` on it.
void withSourceBeforeGuardPage(llvm::StringRef source,
                               llvm::function_ref<void(llvm::StringRef)> use) {
  size_t page = sysconf(_SC_PAGESIZE);
  void *pages = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(pages, MAP_FAILED);
  char *guard = static_cast<char *>(pages) + page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  char *start = guard - source.size();
  std::memcpy(start, source.data(), source.size());
  use(llvm::StringRef(start, source.size()));
  munmap(pages, 2 * page);
}

TEST(CpuKernelTest, ReadsNothingPastTheSource) {
  // Compiling must not touch the byte after the source, whole or cut off.
  withSourceBeforeGuardPage(
      "func.func @forward(%x: tensor<2xf32>) -> tensor<2xf32> { return %x : "
      "tensor<2xf32> }",
      [](llvm::StringRef source) {
        auto kernel = compileForCPU(source);
        ASSERT_TRUE(static_cast<bool>(kernel))
            << llvm::toString(kernel.takeError());
        std::vector<float> x = {1, -2}, y(2);
        ASSERT_FALSE(static_cast<bool>(
            (*kernel)->run({TensorRef{x, {2}}}, {MutableTensorRef{y, {2}}})));
        EXPECT_EQ(y, x);
      });
  for (const char *cut :
       {"func.func @forward", "func.func @forward(%x: tensor<2x",
        "func.func @f() { \"", "// a comment", "#map = affine_map<(d0"})
    withSourceBeforeGuardPage(cut, [&](llvm::StringRef source) {
      auto kernel = compileForCPU(source);
      EXPECT_FALSE(static_cast<bool>(kernel)) << cut;
      llvm::consumeError(kernel.takeError());
    });
}

TEST(CpuKernelTest, RefusesSourcesNestedTooDeeply) {
  // An attribute nested 10,000 deep would overflow the parser's stack.
  std::string source = "func.func @forward(%x: tensor<2xf32>) -> "
                       "tensor<2xf32> attributes {deep = " +
                       std::string(10000, '[') + std::string(10000, ']') +
                       "} { return %x : tensor<2xf32> }";
  auto kernel = compileForCPU(source);
  ASSERT_FALSE(static_cast<bool>(kernel));
  EXPECT_EQ(llvm::toString(kernel.takeError()),
            "cannot parse the module: it nests brackets deeper than 256 "
            "levels");
  // Brackets in strings and comments do not count; real nesting up to the
  // limit parses.
  auto fine = compileForCPU(
      "// " + std::string(1000, '[') +
      "\nfunc.func @forward(%x: tensor<2xf32>) -> tensor<2xf32> attributes "
      "{s = \"" +
      std::string(1000, '{') + "\", deep = " + std::string(200, '[') +
      std::string(200, ']') + "} { return %x : tensor<2xf32> }");
  EXPECT_TRUE(static_cast<bool>(fine)) << llvm::toString(fine.takeError());
}

TEST(CpuKernelTest, ReportsAWorkspaceTooLargeForAnyMachine) {
  // A 1x1 conv to 8192 channels on 2048x2048 has a 128 GiB intermediate
  // result: an error, not an abort when the JIT cannot map it.
  auto kernel = compileForCPU(R"mlir(
    func.func @forward(%x: tensor<1x3x2048x2048xf32>,
                       %w: tensor<8192x3x1x1xf32>) -> tensor<1x8192x1x1xf32> {
      %y = nnid.conv2d %x, %w
          : (tensor<1x3x2048x2048xf32>, tensor<8192x3x1x1xf32>)
          -> tensor<1x8192x2048x2048xf32>
      %r = nnid.relu %y : tensor<1x8192x2048x2048xf32>
      %p = nnid.adaptive_avg_pool2d %r {output_size = array<i64: 1, 1>}
          : tensor<1x8192x2048x2048xf32> -> tensor<1x8192x1x1xf32>
      return %p : tensor<1x8192x1x1xf32>
    })mlir");
  ASSERT_FALSE(static_cast<bool>(kernel));
  std::string message = llvm::toString(kernel.takeError());
  EXPECT_NE(message.find("the intermediate buffers of 'nnid_entry_forward' "
                         "need a workspace of 1374"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("more than the limit of 17179869184 bytes"),
            std::string::npos)
      << message;
  // The error names the function; it does not print its whole body.
  EXPECT_LT(message.size(), 1000u) << message;
}

/// Limits this process's address space to what it maps now plus
/// `extraBytes`, so that larger allocations fail.
void limitAddressSpace(size_t extraBytes) {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  statm >> pages;
  rlimit limit;
  limit.rlim_cur = limit.rlim_max =
      pages * static_cast<size_t>(sysconf(_SC_PAGESIZE)) + extraBytes;
  setrlimit(RLIMIT_AS, &limit);
}

/// Whether this is the sanitizer build, whose shadow memory a limited
/// address space cannot hold.
constexpr bool kAddressSanitizer =
#if defined(__SANITIZE_ADDRESS__)
    true;
#elif defined(__has_feature)
    __has_feature(address_sanitizer);
#else
    false;
#endif

// When an allocation of the compiled code fails (a buffer that depends on
// the batch, or a workspace of the pool), run() returns an error instead of
// crashing. Each case runs in a child process whose address space is
// limited to 1 GiB more than it maps.
TEST(CpuKernelDeathTest, ReportsFailedAllocationsAsErrors) {
  if (kAddressSanitizer)
    GTEST_SKIP() << "a limited address space cannot hold ASan's shadow";
  // 4 MiB of intermediate result per batch item, allocated per call.
  std::unique_ptr<Kernel> grow = compileOrFail(R"mlir(
    func.func @forward(%x: tensor<?x1x16x16xf32>) -> tensor<?x1x16x16xf32> {
      %w1 = arith.constant dense<0.5> : tensor<4096x1x1x1xf32>
      %w2 = arith.constant dense<0.25> : tensor<1x4096x1x1xf32>
      %y = nnid.conv2d %x, %w1
          : (tensor<?x1x16x16xf32>, tensor<4096x1x1x1xf32>) -> tensor<?x4096x16x16xf32>
      %r = nnid.relu %y : tensor<?x4096x16x16xf32>
      %z = nnid.conv2d %r, %w2
          : (tensor<?x4096x16x16xf32>, tensor<1x4096x1x1xf32>) -> tensor<?x1x16x16xf32>
      return %z : tensor<?x1x16x16xf32>
    })mlir");
  // A 2 GiB intermediate result in the workspace.
  std::unique_ptr<Kernel> wide = compileOrFail(R"mlir(
    func.func @forward(%x: tensor<1x1x256x256xf32>) -> tensor<1x8192x1x1xf32> {
      %w = arith.constant dense<0.5> : tensor<8192x1x1x1xf32>
      %y = nnid.conv2d %x, %w
          : (tensor<1x1x256x256xf32>, tensor<8192x1x1x1xf32>) -> tensor<1x8192x256x256xf32>
      %r = nnid.relu %y : tensor<1x8192x256x256xf32>
      %p = nnid.adaptive_avg_pool2d %r {output_size = array<i64: 1, 1>}
          : tensor<1x8192x256x256xf32> -> tensor<1x8192x1x1xf32>
      return %p : tensor<1x8192x1x1xf32>
    })mlir");
  ASSERT_TRUE(grow && wide);
  auto expectMessage = [](llvm::Error error, llvm::StringRef expected) {
    std::string message = error ? llvm::toString(std::move(error)) : "no error";
    if (!llvm::StringRef(message).contains(expected)) {
      std::fprintf(stderr, "unexpected: %s\n", message.c_str());
      std::_Exit(1);
    }
    std::_Exit(0);
  };
  constexpr int64_t kBatch = 1024;
  std::vector<float> x(kBatch * 256, 1.0f), y(kBatch * 256);
  EXPECT_EXIT(
      {
        limitAddressSpace(size_t(1) << 30);
        expectMessage(grow->run({TensorRef{x, {kBatch, 1, 16, 16}}},
                                {MutableTensorRef{y, {kBatch, 1, 16, 16}}}),
                      "out of memory: the compiled code could not allocate");
      },
      testing::ExitedWithCode(0), "");
  std::vector<float> image(256 * 256, 1.0f), pooled(8192);
  EXPECT_EXIT(
      {
        limitAddressSpace(size_t(1) << 30);
        expectMessage(wide->run({TensorRef{image, {1, 1, 256, 256}}},
                                {MutableTensorRef{pooled, {1, 8192, 1, 1}}}),
                      "cannot allocate the kernel's workspace of ");
      },
      testing::ExitedWithCode(0), "");
  // Without the limit, a small batch works: 4096 * 0.25 * relu(0.5 * x).
  std::vector<float> x2(2 * 256, 1.0f), y2(2 * 256);
  ASSERT_FALSE(
      static_cast<bool>(grow->run({TensorRef{x2, {2, 1, 16, 16}}},
                                  {MutableTensorRef{y2, {2, 1, 16, 16}}})));
  for (float v : y2)
    EXPECT_FLOAT_EQ(v, 512.0f);
}

TEST(CpuKernelTest, CompilesModulesBuiltWithTheBuilders) {
  // forward(x: [?, 2, 4, 4]) = avg_pool2d(relu(x), 2) built in C++.
  mlir::MLIRContext context;
  context.loadDialect<NnidDialect, mlir::func::FuncDialect>();
  mlir::OpBuilder b(&context);
  mlir::Location loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto inputType = mlir::RankedTensorType::get(
      {mlir::ShapedType::kDynamic, 2, 4, 4}, b.getF32Type());
  auto outputType = mlir::RankedTensorType::get(
      {mlir::ShapedType::kDynamic, 2, 2, 2}, b.getF32Type());
  auto fn = mlir::func::FuncOp::create(
      b, loc, "forward", b.getFunctionType({inputType}, {outputType}));
  b.setInsertionPointToStart(fn.addEntryBlock());
  mlir::Value relu = ReluOp::create(b, loc, fn.getArgument(0));
  mlir::Value pool = AvgPool2dOp::create(
      b, loc, relu, llvm::ArrayRef<int64_t>{2, 2}, mlir::DenseI64ArrayAttr(),
      llvm::ArrayRef<int64_t>{0, 0, 0, 0}, false, true);
  mlir::func::ReturnOp::create(b, loc, pool);

  auto kernel = compileForCPU(module);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  std::vector<float> x = iota(2 * 2 * 16), y(2 * 2 * 4);
  ASSERT_FALSE(static_cast<bool>((*kernel)->run(
      {TensorRef{x, {2, 2, 4, 4}}}, {MutableTensorRef{y, {2, 2, 2, 2}}})));
  for (int plane = 0; plane < 4; ++plane)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        float sum = 0;
        for (int di = 0; di < 2; ++di)
          for (int dj = 0; dj < 2; ++dj)
            sum +=
                std::max(x[plane * 16 + (2 * i + di) * 4 + 2 * j + dj], 0.0f);
        EXPECT_FLOAT_EQ(y[plane * 4 + i * 2 + j], sum / 4) << plane;
      }
  module.erase();
}

} // namespace
