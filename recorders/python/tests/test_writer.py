"""The format details of the writer: chunk rollover, header rewrite, chunk sizes."""
import json
import os

import numpy as np

from spec_reader import Trace, npy_header
from trainscope_recorder import trace_writer


def small_manifest():
    return {
        "format": "trainscope-trace", "formatVersion": 1, "modelType": "mlp",
        "graph": {"layers": [], "nodes": [{"id": "n", "kind": "operator", "op": "dense"}], "edges": []},
        "tensors": [{"id": "n.act", "node": "n", "kind": "activation", "dtype": "float16", "shape": [2, 3]}],
        "metrics": [{"name": "loss"}],
        "batches": {"batchSize": 2},
    }


def test_chunks_roll_over_and_the_last_header_is_rewritten(tmp_path, monkeypatch):
    monkeypatch.setattr(trace_writer, "chunk_records_for", lambda row_bytes: 3)
    w = trace_writer.TraceWriter(str(tmp_path / "t"), small_manifest())
    for r in range(7):
        row = np.full((2, 3), r, "<f2")
        row[0, 0] = np.nan if r == 4 else row[0, 0]
        w.commit(10 * r, {"n.act": row.tobytes()}, np.array([r, -1], "<i8").tobytes(),
                 {"loss": float("inf") if r == 5 else r / 2})
    d = str(tmp_path / "t" / "tensors" / "n.act")
    # before close the last chunk still declares its capacity (spec 5.1)
    assert npy_header(os.path.join(d, "chunk-000002.npy"))[1]["shape"] == (3, 2, 3)
    w.close()
    hl, header = npy_header(os.path.join(d, "chunk-000002.npy"))
    assert header["shape"] == (1, 2, 3) and hl == 128
    assert os.path.getsize(os.path.join(d, "chunk-000002.npy")) == hl + 12
    assert [np.load(os.path.join(d, "chunk-%06d.npy" % c)).shape[0] for c in range(3)] == [3, 3, 1]
    t = Trace(str(tmp_path / "t"))
    assert t.ended and t.iterations == [0, 10, 20, 30, 40, 50, 60]
    assert t.lines[5]["metrics"]["loss"] == "Infinity"
    s = t.series("n.act")
    assert np.isnan(s[4, 0, 0]) and s[6, 1, 2] == 6
    assert t.batches()[:, 0].tolist() == list(range(7))
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    assert manifest["tensors"][0]["chunkRecords"] == 3


def test_chunk_records_rule():
    assert trace_writer.chunk_records_for(4) == 4096
    assert trace_writer.chunk_records_for(64 << 20) == 1
    assert trace_writer.chunk_records_for(1 << 20) == 64
    assert trace_writer.chunk_records_for(3 << 20) == 16


def test_no_manifest_before_the_journal_and_tensor_directories(tmp_path):
    w = trace_writer.TraceWriter(str(tmp_path / "t"), small_manifest())
    assert (tmp_path / "t" / "journal.jsonl").read_bytes() == b""
    assert (tmp_path / "t" / "tensors" / "n.act").is_dir()
    assert not (tmp_path / "t" / "manifest.json.tmp").exists()
    w.close()
    assert Trace(str(tmp_path / "t")).records == 0
