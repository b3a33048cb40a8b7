#!/usr/bin/env python3
"""Time per training iteration of a small CNN with and without the recorder.

    /usr/bin/python3 benchmarks/overhead.py [--iterations 150] [--repeats 3] [--threads 1]

The CNN is the demo-CNN shape (two conv/pool stages, two dense layers) on synthetic 28x28
inputs, batch 64. Each configuration runs `repeats` times, interleaved with the others so that
load from other processes spreads evenly. Reported per configuration: the minimum and median
wall-clock time per iteration, and the minimum CPU time of this process per iteration. On a
shared machine the wall-clock median swings with other jobs; the minimum and the CPU time are the
steadier figures. Traces go to a temporary directory that is deleted afterwards.
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
    "defaults without the per-iteration checks": RecordingConfig(count_nonfinite=False, weight_limit=None),
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
            start, start_cpu = time.perf_counter(), time.process_time()
        idx = torch.randint(0, len(x), (64,), generator=g)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        if rec is not None:
            rec.step(loss, batch_indices=idx)
        opt.step()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    if rec is not None:
        rec.close()
    return elapsed / iterations * 1000, cpu / iterations * 1000


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
            # alternate the order: whatever runs first in a round meets different machine load
            order = list(enumerate(CONFIGS.items()))
            for n, (name, config) in order if r % 2 == 0 else reversed(order):
                times[name].append(run(config, args.iterations, workdir, "r%d-c%d" % (r, n)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    def figures(ts):
        wall = [t[0] for t in ts]
        return min(wall), statistics.median(wall), min(t[1] for t in ts)

    base = figures(times["no recorder"])
    print("torch %s, %d thread(s), %d iterations, batch 64, %d runs each; ms per iteration"
          % (torch.__version__, args.threads, args.iterations, args.repeats))
    print("| configuration | wall min | wall median | CPU min | overhead (wall min / CPU min) |")
    print("|---|---|---|---|---|")
    for name, ts in times.items():
        f = figures(ts)
        print("| %s | %.2f | %.2f | %.2f | %+.0f %% / %+.0f %% |"
              % (name, f[0], f[1], f[2], 100 * (f[0] / base[0] - 1), 100 * (f[2] / base[2] - 1)))


if __name__ == "__main__":
    main()
