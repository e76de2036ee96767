//===- ConvAlgebra.cpp - exact algebra of convolutions --------------------===//
//
// Convolutions composed in sequence and laid out in parallel, and their
// zero borders trimmed, on plain vectors of doubles.
//
//===----------------------------------------------------------------------===//

#include "nnid/Transforms/ConvAlgebra.h"

#include "nnid/Support/Shapes.h"

#include <algorithm>
#include <cassert>
#include <numeric>

using namespace nnid;
using namespace nnid::reparam;

//===----------------------------------------------------------------------===//
// ConvGeometry and ConvKernel
//===----------------------------------------------------------------------===//

bool ConvGeometry::hasPadding() const {
  return std::ranges::any_of(padding, [](int64_t p) { return p != 0; });
}

void ConvGeometry::normalizeDilation() {
  for (int d = 0; d < 2; ++d)
    if (kernel[d] == 1)
      dilation[d] = 1;
}

int64_t ConvGeometry::getOutputSize(int dim, int64_t inSize) const {
  return shapes::convOutputSize(inSize, kernel[dim], stride[dim], padding[dim],
                                padding[2 + dim], dilation[dim]);
}

int64_t ConvGeometry::getCost(int64_t outH, int64_t outW) const {
  return outChannels * getInPerGroup() * kernel[0] * kernel[1] * outH * outW;
}

std::string ConvGeometry::describe() const {
  std::string text =
      std::to_string(kernel[0]) + "x" + std::to_string(kernel[1]) + " conv2d";
  if (groups > 1)
    text += " (groups = " + std::to_string(groups) + ")";
  return text;
}

ConvKernel::ConvKernel(const ConvGeometry &geometry)
    : geometry(geometry),
      weight(geometry.outChannels * geometry.getInPerGroup() *
                 geometry.kernel[0] * geometry.kernel[1],
             0.0),
      bias(geometry.outChannels, 0.0) {}

double &ConvKernel::at(int64_t out, int64_t in, int64_t h, int64_t w) {
  const ConvGeometry &g = geometry;
  return weight[((out * g.getInPerGroup() + in) * g.kernel[0] + h) *
                    g.kernel[1] +
                w];
}

double ConvKernel::at(int64_t out, int64_t in, int64_t h, int64_t w) const {
  return const_cast<ConvKernel *>(this)->at(out, in, h, w);
}

ConvGeometry nnid::reparam::depthwise(int64_t channels) {
  ConvGeometry g;
  g.inChannels = g.outChannels = g.groups = channels;
  return g;
}

ConvKernel nnid::reparam::identityKernel(int64_t channels) {
  ConvKernel kernel(depthwise(channels));
  std::fill(kernel.weight.begin(), kernel.weight.end(), 1.0);
  return kernel;
}

//===----------------------------------------------------------------------===//
// Composition in sequence
//===----------------------------------------------------------------------===//

std::optional<ConvGeometry>
nnid::reparam::composeGeometry(const ConvGeometry &first,
                               const ConvGeometry &second) {
  if (first.outChannels != second.inChannels)
    return std::nullopt;
  ConvGeometry g;
  if (second.isPointwise() && !second.hasPadding()) {
    // The same channel mix at every position of `first`'s output, padding
    // included: first's bias there maps to second's weight * bias + bias.
    g = first;
  } else if (first.isPointwise()) {
    // `second` sees first's padded output; its own zero padding must equal
    // first's value on zeros, which is first's bias.
    if (second.hasPadding() && first.hasBias)
      return std::nullopt;
    g = second;
    for (int i = 0; i < 4; ++i)
      g.padding[i] = first.padding[i] + second.padding[i];
  } else {
    return std::nullopt;
  }
  g.inChannels = first.inChannels;
  g.outChannels = second.outChannels;
  g.groups = std::gcd(first.groups, second.groups);
  g.hasBias = first.hasBias || second.hasBias;
  return g;
}

ConvKernel nnid::reparam::compose(const ConvKernel &first,
                                  const ConvKernel &second) {
  const ConvGeometry &ga = first.geometry, &gb = second.geometry;
  std::optional<ConvGeometry> geometry = composeGeometry(ga, gb);
  assert(geometry && "composition is not exact");
  ConvKernel result(*geometry);
  const ConvGeometry &g = result.geometry;
  // One of the two kernels is 1x1; index it at 0 and the other at (h, w).
  auto tap = [](const ConvGeometry &k, int d, int64_t i) {
    return k.kernel[d] == 1 ? 0 : i;
  };
  for (int64_t o = 0; o < gb.outChannels; ++o) {
    int64_t groupB = o / gb.getOutPerGroup();
    int64_t groupC = o / g.getOutPerGroup();
    double &bias = result.bias[o];
    bias = second.bias[o];
    for (int64_t mLocal = 0; mLocal < gb.getInPerGroup(); ++mLocal) {
      int64_t m = groupB * gb.getInPerGroup() + mLocal;
      int64_t groupA = m / ga.getOutPerGroup();
      double tapSum = 0.0;
      for (int64_t h = 0; h < gb.kernel[0]; ++h)
        for (int64_t w = 0; w < gb.kernel[1]; ++w)
          tapSum += second.at(o, mLocal, h, w);
      bias += tapSum * first.bias[m];
      for (int64_t iLocal = 0; iLocal < ga.getInPerGroup(); ++iLocal) {
        int64_t i = groupA * ga.getInPerGroup() + iLocal;
        int64_t iC = i - groupC * g.getInPerGroup();
        assert(iC >= 0 && iC < g.getInPerGroup() && "groups do not nest");
        for (int64_t h = 0; h < g.kernel[0]; ++h)
          for (int64_t w = 0; w < g.kernel[1]; ++w)
            result.at(o, iC, h, w) +=
                second.at(o, mLocal, tap(gb, 0, h), tap(gb, 1, w)) *
                first.at(m, iLocal, tap(ga, 0, h), tap(ga, 1, w));
      }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Composition in parallel
//===----------------------------------------------------------------------===//

std::optional<ParallelLayout>
nnid::reparam::layoutParallel(std::span<const ConvGeometry> branches,
                              int64_t inH, int64_t inW, int64_t outH,
                              int64_t outW, bool stack) {
  assert(!branches.empty() && "no branches");
  ParallelLayout layout;
  ConvGeometry &g = layout.geometry;
  g.inChannels = branches.front().inChannels;
  g.outChannels = stack ? 0 : branches.front().outChannels;
  g.groups = stack ? 1 : 0;
  for (const ConvGeometry &b : branches) {
    if (b.inChannels != g.inChannels)
      return std::nullopt;
    if (stack) {
      g.outChannels += b.outChannels;
    } else {
      if (b.outChannels != g.outChannels)
        return std::nullopt;
      g.groups = std::gcd(g.groups, b.groups);
    }
    g.hasBias |= b.hasBias;
  }

  layout.offsets.resize(branches.size());
  const int64_t in[2] = {inH, inW}, out[2] = {outH, outW};
  for (int d = 0; d < 2; ++d) {
    int64_t stride = branches.front().stride[d];
    int64_t dilation = 0, before = 0;
    for (const ConvGeometry &b : branches) {
      if (b.stride[d] != stride)
        return std::nullopt;
      if (b.kernel[d] > 1) {
        if (dilation && b.dilation[d] != dilation)
          return std::nullopt;
        dilation = b.dilation[d];
      }
      if (shapes::convOutputSize(in[d], b.kernel[d], b.stride[d], b.padding[d],
                                 b.padding[2 + d], b.dilation[d]) != out[d])
        return std::nullopt;
      before = std::max(before, b.padding[d]);
    }
    dilation = std::max<int64_t>(dilation, 1);
    // Branch taps start `before - padding` elements into the merged window;
    // that must be a whole number of (dilated) taps.
    int64_t size = 1;
    for (size_t i = 0; i < branches.size(); ++i) {
      const ConvGeometry &b = branches[i];
      std::array<int64_t, 2> &offset = layout.offsets[i];
      int64_t shift = before - b.padding[d];
      if (shift % dilation != 0)
        return std::nullopt;
      offset[d] = shift / dilation;
      size = std::max(size, offset[d] + b.kernel[d]);
    }
    // Enough trailing padding for the last window, and no more.
    int64_t after =
        std::max<int64_t>(0, (out[d] - 1) * stride - before +
                                 dilation * (size - 1) - (in[d] - 1));
    if (shapes::convOutputSize(in[d], size, stride, before, after, dilation) !=
        out[d])
      return std::nullopt;
    g.kernel[d] = size;
    g.stride[d] = stride;
    g.dilation[d] = size > 1 ? dilation : 1;
    g.padding[d] = before;
    g.padding[2 + d] = after;
  }
  return layout;
}

ConvKernel nnid::reparam::materialize(const ParallelLayout &layout,
                                      std::span<const ConvKernel> kernels,
                                      bool stack) {
  ConvKernel merged(layout.geometry);
  const ConvGeometry &g = merged.geometry;
  int64_t outBase = 0;
  assert(kernels.size() == layout.offsets.size() && "one kernel per branch");
  for (size_t b = 0; b < kernels.size(); ++b) {
    const ConvKernel &kernel = kernels[b];
    const std::array<int64_t, 2> &offset = layout.offsets[b];
    const ConvGeometry &gb = kernel.geometry;
    for (int64_t o = 0; o < gb.outChannels; ++o) {
      int64_t oM = outBase + o;
      int64_t groupB = o / gb.getOutPerGroup();
      int64_t groupM = oM / g.getOutPerGroup();
      merged.bias[oM] += kernel.bias[o];
      for (int64_t j = 0; j < gb.getInPerGroup(); ++j) {
        int64_t iM =
            groupB * gb.getInPerGroup() + j - groupM * g.getInPerGroup();
        assert(iM >= 0 && iM < g.getInPerGroup() && "groups do not nest");
        for (int64_t h = 0; h < gb.kernel[0]; ++h)
          for (int64_t w = 0; w < gb.kernel[1]; ++w)
            merged.at(oM, iM, h + offset[0], w + offset[1]) +=
                kernel.at(o, j, h, w);
      }
    }
    if (stack)
      outBase += gb.outChannels;
  }
  return merged;
}

ConvKernel nnid::reparam::trimZeroBorder(const ConvKernel &kernel) {
  const ConvGeometry &g = kernel.geometry;
  auto isZeroSlice = [&](int d, int64_t index) {
    for (int64_t o = 0; o < g.outChannels; ++o)
      for (int64_t i = 0; i < g.getInPerGroup(); ++i)
        for (int64_t t = 0; t < g.kernel[1 - d]; ++t)
          if ((d == 0 ? kernel.at(o, i, index, t)
                      : kernel.at(o, i, t, index)) != 0.0)
            return false;
    return true;
  };
  ConvGeometry trimmed = g;
  std::array<int64_t, 2> first = {0, 0};
  for (int d = 0; d < 2; ++d) {
    int64_t dilation = g.dilation[d];
    int64_t &before = trimmed.padding[d], &after = trimmed.padding[2 + d];
    int64_t end = g.kernel[d];
    while (end - first[d] > 1 && before >= dilation &&
           isZeroSlice(d, first[d])) {
      ++first[d];
      before -= dilation;
    }
    while (end - first[d] > 1 && after >= dilation && isZeroSlice(d, end - 1)) {
      --end;
      after -= dilation;
    }
    trimmed.kernel[d] = end - first[d];
  }
  if (trimmed.kernel == g.kernel)
    return kernel;
  trimmed.normalizeDilation();
  ConvKernel result(trimmed);
  result.bias = kernel.bias;
  for (int64_t o = 0; o < g.outChannels; ++o)
    for (int64_t i = 0; i < g.getInPerGroup(); ++i)
      for (int64_t h = 0; h < trimmed.kernel[0]; ++h)
        for (int64_t w = 0; w < trimmed.kernel[1]; ++w)
          result.at(o, i, h, w) = kernel.at(o, i, h + first[0], w + first[1]);
  return result;
}
