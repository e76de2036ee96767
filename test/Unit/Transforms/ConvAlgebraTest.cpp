//===- ConvAlgebraTest.cpp - the convolution algebra against a reference --===//
//
// Checks compose, layoutParallel with materialize, and trimZeroBorder by
// running the convolutions they produce and the ones they replace on random
// images, both through a naive convolution written here, so that every
// expected value comes from the definition of a convolution and not from
// the library.
//
//===----------------------------------------------------------------------===//

#include "nnid/Transforms/ConvAlgebra.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace nnid::reparam;

namespace {

/// One image, [C][H][W].
struct Image {
  int64_t channels = 0, height = 0, width = 0;
  std::vector<double> data;

  /// Zero outside the image: nnid's padding.
  double at(int64_t c, int64_t i, int64_t j) const {
    if (i < 0 || j < 0 || i >= height || j >= width)
      return 0.0;
    return data[(c * height + i) * width + j];
  }
};

/// The convolution of `x` with `kernel`, straight from its definition
/// (PyTorch's Conv2d with zero padding), in double precision.
Image convolve(const Image &x, const ConvKernel &kernel) {
  const ConvGeometry &g = kernel.geometry;
  EXPECT_EQ(x.channels, g.inChannels);
  const int64_t inPerGroup = g.inChannels / g.groups;
  const int64_t outPerGroup = g.outChannels / g.groups;
  const int64_t kh = g.kernel[0], kw = g.kernel[1];
  Image y;
  y.channels = g.outChannels;
  y.height =
      (x.height + g.padding[0] + g.padding[2] - g.dilation[0] * (kh - 1) - 1) /
          g.stride[0] +
      1;
  y.width =
      (x.width + g.padding[1] + g.padding[3] - g.dilation[1] * (kw - 1) - 1) /
          g.stride[1] +
      1;
  y.data.assign(y.channels * y.height * y.width, 0.0);
  for (int64_t o = 0; o < y.channels; ++o)
    for (int64_t i = 0; i < y.height; ++i)
      for (int64_t j = 0; j < y.width; ++j) {
        double sum = kernel.bias[o];
        int64_t group = o / outPerGroup;
        for (int64_t c = 0; c < inPerGroup; ++c)
          for (int64_t u = 0; u < kh; ++u)
            for (int64_t v = 0; v < kw; ++v)
              sum += kernel.weight[((o * inPerGroup + c) * kh + u) * kw + v] *
                     x.at(group * inPerGroup + c,
                          i * g.stride[0] - g.padding[0] + u * g.dilation[0],
                          j * g.stride[1] - g.padding[1] + v * g.dilation[1]);
        y.data[(o * y.height + i) * y.width + j] = sum;
      }
  return y;
}

void expectSameImage(const Image &actual, const Image &expected) {
  ASSERT_EQ(actual.channels, expected.channels);
  ASSERT_EQ(actual.height, expected.height);
  ASSERT_EQ(actual.width, expected.width);
  for (size_t i = 0; i < expected.data.size(); ++i)
    EXPECT_NEAR(actual.data[i], expected.data[i],
                1e-12 * (1.0 + std::abs(expected.data[i])))
        << "element " << i;
}

class ConvAlgebraTest : public ::testing::Test {
protected:
  double random() { return std::uniform_real_distribution(-1.0, 1.0)(rng); }

  Image randomImage(int64_t channels, int64_t height, int64_t width) {
    Image x{channels, height, width, {}};
    x.data.resize(channels * height * width);
    for (double &v : x.data)
      v = random();
    return x;
  }

  /// A kernel of `geometry` with random weights, and a random bias when the
  /// geometry has one.
  ConvKernel randomKernel(const ConvGeometry &geometry) {
    ConvKernel kernel(geometry);
    EXPECT_EQ(
        kernel.weight.size(),
        size_t(geometry.outChannels * (geometry.inChannels / geometry.groups) *
               geometry.kernel[0] * geometry.kernel[1]));
    for (double &v : kernel.weight)
      v = random();
    if (geometry.hasBias)
      for (double &v : kernel.bias)
        v = random();
    return kernel;
  }

  std::mt19937 rng{20261202};
};

ConvGeometry makeGeometry(int64_t in, int64_t out, int64_t groups,
                          std::array<int64_t, 2> kernel,
                          std::array<int64_t, 4> padding = {0, 0, 0, 0},
                          std::array<int64_t, 2> stride = {1, 1},
                          std::array<int64_t, 2> dilation = {1, 1},
                          bool hasBias = true) {
  ConvGeometry g;
  g.inChannels = in;
  g.outChannels = out;
  g.groups = groups;
  g.kernel = kernel;
  g.padding = padding;
  g.stride = stride;
  g.dilation = dilation;
  g.hasBias = hasBias;
  return g;
}

//===----------------------------------------------------------------------===//
// Composition in sequence
//===----------------------------------------------------------------------===//

/// compose(a, b) computes b(a(x)) for every shape of pair it accepts.
TEST_F(ConvAlgebraTest, ComposeEqualsApplyingOneAfterTheOther) {
  struct Case {
    const char *name;
    ConvGeometry first, second;
  };
  const std::vector<Case> cases = {
      {"1x1 with bias, then unpadded 3x3", makeGeometry(3, 4, 1, {1, 1}),
       makeGeometry(4, 5, 1, {3, 3})},
      {"bias-free 1x1, then padded strided grouped 3x3",
       makeGeometry(4, 4, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, {1, 1}, false),
       makeGeometry(4, 6, 2, {3, 3}, {1, 2, 1, 0}, {2, 1})},
      {"padded bias-free 1x1, then padded 3x3",
       makeGeometry(2, 3, 1, {1, 1}, {1, 1, 1, 1}, {1, 1}, {1, 1}, false),
       makeGeometry(3, 2, 1, {3, 3}, {1, 1, 1, 1})},
      {"padded strided dilated 3x2, then 1x1 with bias",
       makeGeometry(4, 6, 2, {3, 2}, {2, 1, 0, 1}, {2, 1}, {2, 3}),
       makeGeometry(6, 3, 1, {1, 1})},
      {"grouped 3x3, then grouped 1x1 with other groups",
       makeGeometry(4, 8, 4, {3, 3}, {1, 1, 1, 1}),
       makeGeometry(8, 4, 2, {1, 1})},
      {"depthwise 1x1, then depthwise 2x2",
       makeGeometry(3, 3, 3, {1, 1}, {0, 0, 0, 0}, {1, 1}, {1, 1}, false),
       makeGeometry(3, 3, 3, {2, 2}, {1, 1, 0, 0}, {2, 2})},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    ConvKernel first = randomKernel(c.first);
    ConvKernel second = randomKernel(c.second);
    Image x = randomImage(c.first.inChannels, 7, 8);
    Image expected = convolve(convolve(x, first), second);

    ASSERT_TRUE(composeGeometry(c.first, c.second).has_value());
    ConvKernel composed = compose(first, second);
    EXPECT_EQ(composed.geometry.inChannels, c.first.inChannels);
    EXPECT_EQ(composed.geometry.outChannels, c.second.outChannels);
    expectSameImage(convolve(x, composed), expected);
  }
}

/// Pairs that no single convolution computes are refused.
TEST_F(ConvAlgebraTest, ComposeRefusesInexactPairs) {
  // Two 3x3 kernels: neither is a 1x1.
  EXPECT_FALSE(composeGeometry(makeGeometry(2, 2, 1, {3, 3}),
                               makeGeometry(2, 2, 1, {3, 3})));
  // A strided 1x1 first: the second would need a dilated kernel.
  EXPECT_FALSE(
      composeGeometry(makeGeometry(2, 2, 1, {1, 1}, {0, 0, 0, 0}, {2, 2}),
                      makeGeometry(2, 2, 1, {3, 3})));
  // A padded 3x3 after a 1x1 with a bias: the padding would be the bias, not
  // zero.
  EXPECT_FALSE(composeGeometry(makeGeometry(2, 2, 1, {1, 1}),
                               makeGeometry(2, 2, 1, {3, 3}, {1, 1, 1, 1})));
  // Channels that do not chain.
  EXPECT_FALSE(composeGeometry(makeGeometry(2, 3, 1, {1, 1}),
                               makeGeometry(2, 2, 1, {1, 1})));
}

//===----------------------------------------------------------------------===//
// Composition in parallel
//===----------------------------------------------------------------------===//

/// Kernels of different sizes, paddings and groups laid into one compute
/// the sum of the branches (stack = false) or their concatenation along
/// channels (stack = true).
TEST_F(ConvAlgebraTest, ParallelLayoutEqualsSumAndConcatOfBranches) {
  struct Case {
    const char *name;
    std::vector<ConvGeometry> branches;
    int64_t stride;
  };
  const int64_t channels = 4;
  auto branch = [&](int64_t groups, std::array<int64_t, 2> kernel,
                    std::array<int64_t, 4> padding, int64_t stride = 1,
                    std::array<int64_t, 2> dilation = {1, 1}) {
    return makeGeometry(channels, channels, groups, kernel, padding,
                        {stride, stride}, dilation);
  };
  const std::vector<Case> cases = {
      {"RepVGG: 3x3, 1x1 and depthwise identity-like 1x1",
       {branch(1, {3, 3}, {1, 1, 1, 1}), branch(1, {1, 1}, {0, 0, 0, 0}),
        branch(channels, {1, 1}, {0, 0, 0, 0})},
       1},
      {"ACNet: 3x3, 1x3 and 3x1, strided",
       {branch(1, {3, 3}, {1, 1, 1, 1}, 2), branch(1, {1, 3}, {0, 1, 0, 1}, 2),
        branch(1, {3, 1}, {1, 0, 1, 0}, 2)},
       2},
      {"5x5 and grouped 3x3 and 1x1",
       {branch(1, {5, 5}, {2, 2, 2, 2}), branch(2, {3, 3}, {1, 1, 1, 1}),
        branch(4, {1, 1}, {0, 0, 0, 0})},
       1},
      {"dilated 3x3 with a 1x1 on its centre",
       {branch(1, {3, 3}, {2, 2, 2, 2}, 1, {2, 2}),
        branch(1, {1, 1}, {0, 0, 0, 0})},
       1},
  };
  const int64_t inH = 7, inW = 6;
  for (const Case &c : cases)
    for (bool stack : {false, true}) {
      SCOPED_TRACE(std::string(c.name) + (stack ? ", stacked" : ", summed"));
      std::vector<ConvKernel> kernels;
      for (const ConvGeometry &g : c.branches)
        kernels.push_back(randomKernel(g));
      Image x = randomImage(channels, inH, inW);
      std::vector<Image> outputs;
      for (const ConvKernel &k : kernels)
        outputs.push_back(convolve(x, k));
      const Image &y0 = outputs.front();
      Image expected{stack ? channels * int64_t(kernels.size()) : channels,
                     y0.height,
                     y0.width,
                     {}};
      for (const Image &y : outputs) {
        ASSERT_EQ(y.height, y0.height);
        ASSERT_EQ(y.width, y0.width);
        if (stack)
          expected.data.insert(expected.data.end(), y.data.begin(),
                               y.data.end());
      }
      if (!stack) {
        expected.data.assign(y0.data.size(), 0.0);
        for (const Image &y : outputs)
          for (size_t i = 0; i < y.data.size(); ++i)
            expected.data[i] += y.data[i];
      }

      std::optional<ParallelLayout> layout =
          layoutParallel(c.branches, inH, inW, y0.height, y0.width, stack);
      ASSERT_TRUE(layout.has_value());
      EXPECT_EQ(layout->geometry.stride[0], c.stride);
      ConvKernel merged = materialize(*layout, kernels, stack);
      expectSameImage(convolve(x, merged), expected);
    }
}

TEST_F(ConvAlgebraTest, ParallelLayoutRefusesMisalignedBranches) {
  auto branch = [](std::array<int64_t, 2> kernel,
                   std::array<int64_t, 4> padding, int64_t stride = 1,
                   std::array<int64_t, 2> dilation = {1, 1}) {
    return makeGeometry(2, 2, 1, kernel, padding, {stride, stride}, dilation);
  };
  // A 1x1 centred between two taps of a dilated 3x3.
  std::vector<ConvGeometry> between = {branch({3, 3}, {1, 1, 3, 3}, 1, {2, 2}),
                                       branch({1, 1}, {0, 0, 0, 0})};
  EXPECT_FALSE(layoutParallel(between, 5, 5, 5, 5, false));
  // Different strides.
  std::vector<ConvGeometry> strides = {branch({1, 1}, {0, 0, 0, 0}, 2),
                                       branch({3, 3}, {0, 0, 0, 0}, 1)};
  EXPECT_FALSE(layoutParallel(strides, 4, 4, 2, 2, false));
  // A branch whose output has another size.
  std::vector<ConvGeometry> sizes = {branch({3, 3}, {0, 0, 0, 0}),
                                     branch({1, 1}, {0, 0, 0, 0})};
  EXPECT_FALSE(layoutParallel(sizes, 5, 5, 3, 3, false));
}

//===----------------------------------------------------------------------===//
// Zero borders
//===----------------------------------------------------------------------===//

TEST_F(ConvAlgebraTest, TrimZeroBorderDropsOnlyPaddedZeroBorders) {
  struct Case {
    const char *name;
    ConvGeometry geometry;
    /// Kernel taps [h][w] kept non-zero; every other tap is zero.
    std::array<int64_t, 4> nonZero; // [first h, first w, end h, end w)
    std::array<int64_t, 2> kernel;
    std::array<int64_t, 4> padding;
  };
  const std::vector<Case> cases = {
      {"5x5 with a 3x3 core",
       makeGeometry(2, 3, 1, {5, 5}, {2, 2, 2, 2}),
       {1, 1, 4, 4},
       {3, 3},
       {1, 1, 1, 1}},
      {"unpadded columns stay",
       makeGeometry(2, 2, 1, {3, 3}, {1, 0, 1, 0}),
       {1, 1, 2, 2},
       {1, 3},
       {0, 0, 0, 0}},
      {"one-sided border",
       makeGeometry(2, 2, 2, {3, 3}, {1, 1, 1, 1}),
       {0, 0, 2, 3},
       {2, 3},
       {1, 1, 0, 1}},
      {"dilated centre becomes a plain 1x1",
       makeGeometry(2, 2, 1, {3, 3}, {2, 2, 2, 2}, {1, 1}, {2, 2}),
       {1, 1, 2, 2},
       {1, 1},
       {0, 0, 0, 0}},
      {"an all-zero kernel keeps one tap",
       makeGeometry(1, 1, 1, {3, 3}, {1, 1, 1, 1}),
       {0, 0, 0, 0},
       {1, 1},
       {0, 0, 0, 0}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    ConvKernel kernel = randomKernel(c.geometry);
    const ConvGeometry &g = c.geometry;
    int64_t inPerGroup = g.inChannels / g.groups;
    for (int64_t o = 0; o < g.outChannels; ++o)
      for (int64_t i = 0; i < inPerGroup; ++i)
        for (int64_t u = 0; u < g.kernel[0]; ++u)
          for (int64_t v = 0; v < g.kernel[1]; ++v)
            if (u < c.nonZero[0] || v < c.nonZero[1] || u >= c.nonZero[2] ||
                v >= c.nonZero[3])
              kernel.weight[((o * inPerGroup + i) * g.kernel[0] + u) *
                                g.kernel[1] +
                            v] = 0.0;
    Image x = randomImage(g.inChannels, 6, 5);
    Image expected = convolve(x, kernel);

    ConvKernel trimmed = trimZeroBorder(kernel);
    EXPECT_EQ(trimmed.geometry.kernel, c.kernel);
    EXPECT_EQ(trimmed.geometry.padding, c.padding);
    for (int d = 0; d < 2; ++d) {
      if (c.kernel[d] == 1) {
        EXPECT_EQ(trimmed.geometry.dilation[d], 1);
      }
    }
    expectSameImage(convolve(x, trimmed), expected);
  }
}

/// A centred identity in a zero 3x3 (what a merged RepVGG identity branch
/// alone would give) becomes the 1x1 identity.
TEST_F(ConvAlgebraTest, TrimmedCentredIdentityIsTheIdentity) {
  ConvKernel kernel(
      makeGeometry(3, 3, 3, {3, 3}, {1, 1, 1, 1}, {1, 1}, {1, 1}, false));
  for (int64_t c = 0; c < 3; ++c)
    kernel.weight[c * 9 + 4] = 1.0;
  ConvKernel trimmed = trimZeroBorder(kernel);
  EXPECT_TRUE(trimmed.geometry.isPointwise());
  EXPECT_FALSE(trimmed.geometry.hasPadding());
  EXPECT_EQ(trimmed.weight, std::vector<double>(3, 1.0));
  Image x = randomImage(3, 4, 4);
  expectSameImage(convolve(x, trimmed), x);
}

} // namespace
