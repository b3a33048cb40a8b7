"""Exports the small ONNX fixtures of OnnxRunAdapterTest into ../data/onnx with torch.onnx.export.

Needs /usr/bin/python3 with python3-torch (Debian: apt-get install python3-torch). The models
are tiny (a few KB) so they can be committed; tests never need torch. Run from the bundle dir:
    /usr/bin/python3 scripts/make_onnx_fixtures.py
"""
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "onnx")
torch.manual_seed(7)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(2 * 3 * 3, 4)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(torch.relu(self.conv1(x))), 1))


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
        self.mu = nn.Linear(4, 2)
        self.logvar = nn.Linear(4, 2)
        self.decoder = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 6), nn.Sigmoid())

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.decoder(z)


class Gan(nn.Module):
    def __init__(self):
        super().__init__()
        self.generator = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 6), nn.Tanh())
        self.discriminator = nn.Sequential(nn.Linear(6, 4), nn.LeakyReLU(0.2), nn.Linear(4, 1), nn.Sigmoid())

    def forward(self, z):
        return self.discriminator(self.generator(z))


def export(model, example, name):
    model.eval()
    path = os.path.join(OUT, name)
    torch.onnx.export(model, example, path, input_names=["input"], output_names=["output"], opset_version=13)
    print(name, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    mlp = Mlp()
    with torch.no_grad():
        mlp.fc1.bias[0] = float("nan")
        mlp.fc1.bias[1] = float("inf")
        mlp.fc1.bias[2] = float("-inf")
    export(mlp, torch.zeros(1, 4), "mlp.onnx")
    export(Cnn(), torch.zeros(1, 1, 8, 8), "cnn.onnx")
    export(Vae(), torch.zeros(1, 6), "vae.onnx")
    export(Gan(), torch.zeros(1, 2), "gan.onnx")
    # the expected weights, as text, so the test can compare without numpy
    with open(os.path.join(OUT, "mlp_fc1_weight.txt"), "w") as f:
        f.write(" ".join(repr(float(v)) for v in mlp.fc1.weight.detach().flatten()))


# ---- Hand-encoded models for the other data types and for bad input (no onnx package needed) ----
import struct  # noqa: E402


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | 0x80 if v else b)
        if not v:
            return bytes(out)


def fv(field, v):
    return varint(field << 3) + varint(v)


def fb(field, b):
    return varint(field << 3 | 2) + varint(len(b)) + b


def fs(field, s):
    return fb(field, s.encode())


def tensor(name, dims, data_type, **data):
    t = b"".join(fv(1, d) for d in dims) + fv(2, data_type) + fs(8, name)
    if "raw" in data:
        t += fb(9, data["raw"])
    if "floats" in data:
        t += fb(4, b"".join(struct.pack("<f", x) for x in data["floats"]))
    if "doubles" in data:
        t += fb(10, b"".join(struct.pack("<d", x) for x in data["doubles"]))
    if "int64s" in data:
        t += fb(7, b"".join(varint(x) for x in data["int64s"]))
    if "int32s" in data:
        t += fb(5, b"".join(varint(x) for x in data["int32s"]))
    return t


def node(name, op, inputs, outputs, attrs=b""):
    return b"".join(fs(1, i) for i in inputs) + b"".join(fs(2, o) for o in outputs) + fs(3, name) + fs(4, op) + attrs


def value_info(name):
    return fs(1, name)


def model(nodes, inits, inputs, outputs):
    g = b"".join(fb(1, n) for n in nodes) + fs(2, "g") + b"".join(fb(5, t) for t in inits)
    g += b"".join(fb(11, value_info(i)) for i in inputs) + b"".join(fb(12, value_info(o)) for o in outputs)
    return fv(1, 8) + fs(2, "hand") + fb(7, g) + fb(8, fs(1, "") + fv(2, 13))


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def hand_made():
    half = struct.pack("<e", 0.5) + struct.pack("<e", -2.0)
    dtypes = model(
        [node("mm", "MatMul", ["x", "w64"], ["h"]), node("add", "Add", ["h", "b16"], ["h2"]),
         node("re", "Reshape", ["h2", "shape"], ["y"]), node("sc", "Mul", ["y", "w32"], ["out"])],
        [tensor("w64", [2, 2], 11, doubles=[1.0, float("nan"), float("-inf"), 4.0]),
         tensor("b16", [2], 10, int32s=[struct.unpack("<H", half[0:2])[0], struct.unpack("<H", half[2:4])[0]]),
         tensor("shape", [2], 7, int64s=[1, 2]),
         tensor("w32", [2], 1, floats=[0.25, -0.0])],
        ["x"], ["out"])
    write("dtypes.onnx", dtypes)
    # a -> b -> a: data flow that loops
    write("cyclic.onnx", model([node("a", "Relu", ["x", "bo"], ["ao"]), node("b", "Relu", ["ao"], ["bo"])], [], ["x"], ["bo"]))
    # an initializer that claims 2^40 floats over 16 bytes
    write("bomb.onnx", model([node("mm", "MatMul", ["x", "w"], ["y"])],
                             [tensor("w", [1 << 20, 1 << 20], 1, raw=bytes(16))], ["x"], ["y"]))
    # the graph field (7) encoded as a varint: a field of the wrong type
    write("wrong_type.onnx", fv(1, 8) + fv(7, 3))
    with open(os.path.join(OUT, "mlp.onnx"), "rb") as f:
        good = f.read()
    write("truncated.onnx", good[: len(good) // 2])
    # a length that claims more than the file holds, at the graph field
    write("overlong.onnx", fv(1, 8) + varint(7 << 3 | 2) + varint(1 << 40) + b"\x00" * 8)


hand_made()
