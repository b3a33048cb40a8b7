"""Where the first NaN starts, blow-ups that are still finite, the first iterations recorded in
full, and several recorders that stop together."""
import json
import math
import os

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers import synthetic_classification
from spec_reader import Trace
from trainscope_recorder import RecordingConfig, StopGroup, TraceRecorder, TrainingAnomaly

TENSORS_EVERY_10 = dict(metrics_every=1, weights_every=10, gradients_every=10, updates_every=10,
                        activations_every=10)


def counts(trace, direction):
    """{record: {node: count}} of the per-node NaN/Inf metrics of one direction."""
    prefix = "nonfinite.%s." % direction
    return [{k[len(prefix):]: v for k, v in line.get("metrics", {}).items() if k.startswith(prefix)}
            for line in trace.lines]


def run_mlp(path, config, iterations=12, before_forward=None, model=None):
    """SGD on synthetic data; before_forward(iteration, model) may sabotage the model."""
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = model or nn.Sequential(nn.Linear(10, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    g = torch.Generator().manual_seed(1)
    with TraceRecorder(path, model, opt, probe_inputs=x[:4], config=config) as rec:
        for it in range(iterations):
            if before_forward is not None:
                before_forward(it, model)
            idx = torch.randint(0, len(x), (32,), generator=g)
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            if not rec.step(loss, batch_indices=idx):
                break
            opt.step()
    return rec


def test_the_middle_layer_that_overflows_is_named_as_the_origin(tmp_path):
    """Layer "2" (the middle Linear) is made to produce Inf at iteration 4: its weights become
    1e38, so its output overflows float32. The layers before it stay finite, the ones after it
    inherit Inf/NaN; the origin must name "2", forward, iteration 4."""
    def sabotage(it, model):
        if it == 4:
            with torch.no_grad():
                model[2].weight.fill_(1e38)

    path = str(tmp_path / "inf")
    config = RecordingConfig(weight_limit=None, on_anomaly="flag", dense_iterations=2, **TENSORS_EVERY_10)
    rec = run_mlp(path, config, before_forward=sabotage)
    assert rec.nonfinite_origin == {"iteration": 4, "direction": "forward", "node": "2"}
    trace = Trace(path)
    assert [line["metrics"]["nonfinite.forward"] for line in trace.lines[:4]] == [0, 0, 0, 0]
    assert trace.lines[4]["metrics"]["nonfinite.forward"] > 0
    forward = counts(trace, "forward")
    assert forward[3] == {}  # per-node counts only where a total is non-zero
    assert forward[4]["0"] == 0 and forward[4]["1"] == 0 and forward[4]["2"] > 0
    assert list(forward[4]) == ["0", "1", "2", "3", "4"]  # execution order
    assert list(counts(trace, "backward")[4]) == ["4", "3", "2", "1", "0"]  # order gradients arrive
    # the note sits on the record of iteration 4 in every trace, once
    notes = [line.get("firstNonFinite") for line in trace.lines]
    assert notes[4] == {"iteration": 4, "direction": "forward", "node": "2"}
    assert [n for n in notes if n] == [notes[4]]
    coarse = Trace(os.path.join(path, "every-10"))
    assert 4 in coarse.iterations  # the anomaly recorded the tensors of that iteration
    assert coarse.lines[coarse.iterations.index(4)]["firstNonFinite"]["node"] == "2"
    with open(os.path.join(path, "anomaly.json")) as f:
        assert json.load(f)["firstNonFinite"]["node"] == "2"


class Sqrt(nn.Module):
    def forward(self, x):
        return torch.sqrt(x)


def test_a_gradient_that_overflows_while_the_forward_is_finite(tmp_path):
    """sqrt at the zeros of a ReLU is finite forward, but its derivative there is infinite: the
    gradient arriving at the ReLU's output (node "1") is where the first NaN/Inf appears, at
    iteration 0, direction backward, while the loss is still finite."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), Sqrt(), nn.Linear(16, 3))
    path = str(tmp_path / "sqrt")
    config = RecordingConfig(on_anomaly="flag", dense_iterations=1, **TENSORS_EVERY_10)
    rec = run_mlp(path, config, iterations=3, model=model)
    assert rec.nonfinite_origin == {"iteration": 0, "direction": "backward", "node": "1"}
    trace = Trace(path)
    first = trace.lines[0]["metrics"]
    assert math.isfinite(first["loss"]) and first["nonfinite.forward"] == 0 and first["nonfinite.backward"] > 0
    assert first["nonfinite.backward.3"] == 0 and first["nonfinite.backward.2"] == 0
    assert first["nonfinite.backward.1"] > 0
    assert "gradient of 1 at iteration 0" in rec.anomaly["reason"]


def test_counts_leave_out_forwards_without_gradients(tmp_path):
    """The recorder's probe pass and the user's own evaluation under no_grad are not training."""
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = nn.Sequential(nn.Linear(10, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    path = str(tmp_path / "eval")
    with TraceRecorder(path, model, opt, probe_inputs=x[:4], config=RecordingConfig(dense_first=0)) as rec:
        for _ in range(3):
            with torch.no_grad():
                model(torch.full((2, 10), float("nan")))  # an evaluation on broken data
            loss = F.cross_entropy(model(x[:8]), y[:8])
            opt.zero_grad()
            loss.backward()
            rec.step(loss)
            opt.step()
    assert rec.nonfinite_origin is None and rec.anomaly is None
    assert all(line["metrics"]["nonfinite.forward"] == 0 for line in Trace(path).lines)


def test_a_still_finite_blow_up_is_recorded_where_it_happens(tmp_path):
    """A linear regression with a far too large learning rate: weights grow about 18-fold per
    iteration. Tensors are due every 10 iterations, yet the iterations where the weights pass
    1e8 (7) and then reach 1e12 (10, with a finite loss of 7.6e25) are in the tensor trace."""
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([[1.0], [2.0], [-1.0], [0.5]])
    model = nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=8.0)
    path = str(tmp_path / "blowup")
    config = RecordingConfig(loss_jump_factor=None, count_nonfinite=False, dense_iterations=5, **TENSORS_EVERY_10)
    peaks, losses = [], []
    with pytest.raises(TrainingAnomaly) as info:
        with TraceRecorder(path, model, opt, config=config) as rec:
            for _ in range(40):
                loss = F.mse_loss(model(x), y)
                opt.zero_grad()
                loss.backward()
                peaks.append(float(model.weight.detach().abs().max()))
                losses.append(float(loss))
                rec.step(loss)
                opt.step()
    first_over = next(i for i, p in enumerate(peaks) if p > 1e8)
    at_1e12 = next(i for i, p in enumerate(peaks) if p >= 1e12)
    assert info.value.iteration == first_over and "weight" in info.value.reason
    assert math.isfinite(losses[at_1e12]) and losses[at_1e12] > 1e20
    tensors = Trace(os.path.join(path, "every-10"))
    assert set(range(first_over, at_1e12 + 1)) <= set(tensors.iterations)
    weights = tensors.series("model.weight")[tensors.iterations.index(at_1e12)]
    assert np.isfinite(weights).all() and np.abs(weights).max() == pytest.approx(peaks[at_1e12], rel=1e-6)


def test_a_loss_jump_at_the_second_iteration_is_an_anomaly(tmp_path):
    model = nn.Linear(2, 1)
    with TraceRecorder(str(tmp_path / "jump"), model, None, config=RecordingConfig(on_anomaly="continue")) as rec:
        rec.step(torch.tensor(2.3))
        rec.step(torch.tensor(40.0))
    assert rec.anomaly["iteration"] == 1 and "jumped" in rec.anomaly["reason"]


def test_the_first_iterations_are_recorded_in_full_by_default(tmp_path):
    path = str(tmp_path / "start")
    run_mlp(path, RecordingConfig(), iterations=23)
    assert Trace(os.path.join(path, "every-10")).iterations == [0, 1, 2, 3, 4, 10, 20]


def test_recorders_of_one_stop_group_stop_at_the_same_iteration(tmp_path):
    """Two models trained in one loop, each with its own recorder. Model A gets NaN inputs from
    iteration 6; B is healthy and steps first in every iteration. A raises TrainingAnomaly
    when its dense window ends; B's traces end at the same iteration, closed, though B's
    step() is never called again."""
    torch.manual_seed(0)
    x, y = synthetic_classification()
    models = {n: nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 3)) for n in "ab"}
    opts = {n: torch.optim.SGD(m.parameters(), lr=0.1) for n, m in models.items()}
    group = StopGroup()
    recs = {n: TraceRecorder(str(tmp_path / n), models[n], opts[n], probe_inputs=x[:4], stop_group=group,
                             config=RecordingConfig(dense_iterations=3, dense_first=0,
                                                    on_anomaly="raise" if n == "a" else "flag", **TENSORS_EVERY_10))
            for n in "ba"}
    stopped_at = None
    try:
        for it in range(30):
            for n in "ba":
                xb = x[:16] * (float("nan") if n == "a" and it >= 6 else 1.0)
                loss = F.cross_entropy(models[n](xb), y[:16])
                opts[n].zero_grad()
                loss.backward()
                recs[n].step(loss)
                opts[n].step()
    except TrainingAnomaly as e:
        stopped_at = it
        assert e.iteration == 6
    assert stopped_at == 9  # A: dense 6, 7, 8; step() at 9 stops
    for n in "ab":
        main, coarse = Trace(str(tmp_path / n)), Trace(str(tmp_path / n / "every-10"))
        assert main.ended and coarse.ended, n
        assert main.iterations[-1] == 8, n
    assert Trace(str(tmp_path / "a" / "every-10")).iterations == [0, 6, 7, 8]
    assert Trace(str(tmp_path / "b" / "every-10")).iterations == [0, 7, 8]  # B had stepped at 6 already
    assert recs["b"].anomaly["iteration"] == 6 and recs["b"].step(torch.tensor(1.0)) is False
