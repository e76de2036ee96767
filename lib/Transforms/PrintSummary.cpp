//===- PrintSummary.cpp - the --nnid-print-summary pass -------------------===//
//
// nnid::printSummary and the analysis pass that prints it for every
// function. Each nnid op has a cost() overload below; the op list generated
// from dialect/NnidOps.td selects them, so an op without one does not
// compile.
//
//===----------------------------------------------------------------------===//

#include "nnid/Transforms/Passes.h"
#include "nnid/Transforms/Summary.h"

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <numeric>
#include <optional>
#include <string>

namespace nnid {
#define GEN_PASS_DEF_PRINTSUMMARY
#include "nnid/Transforms/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

/// A count that saturates at 2^64 - 1 instead of wrapping.
struct Count {
  uint64_t value = 0;

  Count() = default;
  Count(uint64_t value) : value(value) {}

  friend Count operator+(Count a, Count b) {
    return llvm::SaturatingAdd(a.value, b.value);
  }
  friend Count operator*(Count a, Count b) {
    return llvm::SaturatingMultiply(a.value, b.value);
  }
  bool overflowed() const { return value == UINT64_MAX; }
};

/// The product of `type`'s dimensions from `from` on, a dynamic one counted
/// as 1.
Count getDimProduct(Type type, unsigned from = 0) {
  Count count = 1;
  for (int64_t dim : cast<ShapedType>(type).getShape().drop_front(from))
    count = count * Count(ShapedType::isDynamic(dim) ? 1 : uint64_t(dim));
  return count;
}

/// The elements of a shaped type, a dynamic dimension counted as 1.
Count getNumElements(Type type) { return getDimProduct(type); }

Count getNumElements(Value value) {
  return value ? getNumElements(value.getType()) : Count(0);
}

/// What one op costs.
struct Cost {
  Count parameters;
  Count flops;
};

/// The output's elements.
Count out(Operation *op) { return getNumElements(op->getResult(0)); }

Cost cost(Conv2dOp op) {
  // (Cin / groups) * kh * kw: the weight [Cout, Cin / groups, kh, kw]
  // without its first dimension.
  Count flops = Count(2) * out(op) * getDimProduct(op.getWeight().getType(), 1);
  if (op.getBias())
    flops = flops + out(op);
  return {getNumElements(op.getWeight()) + getNumElements(op.getBias()), flops};
}

Cost cost(IdentityConv1x1Op op) {
  auto weight = cast<RankedTensorType>(op.getWeight().getType());
  // A 1x1 conv2d without bias: the weight is [C, C / groups, 1, 1].
  return {getNumElements(weight),
          Count(2) * out(op) * Count(uint64_t(weight.getDimSize(1)))};
}

Cost cost(LinearOp op) {
  auto weight = cast<RankedTensorType>(op.getWeight().getType());
  Count flops = Count(2) * out(op) * Count(uint64_t(weight.getDimSize(1)));
  if (op.getBias())
    flops = flops + out(op);
  return {getNumElements(op.getWeight()) + getNumElements(op.getBias()), flops};
}

Cost cost(BatchNormOp op) {
  return {getNumElements(op.getWeight()) + getNumElements(op.getBias()) +
              getNumElements(op.getRunningMean()) +
              getNumElements(op.getRunningVar()),
          Count(2) * out(op)};
}

Cost cost(ReluOp op) { return {0, out(op)}; }
Cost cost(AddOp op) { return {0, out(op)}; }
Cost cost(MulOp op) { return {0, out(op)}; }
// An activation function: one FLOP per element, as for relu (the work of
// an exp or tanh is not counted).
#define NNID_ACTIVATION_COST(OP)                                               \
  Cost cost(OP op) { return {0, out(op)}; }
NNID_ACTIVATION_COST(HardtanhOp)
NNID_ACTIVATION_COST(SigmoidOp)
NNID_ACTIVATION_COST(SiluOp)
NNID_ACTIVATION_COST(HardsigmoidOp)
NNID_ACTIVATION_COST(HardswishOp)
NNID_ACTIVATION_COST(GeluOp)
NNID_ACTIVATION_COST(LeakyReluOp)
NNID_ACTIVATION_COST(EluOp)
NNID_ACTIVATION_COST(SeluOp)
NNID_ACTIVATION_COST(SoftplusOp)
NNID_ACTIVATION_COST(SoftsignOp)
NNID_ACTIVATION_COST(TanhOp)
#undef NNID_ACTIVATION_COST

Cost poolCost(Operation *op, ArrayRef<int64_t> kernelSize) {
  return {0, out(op) * Count(uint64_t(kernelSize[0])) *
                 Count(uint64_t(kernelSize[1]))};
}
Cost cost(MaxPool2dOp op) { return poolCost(op, op.getKernelSize()); }
Cost cost(AvgPool2dOp op) { return poolCost(op, op.getKernelSize()); }

/// The elements of all `bins` bins of PyTorch's adaptive pooling over
/// `size` elements: bin i spans [floor(i * size / bins), ceil((i + 1) * size
/// / bins)), and the sum of their lengths is size + bins - gcd(size, bins).
Count getAdaptiveBinElements(int64_t size, int64_t bins) {
  return Count(uint64_t(size + bins - std::gcd(size, bins)));
}

Cost cost(AdaptiveAvgPool2dOp op) {
  auto input = cast<RankedTensorType>(op.getInput().getType());
  ArrayRef<int64_t> outputSize = op.getOutputSize();
  // N * C, times the bins' elements along H and along W.
  Count channels =
      Count(input.isDynamicDim(0) ? 1 : uint64_t(input.getDimSize(0))) *
      Count(uint64_t(input.getDimSize(1)));
  return {0, channels *
                 getAdaptiveBinElements(input.getDimSize(2), outputSize[0]) *
                 getAdaptiveBinElements(input.getDimSize(3), outputSize[1])};
}

Cost cost(IdentityOp) { return {}; }
Cost cost(FlattenOp) { return {}; }
Cost cost(ConcatOp) { return {}; }

/// The cost of `op` when it is one of OpTys (the dialect's ops), through
/// the cost() overload of its class.
template <typename... OpTys> std::optional<Cost> getCost(Operation *op) {
  std::optional<Cost> result;
  (void)((isa<OpTys>(op) ? (result = cost(cast<OpTys>(op)), true) : false) ||
         ...);
  return result;
}

std::optional<Cost> getNnidOpCost(Operation *op) {
  return getCost<
#define GET_OP_LIST
#include "nnid/Dialect/Nnid/NnidOps.cpp.inc"
      >(op);
}

/// The layer name a location carries, if any.
std::optional<StringRef> getLayerName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    if (!name.getName().getValue().empty())
      return name.getName().getValue();
  if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    if (std::optional<StringRef> name = getLayerName(callSite.getCallee()))
      return name;
    return getLayerName(callSite.getCaller());
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::optional<StringRef> name = getLayerName(inner))
        return name;
  if (auto opaque = dyn_cast<OpaqueLoc>(loc))
    return getLayerName(opaque.getFallbackLocation());
  return std::nullopt;
}

std::string formatShape(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return "?";
  if (shaped.getRank() == 0)
    return "scalar";
  std::string result;
  llvm::raw_string_ostream os(result);
  llvm::interleave(
      shaped.getShape(), os,
      [&](int64_t dim) {
        if (ShapedType::isDynamic(dim))
          os << '?';
        else
          os << dim;
      },
      "x");
  return result;
}

std::string formatCount(Count count) {
  return count.overflowed() ? std::string("overflow")
                            : std::to_string(count.value);
}

} // namespace

void nnid::printSummary(func::FuncOp function, raw_ostream &os) {
  // Columns: layer, op, output shape (left-aligned), parameters, FLOPs
  // (right-aligned).
  constexpr size_t kColumns = 5;
  using Row = std::array<std::string, kColumns>;
  SmallVector<Row> rows;
  Count totalParameters, totalFlops;
  bool dynamic = false;
  llvm::StringMap<unsigned> opsOfKind;

  function.walk<WalkOrder::PreOrder>([&](Operation *opPtr) {
    Operation &op = *opPtr;
    if (!isa_and_present<NnidDialect>(op.getDialect()))
      return;
    StringRef mnemonic = op.getName().stripDialect();
    unsigned index = opsOfKind[mnemonic]++;
    std::optional<StringRef> name = getLayerName(op.getLoc());
    std::string layer =
        name ? name->str() : (mnemonic + "_" + std::to_string(index)).str();
    std::string shape = "-";
    if (op.getNumResults() != 0) {
      Type type = op.getResult(0).getType();
      shape = formatShape(type);
      if (auto shaped = dyn_cast<ShapedType>(type))
        dynamic |= !shaped.hasStaticShape();
    }
    // Every nnid op has a cost; the op list makes it so.
    std::optional<Cost> opCost = getNnidOpCost(&op);
    assert(opCost && "an nnid op without a cost() overload");
    Cost cost = opCost.value_or(Cost());
    totalParameters = totalParameters + cost.parameters;
    totalFlops = totalFlops + cost.flops;
    rows.push_back({layer, mnemonic.str(), shape, formatCount(cost.parameters),
                    formatCount(cost.flops)});
  });

  os << "Summary of @" << function.getSymName() << " (" << rows.size()
     << " nnid op" << (rows.size() == 1 ? "" : "s");
  if (dynamic)
    os << "; dynamic batch: FLOPs for batch 1";
  os << ")\n";

  Row header = {"layer", "op", "output shape", "parameters", "FLOPs"};
  Row totals = {"total", "", "", formatCount(totalParameters),
                formatCount(totalFlops)};
  std::array<unsigned, kColumns> widths;
  for (size_t column = 0; column < kColumns; ++column) {
    widths[column] = std::max(header[column].size(), totals[column].size());
    for (const Row &row : rows)
      widths[column] = std::max<unsigned>(widths[column], row[column].size());
  }
  auto printRow = [&](const Row &row) {
    std::string line;
    llvm::raw_string_ostream lineOs(line);
    for (size_t column = 0; column < kColumns; ++column) {
      if (column != 0)
        lineOs << "  ";
      if (column < 3)
        lineOs << llvm::left_justify(row[column], widths[column]);
      else
        lineOs << llvm::right_justify(row[column], widths[column]);
    }
    os << StringRef(line).rtrim() << '\n';
  };
  auto printRule = [&] {
    Row rule;
    for (size_t column = 0; column < kColumns; ++column)
      rule[column] = std::string(widths[column], '-');
    printRow(rule);
  };
  printRow(header);
  printRule();
  for (const Row &row : rows)
    printRow(row);
  printRule();
  printRow(totals);
}

namespace {
struct PrintSummaryPass : nnid::impl::PrintSummaryBase<PrintSummaryPass> {
  using Base::Base;

  void runOnOperation() override {
    bool first = true;
    getOperation()->walk([&](func::FuncOp function) {
      if (function.isExternal())
        return;
      // One table per function, an empty line between them.
      if (!first)
        llvm::errs() << '\n';
      first = false;
      printSummary(function, llvm::errs());
    });
    markAllAnalysesPreserved();
  }
};
} // namespace
