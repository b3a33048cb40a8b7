"""An independent trace reader for the tests, written from docs/trace-format.md only.

It deliberately does not reuse the recorder's writer code, so a misreading of the spec on the
writing side shows up as a test failure instead of cancelling out.
"""
import json
import os
import re
import struct

import numpy as np

ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
DESCR = {"float32": "<f4", "float16": "<f2", "int64": "<i8"}


def npy_header(path):
    """(header length, header dict) of an npy file, checked as spec section 6 demands."""
    with open(path, "rb") as f:
        pre = f.read(10)
        assert pre[:6] == b"\x93NUMPY", path
        assert pre[6] == 1 and pre[7] == 0, "writer uses version 1.0"
        hl = struct.unpack("<H", pre[8:10])[0]
        text = f.read(hl).decode("ascii")
    assert text.endswith("\n")
    assert (10 + hl) % 64 == 0, "numpy alignment"
    header = eval(text)  # test code reading our own file; the dict literal is what npy defines
    assert set(header) == {"descr", "fortran_order", "shape"}
    assert header["fortran_order"] is False
    return 10 + hl, header


class Trace:
    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        m = self.manifest
        assert m["format"] == "trainscope-trace" and m["formatVersion"] == 1
        self.lines, self.ended = [], False
        with open(os.path.join(directory, "journal.jsonl"), "rb") as f:
            for raw in f:
                if not raw.endswith(b"\n"):
                    break
                line = json.loads(raw)
                if "end" in line:
                    assert line == {"end": True, "records": len(self.lines)}
                    self.ended = True
                    break
                assert line["record"] == len(self.lines)
                if self.lines:
                    assert line["iteration"] > self.lines[-1]["iteration"]
                self.lines.append(line)
        self.tensors = {t["id"]: t for t in m["tensors"]}
        self._check_manifest()

    def _check_manifest(self):
        g = self.manifest["graph"]
        node_ids = [n["id"] for n in g["nodes"]]
        assert len(node_ids) == len(set(node_ids))
        layer_ids = {l["id"] for l in g["layers"]}
        for n in g["nodes"]:
            assert n["kind"] in ("operator", "parameter", "random_variable")
            assert "layer" not in n or n["layer"] in layer_ids
        for e in g["edges"]:
            assert e["from"] in node_ids and e["to"] in node_ids
        for t in self.manifest["tensors"]:
            assert ID.match(t["id"]), t["id"]
            assert t["node"] in node_ids
            assert t["kind"] in ("activation", "gradient", "weight", "bias", "update")
            assert all(d >= 1 for d in t["shape"]) and t["shape"]

    @property
    def records(self):
        return len(self.lines)

    @property
    def iterations(self):
        return [l["iteration"] for l in self.lines]

    def metric(self, name):
        out = []
        for l in self.lines:
            v = l.get("metrics", {}).get(name)
            out.append(float(v) if v is not None else None)
        return out

    def series(self, tensor_id):
        """All committed records of a tensor as one float array [records] + shape."""
        t = self.tensors[tensor_id]
        return self._read(os.path.join(self.dir, "tensors", tensor_id), DESCR[t["dtype"]], t["shape"],
                          t["chunkRecords"]).astype(np.float32)

    def batches(self):
        b = self.manifest["batches"]
        return self._read(os.path.join(self.dir, "batches"), "<i8", [b["batchSize"]], b["chunkRecords"])

    def batch_inputs(self):
        """Spec 4.8: (inputs [records, batchSize] + sampleShape, counts [records], labels or None)."""
        b = self.manifest["batchInputs"]
        base = os.path.join(self.dir, "batchInputs")
        descr = DESCR[b["dtype"]]
        inputs = self._read(os.path.join(base, "inputs"), descr, [b["batchSize"]] + b["sampleShape"], b["chunkRecords"])
        counts = self._read(os.path.join(base, "count"), "<i8", [1], b["chunkRecords"])[:, 0]
        labels = None
        if b.get("labels"):
            labels = self._read(os.path.join(base, "labels"), "<i8", [b["batchSize"]], b["chunkRecords"])
        return inputs, counts, labels

    def _read(self, directory, descr, shape, b):
        parts = []
        for c in range(-(-self.records // b)):
            path = os.path.join(directory, "chunk-%06d.npy" % c)
            hl, header = npy_header(path)
            assert header["descr"] == descr
            rows = min(b, self.records - c * b)
            assert list(header["shape"][1:]) == list(shape)
            assert rows <= header["shape"][0] <= b
            parts.append(np.memmap(path, dtype=descr, mode="r", offset=hl, shape=(rows,) + tuple(shape)))
        return np.concatenate(parts) if parts else np.zeros((0,) + tuple(shape), descr)

    def array(self, array_id):
        return np.load(os.path.join(self.dir, "arrays", array_id + ".npy"))

    def node(self, node_id):
        return next(n for n in self.manifest["graph"]["nodes"] if n["id"] == node_id)
