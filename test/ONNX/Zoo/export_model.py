#!/usr/bin/python3
"""Exports a model to an ONNX test directory with PyTorch's output.

Usage: export_model.py NAME OUTDIR [--batch N] [--float64]

Writes OUTDIR/model.onnx (torch.onnx.export, opset 13, eval mode, input
"input", output "output") and OUTDIR/test_data_set_0/input_0.pb and
output_0.pb (TensorProto files): a seeded random float32 input and
PyTorch's output for it, the layout `nnid-run --test OUTDIR` reads. With
--float64 the expected output is the model's in float64 (the exact result
nnid's and PyTorch's float32 both approximate).

NAME is a torchvision classification model (weights=None, seeded random
weights; batch-norm running statistics measured on random batches in train
mode, as training would leave them, so that activations stay near unit
scale through deep networks), or one of the seed models: seed_model and
resnet18_identity_fc (examples/reference_models.py). Nothing is
downloaded. Run with Debian's python3 (torch 1.13, torchvision 0.14, onnx).
"""

import argparse
import os
import sys
import time

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torchvision

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "examples"))
import reference_models  # noqa: E402  (the seed models' PyTorch modules)

# torchvision models: name -> (constructor arguments, input size).
TORCHVISION = {
    "alexnet": ({}, 224),
    "vgg11_bn": ({}, 224),
    "resnet18": ({}, 224),
    "resnet50": ({}, 224),
    "resnext50_32x4d": ({}, 224),
    "wide_resnet50_2": ({}, 224),
    "squeezenet1_1": ({}, 224),
    "densenet121": ({}, 224),
    "googlenet": ({"aux_logits": False, "init_weights": True}, 224),
    "inception_v3": ({"aux_logits": False, "init_weights": True}, 299),
    "mnasnet0_5": ({}, 224),
    "mnasnet1_0": ({}, 224),
    "regnet_x_400mf": ({}, 224),
    "mobilenet_v2": ({}, 224),
    "mobilenet_v3_small": ({}, 224),
    "mobilenet_v3_large": ({}, 224),
    "efficientnet_b0": ({}, 224),
    "shufflenet_v2_x0_5": ({}, 224),
    "regnet_y_400mf": ({}, 224),
    "convnext_tiny": ({}, 224),
    "efficientnet_v2_s": ({}, 224),
}
SEED_MODELS = {
    "seed_model": reference_models.MyModel,
    "resnet18_identity_fc": reference_models.resnet18_features,
}


def measure_batch_norms(model, size, batches=3, batch_size=4):
    """Running statistics of every batch norm measured on random batches in
    train mode (momentum None: their cumulative average), then the model's
    momenta restored."""
    norms = [m for m in model.modules()
             if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn(batch_size, 3, size, size))
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum


def build(name):
    """The model in eval mode and its input size."""
    torch.manual_seed(0)
    if name in SEED_MODELS:
        model, size = SEED_MODELS[name](), 224
    else:
        kwargs, size = TORCHVISION[name]
        model = getattr(torchvision.models, name)(weights=None, **kwargs)
    measure_batch_norms(model, size)
    return model.eval(), size


def write_tensor(path, array, name):
    with open(path, "wb") as out:
        out.write(onnx.numpy_helper.from_array(array, name).SerializeToString())


def export(name, out_dir, batch, float64=False):
    model, size = build(name)
    torch.manual_seed(1)
    x = torch.randn(batch, 3, size, size)
    with torch.no_grad():
        if float64:
            # The exact result, as near as float64 gets, rounded once to
            # float32; the model goes back to float32 for the export.
            expected = model.double()(x.double()).float()
            model.float()
        else:
            expected = model(x)

    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=13,
                      do_constant_folding=True, input_names=["input"],
                      output_names=["output"])
    graph = onnx.load(path, load_external_data=False).graph
    inputs = [i.name for i in graph.input
              if i.name not in {t.name for t in graph.initializer}]
    assert inputs == ["input"] and [o.name for o in graph.output] == ["output"]

    data = os.path.join(out_dir, "test_data_set_0")
    write_tensor(os.path.join(data, "input_0.pb"), x.numpy(), "input")
    write_tensor(os.path.join(data, "output_0.pb"), expected.numpy(), "output")
    return tuple(expected.shape)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", choices=sorted([*TORCHVISION, *SEED_MODELS]))
    parser.add_argument("out_dir")
    parser.add_argument("--batch", type=int, default=1,
                        help="the input's batch size (default 1)")
    parser.add_argument("--float64", action="store_true",
                        help="the expected output computed in float64 "
                        "rather than PyTorch's float32")
    args = parser.parse_args(argv)
    start = time.time()
    shape = export(args.name, args.out_dir, args.batch, args.float64)
    print("%s: output %s, exported in %.1f s"
          % (args.name, list(shape), time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
