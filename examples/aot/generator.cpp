//===- generator.cpp - the model generator of the examples ----------------===//
//
// One generator for the seven example models; the build runs it once per
// model (--model seed, resnet18, dbb, mlp, squeezenet1_1, googlenet,
// mobilenet_v2, mobilenet_v3_small) to write <model>.o and <model>.h. A
// generator of one model is a single line:
//
//   NNID_DEFINE_MODEL_GENERATOR(nnid::models::SeedModel, "seed")
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Generator.h"
#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MobileNetV3.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"

int main(int argc, char **argv) {
  using namespace nnid;
  return runModelGenerator(
      argc, argv,
      {makeGeneratorModel<models::SeedModel>("seed"),
       makeGeneratorModel<models::ResNet18Features>("resnet18"),
       makeGeneratorModel<models::DiverseBranchBlockModel>("dbb"),
       makeGeneratorModel<models::MultiNetAModel>("mlp"),
       makeGeneratorModel<models::SqueezeNet1_1Model>("squeezenet1_1"),
       makeGeneratorModel<models::GoogLeNetModel>("googlenet"),
       makeGeneratorModel<models::MobileNetV2Model>("mobilenet_v2"),
       makeGeneratorModel<models::MobileNetV3SmallModel>(
           "mobilenet_v3_small")});
}
