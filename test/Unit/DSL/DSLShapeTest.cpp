//===- DSLShapeTest.cpp - shapes the C++ compiler computes ----------------===//
//
// Output shapes of each layer, computed at compile time; the sizes are
// worked out by hand with PyTorch's formulas in the comments. What fails to
// compile is tested in test/DSL/.
//
//===----------------------------------------------------------------------===//

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"
#include "nnid/DSL/NN.h"

#include <gtest/gtest.h>

#include <type_traits>

using namespace nnid::nn;

namespace {

template <class L, class In, class Expected>
constexpr bool outputIs = std::is_same_v<OutputOf<L, In>, Expected>;

// Conv2d: (H + 2p - d(k - 1) - 1) / s + 1.
static_assert(outputIs<Conv2d<3, 16, 3, 1, 1>, Shape<1, 3, 224, 224>,
                       Shape<1, 16, 224, 224>>);
// 7x7 stride 2 padding 3: (224 + 6 - 7) / 2 + 1 = 112.
static_assert(outputIs<Conv2d<3, 64, 7, 2, 3>, Shape<2, 3, 224, 224>,
                       Shape<2, 64, 112, 112>>);
// kernel (1, 7), padding (0, 3), dilation (2, 1), groups 2 on 10x12:
//   H: (10 - 2 * 0 - 1) / 1 + 1 = 10; W: (12 + 6 - 6 - 1) / 1 + 1 = 12.
static_assert(outputIs<Conv2d<4, 6, Pair{1, 7}, 1, Pair{0, 3}, Pair{2, 1}, 2>,
                       Shape<1, 4, 10, 12>, Shape<1, 6, 10, 12>>);
// Stride (2, 3), dilation 2 on 11x11: H: (11 - 5) / 2 + 1 = 4,
// W: (11 - 5) / 3 + 1 = 3.
static_assert(outputIs<Conv2d<1, 1, 3, Pair{2, 3}, 0, 2>, Shape<1, 1, 11, 11>,
                       Shape<1, 1, 4, 3>>);
// The dynamic batch passes through.
static_assert(outputIs<Conv2d<3, 8, 3>, Shape<kDynamic, 3, 5, 5>,
                       Shape<kDynamic, 8, 3, 3>>);
static_assert(
    outputIs<IdentityBasedConv1x1<8, 2>, Shape<1, 8, 4, 4>, Shape<1, 8, 4, 4>>);

// Pooling: the stride defaults to the kernel.
static_assert(
    outputIs<MaxPool2d<2>, Shape<1, 16, 224, 224>, Shape<1, 16, 112, 112>>);
// resnet's stem pool: (112 + 2 - 3) / 2 + 1 = 56.
static_assert(
    outputIs<MaxPool2d<3, 2, 1>, Shape<1, 64, 112, 112>, Shape<1, 64, 56, 56>>);
// ceil_mode on 6x6, kernel 3, stride 2, padding 1: ceil(5 / 2) + 1 = 4 (the
// last window starts at 6 < 6 + 1, so it stays); on 5x5 with no padding:
// ceil(2 / 2) + 1 = 2.
static_assert(outputIs<MaxPool2d<3, 2, 1, 1, true>, Shape<1, 2, 6, 6>,
                       Shape<1, 2, 4, 4>>);
static_assert(
    outputIs<AvgPool2d<3, 2, 0, true>, Shape<1, 2, 5, 5>, Shape<1, 2, 2, 2>>);
// Without ceil_mode: (5 - 3) / 2 + 1 = 2 as well; on 6x6: (6 - 3) / 2 + 1 = 2
// against 3 with ceil_mode.
static_assert(outputIs<AvgPool2d<3, 2>, Shape<1, 2, 6, 6>, Shape<1, 2, 2, 2>>);
static_assert(
    outputIs<AvgPool2d<3, 2, 0, true>, Shape<1, 2, 6, 6>, Shape<1, 2, 3, 3>>);
// Dilated max pooling: window 2 * (2 - 1) + 1 = 3 on 7x9 with stride 1:
// 5x7.
static_assert(
    outputIs<MaxPool2d<2, 1, 0, 2>, Shape<1, 1, 7, 9>, Shape<1, 1, 5, 7>>);
static_assert(outputIs<AdaptiveAvgPool2d<1>, Shape<kDynamic, 512, 7, 7>,
                       Shape<kDynamic, 512, 1, 1>>);
static_assert(
    outputIs<AdaptiveAvgPool2d<2, 3>, Shape<1, 4, 7, 7>, Shape<1, 4, 2, 3>>);

// Flatten, including negative dimensions and a dynamic batch.
static_assert(outputIs<Flatten<>, Shape<1, 512, 1, 1>, Shape<1, 512>>);
static_assert(outputIs<Flatten<1, 2>, Shape<2, 3, 4, 5>, Shape<2, 12, 5>>);
static_assert(outputIs<Flatten<-3, -2>, Shape<2, 3, 4, 5>, Shape<2, 12, 5>>);
static_assert(outputIs<Flatten<0>, Shape<kDynamic, 3, 4>, Shape<kDynamic>>);
static_assert(outputIs<Flatten<2, 2>, Shape<2, 3, 4>, Shape<2, 3, 4>>);

static_assert(
    outputIs<Linear<512, 10>, Shape<kDynamic, 512>, Shape<kDynamic, 10>>);
static_assert(outputIs<BatchNorm1d<20>, Shape<4, 20>, Shape<4, 20>>);
static_assert(outputIs<BatchNorm2d<8>, Shape<1, 8, 3, 3>, Shape<1, 8, 3, 3>>);
static_assert(outputIs<ReLU, Shape<2, 5>, Shape<2, 5>>);
static_assert(outputIs<Identity, Shape<2, 5, 1>, Shape<2, 5, 1>>);
static_assert(outputIs<Dropout<>, Shape<kDynamic, 5>, Shape<kDynamic, 5>>);
static_assert(outputIs<Dropout<0.2>, Shape<1, 8, 3, 3>, Shape<1, 8, 3, 3>>);

// Composition.
static_assert(outputIs<Sequential<>, Shape<1, 2>, Shape<1, 2>>);
static_assert(outputIs<Sequential<Conv2d<3, 8, 3>, ReLU, MaxPool2d<2>>,
                       Shape<1, 3, 10, 10>, Shape<1, 8, 4, 4>>);
static_assert(outputIs<Residual<Conv2d<8, 8, 3, 1, 1>>, Shape<1, 8, 6, 6>,
                       Shape<1, 8, 6, 6>>);
static_assert(outputIs<Residual<Conv2d<8, 16, 3, 2, 1>, Conv2d<8, 16, 1, 2>>,
                       Shape<1, 8, 6, 6>, Shape<1, 16, 3, 3>>);
static_assert(outputIs<Sum<Conv2d<8, 8, 3, 1, 1>, Conv2d<8, 8, 1>, Identity>,
                       Shape<1, 8, 6, 6>, Shape<1, 8, 6, 6>>);
static_assert(outputIs<Concat<1, Conv2d<8, 4, 1>, Identity>, Shape<1, 8, 6, 6>,
                       Shape<1, 12, 6, 6>>);
static_assert(outputIs<Concat<-1, Linear<4, 2>, Linear<4, 3>, Identity>,
                       Shape<kDynamic, 4>, Shape<kDynamic, 9>>);
// Concatenating along the dynamic batch keeps it dynamic.
static_assert(outputIs<Concat<0, Identity, Identity>, Shape<kDynamic, 4>,
                       Shape<kDynamic, 4>>);
static_assert(
    outputIs<Concat<0, Identity, Identity>, Shape<3, 4>, Shape<6, 4>>);

// The reference models.
static_assert(
    std::is_same_v<nnid::models::SeedModel::OutputShape, Shape<1, 64, 28, 28>>);
static_assert(
    std::is_same_v<nnid::models::ResNet18Features::OutputShape, Shape<1, 512>>);
static_assert(std::is_same_v<nnid::models::DiverseBranchBlockModel::OutputShape,
                             Shape<1, 8, 16, 16>>);
static_assert(std::is_same_v<nnid::models::MultiNetAModel::OutputShape,
                             Shape<kDynamic, 5>>);
static_assert(std::is_same_v<nnid::models::SqueezeNet1_1Model::OutputShape,
                             Shape<1, 1000>>);
static_assert(
    std::is_same_v<nnid::models::GoogLeNetModel::OutputShape, Shape<1, 1000>>);
static_assert(std::is_same_v<nnid::models::MobileNetV2Model::OutputShape,
                             Shape<1, 1000>>);
// squeezenet1_1 on 224x224: the unpadded 3x3 stride-2 stem gives
// (224 - 3) / 2 + 1 = 111, the ceil_mode pools ceil((111 - 3) / 2) + 1 = 55
// (27 and 13 after them); a Fire concatenates its two expands.
static_assert(outputIs<nnid::models::squeezenet::Pool, Shape<1, 64, 111, 111>,
                       Shape<1, 64, 55, 55>>);
static_assert(outputIs<nnid::models::squeezenet::Fire<512, 64, 256, 256>,
                       Shape<1, 512, 13, 13>, Shape<1, 512, 13, 13>>);
// googlenet: maxpool1 on 112: ceil((112 - 3) / 2) + 1 = 56 (without
// ceil_mode, 55); maxpool4 on 14: 7; an Inception block concatenates
// 64 + 128 + 32 + 32 channels, its padded ceil_mode pool keeps the size.
static_assert(outputIs<nnid::models::googlenet::Pool<3>, Shape<1, 64, 112, 112>,
                       Shape<1, 64, 56, 56>>);
static_assert(outputIs<nnid::models::googlenet::Pool<2>, Shape<1, 832, 14, 14>,
                       Shape<1, 832, 7, 7>>);
static_assert(
    outputIs<nnid::models::googlenet::Inception<192, 64, 96, 128, 16, 32, 32>,
             Shape<1, 192, 28, 28>, Shape<1, 256, 28, 28>>);
// mobilenet_v2: an inverted residual block with stride 2 halves the size.
static_assert(
    outputIs<nnid::models::mobilenetv2::InvertedResidual<24, 32, 2, 6>,
             Shape<1, 24, 56, 56>, Shape<1, 32, 28, 28>>);
static_assert(
    outputIs<nnid::models::mobilenetv2::InvertedResidual<32, 32, 1, 6>,
             Shape<1, 32, 28, 28>, Shape<1, 32, 28, 28>>);
static_assert(std::is_same_v<Model<nnid::models::ResNet18Network<>,
                                   Input<kDynamic, 3, 224, 224>>::OutputShape,
                             Shape<kDynamic, 1000>>);
// resnet18 on 3x64x64: 32 after conv1, 16 after the pool, then 16, 8, 4, 2.
static_assert(std::is_same_v<OutputOf<nnid::models::ResNet18Network<Identity>,
                                      Shape<1, 3, 64, 64>>,
                             Shape<1, 512>>);

TEST(DSLShapeTest, ModelReportsInputAndOutputShapes) {
  using M = Model<Sequential<Conv2d<3, 8, 3, 2>, Flatten<>>,
                  Input<kDynamic, 3, 9, 9>>;
  EXPECT_EQ(M::getInputShape(), (std::vector<int64_t>{kDynamic, 3, 9, 9}));
  EXPECT_EQ(M::getOutputShape(), (std::vector<int64_t>{kDynamic, 8 * 4 * 4}));
  EXPECT_EQ(M::InputShape::rank, 4u);
  EXPECT_EQ(M::OutputShape::dims[1], 128);
}

TEST(DSLShapeTest, LayersExposeTheirHyperParameters) {
  using C = Conv2d<4, 6, Pair{1, 7}, 2, Pair{0, 3}, 1, 2, false>;
  EXPECT_EQ(C::kernelSize.h, 1);
  EXPECT_EQ(C::kernelSize.w, 7);
  EXPECT_EQ(C::stride.w, 2);
  EXPECT_EQ(C::padding.w, 3);
  EXPECT_EQ(C::groups, 2);
  EXPECT_FALSE(C::bias);
  EXPECT_EQ(MaxPool2d<3>::stride.h, 3);
  EXPECT_DOUBLE_EQ(BatchNorm2d<4>::eps, 1e-5);
  EXPECT_DOUBLE_EQ((BatchNorm1d<4, 1e-3>::eps), 1e-3);
  EXPECT_DOUBLE_EQ(Dropout<>::p, 0.5);
  EXPECT_DOUBLE_EQ(Dropout<0.2>::p, 0.2);
  EXPECT_EQ((Named<"conv1", C>::name), "conv1");
}

} // namespace
