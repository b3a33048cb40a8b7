"""The writing helpers printed in docs/trace-format.md section 9 must write a valid trace as printed,
for long shapes too (the earlier npy_header wrote a wrong header once the shape's text outgrew
its fixed 128 bytes)."""
import json
import math
import os
import re

import numpy as np
import pytest

from spec_reader import Trace, npy_header as read_npy_header

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "docs", "trace-format.md")
SHAPE = [1] * 20 + [2, 3]   # a 22-dimensional record: "(4, 1, 1, ...)" needs more than 128 header bytes
B = 4


@pytest.fixture(scope="module")
def section9():
    with open(SPEC, encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## 9. Writing a trace"):text.index("## 10.")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(code, "trace-format.md section 9", "exec"), namespace)
    return namespace


def test_npy_header_fits_any_shape_and_keeps_its_length(section9, tmp_path):
    npy_header = section9["npy_header"]
    capacity = npy_header("<f4", [B] + SHAPE)
    assert len(capacity) % 64 == 0 and len(capacity) > 128
    final = npy_header("<f4", [3] + SHAPE, total=len(capacity))
    assert len(final) == len(capacity)
    path = tmp_path / "a.npy"
    data = np.arange(18, dtype="<f4").reshape([3] + SHAPE)
    path.write_bytes(final + data.tobytes())
    np.testing.assert_array_equal(np.load(path), data)  # numpy itself accepts it
    with pytest.raises(ValueError):
        npy_header("<f4", [B] + SHAPE, total=128)  # too small: refused, never a broken header


def test_a_trace_written_with_the_section_9_helpers_reads_back(section9, tmp_path):
    npy_header, commit, end = section9["npy_header"], section9["commit"], section9["end"]
    trace = tmp_path / "t"
    os.makedirs(trace / "tensors" / "act")
    manifest = {"format": "trainscope-trace", "formatVersion": 1, "modelType": "mlp",
                "graph": {"layers": [], "nodes": [{"id": "x", "kind": "operator", "op": "input"}], "edges": []},
                "tensors": [{"id": "act", "node": "x", "kind": "activation", "dtype": "float32", "shape": SHAPE,
                             "chunkRecords": B}],
                "metrics": [{"name": "loss"}]}
    open(trace / "journal.jsonl", "wb").close()
    with open(trace / "manifest.json.tmp", "w") as f:
        json.dump(manifest, f)
    os.replace(trace / "manifest.json.tmp", trace / "manifest.json")
    header = npy_header("<f4", [B] + SHAPE)
    row_bytes = 6 * 4
    losses = [2.0, 1.5, 1.0, float("nan"), float("inf"), 0.5]
    chunk = None
    with open(trace / "journal.jsonl", "ab") as journal:
        for r, loss in enumerate(losses):
            if r % B == 0:
                chunk = open(trace / "tensors" / "act" / ("chunk-%06d.npy" % (r // B)), "w+b")
                chunk.write(header)
            chunk.seek(len(header) + (r % B) * row_bytes)
            chunk.write(np.full(6, r, "<f4").tobytes())
            commit(journal, [chunk], r, 10 * r, {"loss": loss})
        chunk.seek(0)  # close: the last chunk's final header, same length, then the end line
        chunk.write(npy_header("<f4", [len(losses) % B] + SHAPE, total=len(header)))
        chunk.truncate(len(header) + (len(losses) % B) * row_bytes)
        chunk.close()
        end(journal, len(losses))
    t = Trace(str(trace))
    assert t.ended and t.iterations == [0, 10, 20, 30, 40, 50]
    loss = t.metric("loss")
    assert loss[:3] == [2.0, 1.5, 1.0] and math.isnan(loss[3]) and loss[4] == math.inf
    assert t.lines[3]["metrics"]["loss"] == "NaN"  # as section 7 spells it
    series = t.series("act")
    assert series.shape == (6, *SHAPE) and [float(series[r].flat[0]) for r in range(6)] == list(range(6))
    last = str(trace / "tensors" / "act" / "chunk-000001.npy")
    assert read_npy_header(last)[1]["shape"] == tuple([2] + SHAPE)
    assert np.load(last).shape == tuple([2] + SHAPE)
