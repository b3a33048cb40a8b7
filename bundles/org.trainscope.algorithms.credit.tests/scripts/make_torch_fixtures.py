#!/usr/bin/python3
"""Reference values from PyTorch for the credit operators (convolutions, transposed convolutions,
pooling, batch norm, softmax, log-softmax).

Run with the system Python that has python3-torch:  /usr/bin/python3 scripts/make_torch_fixtures.py
Writes fixtures/torch_reference.json: per case the input, parameters, attributes, an upstream
gradient, and PyTorch's forward output and input gradient. The Java test reads only the JSON.
"""
import json
import os

import torch

torch.manual_seed(1234)


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def case(name, op_type, attrs, params, x, module_fn):
    x = x.clone().requires_grad_(True)
    y = module_fn(x)
    g = torch.randn_like(y)
    y.backward(g)
    return {"name": name, "type": op_type, "attributes": attrs,
            "params": {k: t(v) for k, v in params.items()},
            "x": t(x), "g": t(g), "y": t(y), "dx": t(x.grad)}


cases = []
conv = torch.nn.Conv2d(3, 4, 3, stride=2, padding=1)
cases.append(case("conv2d k3 s2 p1", "conv2d", {"stride": "[2, 2]", "padding": "[1, 1]"},
                  {"weight": conv.weight, "bias": conv.bias}, torch.randn(2, 3, 7, 6), conv))
conv5 = torch.nn.Conv2d(2, 3, (3, 2), stride=1, padding=0, bias=False)
cases.append(case("conv2d k3x2 no bias", "conv2d", {"stride": "1", "padding": "0"},
                  {"weight": conv5.weight}, torch.randn(2, 2, 5, 5), conv5))
cases.append(case("maxpool k3 s2 p1", "maxpool", {"kernel_size": "3", "stride": "2", "padding": "1"}, {},
                  torch.randn(2, 3, 6, 6), torch.nn.MaxPool2d(3, stride=2, padding=1)))
cases.append(case("maxpool k2", "maxpool", {"kernel_size": "2", "stride": "2"}, {},
                  torch.randn(2, 2, 4, 6), torch.nn.MaxPool2d(2)))
cases.append(case("avgpool k2 s2 p1", "avgpool", {"kernel_size": "2", "stride": "2", "padding": "1"}, {},
                  torch.randn(2, 2, 5, 5), torch.nn.AvgPool2d(2, stride=2, padding=1)))
bn = torch.nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(torch.randn(3))
    bn.bias.copy_(torch.randn(3))
    bn.running_mean.copy_(torch.randn(3))
    bn.running_var.copy_(torch.rand(3) + 0.5)
bn.eval()
cases.append(case("batchnorm2d eval", "batchnorm", {"eps": str(bn.eps)},
                  {"weight": bn.weight, "bias": bn.bias, "running_mean": bn.running_mean,
                   "running_var": bn.running_var}, torch.randn(2, 3, 3, 4), bn))

convg = torch.nn.Conv2d(4, 6, 3, stride=1, padding=2, dilation=2, groups=2)
cases.append(case("conv2d groups 2 dilation 2", "conv2d",
                  {"stride": "[1, 1]", "padding": "[2, 2]", "dilation": "[2, 2]", "groups": "2"},
                  {"weight": convg.weight, "bias": convg.bias}, torch.randn(2, 4, 6, 5), convg))
deconv = torch.nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1)
cases.append(case("conv_transpose2d k4 s2 p1", "conv_transpose2d",
                  {"in_channels": "3", "out_channels": "2", "kernel_size": "[4, 4]", "stride": "[2, 2]",
                   "padding": "[1, 1]", "output_padding": "[0, 0]", "dilation": "[1, 1]", "groups": "1"},
                  {"weight": deconv.weight, "bias": deconv.bias}, torch.randn(2, 3, 3, 4), deconv))
deconv2 = torch.nn.ConvTranspose2d(4, 6, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 2),
                                   groups=2, dilation=(1, 2))
cases.append(case("conv_transpose2d groups 2 output_padding dilation", "conv_transpose2d",
                  {"kernel_size": "[3, 2]", "stride": "[2, 3]", "padding": "[1, 0]", "output_padding": "[1, 2]",
                   "dilation": "[1, 2]", "groups": "2"},
                  {"weight": deconv2.weight, "bias": deconv2.bias}, torch.randn(2, 4, 3, 3), deconv2))
deconv3 = torch.nn.ConvTranspose2d(2, 3, 3, stride=1, padding=0, bias=False)
cases.append(case("conv_transpose2d k3 s1 no bias", "conv_transpose2d", {},
                  {"weight": deconv3.weight}, torch.randn(2, 2, 4, 4), deconv3))
cases.append(case("softmax dim 1", "softmax", {"dim": "1"}, {}, torch.randn(3, 5) * 3, torch.nn.Softmax(dim=1)))
cases.append(case("softmax over channels", "softmax", {"dim": "1"}, {}, torch.randn(2, 3, 2, 2), torch.nn.Softmax(dim=1)))
cases.append(case("logsoftmax dim -1", "logsoftmax", {"dim": "-1"}, {}, torch.randn(3, 5) * 3,
                  torch.nn.LogSoftmax(dim=-1)))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "torch_reference.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote", os.path.normpath(out), len(cases), "cases")
