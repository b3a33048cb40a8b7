#!/usr/bin/env python3
"""Trains a small Elman RNN and records it with TrainScope's PyTorch recorder.

    /usr/bin/python3 record_rnn_run.py OUT

The task: tell a rising from a falling noisy sine segment (8 time steps, 2 features: the value and
its difference to the previous step). The model: nn.RNN(2, 6, batch_first=True, tanh) over the
sequence, nn.Flatten, nn.Linear(8 * 6, 2), nn.LogSoftmax; Adam, NLL loss, 40 iterations, a probe
batch of 8 sequences, tensors every 10 iterations. Deterministic (fixed seeds, one thread).
The recorder writes op "rnn" with PyTorch's parameter names (weight_ih_l0, weight_hh_l0,
bias_ih_l0, bias_hh_l0) and model type "rnn". OUT must not hold a trace yet.
"""
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDER = os.path.normpath(os.path.join(HERE, "..", "..", "..", "recorders", "python"))
sys.path.insert(0, RECORDER)  # from a checkout, without installing the recorder

from trainscope_recorder import RecordingConfig, TraceRecorder  # noqa: E402

STEPS, HIDDEN, PROBE, BATCH, ITERATIONS = 8, 6, 8, 32, 40


class Elman(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(2, HIDDEN, batch_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(STEPS * HIDDEN, 2)
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        return self.logsoftmax(self.head(self.flatten(self.rnn(x)[0])))


def sequences(n, generator):
    """n segments of a noisy sine, rising (label 1) or falling (label 0) at the last step."""
    phase = torch.rand(n, 1, generator=generator) * 6.283
    t = phase + torch.arange(STEPS + 1, dtype=torch.float32) * 0.4
    wave = torch.sin(t) + 0.05 * torch.randn(n, STEPS + 1, generator=generator)
    diff = wave[:, 1:] - wave[:, :-1]
    x = torch.stack([wave[:, 1:], diff], dim=2)
    return x, (diff[:, -1] > 0).long()


def main(out):
    torch.set_num_threads(1)
    torch.manual_seed(7)
    data = torch.Generator().manual_seed(8)
    x, y = sequences(BATCH * ITERATIONS, data)
    px, py = sequences(PROBE, data)
    model = Elman()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    config = RecordingConfig(metrics_every=1, weights_every=10, gradients_every=10, updates_every=10,
                             activations_every=10, name="elman-rnn",
                             attributes={"generator": "examples/com.example.trainscope.rnn.tests/scripts/record_rnn_run.py"})
    with TraceRecorder(out, model, opt, probe_inputs=px, probe_labels=py, config=config) as rec:
        for i in range(ITERATIONS):
            idx = slice(i * BATCH, (i + 1) * BATCH)
            loss = F.nll_loss(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            if not rec.step(loss):
                break
            opt.step()
    print("elman-rnn: %d iterations, loss %.4f" % (rec.iteration, float(loss)))


if __name__ == "__main__":
    main(sys.argv[1])
