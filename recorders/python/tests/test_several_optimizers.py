"""A GAN recorded as one GanPair with two optimizers, in the call pattern of docs/recorders.md."""
import os

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from spec_reader import Trace
from trainscope_recorder import GanPair, RecorderWarning, RecordingConfig, TraceRecorder

EVERY_1 = dict(metrics_every=1, weights_every=1, gradients_every=1, updates_every=1, activations_every=1)
ITERATIONS = 6
BATCH = 16


def nets():
    torch.manual_seed(0)
    g = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 4), nn.Tanh())
    d = nn.Sequential(nn.Linear(4, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1), nn.Sigmoid())
    return g, d


def train_gan(path, optimizers_as=list):
    """Alternating steps; `seen` holds what each optimizer saw when it stepped (from PyTorch)."""
    G, D = nets()
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=4e-3, betas=(0.6, 0.99))
    real = torch.randn(256, 4) * 0.5 + 1
    probe = torch.randn(5, 3, generator=torch.Generator().manual_seed(9))
    seen = []
    cfg = RecordingConfig(metrics=["generatorLoss"], loss_jump_factor=None, **EVERY_1)
    opts = optimizers_as([opt_g, opt_d]) if optimizers_as is not dict else {"gen": opt_g, "disc": opt_d}
    rng = torch.Generator().manual_seed(1)

    def params(net):
        return {n: p.detach().clone().numpy() for n, p in net.named_parameters()}

    def grads(net):
        return {n: p.grad.clone().numpy() for n, p in net.named_parameters()}

    with TraceRecorder(path, GanPair(G, D), opts, probe_inputs=probe, config=cfg) as rec:
        for _ in range(ITERATIONS):
            entry = {"G": params(G), "D": params(D)}
            fake = G(torch.randn(BATCH, 3, generator=rng))
            opt_d.zero_grad()
            d_loss = F.binary_cross_entropy(D(real[:BATCH]), torch.ones(BATCH, 1)) + \
                F.binary_cross_entropy(D(fake.detach()), torch.zeros(BATCH, 1))
            d_loss.backward()
            rec.step(d_loss)
            entry["D.grad"] = grads(D)
            opt_d.step()
            opt_g.zero_grad()
            g_loss = F.binary_cross_entropy(D(fake), torch.ones(BATCH, 1))
            g_loss.backward()
            rec.add_metrics({"generatorLoss": g_loss})
            entry["G.grad"] = grads(G)
            opt_g.step()
            entry.update(d_loss=float(d_loss), g_loss=float(g_loss), G_after=params(G), D_after=params(D))
            seen.append(entry)
    return G, D, seen


@pytest.fixture(scope="module")
def gan(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("gan") / "run")
    G, D, seen = train_gan(path)
    return Trace(path), seen


def test_model_type_groups_and_the_generator_to_discriminator_edge(gan):
    trace, _ = gan
    m = trace.manifest
    assert m["modelType"] == "gan"
    assert [l["id"] for l in m["graph"]["layers"]] == ["generator", "discriminator"]
    assert {"from": "generator.3", "to": "discriminator.0"} in m["graph"]["edges"]
    assert {"from": "input", "to": "generator.0"} in m["graph"]["edges"]
    np.testing.assert_array_equal(trace.array("probe.inputs"), torch.randn(5, 3, generator=torch.Generator().manual_seed(9)))
    assert trace.tensors["discriminator.3.act"]["shape"] == [5, 1]


def test_the_noise_is_a_random_variable_and_the_generated_batch_is_named(gan):
    trace, seen = gan
    m = trace.manifest
    noise = m["graph"]["nodes"][0]
    assert noise == {"id": "input", "kind": "random_variable", "op": "normal", "name": "noise",
                     "attributes": {"probeNoise": "probe.inputs"}}
    roles = m["attributes"]["gan"]
    assert roles == {"generator": "generator", "discriminator": "discriminator", "noise": "input",
                     "generated": "generator.3", "generatedTensor": "generator.3.act"}
    # the generated batch of the probe noise, as the generator of each record made it
    G, _ = nets()
    probe = torch.from_numpy(trace.array("probe.inputs"))
    for r, entry in enumerate(seen):
        G.load_state_dict({k: torch.from_numpy(v) for k, v in entry["G"].items()})
        with torch.no_grad():
            np.testing.assert_allclose(trace.series("generator.3.act")[r], G(probe).numpy(), rtol=1e-6, atol=1e-7)


def test_a_uniform_noise_input_can_be_declared(tmp_path):
    G, D = nets()
    path = str(tmp_path / "uniform")
    with TraceRecorder(path, GanPair(G, D, noise="uniform"), None, probe_inputs=torch.rand(4, 3)) as rec:
        rec.step(torch.tensor(1.0))
    assert Trace(path).manifest["graph"]["nodes"][0]["op"] == "uniform"
    path = str(tmp_path / "plain")  # any model whose input is noise
    with TraceRecorder(path, G, None, probe_inputs=torch.rand(4, 3),
                       config=RecordingConfig(input_distribution="uniform")) as rec:
        rec.step(torch.tensor(1.0))
    node = Trace(path).manifest["graph"]["nodes"][0]
    assert node["kind"] == "random_variable" and node["op"] == "uniform"
    with pytest.raises(ValueError):
        GanPair(G, D, noise="gamma")


def test_both_optimizers_are_described_with_their_settings(gan):
    trace, _ = gan
    attrs = trace.manifest["attributes"]
    assert "optimizer" not in attrs  # the single-optimizer attributes would be ambiguous
    gen, disc = attrs["optimizers"]
    assert gen["name"] == "generator" and disc["name"] == "discriminator"
    assert gen["type"] == disc["type"] == "Adam"
    assert gen["settings"]["lr"] == 1e-3 and gen["settings"]["betas"] == [0.5, 0.9]
    assert disc["settings"]["lr"] == 4e-3 and disc["settings"]["betas"] == [0.6, 0.99]
    assert gen["parameters"] == ["generator.0.weight", "generator.0.bias", "generator.2.weight", "generator.2.bias"]
    assert disc["parameters"][0] == "discriminator.0.weight"


def test_metrics_carry_both_losses_and_both_learning_rates(gan):
    trace, seen = gan
    names = [m["name"] for m in trace.manifest["metrics"] if not m["name"].startswith("nonfinite.")]
    assert names == ["loss", "lr.generator", "lr.discriminator", "generatorLoss"]
    assert trace.iterations == list(range(ITERATIONS))
    np.testing.assert_allclose(trace.metric("loss"), [e["d_loss"] for e in seen], rtol=1e-6)
    np.testing.assert_allclose(trace.metric("generatorLoss"), [e["g_loss"] for e in seen], rtol=1e-6)
    assert trace.metric("lr.generator") == [1e-3] * ITERATIONS
    assert trace.metric("lr.discriminator") == [4e-3] * ITERATIONS


def test_both_networks_are_stepped_and_each_gradient_is_what_its_optimizer_used(gan):
    trace, seen = gan
    for net in ("G", "D"):
        prefix = "generator." if net == "G" else "discriminator."
        for name in seen[0][net]:
            tid = prefix + name
            for r, e in enumerate(seen):
                np.testing.assert_array_equal(trace.series(tid)[r], e[net][name])
                np.testing.assert_array_equal(trace.series(tid + ".grad")[r], e[net + ".grad"][name])
                update = trace.series(tid + ".update")[r]
                np.testing.assert_allclose(update, e[net + "_after"][name] - e[net][name], atol=1e-7)
                assert np.abs(update).max() > 0, (tid, r)
            # weight(i) + update(i) = weight(i+1): each parameter is moved by its own optimizer once
            np.testing.assert_allclose(trace.series(tid)[1:], trace.series(tid)[:-1] + trace.series(tid + ".update")[:-1],
                                       atol=1e-6)


def test_a_dict_names_the_optimizers(tmp_path):
    train_gan(str(tmp_path / "run"), optimizers_as=dict)
    trace = Trace(str(tmp_path / "run"))
    assert [o["name"] for o in trace.manifest["attributes"]["optimizers"]] == ["gen", "disc"]
    assert "lr.gen" in trace.lines[0]["metrics"] and "lr.disc" in trace.lines[0]["metrics"]


def test_add_metrics_after_the_commit_warns_once(tmp_path):
    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    cfg = RecordingConfig(metrics=["late"], **EVERY_1)
    with TraceRecorder(str(tmp_path / "run"), model, opt, config=cfg) as rec:
        for i in range(2):
            loss = model(torch.ones(1, 2)).sum()
            opt.zero_grad()
            loss.backward()
            rec.step(loss)
            rec.add_metrics({"late": 1.0 + i})
            opt.step()
        with pytest.warns(RecorderWarning, match="after the record of iteration 1 was committed"):
            rec.add_metrics({"late": 9.0})
        with pytest.warns(RecorderWarning, match="not declared"):
            rec.add_metrics({"undeclared": 9.0})
    trace = Trace(str(tmp_path / "run"))
    assert trace.metric("late") == [1.0, 2.0]
    assert os.path.isfile(os.path.join(trace.dir, "manifest.json"))
