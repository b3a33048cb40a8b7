"""The fixture for the Java test: its expected.json must agree with its traces."""
import json
import math
import os
import subprocess
import sys

import numpy as np

from spec_reader import Trace

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_java_fixture.py")


def as_float(v):
    return float(v)  # "NaN" / "Infinity" strings parse too


def test_fixture_script(tmp_path):
    out = tmp_path / "fixture"
    subprocess.run([sys.executable, SCRIPT, str(out)], check=True, timeout=120)
    expected = json.loads((out / "expected.json").read_text())
    for key, records in (("main", 20), ("nan", 15)):
        e = expected[key]
        trace = Trace(str(out / e["trace"]))
        assert trace.ended and trace.records == e["records"] == records
        assert trace.iterations == e["iterations"]
        np.testing.assert_array_equal(trace.metric("loss"), [as_float(v) for v in e["loss"]])
        np.testing.assert_array_equal(trace.batches(), np.array(e["batches"]))
        for tid, t in e["tensors"].items():
            assert trace.tensors[tid]["shape"] == t["shape"]
        for s in e["samples"]:
            got = trace.series(s["tensor"])[s["record"]].reshape(-1)[s["neuron"]]
            want = as_float(s["value"])
            assert (math.isnan(got) and math.isnan(want)) or abs(got - want) <= e["tolerance"] * max(1, abs(want)), s
        np.testing.assert_array_equal(trace.array("probe.labels"), e["probe"]["labels"])
    assert expected["nan"]["anomaly"]["iteration"] == 12
    assert expected["nan"]["loss"][12] == "NaN"
    assert set(expected["main"]["operators"].values()) == {"input", "conv2d", "relu", "maxpool", "flatten", "dense"}
