//===- EntryWrapper.cpp - the buffers compiled code is called with --------===//

#include "EntryWrapper.h"

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Support/Error.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace nnid;

static TensorSpec getSpec(const EntryTensor &tensor) {
  TensorSpec spec;
  spec.name = tensor.name;
  // TensorSpec::kDynamic is ShapedType::kDynamic.
  spec.shape.assign(tensor.type.getShape().begin(),
                    tensor.type.getShape().end());
  return spec;
}

llvm::Expected<nnid::detail::EntryWrapper>
nnid::detail::describeEntryWrapper(ModuleOp module, StringRef entry) {
  auto signature = getEntrySignature(module, entry);
  if (!signature)
    return signature.takeError();
  EntryWrapper wrapper;
  wrapper.name = getEntryWrapperName(signature->function.getSymName());
  if (module.lookupSymbol(wrapper.name))
    return makeError("the module already has a symbol '" + wrapper.name + "'");
  for (const EntryTensor &input : signature->inputs)
    wrapper.inputs.push_back(getSpec(input));
  for (const EntryTensor &output : signature->outputs)
    wrapper.outputs.push_back(getSpec(output));
  return wrapper;
}

llvm::Expected<int64_t>
nnid::detail::getWorkspaceBytes(mlir::ModuleOp lowered,
                                const EntryWrapper &wrapper) {
  auto fn = lowered.lookupSymbol<mlir::LLVM::LLVMFuncOp>(wrapper.name);
  auto bytes =
      fn ? fn->getAttrOfType<mlir::IntegerAttr>(nnid::kWorkspaceBytesAttrName)
         : mlir::IntegerAttr();
  if (!bytes)
    return makeError("the compiled '" + wrapper.name +
                     "' does not say the size of its workspace");
  return bytes.getInt();
}
