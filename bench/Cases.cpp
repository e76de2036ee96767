//===- Cases.cpp - the cases of nnid's benchmark --------------------------===//

#include "Cases.h"
#include "Models.h"

#include "models/ResNet18.h"
#include "models/SeedModel.h"

#include "nnid/DSL/Emit.h"

using namespace nnid;
using namespace nnid::bench;

namespace {

template <class M>
llvm::Error emitFrozen(mlir::ModuleOp module, nn::WeightSource &weights) {
  nn::EmitOptions options;
  options.weights = &weights;
  llvm::Expected<mlir::func::FuncOp> function =
      nn::emitModel<M>(module, options);
  return function ? llvm::Error::success() : function.takeError();
}

template <class M> constexpr BenchCase makeCase(const char *name) {
  return {name, &emitFrozen<M>, /*smoke=*/false};
}
template <class M> constexpr BenchCase makeSmokeCase(const char *name) {
  return {name, &emitFrozen<M>, /*smoke=*/true};
}

const BenchCase kCases[] = {
    makeCase<Conv3x3_64_56>("conv3x3_64_56"),
    makeCase<Conv3x3_128_28>("conv3x3_128_28"),
    makeCase<Conv3x3s2_64_128_56>("conv3x3s2_64_128_56"),
    makeCase<Conv1x1_256_64_56>("conv1x1_256_64_56"),
    makeCase<DwConv3x3_32_112>("dwconv3x3_32_112"),
    makeCase<GConv3x3_G8_64_56>("gconv3x3_g8_64_56"),
    makeCase<MaxPool3x3s2_64_112>("maxpool3x3s2_64_112"),
    makeCase<nnid::models::SeedModel>("seed_model"),
    makeCase<nnid::models::ResNet18Features>("resnet18_features"),
    makeCase<RepVGGDeploy_64_56>("repvgg_deploy_64_56"),
    makeCase<RepVGGTrain_64_56>("repvgg_train_64_56"),
    makeSmokeCase<SmokeConv3x3_8_16>("smoke_conv3x3_8_16"),
    makeSmokeCase<SmokeRepVGGTrain_8_16>("smoke_repvgg_train_8_16"),
};

} // namespace

llvm::ArrayRef<BenchCase> nnid::bench::getBenchCases() { return kCases; }
