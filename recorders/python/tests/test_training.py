"""Trains small networks for real and checks the traces against what PyTorch reported."""
import os

import numpy as np
import pytest
import torch

from helpers import TinyCNN, mlp, recorder, sequential_activations, synthetic_classification, train
from spec_reader import Trace
from trainscope_recorder import RecordingConfig

ALL_EVERY_3 = dict(metrics_every=1, weights_every=3, gradients_every=3, updates_every=3, activations_every=3,
                   dense_first=0)


@pytest.fixture
def mlp_run(tmp_path):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    reference = []
    acts = {}
    path = str(tmp_path / "run")

    # remember reference activations right before each recorded step, from PyTorch itself
    def make(opt):
        rec = recorder(path, model, x, y, RecordingConfig(**ALL_EVERY_3))(opt)
        original_step = rec.step

        def step(loss, **kw):
            acts[rec.iteration] = sequential_activations(model, x[:8])
            return original_step(loss, **kw)
        rec.step = step
        return rec

    train(model, x, y, 14, make, reference=reference)
    return path, model, x, y, reference, acts


def test_two_traces_one_per_interval(mlp_run):
    path = mlp_run[0]
    main, coarse = Trace(path), Trace(os.path.join(path, "every-3"))
    assert main.ended and coarse.ended
    assert main.iterations == list(range(14))
    assert coarse.iterations == [0, 3, 6, 9, 12]
    assert main.manifest["tensors"] == []
    assert main.manifest["attributes"]["relatedTraces"] == [
        {"path": "every-3", "every": 3, "kinds": ["activations", "gradients", "updates", "weights"]}]
    assert "relatedTraces" not in coarse.manifest["attributes"]  # no ".." link back (spec 4.7)


def test_losses_and_batches_match_pytorch(mlp_run):
    path, _, _, _, reference, _ = mlp_run
    main = Trace(path)
    np.testing.assert_allclose(main.metric("loss"), [r["loss"] for r in reference], rtol=1e-6)
    assert main.metric("lr") == [0.1] * 14
    np.testing.assert_array_equal(main.batches(), np.stack([r["idx"] for r in reference]))
    assert main.manifest["batches"]["batchSize"] == 32


def test_weights_gradients_updates_match_pytorch(mlp_run):
    path, model, _, _, reference, _ = mlp_run
    trace = Trace(os.path.join(path, "every-3"))
    for name, p in model.named_parameters():
        tid = name  # Sequential children are named 0, 2, 4: ids "0.weight", "2.bias", ...
        kind = "bias" if name.endswith("bias") else "weight"
        assert trace.tensors[tid]["kind"] == kind
        assert trace.tensors[tid]["shape"] == list(p.shape)
        for r, it in enumerate(trace.iterations):
            np.testing.assert_array_equal(trace.series(tid)[r], reference[it]["params"][name])
            np.testing.assert_array_equal(trace.series(tid + ".grad")[r], reference[it]["grads"][name])
            np.testing.assert_allclose(trace.series(tid + ".update")[r], reference[it]["updates"][name], atol=1e-7)
        # weight(i) + update(i) = weight(i+1): the record describes the weights before the step
        np.testing.assert_allclose(reference[3]["params"][name] - reference[0]["params"][name],
                                   sum(reference[i]["updates"][name] for i in range(3)), atol=1e-6)


def test_activations_of_every_layer_for_the_probe(mlp_run):
    path, _, x, y, _, acts = mlp_run
    trace = Trace(os.path.join(path, "every-3"))
    np.testing.assert_array_equal(trace.array("probe.inputs"), x[:8].numpy())
    np.testing.assert_array_equal(trace.array("probe.labels"), y[:8].numpy())
    assert trace.manifest["probe"] == {"inputs": "probe.inputs", "labels": "probe.labels"}
    for layer in range(5):
        series = trace.series("%d.act" % layer)
        for r, it in enumerate(trace.iterations):
            np.testing.assert_allclose(series[r], acts[it][layer], rtol=1e-6, atol=1e-7)


def test_graph_of_the_mlp(mlp_run):
    g = Trace(mlp_run[0]).manifest["graph"]
    ops = {n["id"]: n.get("op") for n in g["nodes"] if n["kind"] == "operator"}
    assert ops == {"input": "input", "0": "dense", "1": "relu", "2": "dense", "3": "tanh", "4": "dense"}
    flow = [(e["from"], e["to"]) for e in g["edges"] if not e["from"].endswith(("weight", "bias"))]
    assert flow == [("input", "0"), ("0", "1"), ("1", "2"), ("2", "3"), ("3", "4")]
    assert {"from": "2.weight", "to": "2"} in g["edges"]
    layers = {n["id"]: n.get("layer") for n in g["nodes"]}
    assert layers["1"] == "0" and layers["3"] == "2" and layers["2.bias"] == "2"


def test_closed_chunks_are_plain_npy_files(mlp_run):
    path = mlp_run[0]
    data = np.load(os.path.join(path, "every-3", "tensors", "0.weight", "chunk-000000.npy"))
    assert data.shape == (5, 16, 10)
    assert np.load(os.path.join(path, "batches", "chunk-000000.npy")).shape == (14, 32)


def test_cnn_graph_activations_and_unchanged_training(tmp_path):
    """The recorder must not change the training: same seed, same final weights with or without."""
    torch.manual_seed(3)
    x = torch.randn(96, 1, 12, 12)
    y = torch.randint(0, 3, (96,))
    finals = []
    for record in (False, True):
        torch.manual_seed(4)
        model = TinyCNN()
        config = RecordingConfig(metrics_every=1, weights_every=2, gradients_every=2, updates_every=2,
                                 activations_every=2, dense_first=0)
        make = recorder(str(tmp_path / "cnn"), model, x, y, config) if record else None
        train(model, x, y, 6, make, lr=0.05, batch=16)
        finals.append({n: p.detach().clone() for n, p in model.state_dict().items()})
        assert model.training
    for name in finals[0]:
        assert torch.equal(finals[0][name], finals[1][name]), name

    trace = Trace(str(tmp_path / "cnn"))
    assert trace.manifest["modelType"] == "cnn"
    nodes = {n["id"]: n for n in trace.manifest["graph"]["nodes"]}
    assert [nodes["features.%d" % i]["op"] for i in range(7)] == [
        "conv2d", "batchnorm", "relu", "maxpool", "conv2d", "leakyrelu", "avgpool"]
    assert [nodes[n]["op"] for n in ("flatten", "fc", "act", "drop", "out")] == [
        "flatten", "dense", "sigmoid", "dropout", "dense"]
    assert nodes["features.0"]["attributes"]["kernel_size"] == [3, 3]
    assert nodes["features.3"]["layer"] == "features"
    assert nodes["act"]["layer"] == "fc" and nodes["flatten"]["layer"] == "flatten"
    assert {"from": "features.6", "to": "flatten"} in trace.manifest["graph"]["edges"]
    trace = Trace(str(tmp_path / "cnn" / "every-2"))
    assert trace.iterations == [0, 2, 4]
    # the conv output is recorded before the in-place ReLU overwrites it: it has negative values
    conv = trace.series("features.0.act")
    assert conv.shape == (3, 8, 4, 12, 12) and (conv < 0).any()
    relu = trace.series("features.2.act")
    assert (relu >= 0).all()
    assert trace.series("out.act").shape == (3, 8, 3)
    assert trace.series("features.1.weight").shape == (3, 4)


def test_batch_inputs_recorded_where_the_weights_are(tmp_path):
    """Spec 4.8: the training batch's inputs and labels at every record of the weights' trace,
    exactly as the model got them (NaN included), a short last batch padded and counted."""
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    path = str(tmp_path / "run")
    given = []
    config = RecordingConfig(metrics_every=1, weights_every=3, gradients_every=3, updates_every=3,
                             activations_every=3, dense_first=0)
    rec = recorder(path, model, x, y, config)(opt)
    g = torch.Generator().manual_seed(1)
    for it in range(8):
        size = 20 if it == 6 else 32  # a short batch
        idx = torch.randint(0, len(x), (size,), generator=g)
        xb = x[idx].clone()
        if it == 3:
            xb[1, 2] = float("nan")  # data, not an error
        loss = torch.nn.functional.cross_entropy(model(xb), y[idx])
        opt.zero_grad()
        loss.backward()
        rec.step(loss, batch_indices=idx, batch_inputs=xb, batch_labels=y[idx])
        opt.step()
        given.append((xb.numpy().copy(), y[idx].numpy().copy()))
    rec.close()
    main, coarse = Trace(path), Trace(os.path.join(path, "every-3"))
    assert "batchInputs" not in main.manifest  # the top trace holds no weights
    b = coarse.manifest["batchInputs"]
    assert (b["batchSize"], b["dtype"], b["sampleShape"], b["labels"]) == (32, "float32", [list(x.shape)[1]], True)
    inputs, counts, labels = coarse.batch_inputs()
    # the NaN at iteration 3 is an anomaly: every iteration after it is recorded in full
    assert coarse.iterations[:2] == [0, 3] and 6 in coarse.iterations
    for r, it in enumerate(coarse.iterations):
        xb, yb = given[it]
        n = len(xb)
        assert counts[r] == n
        np.testing.assert_array_equal(inputs[r, :n], xb)
        np.testing.assert_array_equal(labels[r, :n], yb)
        assert (inputs[r, n:] == 0).all() and (labels[r, n:] == -1).all()
    assert np.isnan(inputs[coarse.iterations.index(3), 1, 2])
