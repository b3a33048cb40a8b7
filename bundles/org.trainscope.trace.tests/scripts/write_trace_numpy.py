#!/usr/bin/env python3
"""Writes (and reads) TrainScope traces following only docs/trace-format.md, with json and numpy.

    write_trace_numpy.py write OUT_DIR [--crash]   write a small trace; --crash stops like a killed writer
    write_trace_numpy.py read TRACE_DIR            print a JSON summary of any trace, read per the spec

TraceFromNumpyScriptTest (Java) runs both directions and checks the values. The values follow
formulas the test repeats: act[r, j] = 8r + j/2, w[r, j] = 4r + j/4, plus a few NaN/Inf.
"""
import json
import os
import struct
import sys

import numpy as np

HEADER_BYTES = 128  # fixed so the last chunk's header can be rewritten in place (spec 5.1)


def npy_header(descr, shape, total=None):
    """The helper of docs/trace-format.md section 9: a version 1.0 header of exactly `total`
    bytes, or of the shortest multiple of 64 that fits when `total` is None."""
    d = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, "".join("%d, " % s for s in shape))
    needed = 10 + len(d) + 1
    if total is None:
        total = -(-needed // 64) * 64
    if needed > total or total - 10 > 0xFFFF:
        raise ValueError("an npy header for shape %r needs %d bytes, more than %d" % (shape, needed, total))
    body = d + " " * (total - needed) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(body)) + body.encode("ascii")


def write_atomically(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)


class Series:
    """One chunked series: rows written at fixed offsets, capacity header first (spec 5.1)."""

    def __init__(self, directory, descr, shape, chunk_records):
        self.dir, self.descr, self.shape, self.b = directory, descr, list(shape), chunk_records
        self.row_bytes = int(np.prod(shape)) * np.dtype(descr).itemsize
        os.makedirs(directory, exist_ok=True)

    def path(self, chunk):
        return os.path.join(self.dir, "chunk-%06d.npy" % chunk)

    def write_row(self, record, row_bytes, partial=False):
        chunk, slot = divmod(record, self.b)
        path = self.path(chunk)
        if slot == 0:
            with open(path, "wb") as f:
                f.write(npy_header(self.descr, [self.b] + self.shape, HEADER_BYTES))
        with open(path, "r+b") as f:
            f.seek(HEADER_BYTES + slot * self.row_bytes)
            f.write(row_bytes[: len(row_bytes) // 2] if partial else row_bytes)

    def finish(self, records):
        if records == 0:
            return
        chunk = (records - 1) // self.b
        rows = records - chunk * self.b
        with open(self.path(chunk), "r+b") as f:
            f.write(npy_header(self.descr, [rows] + self.shape, HEADER_BYTES))
            f.truncate(HEADER_BYTES + rows * self.row_bytes)


def act_row(r):
    row = (8 * r + 0.5 * np.arange(6, dtype=np.float32)).astype("<f4")
    if r == 1:
        row.view("<u4")[0] = 0x7FC01234  # NaN with a payload
    if r == 2:
        row[1] = -np.inf
    return row.reshape(2, 3)


def w_row(r):
    row = (4 * r + 0.25 * np.arange(5, dtype=np.float32)).astype("<f2")
    if r == 3:
        row.view("<u2")[4] = 0x7D01  # float16 NaN with a payload
    if r == 4:
        row[0] = np.inf
    return row


def write(out, crash):
    os.makedirs(out)
    manifest = {
        "format": "trainscope-trace", "formatVersion": 1, "name": "numpy-written", "modelType": "mlp",
        "attributes": {"writer": "write_trace_numpy.py"},
        "graph": {
            "layers": [{"id": "L1"}],
            "nodes": [{"id": "x", "kind": "operator", "op": "input"},
                      {"id": "dense1", "kind": "operator", "op": "dense", "layer": "L1"},
                      {"id": "dense1.W", "kind": "parameter", "layer": "L1"}],
            "edges": [{"from": "x", "to": "dense1"}, {"from": "dense1.W", "to": "dense1"}]},
        "tensors": [
            {"id": "dense1.act", "node": "dense1", "kind": "activation", "dtype": "float32", "shape": [2, 3], "chunkRecords": 4},
            {"id": "dense1.w", "node": "dense1.W", "kind": "weight", "dtype": "float16", "shape": [5], "chunkRecords": 3}],
        "metrics": [{"name": "loss"}, {"name": "accuracy"}],
        "batches": {"batchSize": 3, "chunkRecords": 2},
        "arrays": [{"id": "probe.x", "dtype": "float32", "shape": [2, 2]},
                   {"id": "probe.y", "dtype": "int64", "shape": [2]}],
        "probe": {"inputs": "probe.x", "labels": "probe.y"},
    }
    act = Series(os.path.join(out, "tensors", "dense1.act"), "<f4", [2, 3], 4)
    w = Series(os.path.join(out, "tensors", "dense1.w"), "<f2", [5], 3)
    batches = Series(os.path.join(out, "batches"), "<i8", [3], 2)
    os.makedirs(os.path.join(out, "arrays"))
    open(os.path.join(out, "journal.jsonl"), "wb").close()
    write_atomically(os.path.join(out, "manifest.json"), json.dumps(manifest, indent=1).encode("utf-8"))
    for array_id, values in (("probe.x", np.array([[1, 2], [3, 4]], "<f4")), ("probe.y", np.array([1, 0], "<i8"))):
        write_atomically(os.path.join(out, "arrays", array_id + ".npy"),
                         npy_header(values.dtype.str, values.shape, 128) + values.tobytes())

    records = 7
    with open(os.path.join(out, "journal.jsonl"), "ab") as journal:
        for r in range(records):
            act.write_row(r, act_row(r).tobytes())
            w.write_row(r, w_row(r).tobytes())
            batch = np.full(3, -1, "<i8")
            batch[: 1 + r % 3] = np.arange(1 + r % 3) + 10 * r
            batches.write_row(r, batch.tobytes())
            metrics = {"loss": "NaN" if r == 2 else 1.0 / (r + 1)}
            if r % 2 == 1:
                metrics["accuracy"] = "Infinity" if r == 5 else r / 10
            line = {"record": r, "iteration": 100 * r + 1, "metrics": metrics}
            journal.write((json.dumps(line, allow_nan=False) + "\n").encode("utf-8"))
            journal.flush()
        if crash:
            # killed while writing record 7: half a row in one tensor and half a journal line
            act.write_row(records, act_row(records).tobytes(), partial=True)
            journal.write(b'{"record": 7, "itera')
            return
        for s in (act, w, batches):
            s.finish(records)
        journal.write(b'{"end": true, "records": %d}\n' % records)
    # after a clean close every chunk is an ordinary npy file
    for s, n in ((act, records), (w, records), (batches, records)):
        for c in range((n + s.b - 1) // s.b):
            assert np.load(s.path(c)).shape[0] == min(s.b, n - c * s.b)


def read(trace):
    """A reader per spec section 7: committed prefix of the journal, then memmap every chunk."""
    with open(os.path.join(trace, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["format"] == "trainscope-trace" and manifest["formatVersion"] == 1
    lines = []
    with open(os.path.join(trace, "journal.jsonl"), "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            line = json.loads(raw)
            if "end" in line:
                break
            assert line["record"] == len(lines)
            lines.append(line)
    n = len(lines)
    out = {"records": n, "iterations": [l["iteration"] for l in lines], "tensors": {}}
    for t in manifest["tensors"]:
        descr = {"float32": "<f4", "float16": "<f2"}[t["dtype"]]
        b, shape = t["chunkRecords"], tuple(t["shape"])
        parts = []
        for c in range((n + b - 1) // b):
            path = os.path.join(trace, "tensors", t["id"], "chunk-%06d.npy" % c)
            with open(path, "rb") as f:
                pre = f.read(12)
                assert pre[:6] == b"\x93NUMPY"
                header_length = 10 + struct.unpack("<H", pre[8:10])[0] if pre[6] == 1 else 12 + struct.unpack("<I", pre[8:12])[0]
            rows = min(b, n - c * b)
            parts.append(np.memmap(path, dtype=descr, mode="r", offset=header_length, shape=(rows,) + shape))
        data = np.concatenate(parts).astype(np.float64) if parts else np.zeros((0,) + shape)
        out["tensors"][t["id"]] = {
            "sum": float(data[np.isfinite(data)].sum()), "nan": int(np.isnan(data).sum()),
            "first": [float(v) if np.isfinite(v) else str(v) for v in data.reshape(n, -1)[0]] if n else []}
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2], "--crash" in sys.argv[3:])
    elif len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        sys.exit(__doc__)
