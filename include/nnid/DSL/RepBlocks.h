//===- RepBlocks.h - training-form re-parameterizable blocks ----*- C++ -*-===//
//
// The training-time blocks of RepVGG and Diverse Branch Block, with their
// authors' hyper-parameters and state_dict names, so that a state_dict
// exported from their PyTorch modules loads as it is. Emitted with frozen
// weights, each block is fused by --nnid-reparameterize (which the CPU and
// GPU pipelines run by default) into one conv2d followed by its
// nonlinearity, the block's deploy form.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_REPBLOCKS_H
#define NNID_DSL_REPBLOCKS_H

#include "nnid/DSL/Activation.h"
#include "nnid/DSL/Branches.h"
#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Conv.h"
#include "nnid/DSL/Norm.h"
#include "nnid/DSL/Pad.h"
#include "nnid/DSL/Pool.h"
#include "nnid/DSL/Sequence.h"

#include <type_traits>

namespace nnid::nn {

/// conv_bn() of RepVGG and Diverse Branch Block:
///
///   nn.Sequential(conv=nn.Conv2d(In, Out, Kernel, Stride, Padding,
///                                groups=Groups, bias=False),
///                 bn=nn.BatchNorm2d(Out))
template <int64_t In, int64_t Out, int64_t Kernel, int64_t Stride,
          int64_t Padding, int64_t Groups = 1>
using ConvBN =
    Sequential<Named<"conv", Conv2d<In, Out, Kernel, Stride, Padding, 1, Groups,
                                    /*Bias=*/false>>,
               Named<"bn", BatchNorm2d<Out>>>;

namespace detail {

/// The blocks build their branches with valid hyper-parameters, so that a
/// bad one is reported once, by the block's own check, and not again by
/// every branch. The odd kernel size nearest to Kernel:
constexpr int64_t oddKernel(int64_t kernel) {
  return kernel % 2 == 1 ? kernel : kernel + 1;
}
/// Groups, or 1 where it does not divide both channel counts.
constexpr int64_t validGroups(int64_t groups, int64_t in, int64_t out) {
  return groups > 0 && in % groups == 0 && out % groups == 0 ? groups : 1;
}

template <int64_t In, int64_t Out, int64_t Kernel, int64_t Stride,
          int64_t Groups>
struct RepVGGBody {
  static constexpr int64_t padding = Kernel / 2;
  static constexpr bool hasIdentity = In == Out && Stride == 1;

  using Dense =
      Named<"rbr_dense", ConvBN<In, Out, Kernel, Stride, padding, Groups>>;
  using OneByOne =
      Named<"rbr_1x1",
            ConvBN<In, Out, 1, Stride, padding - Kernel / 2, Groups>>;
  using IdentityBranch = Named<"rbr_identity", BatchNorm2d<In>>;
  using Branches =
      std::conditional_t<hasIdentity, Sum<Dense, OneByOne, IdentityBranch>,
                         Sum<Dense, OneByOne>>;
  using type = Module<Chain<Branches, Named<"nonlinearity", ReLU>>,
                      "rbr_identity", "rbr_dense", "rbr_1x1">;
};

} // namespace detail

/// RepVGG's training-time block (DingXiaoH/RepVGG, repvgg.py, use_se=False):
///
///   class RepVGGBlock(nn.Module):
///       def __init__(self, in_channels, out_channels, kernel_size,
///                    stride=1, padding=0, dilation=1, groups=1, ...):
///           assert kernel_size == 3 and padding == 1
///           padding_11 = padding - kernel_size // 2
///           self.nonlinearity = nn.ReLU()
///           self.rbr_identity = (nn.BatchNorm2d(in_channels)
///               if out_channels == in_channels and stride == 1 else None)
///           self.rbr_dense = conv_bn(in_channels, out_channels, kernel_size,
///                                    stride, padding, groups)
///           self.rbr_1x1 = conv_bn(in_channels, out_channels, 1, stride,
///                                  padding_11, groups)
///
///       def forward(self, x):
///           id_out = 0 if self.rbr_identity is None else self.rbr_identity(x)
///           return self.nonlinearity(self.rbr_dense(x) + self.rbr_1x1(x)
///                                    + id_out)
///
/// Parameters, in state_dict order: rbr_identity.* (only when In == Out and
/// Stride == 1), rbr_dense.conv.weight, rbr_dense.bn.*, rbr_1x1.conv.weight,
/// rbr_1x1.bn.*, where * and bn.* stand for weight, bias, running_mean,
/// running_var, num_batches_tracked. Kernel may be any odd size (RepVGG's code
/// asserts 3); Padding must be Kernel / 2.
template <int64_t In, int64_t Out, int64_t Kernel = 3, int64_t Stride = 1,
          int64_t Padding = 1, int64_t Groups = 1>
struct RepVGGBlock
    : detail::RepVGGBody<In, Out, detail::oddKernel(Kernel), Stride,
                         detail::validGroups(Groups, In, Out)>::type {
  static_assert(check::IsOdd<Kernel>, "RepVGGBlock: kernel_size must be odd");
  static_assert(check::PaddingIsHalfKernel<Padding, Kernel>,
                "RepVGGBlock: padding must be kernel_size / 2 (RepVGG "
                "asserts kernel_size == 3 and padding == 1)");
  static_assert(check::GroupsDivideChannels<Groups, In> &&
                    check::GroupsDivideChannels<Groups, Out>,
                "RepVGGBlock: groups must divide in_channels and "
                "out_channels");

  /// Whether the block has the identity branch rbr_identity.
  static constexpr bool hasIdentity = In == Out && Stride == 1;
};

namespace detail {

/// The batch norm of DBB's BNAndPadLayer, its attribute `bn`. BNAndPadLayer
/// pads its output with the batch norm's value on zeros; nnid pads with
/// zeros, so DBBBody puts that border in front of the bias-free 1x1 that
/// precedes the batch norm: the 1x1 keeps the border at zero, and the batch
/// norm maps it to exactly BNAndPadLayer's value.
template <int64_t Features>
using BNAndPadLayer = Named<"bn", BatchNorm2d<Features>>;

/// internal_channels_1x1_3x3, 0 standing for None: DBB's default.
constexpr int64_t dbbInternalChannels(int64_t in, int64_t out, int64_t groups,
                                      int64_t internal) {
  if (internal != 0)
    return internal;
  return groups < out ? in : 2 * in;
}

template <int64_t In, int64_t Out, int64_t Kernel, int64_t Stride,
          int64_t Groups, int64_t Internal, class Nonlinear>
struct DBBBody {
  static constexpr int64_t padding = Kernel / 2;
  static constexpr bool hasOneByOne = Groups < Out;

  using Origin =
      Named<"dbb_origin", ConvBN<In, Out, Kernel, Stride, padding, Groups>>;
  using OneByOne = Named<"dbb_1x1", ConvBN<In, Out, 1, Stride, 0, Groups>>;
  using Avg =
      Named<"dbb_avg",
            std::conditional_t<
                hasOneByOne,
                Chain<Named<"conv", Conv2d<In, Out, 1, 1, padding, 1, Groups,
                                           /*Bias=*/false>>,
                      Named<"bn", BNAndPadLayer<Out>>,
                      Named<"avg", AvgPool2d<Kernel, Stride, 0>>,
                      Named<"avgbn", BatchNorm2d<Out>>>,
                Chain<Named<"avg", AvgPool2d<Kernel, Stride, padding>>,
                      Named<"avgbn", BatchNorm2d<Out>>>>>;
  // identity_conv1x1 has no padding: a ZeroPad2d in front supplies bn1's
  // border.
  using First = std::conditional_t<
      Internal == In,
      Chain<ZeroPad2d<padding>,
            Named<"idconv1", IdentityBasedConv1x1<In, Groups>>>,
      Named<"conv1", Conv2d<In, Internal, 1, 1, padding, 1, Groups,
                            /*Bias=*/false>>>;
  using OneByOneKxK = Named<
      "dbb_1x1_kxk",
      Chain<First, Named<"bn1", BNAndPadLayer<Internal>>,
            Named<"conv2", Conv2d<Internal, Out, Kernel, Stride, 0, 1, Groups,
                                  /*Bias=*/false>>,
            Named<"bn2", BatchNorm2d<Out>>>>;
  using Branches =
      std::conditional_t<hasOneByOne, Sum<Origin, OneByOne, Avg, OneByOneKxK>,
                         Sum<Origin, Avg, OneByOneKxK>>;
  using type = Module<Chain<Branches, Named<"nonlinear", Nonlinear>>,
                      "dbb_origin", "dbb_avg", "dbb_1x1", "dbb_1x1_kxk">;
};

} // namespace detail

/// Diverse Branch Block's training-time block (DingXiaoH/DiverseBranchBlock,
/// diversebranchblock.py; abridged, add_module() calls written as
/// assignments):
///
///   class DiverseBranchBlock(nn.Module):
///       def __init__(self, in_channels, out_channels, kernel_size,
///                    stride=1, padding=0, dilation=1, groups=1,
///                    internal_channels_1x1_3x3=None, deploy=False,
///                    nonlinear=None, single_init=False):
///           cin, cout, k = in_channels, out_channels, kernel_size
///           self.nonlinear = (nn.Identity() if nonlinear is None
///                             else nonlinear)
///           assert padding == k // 2
///           self.dbb_origin = conv_bn(cin, cout, k, stride, padding, groups)
///           self.dbb_avg = nn.Sequential()
///           if groups < cout:
///               self.dbb_avg.conv = nn.Conv2d(cin, cout, 1, groups=groups,
///                                             bias=False)
///               self.dbb_avg.bn = BNAndPadLayer(padding, cout)
///               self.dbb_avg.avg = nn.AvgPool2d(k, stride, 0)
///               self.dbb_1x1 = conv_bn(cin, cout, 1, stride, 0, groups)
///           else:
///               self.dbb_avg.avg = nn.AvgPool2d(k, stride, padding)
///           self.dbb_avg.avgbn = nn.BatchNorm2d(cout)
///           internal = internal_channels_1x1_3x3
///           if internal is None:
///               internal = cin if groups < cout else 2 * cin
///           self.dbb_1x1_kxk = nn.Sequential()
///           if internal == cin:
///               self.dbb_1x1_kxk.idconv1 = IdentityBasedConv1x1(cin, groups)
///           else:
///               self.dbb_1x1_kxk.conv1 = nn.Conv2d(cin, internal, 1,
///                                                  groups=groups, bias=False)
///           self.dbb_1x1_kxk.bn1 = BNAndPadLayer(padding, internal)
///           self.dbb_1x1_kxk.conv2 = nn.Conv2d(internal, cout, k, stride, 0,
///                                              groups=groups, bias=False)
///           self.dbb_1x1_kxk.bn2 = nn.BatchNorm2d(cout)
///
///       def forward(self, x):
///           out = self.dbb_origin(x)
///           if hasattr(self, 'dbb_1x1'):
///               out += self.dbb_1x1(x)
///           out += self.dbb_avg(x)
///           out += self.dbb_1x1_kxk(x)
///           return self.nonlinear(out)
///
/// InternalChannels is internal_channels_1x1_3x3, 0 standing for None
/// (DBB's choice above). Nonlinear is the layer DBB's `nonlinear` holds:
/// Identity by default, as in DBB, or e.g. ReLU. Parameters, in state_dict
/// order: dbb_origin.conv.weight, dbb_origin.bn.*, dbb_avg.conv.weight and
/// dbb_avg.bn.bn.* (when Groups < Out), dbb_avg.avgbn.*, dbb_1x1.conv.weight
/// and dbb_1x1.bn.* (when Groups < Out), dbb_1x1_kxk.idconv1.weight (or
/// .conv1.weight), dbb_1x1_kxk.bn1.bn.*, dbb_1x1_kxk.conv2.weight,
/// dbb_1x1_kxk.bn2.*, where bn.* stands for weight, bias, running_mean,
/// running_var, num_batches_tracked. Padding must be Kernel / 2, as DBB
/// asserts; dilation is 1.
///
/// The block computes exactly what the PyTorch module computes in eval mode:
/// BNAndPadLayer's border (its batch norm's value on zeros) is written as a
/// zero border in front of the bias-free 1x1 before it (a padded conv, or a
/// ZeroPad2d before idconv1), which the 1x1 keeps at zero and the batch
/// norm maps to that value.
template <int64_t In, int64_t Out, int64_t Kernel = 3, int64_t Stride = 1,
          int64_t Padding = 1, int64_t Groups = 1, int64_t InternalChannels = 0,
          class Nonlinear = Identity>
struct DiverseBranchBlock
    : detail::DBBBody<In, Out, detail::oddKernel(Kernel), Stride,
                      detail::validGroups(Groups, In, Out),
                      detail::dbbInternalChannels(
                          In, Out, detail::validGroups(Groups, In, Out),
                          InternalChannels),
                      Nonlinear>::type {
  static_assert(check::IsOdd<Kernel>,
                "DiverseBranchBlock: kernel_size must be odd");
  static_assert(check::PaddingIsHalfKernel<Padding, Kernel>,
                "DiverseBranchBlock: padding must be kernel_size / 2 (DBB "
                "asserts it)");
  static_assert(check::GroupsDivideChannels<Groups, In> &&
                    check::GroupsDivideChannels<Groups, Out>,
                "DiverseBranchBlock: groups must divide in_channels and "
                "out_channels");

  /// internal_channels_1x1_3x3, as DBB chooses it when 0 (None).
  static constexpr int64_t internalChannels =
      detail::dbbInternalChannels(In, Out, Groups, InternalChannels);
  /// Whether dbb_1x1_kxk starts with an IdentityBasedConv1x1 (idconv1)
  /// rather than a 1x1 conv (conv1).
  static constexpr bool hasIdConv = internalChannels == In;
  /// Whether the block has dbb_1x1 (and dbb_avg its 1x1 conv and BN).
  static constexpr bool hasOneByOne = Groups < Out;
};

} // namespace nnid::nn

#endif // NNID_DSL_REPBLOCKS_H
