//===- PackedKernels.cpp - constant conv kernels packed by channel block --===//
//
// A direct-conv kernel reads, for each tap and input channel, one block of
// output channels of an HWCF kernel: with F output channels, consecutive
// reads are F * 4 bytes apart. When F is a large power of two (256, 512)
// every read of a block falls into the same few cache sets, and a block's
// kernel (kh * kw * C * block floats, hundreds of KiB) cannot stay in L2
// between the pixel tiles that reuse it. Constant kernels are therefore
// repacked at compile time as [F / block, KH, KW, C, block], each block's
// kernel one contiguous run, the last block padded with zeros.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace nnid::cpu;

FailureOr<Value> nnid::cpu::packConvKernel(RewriterBase &rewriter,
                                           Operation *op, Value kernel,
                                           int64_t blockSize) {
  auto getGlobal = kernel.getDefiningOp<memref::GetGlobalOp>();
  if (!getGlobal)
    return failure();
  auto module = op->getParentOfType<ModuleOp>();
  if (!module)
    return failure();
  SymbolTable symbols(module);
  auto global = symbols.lookup<memref::GlobalOp>(getGlobal.getName());
  if (!global || !global.getConstant())
    return failure();
  auto values = dyn_cast_or_null<DenseFPElementsAttr>(
      global.getInitialValue().value_or(Attribute()));
  auto type = cast<MemRefType>(kernel.getType());
  if (!values || !type.getLayout().isIdentity() ||
      !type.getElementType().isF32())
    return failure();

  ArrayRef<int64_t> shape = type.getShape();
  int64_t taps = shape[0] * shape[1] * shape[2], filters = shape[3];
  int64_t numBlocks = (filters + blockSize - 1) / blockSize;
  std::string name = (global.getSymName() + "_packed" + Twine(blockSize)).str();
  auto packedType =
      MemRefType::get({numBlocks, shape[0], shape[1], shape[2], blockSize},
                      type.getElementType());
  auto packed = symbols.lookup<memref::GlobalOp>(name);
  if (!packed) {
    // [tap, f] -> [f / block, tap, f % block].
    std::vector<float> data(numBlocks * taps * blockSize, 0.0f);
    int64_t i = 0;
    for (float value : values.getValues<float>()) {
      int64_t tap = i / filters, f = i % filters;
      data[(f / blockSize * taps + tap) * blockSize + f % blockSize] = value;
      ++i;
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(global);
    auto tensorType = RankedTensorType::get(packedType.getShape(),
                                            packedType.getElementType());
    packed = memref::GlobalOp::create(
        rewriter, global.getLoc(), name, rewriter.getStringAttr("private"),
        packedType, DenseElementsAttr::get(tensorType, ArrayRef<float>(data)),
        /*constant=*/true, rewriter.getI64IntegerAttr(64));
    symbols.insert(packed);
  }
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(getGlobal);
  return memref::GetGlobalOp::create(rewriter, getGlobal.getLoc(), packedType,
                                     packed.getSymName())
      .getResult();
}

void nnid::cpu::eraseIfUnused(RewriterBase &rewriter, Value kernel) {
  auto getGlobal = kernel.getDefiningOp<memref::GetGlobalOp>();
  if (!getGlobal || !getGlobal->use_empty())
    return;
  auto module = getGlobal->getParentOfType<ModuleOp>();
  StringAttr name = getGlobal.getNameAttr().getAttr();
  rewriter.eraseOp(getGlobal);
  if (!module)
    return;
  Operation *global = SymbolTable::lookupSymbolIn(module, name);
  if (global && SymbolTable::symbolKnownUseEmpty(name, module))
    rewriter.eraseOp(global);
}
