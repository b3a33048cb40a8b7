"""Dense recording around a NaN or a loss jump, and the clean stop after it."""
import json
import math
import os

import pytest
import torch
import torch.nn as nn

from helpers import mlp, recorder, synthetic_classification, train
from spec_reader import Trace
from trainscope_recorder import RecordingConfig, TraceRecorder, TrainingAnomaly

SPARSE = dict(metrics_every=1, weights_every=10, gradients_every=10, updates_every=10, activations_every=10,
              dense_first=0)


def test_nan_loss_is_recorded_densely_then_training_anomaly(tmp_path):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    path = str(tmp_path / "nan")
    config = RecordingConfig(dense_iterations=3, **SPARSE)
    with pytest.raises(TrainingAnomaly) as info:
        train(mlp(), x, y, 40, recorder(path, mlp(), x, y, config), poison_at=13)
    err = info.value
    assert err.iteration == 13 and math.isnan(err.loss) and "nan" in err.reason
    assert err.trace_path == path
    main, coarse = Trace(path), Trace(os.path.join(path, "every-10"))
    assert main.ended and coarse.ended  # closed cleanly before raising
    assert main.iterations == list(range(16))
    assert coarse.iterations == [0, 10, 13, 14, 15]  # regular, then every iteration from the NaN on
    assert main.lines[13]["metrics"]["loss"] == "NaN"
    assert all(math.isfinite(v) for v in main.metric("loss")[:13])
    with open(os.path.join(path, "anomaly.json")) as f:
        assert json.load(f)["iteration"] == 13


def test_nan_captured_in_the_tensors(tmp_path):
    """With a real model: the first NaN iteration has NaN activations and gradients."""
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    path = str(tmp_path / "nan2")
    config = RecordingConfig(dense_iterations=2, on_anomaly="flag", **SPARSE)
    results = []

    def make(opt):
        rec = TraceRecorder(path, model, opt, probe_inputs=x[:4], config=config)
        step = rec.step
        rec.step = lambda loss, **kw: results.append(step(loss, **kw)) or results[-1]
        return rec

    train(model, x, y, 20, make, poison_at=5)
    # flag mode: step() returns False from the first call after the dense window, never raises
    assert results[:7] == [True] * 7 and results[7:] == [False] * 13
    coarse = Trace(os.path.join(path, "every-10"))
    assert coarse.iterations == [0, 5, 6]
    grads = coarse.series("0.weight.grad")
    assert torch.isfinite(torch.from_numpy(grads[0])).all() and torch.isnan(torch.from_numpy(grads[1])).all()
    weights = coarse.series("0.weight")
    assert torch.isfinite(torch.from_numpy(weights[1])).all()  # the weights that met the NaN batch
    assert torch.isnan(torch.from_numpy(weights[2])).all()      # after the NaN update
    assert "probe" in coarse.manifest and coarse.manifest["probe"] == {"inputs": "probe.inputs"}


def loss_sequence_run(tmp_path, losses, config):
    """Feeds given loss values to a recorder on a fixed model (no optimizer)."""
    model = nn.Linear(2, 1)
    rec = TraceRecorder(str(tmp_path / "seq"), model, None, config=config)
    outcome = []
    try:
        for v in losses:
            outcome.append(rec.step(torch.tensor(v)))
    finally:
        rec.close()
    return rec, outcome


def test_loss_jump_triggers_dense_window_and_continue(tmp_path):
    losses = [1.0, 0.9, 0.8, 0.8, 9.5, 0.7, 0.7, 0.6, 0.6, 0.5, 0.5, 8.0, 0.5]
    config = RecordingConfig(metrics_every=1, weights_every=4, gradients_every=0, updates_every=0,
                             activations_every=0, dense_first=0, loss_jump_factor=5.0, dense_iterations=2, on_anomaly="continue")
    rec, outcome = loss_sequence_run(tmp_path, losses, config)
    assert all(outcome)
    assert rec.anomaly["iteration"] == 11  # the last anomaly seen; the first was 4
    trace = Trace(os.path.join(str(tmp_path / "seq"), "every-4"))
    assert trace.iterations == [0, 4, 5, 8, 11, 12]


def test_jump_detection_can_be_off_and_small_rises_do_not_trigger(tmp_path):
    losses = [1.0, 1.1, 1.3, 2.5, 4.0, 1.0, 100.0]
    config = RecordingConfig(loss_jump_factor=None, weights_every=3)
    rec, outcome = loss_sequence_run(tmp_path, losses, config)
    assert rec.anomaly is None and all(outcome)


def test_dense_before_commits_the_iterations_leading_to_the_anomaly(tmp_path):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    path = str(tmp_path / "before")
    config = RecordingConfig(dense_iterations=2, dense_before=3, **SPARSE)
    with pytest.raises(TrainingAnomaly):
        train(mlp(), x, y, 30, recorder(path, mlp(), x, y, config), poison_at=15)
    coarse = Trace(os.path.join(path, "every-10"))
    assert coarse.iterations == [0, 10, 12, 13, 14, 15, 16]
    assert coarse.ended


def test_look_back_never_goes_behind_a_committed_record(tmp_path):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    path = str(tmp_path / "regular")
    config = RecordingConfig(dense_iterations=2, dense_before=2, **SPARSE)
    with pytest.raises(TrainingAnomaly):
        train(mlp(), x, y, 30, recorder(path, mlp(), x, y, config), poison_at=11)
    # iteration 9 is in the look-back ring, but 10 is already committed and records only grow
    assert Trace(os.path.join(path, "every-10")).iterations == [0, 10, 11, 12]
