"""Op types and the attributes a reader needs to replay each operator (docs/recorders.md, Graph)."""
import os
from collections import OrderedDict

import numpy as np
import pytest
import torch
import torch.nn as nn

from spec_reader import Trace
from trainscope_recorder import RecorderWarning, RecordingConfig, TraceRecorder

EVERY_1 = dict(metrics_every=1, weights_every=1, gradients_every=1, updates_every=1, activations_every=1)
PROBE = 5


def record(tmp_path, model, probe, iterations=2):
    """Trains `model` on a squared output for a few iterations; returns the trace."""
    path = str(tmp_path / "run")
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with TraceRecorder(path, model, opt, probe_inputs=probe, config=RecordingConfig(**EVERY_1)) as rec:
        for _ in range(iterations):
            loss = model(probe * 0.9).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            rec.step(loss)
            opt.step()
    return Trace(path)


def generator_like():
    return nn.Sequential(OrderedDict([
        ("fc", nn.Linear(6, 2 * 4 * 4)),
        ("unflatten", nn.Unflatten(1, (2, 4, 4))),
        ("up", nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1)),     # 4x4 -> 8x8
        ("bn", nn.BatchNorm2d(4)),
        ("dilated", nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2)),               # 8x8 -> 8x8
        ("same", nn.Conv2d(4, 4, 3, padding="same")),
        ("elu", nn.ELU(alpha=0.5)),
        ("pool", nn.AdaptiveAvgPool2d(2)),                                               # 8x8 -> 2x2
        ("maxpool", nn.MaxPool2d(2, stride=1, padding=1)),                               # 2x2 -> 3x3
        ("keep", nn.Identity()),
        ("flatten", nn.Flatten()),
        ("out", nn.Linear(36, 5)),
        ("gelu", nn.GELU()),
        ("softmax", nn.Softmax(dim=-1)),
        ("logsoftmax", nn.LogSoftmax(dim=1)),
    ]))


def test_op_types_and_attributes(tmp_path):
    torch.manual_seed(0)
    trace = record(tmp_path, generator_like(), torch.randn(PROBE, 6))
    ops = {n["id"]: (n["op"], n.get("attributes", {})) for n in trace.manifest["graph"]["nodes"] if n["kind"] == "operator"}
    assert ops["fc"] == ("dense", {"in_features": 6, "out_features": 32, "units": 32, "weightLayout": "outIn"})
    assert ops["unflatten"] == ("reshape", {"dim": 1, "unflattened_size": [2, 4, 4], "shape": [2, 4, 4]})
    assert ops["up"] == ("conv_transpose2d", {"in_channels": 2, "out_channels": 4, "kernel_size": [3, 3],
                                              "stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1],
                                              "dilation": [1, 1], "groups": 1})
    assert ops["bn"] == ("batchnorm", {"num_features": 4, "eps": 1e-5, "momentum": 0.1, "affine": True,
                                       "track_running_stats": True})
    assert ops["dilated"] == ("conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": [3, 3], "stride": [1, 1],
                                         "padding": [2, 2], "dilation": [2, 2], "groups": 2})
    assert ops["same"][1]["padding"] == [1, 1]
    assert ops["elu"] == ("elu", {"alpha": 0.5})
    # an adaptive pooling whose input is a multiple of its output is an ordinary pooling
    assert ops["pool"] == ("avgpool", {"output_size": [2, 2], "adaptive": True, "kernel_size": [4, 4],
                                       "stride": [4, 4], "padding": [0, 0]})
    assert ops["maxpool"] == ("maxpool", {"kernel_size": [2, 2], "stride": [1, 1], "padding": [1, 1],
                                          "dilation": [1, 1], "ceil_mode": False})
    assert ops["keep"] == ("identity", {})
    assert ops["flatten"] == ("flatten", {"start_dim": 1, "end_dim": 3})
    assert ops["gelu"] == ("gelu", {"approximate": "none"})
    # axes index the whole tensor with the probe axis as 0, never negative
    assert ops["softmax"] == ("softmax", {"dim": 1})
    assert ops["logsoftmax"] == ("logsoftmax", {"dim": 1})
    assert trace.manifest["modelType"] == "cnn"


def test_activations_keep_the_probe_axis_first(tmp_path):
    torch.manual_seed(0)
    model = generator_like()
    probe = torch.randn(PROBE, 6)
    trace = record(tmp_path, model, probe)
    shapes = {t["node"]: t["shape"] for t in trace.tensors.values() if t["kind"] == "activation"}
    assert shapes["unflatten"] == [PROBE, 2, 4, 4]
    assert shapes["up"] == [PROBE, 4, 8, 8]
    assert shapes["maxpool"] == [PROBE, 4, 3, 3]
    assert shapes["logsoftmax"] == [PROBE, 5]
    assert all(s[0] == PROBE for s in shapes.values())
    # the last record is the model's output for the probe inputs in eval mode, sample by sample
    model.eval()
    with torch.no_grad():
        for p in range(PROBE):
            single = model(probe[p:p + 1]).numpy()[0]
            np.testing.assert_allclose(trace.series("logsoftmax.act")[-1][p], single, rtol=1e-5, atol=1e-6)


def test_batch_norm_running_statistics_are_recorded_as_state(tmp_path):
    torch.manual_seed(0)
    model = generator_like()
    trace = record(tmp_path, model, torch.randn(PROBE, 6), iterations=3)
    node = trace.node("bn.running_var")
    assert node["kind"] == "parameter" and node["attributes"] == {"buffer": True}
    assert {"from": "bn.running_var", "to": "bn"} in trace.manifest["graph"]["edges"]
    assert trace.tensors["bn.running_var"]["kind"] == "weight"
    assert "bn.running_var.grad" not in trace.tensors and "bn.num_batches_tracked" not in trace.tensors
    # record i holds the statistics the probe forward of record i used, after the training forwards so far
    np.testing.assert_array_equal(trace.series("bn.running_mean")[-1], model.bn.running_mean.numpy())
    assert not np.array_equal(trace.series("bn.running_var")[0], trace.series("bn.running_var")[-1])


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")  # the case tested
def test_same_padding_with_an_even_kernel_stays_a_string(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 4, padding="same"), nn.Conv2d(2, 2, 3, padding="valid"), nn.Flatten(),
                          nn.Linear(2 * 4 * 4, 2))
    trace = record(tmp_path, model, torch.randn(PROBE, 1, 6, 6))
    assert trace.node("0")["attributes"]["padding"] == "same"
    assert trace.node("1")["attributes"]["padding"] == [0, 0]
    assert os.path.isdir(os.path.join(trace.dir, "tensors", "0.act"))


def test_an_output_without_the_probe_axis_is_not_recorded(tmp_path):
    class Summary(nn.Module):
        def forward(self, x):
            return x.sum(dim=0)  # one value per feature: no probe axis left

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), Summary())
    path = str(tmp_path / "run")
    with pytest.warns(RecorderWarning, match="does not start with the probe axis"):
        with TraceRecorder(path, model, probe_inputs=torch.randn(PROBE, 3), config=RecordingConfig(**EVERY_1)) as rec:
            rec.step(1.0)
    trace = Trace(path)
    assert "0.act" in trace.tensors and "1.act" not in trace.tensors


class Tagger(nn.Module):
    """Embedding-free sequence model: LSTM and GRU (batch first), a GRU cell and a dense head."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.1)
        self.gru = nn.GRU(4, 5, batch_first=True, bidirectional=True)
        self.cell = nn.GRUCell(10, 6)
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        h, _ = self.lstm(x)
        h, _ = self.gru(h)
        return self.head(self.cell(h[:, -1]))


def test_recurrent_modules_make_an_rnn_with_their_attributes(tmp_path):
    torch.manual_seed(0)
    trace = record(tmp_path, Tagger(), torch.randn(PROBE, 7, 3))
    m = trace.manifest
    assert m["modelType"] == "rnn"
    nodes = {n["id"]: n for n in m["graph"]["nodes"]}
    assert nodes["lstm"]["op"] == "lstm" and nodes["lstm"]["attributes"] == {
        "input_size": 3, "hidden_size": 4, "num_layers": 2, "bias": True, "batch_first": True, "dropout": 0.1,
        "bidirectional": False}
    assert nodes["gru"]["op"] == "gru" and nodes["gru"]["attributes"]["bidirectional"] is True
    assert nodes["cell"]["op"] == "gru_cell" and nodes["cell"]["attributes"] == {"input_size": 10, "hidden_size": 6,
                                                                                 "bias": True}
    # outputs with the probe axis first: [P, T, hidden * directions]
    assert trace.tensors["lstm.act"]["shape"] == [PROBE, 7, 4]
    assert trace.tensors["gru.act"]["shape"] == [PROBE, 7, 10]
    assert {"from": "lstm", "to": "gru"} in m["graph"]["edges"]


def test_a_time_first_recurrent_output_is_not_taken_for_the_probe_axis(tmp_path):
    torch.manual_seed(0)

    class TimeFirst(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(3, 4)  # batch_first=False: output [T, P, 4]

        def forward(self, x):
            return self.rnn(x)[0]

    with pytest.warns(RecorderWarning, match="batch_first=False"):
        trace = record(tmp_path, TimeFirst(), torch.randn(PROBE, PROBE, 3))  # T == P: the shape alone cannot tell
    assert "rnn.act" not in trace.tensors and trace.manifest["modelType"] == "rnn"
    assert trace.manifest["graph"]["nodes"][1]["attributes"]["nonlinearity"] == "tanh"
