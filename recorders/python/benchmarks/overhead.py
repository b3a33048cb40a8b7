#!/usr/bin/env python3
"""Time per training iteration of a small CNN with and without the recorder.

    /usr/bin/python3 benchmarks/overhead.py [--iterations 150] [--repeats 3] [--threads 1]

The CNN is the demo-CNN shape (two conv/pool stages, two dense layers) on synthetic 28x28
inputs, batch 64. Each configuration runs `repeats` times, interleaved with the others so that
load from other processes spreads evenly; the median is reported. Traces go to a temporary
directory that is deleted afterwards.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from trainscope_recorder import RecordingConfig, TraceRecorder  # noqa: E402


def demo_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))


def every(n, metrics=1):
    return RecordingConfig(metrics_every=metrics, weights_every=n, gradients_every=n, updates_every=n,
                           activations_every=n)


CONFIGS = {
    "no recorder": None,
    "defaults (loss every it., tensors every 10)": RecordingConfig(),
    "tensors every 100": every(100),
    "everything every iteration": every(1),
}


def run(config, iterations, workdir, tag):
    torch.manual_seed(0)
    model = demo_cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x = torch.randn(2048, 1, 28, 28)
    y = torch.randint(0, 10, (2048,))
    rec = None
    if config is not None:
        rec = TraceRecorder(os.path.join(workdir, tag), model, opt, probe_inputs=x[:32], probe_labels=y[:32],
                            config=config)
    g = torch.Generator().manual_seed(1)
    warmup = 10
    for it in range(iterations + warmup):
        if it == warmup:
            start = time.perf_counter()
        idx = torch.randint(0, len(x), (64,), generator=g)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        if rec is not None:
            rec.step(loss, batch_indices=idx)
        opt.step()
    elapsed = time.perf_counter() - start
    if rec is not None:
        rec.close()
    return elapsed / iterations * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    workdir = tempfile.mkdtemp(prefix="trainscope-overhead-")
    times = {name: [] for name in CONFIGS}
    try:
        for r in range(args.repeats):
            for n, (name, config) in enumerate(CONFIGS.items()):
                times[name].append(run(config, args.iterations, workdir, "r%d-c%d" % (r, n)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    base = statistics.median(times["no recorder"])
    print("torch %s, %d thread(s), %d iterations, batch 64, median of %d runs"
          % (torch.__version__, args.threads, args.iterations, args.repeats))
    for name, ts in times.items():
        m = statistics.median(ts)
        print("%-45s %7.2f ms/iteration  %+6.1f%%   (runs: %s)"
              % (name, m, 100 * (m / base - 1), ", ".join("%.2f" % t for t in ts)))


if __name__ == "__main__":
    main()
