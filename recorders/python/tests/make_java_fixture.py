#!/usr/bin/env python3
"""Writes a PyTorch-recorded trace and what PyTorch itself reported, for a Java test.

    /usr/bin/python3 make_java_fixture.py OUT_DIR

OUT_DIR/trace/          a trace: a tiny CNN trained 20 iterations, everything recorded every iteration
OUT_DIR/nan-trace/      the same net with NaN inputs from iteration 12: the recorder captures the
                        NaN iterations densely, stops at iteration 15 and closes the trace cleanly
OUT_DIR/expected.json   per trace: iterations, loss per iteration, shape/kind/node of each tensor,
                        sample values of weights, gradients, updates and activations at given
                        records, graph operators and edges, batch indices, probe labels

Expected values are taken from PyTorch during training (parameter values and gradients before the
optimizer step, the update the step made, layer outputs of the probe batch in eval mode), not read
back from the trace. Sample values are float32 numbers printed with repr; a reader of the float32
trace should match them within "tolerance" (they are normally bit-identical).
Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity" like the journal.
Deterministic: fixed seeds, single thread.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout without installing

from trainscope_recorder import RecordingConfig, TraceRecorder, TrainingAnomaly  # noqa: E402

ITERATIONS = 20
NAN_AT = 12
BATCH = 8
PROBE = 4


def model_and_data():
    torch.manual_seed(1234)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2 * 3 * 3, 3))
    x = torch.randn(64, 1, 8, 8)
    y = (x.mean(dim=(1, 2, 3)) * 10).long().clamp(-1, 1) + 1  # three classes from the mean
    return model, x, y


def number(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def layer_outputs(model, probe):
    model.eval()
    out, acts = probe, []
    with torch.no_grad():
        for layer in model:
            out = layer(out)
            acts.append(out.clone())
    model.train()
    return acts


def sample_positions(n, count=4):
    """First, last and two inner flat indices: covers both ends of every row."""
    return sorted({0, n - 1, n // 3, (2 * n) // 3})[:count]


def run(trace_dir, nan_at=None):
    model, x, y = model_and_data()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    config = RecordingConfig(metrics_every=1, weights_every=1, gradients_every=1, updates_every=1,
                             activations_every=1, dense_iterations=3, on_anomaly="raise",
                             name=os.path.basename(trace_dir), attributes={"fixture": "make_java_fixture.py"})
    g = torch.Generator().manual_seed(99)
    seen = []  # per iteration: what PyTorch reported
    anomaly = None
    rec = TraceRecorder(trace_dir, model, opt, probe_inputs=x[:PROBE], probe_labels=y[:PROBE], config=config)
    try:
        for it in range(ITERATIONS):
            idx = torch.randperm(len(x), generator=g)[:BATCH]
            xb = x[idx] * (float("nan") if nan_at is not None and it >= nan_at else 1.0)
            loss = nn.functional.cross_entropy(model(xb), y[idx])
            opt.zero_grad()
            loss.backward()
            entry = {"loss": float(loss), "batch": idx.tolist(),
                     "acts": [a.numpy().copy() for a in layer_outputs(model, x[:PROBE])],
                     "params": {n: p.detach().numpy().copy() for n, p in model.named_parameters()},
                     "grads": {n: p.grad.numpy().copy() for n, p in model.named_parameters()}}
            rec.step(loss, batch_indices=idx)  # raises TrainingAnomaly after the dense window
            seen.append(entry)
            before = {n: p.detach().clone() for n, p in model.named_parameters()}
            opt.step()
            entry["updates"] = {n: (p.detach() - before[n]).numpy() for n, p in model.named_parameters()}
    except TrainingAnomaly as e:
        anomaly = {"iteration": e.iteration, "reason": e.reason}
    finally:
        rec.close()
    return model, x, y, seen, anomaly


def expectations(trace_dir, model, x, y, seen, anomaly):
    with open(os.path.join(trace_dir, "manifest.json")) as f:
        manifest = json.load(f)
    tensors = {t["id"]: {"kind": t["kind"], "node": t["node"], "shape": t["shape"], "dtype": t["dtype"]}
               for t in manifest["tensors"]}
    records = len(seen)
    sample_records = sorted({0, 1, records // 2, records - 1})
    samples = []
    for tid, t in tensors.items():
        n = int(np.prod(t["shape"]))
        for r in sample_records:
            e = seen[r]
            if t["kind"] == "activation":
                values = e["acts"][int(t["node"])]
            else:
                pname = t["node"]
                values = {"weight": e["params"], "bias": e["params"], "gradient": e["grads"],
                          "update": e["updates"]}[t["kind"]][pname]
            flat = np.asarray(values, dtype=np.float32).reshape(-1)
            assert flat.size == n, (tid, flat.size, n)
            for j in sample_positions(n):
                samples.append({"tensor": tid, "record": r, "iteration": r, "neuron": j,
                                "index": [int(i) for i in np.unravel_index(j, t["shape"])], "value": number(flat[j])})
    ops = {n["id"]: n.get("op") for n in manifest["graph"]["nodes"] if n["kind"] == "operator"}
    return {
        "trace": os.path.basename(trace_dir),
        "records": records,
        "iterations": list(range(records)),
        "complete": True,
        "metrics": [m["name"] for m in manifest["metrics"]],
        "loss": [number(e["loss"]) for e in seen],
        "lr": 0.05,
        "tensors": tensors,
        "samples": samples,
        "tolerance": 1e-6,
        "operators": ops,
        "edges": [[e["from"], e["to"]] for e in manifest["graph"]["edges"]],
        "batchSize": BATCH,
        "batches": [e["batch"] for e in seen],
        "probe": {"inputsShape": list(x[:PROBE].shape), "labels": y[:PROBE].tolist(),
                  "inputsFirstValues": [number(v) for v in x[:PROBE].reshape(-1)[:4]]},
        "anomaly": anomaly,
    }


def main(out):
    torch.set_num_threads(1)
    os.makedirs(out, exist_ok=True)
    result = {"generator": "recorders/python/tests/make_java_fixture.py", "torchVersion": torch.__version__}
    for key, name, nan_at in (("main", "trace", None), ("nan", "nan-trace", NAN_AT)):
        trace_dir = os.path.join(out, name)
        model, x, y, seen, anomaly = run(trace_dir, nan_at)
        result[key] = expectations(trace_dir, model, x, y, seen, anomaly)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(result, f, indent=1, allow_nan=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
