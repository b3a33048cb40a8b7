#!/usr/bin/env python3
"""Writes a big synthetic training-dynamics trace with the project's own Python TraceWriter.

One activation tensor `fc1.act` of shape [N] (float32), `--iterations` records (default 100):
every neuron a smooth saturating curve (its own amplitude, rate, offset and sign, derived from its
index) plus Gaussian noise, and `--planted` (default 300) neurons spread over the index range that
misbehave: the first half diverge (grow exponentially from an onset record, every fifth of them to +/-inf),
the second half spike (a few records far off their curve). The planted neurons' indices and kinds
are written beside the trace, to `<out>.planted.json` (never inside the trace folder).

Memory is bounded by `--slice` neurons at a time plus one row (4 N bytes): the 60 M trace needs
about 300 MB of heap; the writer holds one row.

    python3 releng/benchmarks/make_big_trace.py --neurons 10000000 --out /work/big/t10m

Shared by the summary and blue-noise benchmarks (README-summaries.md, README-bluenoise.md).
"""
import argparse
import json
import math
import os
import sys
import time
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# the writer needs numpy only; the package's __init__ imports torch, so load the package bare
_package = types.ModuleType("trainscope_recorder")
_package.__path__ = [os.path.join(HERE, "..", "..", "recorders", "python", "trainscope_recorder")]
sys.modules["trainscope_recorder"] = _package
from trainscope_recorder.trace_writer import TraceWriter  # noqa: E402

GOLDEN = 0.6180339887498949


def manifest(neurons):
    return {
        "format": "trainscope-trace", "formatVersion": 1, "modelType": "mlp",
        "graph": {"layers": [], "nodes": [{"id": "fc1", "kind": "operator", "op": "dense"}], "edges": []},
        "tensors": [{"id": "fc1.act", "node": "fc1", "kind": "activation", "dtype": "float32",
                     "shape": [int(neurons)]}],
        "metrics": [{"name": "loss"}],
    }


def planted_neurons(neurons, count, seed):
    """`count` distinct indices spread over [0, neurons): one per equal stretch, at a seeded offset."""
    rng = np.random.default_rng(seed ^ 0x5EED)
    count = min(count, neurons)
    stretch = neurons / count
    idx = (np.arange(count) * stretch + rng.random(count) * stretch).astype(np.int64)
    return np.minimum(idx, neurons - 1)


def curves(first, count, t, records):
    """The smooth part of neurons [first, first + count) at record t: offset + amplitude (1 - e^(-rate t))."""
    i = np.arange(first, first + count, dtype=np.float64)
    u = (i * GOLDEN) % 1.0
    v = (i * GOLDEN * GOLDEN + 0.31) % 1.0
    w = (i * 0.7548776662466927 + 0.17) % 1.0
    amplitude = (0.2 + 1.8 * u) * np.where(w < 0.5, -1.0, 1.0)
    rate = (0.5 + 6.0 * v) / records
    offset = 0.5 * (w - 0.5)
    return (offset + amplitude * (1.0 - np.exp(-rate * t))).astype(np.float32)


def planted_values(kind, k, t, records, base):
    """A planted neuron's value at record t: diverging from an onset, or spiking at a few records."""
    if kind == "diverging":
        onset = records // 4 + (k * 7) % (records // 2)
        if t < onset:
            return base
        # every fifth grows fast enough to overflow float32 (to +/-inf) before the last record
        rate = 1.2 if k % 5 == 0 else 0.45
        grown = base + math.copysign(math.exp(min(700.0, rate * (t - onset))), 1 if k % 2 == 0 else -1)
        return grown if abs(grown) < 3e38 else math.copysign(math.inf, grown)
    spikes = {(k * 13 + 5 * s) % records for s in range(3)}
    return base + (25.0 + k % 10) * (1 if k % 2 == 0 else -1) if t in spikes else base


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--neurons", type=int, required=True)
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--planted", type=int, default=300)
    p.add_argument("--noise", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--slice", type=int, default=1 << 22, help="neurons computed at a time")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    n = a.neurons
    planted = planted_neurons(n, a.planted, a.seed)
    kinds = ["diverging" if k < len(planted) // 2 else "spiking" for k in range(len(planted))]
    writer = TraceWriter(a.out, manifest(n))
    row = np.empty(n, dtype=np.float32)
    started = time.time()
    for t in range(a.iterations):
        rng = np.random.default_rng([a.seed, t])
        for first in range(0, n, a.slice):
            count = min(a.slice, n - first)
            row[first:first + count] = curves(first, count, t, a.iterations)
            row[first:first + count] += rng.standard_normal(count, dtype=np.float32) * np.float32(a.noise)
        for k, neuron in enumerate(planted):
            row[neuron] = planted_values(kinds[k], k, t, a.iterations, float(row[neuron]))
        loss = float(np.exp(-3.0 * t / a.iterations))
        writer.commit(t, {"fc1.act": row.tobytes()}, metrics={"loss": loss})
        if t % 10 == 0:
            print("record %d of %d, %.0f s" % (t, a.iterations, time.time() - started), file=sys.stderr)
    writer.close()
    with open(a.out.rstrip("/") + ".planted.json", "w") as f:
        json.dump({"tensor": "fc1.act", "neurons": n, "iterations": a.iterations,
                   "planted": [{"neuron": int(x), "kind": kinds[k]} for k, x in enumerate(planted)]}, f)
    print("wrote %s: %d neurons x %d records in %.0f s" % (a.out, n, a.iterations, time.time() - started),
          file=sys.stderr)


if __name__ == "__main__":
    main()
