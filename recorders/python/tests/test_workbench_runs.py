"""make_workbench_runs.py: five real Fashion-MNIST runs (CNN, a VAE that trains and one that fails,
a GAN that trains and one that blows up) that the spec reader accepts."""
import os
import subprocess
import sys

import numpy as np
import pytest

from spec_reader import Trace

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_workbench_runs.py")
PROBE = 16

# the op types each run must show, i.e. what a reader replaying it (Neuron Credit) has to implement
OPS = {
    "cnn": {"input", "conv2d", "relu", "maxpool", "flatten", "dense", "logsoftmax"},
    "vae": {"input", "flatten", "dense", "relu", "normal", "sigmoid", "reshape"},
    "gan": {"normal", "dense", "relu", "reshape", "conv_transpose2d", "batchnorm", "tanh", "conv2d", "leakyrelu",
            "flatten", "sigmoid"},
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("workbench")
    done = subprocess.run([sys.executable, SCRIPT, str(out)], check=True, timeout=300, capture_output=True, text=True)
    return str(out), done.stdout


def traces(out, name):
    return Trace(os.path.join(out, name)), Trace(os.path.join(out, name, "every-4"))


def test_one_line_per_run(runs):
    out, stdout = runs
    lines = stdout.splitlines()
    names = ("cnn", "vae", "vae-unstable", "gan", "gan-unstable")
    assert [line.split(":")[0] for line in lines] == [os.path.join(out, n) for n in names]
    assert all("60 iterations" in lines[i] for i in (0, 1, 3))
    assert "stopped: loss is inf at iteration" in lines[2]
    assert "8 iterations" in lines[4] and "stopped: parameter discriminator.5.weight reached magnitude" in lines[4]


@pytest.mark.parametrize("name,sample_shape,labels", [("cnn", [1, 28, 28], True), ("vae", [1, 28, 28], True),
                                                       ("vae-unstable", [1, 28, 28], True), ("gan", [16], False)])
def test_the_training_batches_inputs_are_recorded_with_the_weights(runs, name, sample_shape, labels):
    """Spec 4.8: at every record of the weights' trace; images of the training split, a GAN's noise."""
    metrics, tensors = traces(runs[0], name)
    assert "batchInputs" not in metrics.manifest
    b = tensors.manifest["batchInputs"]
    assert (b["batchSize"], b["sampleShape"], b["labels"]) == (64, sample_shape, labels)
    inputs, counts, recorded_labels = tensors.batch_inputs()
    assert inputs.shape == (len(tensors.iterations), 64, *sample_shape) and (counts == 64).all()
    if name != "gan":
        assert 0 <= inputs.min() and inputs.max() <= 1 and inputs.std() > 0.1
        assert ((0 <= recorded_labels) & (recorded_labels < 10)).all()


def test_the_unstable_vae_fails_and_its_failing_batch_is_recorded(runs):
    metrics, tensors = traces(runs[0], "vae-unstable")
    loss = np.array(metrics.metric("loss"), dtype=float)
    failing = metrics.iterations[int(np.argmax(~np.isfinite(loss)))]
    assert not np.isfinite(loss).all() and np.isfinite(loss[:failing]).all()
    # the dense window records the failing iteration itself, with the weights that produced its loss
    assert failing in tensors.iterations
    assert tensors.manifest["modelType"] == "vae"


@pytest.mark.parametrize("name,model_type", [("cnn", "cnn"), ("vae", "vae"), ("gan", "gan")])
def test_runs_are_complete_traces_of_their_model_type(runs, name, model_type):
    metrics, tensors = traces(runs[0], name)
    for t in (metrics, tensors):
        assert t.ended and t.manifest["modelType"] == model_type
    # the first five iterations in full (RecordingConfig.dense_first), then every fourth
    assert metrics.iterations == list(range(60)) and tensors.iterations == [0, 1, 2, 3] + list(range(4, 60, 4))
    assert np.isfinite(metrics.metric("loss")).all()
    ops = {n["op"] for n in tensors.manifest["graph"]["nodes"] if n["kind"] != "parameter"}
    assert ops == OPS[name]
    kinds = {t["kind"] for t in tensors.manifest["tensors"]}
    assert kinds == {"weight", "bias", "gradient", "update", "activation"}
    for tid in tensors.tensors:  # every chunk readable, nothing non-finite in a healthy short run
        assert np.isfinite(tensors.series(tid)).all(), tid


@pytest.mark.parametrize("name", ["cnn", "vae", "gan", "gan-unstable"])
def test_activations_have_the_probe_axis_first(runs, name):
    _, tensors = traces(runs[0], name)
    inputs = tensors.array(tensors.manifest["probe"]["inputs"])
    assert inputs.shape[0] == PROBE
    for t in tensors.manifest["tensors"]:
        if t["kind"] == "activation":
            assert t["shape"][0] == PROBE, t["id"]
    if not name.startswith("gan"):  # images of the test split with their classes
        assert inputs.shape == (PROBE, 1, 28, 28) and 0 <= inputs.min() and inputs.max() <= 1
        assert tensors.array("probe.labels").shape == (PROBE,)


def test_the_cnn_learns(runs):
    loss = traces(runs[0], "cnn")[0].metric("loss")
    assert np.mean(loss[-10:]) < 0.7 * np.mean(loss[:10])


def test_the_vae_stores_its_probe_noise(runs):
    _, tensors = traces(runs[0], "vae")
    z = tensors.node("latent.z")
    assert z["kind"] == "random_variable" and z["op"] == "normal"
    assert [e["from"] for e in tensors.manifest["graph"]["edges"] if e["to"] == "latent.z"] == ["latent.mu", "latent.logvar"]
    eps = tensors.array(z["attributes"]["probeNoise"])
    assert eps.shape == (PROBE, 8)
    mu, logvar, zs = (tensors.series(n + ".act") for n in ("latent.mu", "latent.logvar", "latent.z"))
    np.testing.assert_allclose(zs, mu + np.exp(logvar / 2) * eps, rtol=1e-5, atol=1e-6)
    assert tensors.node("decoder.4")["attributes"]["shape"] == [1, 28, 28]


def test_the_gan_is_one_graph_with_two_optimizers(runs):
    metrics, tensors = traces(runs[0], "gan")
    m = tensors.manifest
    assert tensors.array("probe.inputs").shape == (PROBE, 16)
    assert {"from": "generator.7", "to": "discriminator.0"} in m["graph"]["edges"]
    assert [(o["name"], o["settings"]["betas"]) for o in m["attributes"]["optimizers"]] == [
        ("generator", [0.5, 0.999]), ("discriminator", [0.5, 0.999])]
    assert np.isfinite(metrics.metric("generatorLoss")).all()
    for net in ("generator.0", "discriminator.0"):
        assert np.abs(tensors.series(net + ".weight.update")).max() > 0
    assert tensors.node("generator.2")["attributes"]["shape"] == [32, 7, 7]
    assert "generator.4.running_var" in tensors.tensors


def test_the_unstable_gan_is_recorded_where_it_blows_up(runs):
    """Iteration 3: the discriminator's weights are far above 1e8 and its loss is huge but finite,
    and the first Inf appears in the output of its second convolution. Every kind is recorded
    there (the first five iterations anyway, then the anomaly's window) and the run stops at 8."""
    metrics, tensors = traces(runs[0], "gan-unstable")
    assert metrics.ended and tensors.ended
    assert metrics.iterations == list(range(8)) and tensors.iterations == list(range(8))
    loss = metrics.metric("loss")
    assert np.isfinite(loss[:4]).all() and loss[3] > 1e20 and np.isnan(loss[4:]).all()
    assert [line.get("firstNonFinite") for line in metrics.lines] == [None] * 3 + [
        {"iteration": 3, "direction": "forward", "node": "discriminator.2"}] + [None] * 4
    forward = metrics.lines[3]["metrics"]
    assert forward["nonfinite.forward.discriminator.0"] == 0 and forward["nonfinite.forward.discriminator.2"] > 0
    weights = tensors.series("discriminator.5.weight")
    assert np.isfinite(weights[3]).all() and np.abs(weights[3]).max() > 1e8
    assert tensors.node("input")["kind"] == "random_variable"
    assert "discriminator.6" not in {n["id"] for n in tensors.manifest["graph"]["nodes"]}  # logits: no sigmoid
