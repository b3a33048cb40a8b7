#!/usr/bin/env python3
"""Trains and records four small real runs on Fashion-MNIST for TrainScope's workbench tests.

    /usr/bin/python3 make_workbench_runs.py OUT [--data DIR]

OUT/cnn   conv-relu-pool-conv-relu-pool-flatten-dense-relu-dense-logsoftmax, Adam, NLL loss
OUT/vae   dense encoder, mu and logvar heads, GaussianSample z, dense decoder with sigmoid and an
          Unflatten back to images; Adam, binary cross-entropy + KL divergence
OUT/vae-unstable  the DL4J demo's failing VAE in PyTorch: 784-256-(mu, logvar: 32)-z-256-(mean, log
          variance of p(x|z): 2 x 784), LeakyReLU, Gaussian reconstruction, Adam 1e-2 without
          clipping; the reconstruction's log variance runs away until the loss is infinite (the
          recorder records the next iterations in full and stops the training)
OUT/gan   DCGAN-style: generator Linear-ReLU-Unflatten-ConvTranspose2d-BatchNorm-ReLU-
          ConvTranspose2d-Tanh, discriminator Conv2d-LeakyReLU-Conv2d-LeakyReLU-Flatten-Linear-
          Sigmoid, recorded as one GanPair with two Adam optimizers (betas 0.5, 0.999)
OUT/gan-unstable  the same GAN with a discriminator that outputs logits and is trained by SGD with
          a learning rate far too large (50): its weights pass 1e8 at iteration 3 while the loss
          is still finite, the first Inf appears in its second convolution's output; the recorder
          records iterations 3-7 in full and stops the training at iteration 8

Each run: metrics every iteration in OUT/<run>, weights, gradients, updates and activations of
a fixed probe batch (16 test images, or 16 noise vectors for the GAN) and the inputs of the
training batch (trace format 4.8; the GAN's noise batch) every TENSORS_EVERY iterations in
OUT/<run>/every-N. `make_workbench_runs.py OUT NAME...` records only the runs named. Data: Debian's dataset-fashion-mnist (--data, or the environment
variable TRAINSCOPE_FASHION_MNIST, overrides /usr/share/datasets/fashion-mnist). Deterministic
(fixed seeds, one torch thread); prints one line per run. OUT/<run> must not hold a trace yet.
"""
import gzip
import math
import os
import sys
import warnings
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout without installing

from trainscope_recorder import GanPair, GaussianSample, RecorderWarning, RecordingConfig, TraceRecorder  # noqa: E402

DEBIAN_DATA = "/usr/share/datasets/fashion-mnist"
TRAIN_SAMPLES = 2048
PROBE = 16
BATCH = 64
ITERATIONS = 60
TENSORS_EVERY = 4
NOISE = 16  # GAN latent size
UNSTABLE_ITERATIONS = 400  # the unstable VAE fails well before


def read_idx(path, count):
    """The first `count` items of a gzipped IDX file (images: [count, 28, 28] uint8; labels: [count])."""
    with gzip.open(path, "rb") as f:
        magic = int.from_bytes(f.read(4), "big")
        dims = [int.from_bytes(f.read(4), "big") for _ in range(magic & 0xFF)]
        count = min(count, dims[0])
        item = int(np.prod(dims[1:])) if len(dims) > 1 else 1
        data = np.frombuffer(f.read(count * item), dtype=np.uint8)
    return data.reshape([count] + dims[1:])


def load(data_dir):
    """Training images as float32 [N, 1, 28, 28] in [0, 1] with int64 labels, and the probe batch
    (the first test images)."""
    def split(prefix, count):
        images = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz"), count)
        labels = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz"), count)
        return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1), torch.from_numpy(labels.astype(np.int64))
    return split("train", TRAIN_SAMPLES), split("t10k", PROBE)


def config(name, **extra):
    return RecordingConfig(metrics_every=1, weights_every=TENSORS_EVERY, gradients_every=TENSORS_EVERY,
                           updates_every=TENSORS_EVERY, activations_every=TENSORS_EVERY, on_anomaly="flag",
                           name=name, attributes={"dataset": "fashion-mnist",
                                                  "generator": "recorders/python/tests/make_workbench_runs.py"},
                           **extra)


def batches(n, seed, iterations=ITERATIONS):
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(0, n, (BATCH,), generator=g) for _ in range(iterations)]


def cnn():
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 8, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(8, 16, 3, padding=1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("fc1", nn.Linear(16 * 7 * 7, 32)), ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(32, 10)), ("logsoftmax", nn.LogSoftmax(dim=1))]))


class Vae(nn.Module):
    """784-64-(mu, logvar: 8)-z-64-784 with the latent heads and z in the layer "latent"."""

    def __init__(self, hidden=64, latent=8):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU())
        self.latent = nn.ModuleDict(OrderedDict([("mu", nn.Linear(hidden, latent)),
                                                 ("logvar", nn.Linear(hidden, latent)), ("z", GaussianSample())]))
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 784), nn.Sigmoid(),
                                     nn.Unflatten(1, (1, 28, 28)))

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = self.latent["mu"](h), self.latent["logvar"](h)
        return self.decoder(self.latent["z"](mu, logvar)), mu, logvar


def generator():
    return nn.Sequential(nn.Linear(NOISE, 32 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (32, 7, 7)),
                         nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                         nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1), nn.Tanh())


def discriminator(logits=False):
    layers = [nn.Conv2d(1, 16, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
              nn.Conv2d(16, 32, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
              nn.Flatten(), nn.Linear(32 * 7 * 7, 1)]
    return nn.Sequential(*layers) if logits else nn.Sequential(*layers, nn.Sigmoid())


def record_cnn(out, train, probe):
    (x, y), (px, py) = train, probe
    torch.manual_seed(1)
    model = cnn()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    with TraceRecorder(out, model, opt, probe_inputs=px, probe_labels=py, config=config("pytorch-cnn")) as rec:
        for idx in batches(len(x), 11):
            loss = F.nll_loss(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            if not rec.step(loss, batch_indices=idx, batch_inputs=x[idx], batch_labels=y[idx]):
                break
            opt.step()
    return "%d iterations, loss %.4f" % (rec.iteration, float(loss))


def record_vae(out, train, probe):
    (x, y), (px, py) = train, probe
    torch.manual_seed(2)
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    cfg = config("pytorch-vae", metrics=["reconstruction", "kl"])
    with TraceRecorder(out, model, opt, probe_inputs=px, probe_labels=py, config=cfg) as rec:
        for idx in batches(len(x), 12):
            xb = x[idx]
            recon, mu, logvar = model(xb)
            reconstruction = F.binary_cross_entropy(recon, xb, reduction="sum") / len(xb)
            kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(xb)
            loss = reconstruction + kl
            opt.zero_grad()
            loss.backward()
            if not rec.step(loss, batch_indices=idx, metrics={"reconstruction": reconstruction, "kl": kl},
                            batch_inputs=xb, batch_labels=y[idx]):
                break
            opt.step()
    return "%d iterations, loss %.4f" % (rec.iteration, float(loss))


class GaussianVae(nn.Module):
    """The DL4J demo's VAE: 784-256-(mu, logvar: 32)-z-256-(mean, log variance of p(x|z)), LeakyReLU."""

    def __init__(self, hidden=256, latent=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.LeakyReLU(0.01))
        self.latent = nn.ModuleDict(OrderedDict([("mu", nn.Linear(hidden, latent)),
                                                 ("logvar", nn.Linear(hidden, latent)), ("z", GaussianSample())]))
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.LeakyReLU(0.01), nn.Linear(hidden, 2 * 784))

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = self.latent["mu"](h), self.latent["logvar"](h)
        out = self.decoder(self.latent["z"](mu, logvar))
        return out[:, :784], out[:, 784:], mu, logvar


def record_vae_unstable(out, train, probe):
    """As DL4J's GaussianReconstructionDistribution: -log p(x|z) = 0.5 (log 2 pi + lv + (x - m)^2 / exp(lv))."""
    (x, y), (px, py) = train, probe
    torch.manual_seed(4)
    model = GaussianVae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    cfg = config("pytorch-vae-unstable", metrics=["reconstruction", "kl"], dense_iterations=4, loss_jump_factor=None)
    with TraceRecorder(out, model, opt, probe_inputs=px, probe_labels=py, config=cfg) as rec:
        for idx in batches(len(x), 14, UNSTABLE_ITERATIONS):
            xb = x[idx]
            mean, log_var, mu, logvar = model(xb)
            flat = xb.flatten(1)
            reconstruction = 0.5 * torch.sum(math.log(2 * math.pi) + log_var + (flat - mean) ** 2 / log_var.exp()) / len(xb)
            kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(xb)
            loss = reconstruction + kl
            opt.zero_grad()
            loss.backward()
            if not rec.step(loss, batch_indices=idx, metrics={"reconstruction": reconstruction, "kl": kl},
                            batch_inputs=xb, batch_labels=y[idx]):
                break
            opt.step()
    summary = "%d iterations, loss %.4g" % (rec.iteration, float(loss))
    if rec.anomaly is not None:
        summary += "; stopped: %s at iteration %d" % (rec.anomaly["reason"], rec.anomaly["iteration"])
    return summary


def record_gan(out, train, unstable=False):
    """The call pattern of docs/recorders.md: rec.step after the discriminator's backward and
    before its step; the generator loss joins the record through add_metrics before the
    generator's step, which commits the record. `unstable`: the discriminator outputs logits
    and steps with SGD at a learning rate of 50, which blows it up within four iterations."""
    x, _ = train
    real_images = x * 2 - 1  # the generator ends in tanh
    torch.manual_seed(3)
    G, D = generator(), discriminator(logits=unstable)
    pair = GanPair(G, D)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.SGD(D.parameters(), lr=50.0) if unstable else \
        torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
    bce = F.binary_cross_entropy_with_logits if unstable else F.binary_cross_entropy
    probe_noise = torch.randn(PROBE, NOISE, generator=torch.Generator().manual_seed(33))
    noise = torch.Generator().manual_seed(34)
    # a discriminator loss can rise tenfold from near zero in a healthy GAN: no loss-jump detection
    # (NaN/Inf, parameters above weight_limit and the first NaN/Inf of any operator still count)
    cfg = config("pytorch-gan-unstable" if unstable else "pytorch-gan", metrics=["generatorLoss"], loss_jump_factor=None)
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
    with TraceRecorder(out, pair, [opt_g, opt_d], probe_inputs=probe_noise, config=cfg) as rec:
        for idx in batches(len(x), 13):
            z = torch.randn(BATCH, NOISE, generator=noise)
            fake = G(z)
            opt_d.zero_grad()
            d_loss = bce(D(real_images[idx]), ones) + bce(D(fake.detach()), zeros)
            d_loss.backward()
            # the pair's input is the noise (credit replays generator and discriminator from it)
            if not rec.step(d_loss, batch_indices=idx, batch_inputs=z):
                break
            opt_d.step()
            opt_g.zero_grad()
            g_loss = bce(D(fake), ones)
            g_loss.backward()
            rec.add_metrics({"generatorLoss": g_loss})
            opt_g.step()
    summary = "%d iterations, discriminator loss %.4g, generator loss %.4g" % (rec.iteration, float(d_loss), float(g_loss))
    if rec.anomaly is not None:
        summary += "; stopped: %s at iteration %d" % (rec.anomaly["reason"], rec.anomaly["iteration"])
    return summary


def main(argv):
    args = list(argv)
    data_dir = os.environ.get("TRAINSCOPE_FASHION_MNIST") or DEBIAN_DATA
    if "--data" in args:
        i = args.index("--data")
        data_dir = args[i + 1]
        del args[i:i + 2]
    if len(args) < 1:
        sys.exit(__doc__)
    out, only = args[0], set(args[1:])
    # a problem of the recorder (full disk, an existing trace) must fail the script, not leave a
    # partial or stale run behind a success
    warnings.simplefilter("error", RecorderWarning)
    torch.set_num_threads(1)
    train, probe = load(data_dir)
    os.makedirs(out, exist_ok=True)
    for name, run in (("cnn", lambda p: record_cnn(p, train, probe)), ("vae", lambda p: record_vae(p, train, probe)),
                      ("vae-unstable", lambda p: record_vae_unstable(p, train, probe)),
                      ("gan", lambda p: record_gan(p, train)), ("gan-unstable", lambda p: record_gan(p, train, True))):
        if only and name not in only:
            continue
        path = os.path.join(out, name)
        summary = run(path)
        print("%s: %s" % (path, summary))


if __name__ == "__main__":
    main(sys.argv[1:])
