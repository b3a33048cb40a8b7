"""Writes one trace directory following docs/trace-format.md (version 1), with numpy only.

The writer knows nothing about PyTorch: it takes byte rows and metric numbers. It raises OSError
on any file problem; the recorder above it turns that into one warning (disk full, read-only path).
"""
import json
import math
import os
import time

import numpy as np

from .npy import header_length_for, npy_bytes, npy_header

DESCR = {"float32": "<f4", "float16": "<f2", "int64": "<i8"}
MAX_ROW_BYTES = 1 << 30
MAX_CHUNK_BYTES = (2 << 30) - (1 << 20)
TARGET_CHUNK_BYTES = 64 << 20


def _write(f, data):
    """Every byte the writer puts on disk goes through here (tests patch it to simulate ENOSPC)."""
    f.write(data)


def _flush(f, durable):
    f.flush()
    if durable:
        os.fsync(f.fileno())


def chunk_records_for(row_bytes):
    """Spec 5: the largest power of two with B * rowBytes <= 64 MiB, clamped to [1, 4096]."""
    b = 1
    while b < 4096 and (b * 2) * row_bytes <= TARGET_CHUNK_BYTES:
        b *= 2
    return b


def write_atomically(path, data, durable=True):
    """tmp file, flush, rename: a reader finds either the complete file or none (spec 4, 4.5)."""
    with open(path + ".tmp", "wb") as f:
        _write(f, data)
        _flush(f, durable)
    os.replace(path + ".tmp", path)


class Series:
    """One chunked series (a tensor or the batch indices): rows appended at fixed offsets.

    Only the handle of the current chunk stays open, so a run with many tensors keeps one file
    descriptor per tensor.
    """

    def __init__(self, directory, descr, shape, chunk_records):
        self.directory = directory
        self.descr = descr
        self.shape = [int(s) for s in shape]
        self.chunk_records = int(chunk_records)
        self.row_bytes = int(np.prod(self.shape)) * np.dtype(descr).itemsize
        # one header length for capacity and final headers, so the data never moves (spec 5.1)
        self.header_bytes = header_length_for(descr, [self.chunk_records] + self.shape)
        self._file = None
        self._chunk = -1

    def path(self, chunk):
        return os.path.join(self.directory, "chunk-%06d.npy" % chunk)

    def write_row(self, record, data):
        chunk, slot = divmod(record, self.chunk_records)
        if chunk != self._chunk:
            self.close()
            if slot == 0:
                self._file = open(self.path(chunk), "w+b")
                _write(self._file, npy_header(self.descr, [self.chunk_records] + self.shape, self.header_bytes))
            else:  # not expected: records are appended in order
                self._file = open(self.path(chunk), "r+b")
            self._chunk = chunk
        self._file.seek(self.header_bytes + slot * self.row_bytes)
        _write(self._file, data)

    def flush(self, durable):
        if self._file is not None:
            _flush(self._file, durable)

    def finish(self, records):
        """Rewrites the last chunk's header to its real record count and cuts the capacity tail."""
        self.close()
        if records == 0:
            return
        chunk = (records - 1) // self.chunk_records
        rows = records - chunk * self.chunk_records
        with open(self.path(chunk), "r+b") as f:
            _write(f, npy_header(self.descr, [rows] + self.shape, self.header_bytes))
            f.truncate(self.header_bytes + rows * self.row_bytes)

    def close(self):
        if self._file is not None:
            f, self._file, self._chunk = self._file, None, -1
            f.close()


def json_number(value):
    """Journal metric values: numbers (integers stay integers: counts), or the strings the spec
    allows for non-finite values."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


class TraceWriter:
    """Creates a trace at `directory` and commits records to it.

    `manifest` is complete except for chunk sizes, which the writer fills in. `arrays` maps array
    ids (declared in the manifest) to numpy arrays written before the manifest appears.
    """

    def __init__(self, directory, manifest, arrays=None, durable=False):
        self.directory = directory
        self.durable = durable
        self.records = 0
        self.last_iteration = -1
        self.closed = False
        self.series = {}
        os.makedirs(directory, exist_ok=True)
        if os.path.exists(os.path.join(directory, "manifest.json")):
            raise FileExistsError("a trace already exists in %s" % directory)
        os.makedirs(os.path.join(directory, "tensors"), exist_ok=True)
        for t in manifest["tensors"]:
            descr = DESCR[t["dtype"]]
            row_bytes = int(np.prod(t["shape"])) * np.dtype(descr).itemsize
            t["chunkRecords"] = chunk_records_for(row_bytes)
            tdir = os.path.join(directory, "tensors", t["id"])
            os.makedirs(tdir, exist_ok=True)
            self.series[t["id"]] = Series(tdir, descr, t["shape"], t["chunkRecords"])
        self.batches = None
        if manifest.get("batches"):
            b = manifest["batches"]
            b["chunkRecords"] = chunk_records_for(8 * b["batchSize"])
            os.makedirs(os.path.join(directory, "batches"), exist_ok=True)
            self.batches = Series(os.path.join(directory, "batches"), "<i8", [b["batchSize"]], b["chunkRecords"])
        self.batch_inputs = None  # spec 4.8: {"inputs", "count", "labels"?} -> Series
        if manifest.get("batchInputs"):
            b = manifest["batchInputs"]
            row = [b["batchSize"]] + list(b["sampleShape"])
            b["chunkRecords"] = chunk_records_for(int(np.prod(row)) * 4)
            base = os.path.join(directory, "batchInputs")
            self.batch_inputs = {}
            for name, descr, shape in (("inputs", "<f4", row), ("count", "<i8", [1]),
                                       ("labels", "<i8", [b["batchSize"]])):
                if name == "labels" and not b.get("labels"):
                    continue
                os.makedirs(os.path.join(base, name), exist_ok=True)
                self.batch_inputs[name] = Series(os.path.join(base, name), descr, shape, b["chunkRecords"])
        if arrays:
            os.makedirs(os.path.join(directory, "arrays"), exist_ok=True)
            for array_id, values in arrays.items():
                write_atomically(os.path.join(directory, "arrays", array_id + ".npy"), npy_bytes(values), durable)
        self.metric_names = {m["name"] for m in manifest["metrics"]}
        journal_path = os.path.join(directory, "journal.jsonl")
        self.journal = open(journal_path, "wb")
        text = json.dumps(manifest, indent=1, allow_nan=False).encode("utf-8")
        write_atomically(os.path.join(directory, "manifest.json"), text, durable=True)

    def commit(self, iteration, rows, batch=None, metrics=None, extra=None, batch_inputs=None):
        """Spec 7 commit: every series row first, then one journal line in one write.

        `rows` maps every tensor id to bytes of exactly its row size; `batch` is an int64 row;
        `extra` holds further members of the line (spec 7: "firstNonFinite"); `batch_inputs`
        maps "inputs", "count" and "labels" to their rows (spec 4.8) when the manifest declares them.
        """
        if iteration <= self.last_iteration:
            raise ValueError("iterations must increase: %d after %d" % (iteration, self.last_iteration))
        for tensor_id, series in self.series.items():
            series.write_row(self.records, rows[tensor_id])
        if self.batches is not None:
            self.batches.write_row(self.records, batch)
        if self.batch_inputs is not None:
            for name, series in self.batch_inputs.items():
                series.write_row(self.records, batch_inputs[name])
        for series in self._all_series():
            series.flush(self.durable)
        line = {"record": self.records, "iteration": int(iteration)}
        if metrics:
            line["metrics"] = {k: json_number(v) for k, v in metrics.items() if k in self.metric_names}
        line.update(extra or {})
        line["time"] = int(time.time() * 1000)
        _write(self.journal, (json.dumps(line, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8"))
        _flush(self.journal, self.durable)
        self.records += 1
        self.last_iteration = iteration

    def _all_series(self):
        yield from self.series.values()
        if self.batches is not None:
            yield self.batches
        if self.batch_inputs is not None:
            yield from self.batch_inputs.values()

    def close(self):
        """Clean close (spec 5.1 and 7): final chunk headers, then the end line."""
        if self.closed:
            return
        self.closed = True
        try:
            for series in self._all_series():
                series.finish(self.records)
            _write(self.journal, b'{"end":true,"records":%d}\n' % self.records)
            _flush(self.journal, self.durable)
        finally:
            self.abandon()

    def abandon(self):
        """Releases file handles without finishing (after a write error the trace stays as the
        committed prefix, which readers open as incomplete)."""
        self.closed = True
        for series in self._all_series():
            try:
                series.close()
            except OSError:
                pass
        try:
            self.journal.close()
        except OSError:
            pass
