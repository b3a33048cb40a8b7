#!/usr/bin/env python3
"""Exports small trained CNNs to ONNX with inputs and PyTorch references for TrainScope's ONNX tests.

    /usr/bin/python3 make_onnx_models.py OUT [--data DIR]

For each model M (trained for a few iterations on Fashion-MNIST, so batch-norm statistics and
weights are realistic, then put in eval mode):

OUT/M.onnx             torch.onnx.export (TorchScript exporter, opset 13, constants folded)
OUT/M.inputs.npy       [8, 1, 28, 28] float32 test images scaled to [0, 1]
OUT/M.json             {"input": graph input name, "target": ONNX node name of the logits,
                        "neuron": class index, "epsilon": e, "gamma": g, "float32_RULE": the
                        relative difference between PyTorch's float32 and float64 results}
OUT/M.logits.npy       [8, 10] the logits PyTorch computes
OUT/M.gradxinput.npy   [8, 1, 28, 28] d logit[neuron] / d input * input
OUT/M.lrp0.npy, M.epsilon.npy, M.gamma.npy
                       [8, 1, 28, 28] input relevance of logit[neuron], starting from R = the logit,
                       by LRP-0, epsilon and gamma everywhere, computed here layer by layer in
                       float64 with the rules of docs/algorithms/credit-assignment.md (the
                       reference implementation is independent of the Java engine)

Models:
  cnn-bn-avg   conv 3x3 pad 1 -> ReLU -> BatchNorm -> avgpool 2 -> conv 3x3 stride 2 pad 1 ->
               ReLU -> BatchNorm -> avgpool 3 stride 2 pad 1 (count_include_pad: exported as Pad +
               AveragePool) -> flatten -> linear (Gemm)
  cnn-branches conv 5x5 stride 2 pad 2 + BatchNorm (folded into the conv by the exporter) ->
               LeakyReLU 0.1 -> two branches (conv 3x3 pad (1, 2) ... conv 1x3 pad (0, 1) | conv
               1x1) concatenated -> residual add of a 3x3 conv -> ReLU -> maxpool 2 -> avgpool 3
               stride 1 pad 1 count_include_pad=False -> global average pool -> flatten ->
               x @ W + b (MatMul + Add, folded into one dense layer) -> ReLU -> linear (Gemm)
  unsupported  conv -> GELU -> ... (an operator credit does not run: the test expects the message)
  ceil-mode    conv -> maxpool ceil_mode=True (an attribute value credit does not run)

Deterministic (fixed seeds, one torch thread). Needs /usr/bin/python3 with torch and numpy and the
Debian package dataset-fashion-mnist (or --data / TRAINSCOPE_FASHION_MNIST).
"""
import gzip
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DEBIAN_DATA = "/usr/share/datasets/fashion-mnist"
SAMPLES = 8
TRAIN = 1024
ITERATIONS = 40
BATCH = 64
EPSILON = 0.01
GAMMA = 0.25


def read_idx(path, count, images):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if images:
        return np.frombuffer(data, np.uint8, count * 784, 16).reshape(count, 1, 28, 28).astype(np.float32) / 255.0
    return np.frombuffer(data, np.uint8, count, 8).astype(np.int64)


class BnAvg(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.pool1 = nn.AvgPool2d(2)
        self.conv2 = nn.Conv2d(6, 12, 3, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(12)
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(12 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool1(self.bn1(F.relu(self.conv1(x))))
        x = self.pool2(self.bn2(F.relu(self.conv2(x))))
        return self.fc(torch.flatten(x, 1))

    def layers(self):
        """The network as (kind, module-or-function, ...) steps for the reference LRP."""
        return [("linear", self.conv1), ("relu",), ("bn", self.bn1), ("linear", self.pool1),
                ("linear", self.conv2), ("relu",), ("bn", self.bn2), ("linear", self.pool2),
                ("flatten",), ("linear", self.fc)]


class Branches(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, stride=2, padding=2)
        self.bn1 = nn.BatchNorm2d(6)
        self.left_a = nn.Conv2d(6, 4, 3, padding=(1, 2))
        self.left_b = nn.Conv2d(4, 4, (1, 3), padding=(0, 0))
        self.right = nn.Conv2d(6, 4, 1)
        self.skip = nn.Conv2d(6, 8, 3, padding=1, groups=2)
        self.pool2 = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        self.w = nn.Parameter(torch.randn(8, 16) * 0.3)
        self.b = nn.Parameter(torch.randn(16) * 0.1)
        self.fc = nn.Linear(16, 10)

    def trunk(self, x):
        return F.leaky_relu(self.bn1(self.conv1(x)), 0.1)

    def forward(self, x):
        h = self.trunk(x)
        cat = torch.cat([self.left_b(self.left_a(h)), self.right(h)], 1)
        y = F.relu(cat + self.skip(h))
        y = self.pool2(F.max_pool2d(y, 2))
        y = torch.flatten(F.adaptive_avg_pool2d(y, 1), 1)
        return self.fc(F.relu(torch.matmul(y, self.w) + self.b))


class Unsupported(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 14 * 14, 10)

    def forward(self, x):
        return self.fc(torch.flatten(F.max_pool2d(F.gelu(self.conv(x)), 2), 1))


class CeilMode(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.fc = nn.Linear(4 * 13 * 13, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(F.relu(self.conv(x))), 1))


def train(model, images, labels):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(1)
    model.train()
    for _ in range(ITERATIONS):
        idx = torch.randint(0, len(images), (BATCH,), generator=g)
        loss = F.cross_entropy(model(images[idx]), labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()


# ---- reference LRP, layer by layer (float64). A "linear" step is a conv, linear or average
# pooling module: rules act on z = f(x; w') through autograd's transposed product.

def stabilize(z, eps):
    return z + eps * torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z))


def linear_rule(module, x, r, rule):
    """R_x for a conv / linear / avgpool module by LRP-0, epsilon or gamma."""
    x = x.detach().requires_grad_(True)
    if isinstance(module, (nn.Conv2d, nn.Linear)) and rule == "gamma":
        w = module.weight + GAMMA * module.weight.clamp(min=0)
        b = None if module.bias is None else module.bias + GAMMA * module.bias.clamp(min=0)
        z = F.conv2d(x, w, b, module.stride, module.padding, module.dilation, module.groups) \
            if isinstance(module, nn.Conv2d) else F.linear(x, w, b)
    else:
        z = module(x)  # average pooling: gamma on its positive weights changes nothing
    den = stabilize(z, EPSILON) if rule == "epsilon" else z
    s = torch.where(den == 0, torch.zeros_like(den), r / den)
    (c,) = torch.autograd.grad(z, x, s)
    return x * c


def bn_rule(bn, x, y, r, rule):
    """Batch norm: LRP-0 / epsilon as a one-input neuron with bias; other rules pass through."""
    if rule == "gamma":
        return r
    scale = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).view(1, -1, 1, 1)
    den = stabilize(y, EPSILON) if rule == "epsilon" else y
    return torch.where(den == 0, torch.zeros_like(den), scale * x * r / den)


def sequential_lrp(model, x, neuron, rule):
    acts = [x]
    for step in model.layers():
        h = acts[-1]
        kind = step[0]
        acts.append(F.relu(h) if kind == "relu" else torch.flatten(h, 1) if kind == "flatten" else step[1](h))
    out = acts[-1]
    r = torch.zeros_like(out)
    r[:, neuron] = out[:, neuron]
    for i in range(len(model.layers()) - 1, -1, -1):
        step = model.layers()[i]
        x_in, y = acts[i], acts[i + 1]
        if step[0] == "linear":
            r = linear_rule(step[1], x_in, r, rule)
        elif step[0] == "bn":
            r = bn_rule(step[1], x_in, y, r, rule)
        elif step[0] == "flatten":
            r = r.view(x_in.shape)
        # relu: relevance passes through
    return r


def branches_lrp(m, x, neuron, rule):
    """The same rules on Branches, whose graph is written out here."""
    # the exporter folds bn1 into conv1: fold it here too, so the reference sees the same layer
    s = m.bn1.weight / torch.sqrt(m.bn1.running_var + m.bn1.eps)
    conv1 = nn.Conv2d(1, 6, 5, stride=2, padding=2).to(x.dtype)
    with torch.no_grad():
        conv1.weight.copy_(m.conv1.weight * s.view(-1, 1, 1, 1))
        conv1.bias.copy_((m.conv1.bias - m.bn1.running_mean) * s + m.bn1.bias)
    dense = nn.Linear(8, 16).to(x.dtype)
    with torch.no_grad():
        dense.weight.copy_(m.w.t())
        dense.bias.copy_(m.b)
    a1 = conv1(x)
    h = F.leaky_relu(a1, 0.1)
    la = m.left_a(h)
    lb = m.left_b(la)
    rt = m.right(h)
    cat = torch.cat([lb, rt], 1)
    sk = m.skip(h)
    added = cat + sk
    y = F.relu(added)
    mp = F.max_pool2d(y, 2)
    ap = m.pool2(mp)
    gp = F.adaptive_avg_pool2d(ap, 1)
    fl = torch.flatten(gp, 1)
    d = dense(fl)
    out = m.fc(F.relu(d))
    r = torch.zeros_like(out)
    r[:, neuron] = out[:, neuron]
    r = linear_rule(m.fc, F.relu(d), r, rule)
    r = linear_rule(dense, fl, r, rule)
    r = r.view(gp.shape)
    r = linear_rule(nn.AdaptiveAvgPool2d(1), ap, r, rule)
    r = linear_rule(m.pool2, mp, r, rule)
    # max pooling: winner takes all (the first maximum of each window)
    _, idx = F.max_pool2d(y, 2, return_indices=True)
    r = torch.zeros_like(y).view(y.shape[0], y.shape[1], -1).scatter_add(2, idx.view(idx.shape[0], idx.shape[1], -1),
                                                                            r.view(r.shape[0], r.shape[1], -1)).view(y.shape)
    # add: shares in proportion to the terms (epsilon only under the epsilon rule)
    den = stabilize(added, EPSILON) if rule == "epsilon" else added
    ratio = torch.where(den == 0, torch.zeros_like(den), r / den)
    r_cat, r_skip = cat * ratio, sk * ratio
    r_lb, r_rt = r_cat[:, :4], r_cat[:, 4:]
    r_la = linear_rule(m.left_b, la, r_lb, rule)
    r_h = linear_rule(m.left_a, h, r_la, rule) + linear_rule(m.right, h, r_rt, rule) + linear_rule(m.skip, h, r_skip, rule)
    return linear_rule(conv1, x, r_h, rule)


def export(model, name, out, example, target_name, neuron, images, lrp):
    path = os.path.join(out, name + ".onnx")
    torch.onnx.export(model, example, path, opset_version=13, do_constant_folding=True,
                      input_names=["image"], output_names=["logits"])
    meta = {"input": "image", "target": target_name, "neuron": neuron, "epsilon": EPSILON, "gamma": GAMMA}
    x = torch.from_numpy(images[:SAMPLES])
    np.save(os.path.join(out, name + ".inputs.npy"), images[:SAMPLES])
    if lrp is not None:
        m = model.double()
        xd = x.double().requires_grad_(True)
        logits = m(xd)
        (g,) = torch.autograd.grad(logits[:, neuron].sum(), xd)
        np.save(os.path.join(out, name + ".logits.npy"), logits.detach().numpy().astype(np.float32))
        np.save(os.path.join(out, name + ".gradxinput.npy"), (g * xd).detach().numpy())
        for rule in ("lrp0", "epsilon", "gamma"):
            r = lrp(m, x.double(), neuron, rule).detach().numpy()
            np.save(os.path.join(out, name + "." + rule + ".npy"), r)
            # how far PyTorch's own float32 result is from float64: the conditioning of the rule
            # on this model (gamma divides by sums that pass near 0), the scale of a fair tolerance
            r32 = lrp(model.float(), x.float(), neuron, rule).detach().numpy()
            meta["float32_" + rule] = float(np.abs(r32 - r).max() / np.abs(r).max())
            m = model.double()
        model.float()
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(meta, f)
    print(name, "written")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    out = argv[1]
    data = argv[argv.index("--data") + 1] if "--data" in argv else os.environ.get("TRAINSCOPE_FASHION_MNIST", DEBIAN_DATA)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    train_x = torch.from_numpy(read_idx(os.path.join(data, "train-images-idx3-ubyte.gz"), TRAIN, True))
    train_y = torch.from_numpy(read_idx(os.path.join(data, "train-labels-idx1-ubyte.gz"), TRAIN, False))
    test_x = read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz"), SAMPLES, True)
    example = torch.from_numpy(test_x[:2])
    for name, model, lrp in (("cnn-bn-avg", BnAvg(), sequential_lrp), ("cnn-branches", Branches(), branches_lrp)):
        train(model, train_x, train_y)
        export(model, name, out, example, "/fc/Gemm", 3, test_x, lrp)
    export(Unsupported().eval(), "unsupported", out, example, "/fc/Gemm", 0, test_x, None)
    export(CeilMode().eval(), "ceil-mode", out, example, "/fc/Gemm", 0, test_x, None)


if __name__ == "__main__":
    main(sys.argv)
