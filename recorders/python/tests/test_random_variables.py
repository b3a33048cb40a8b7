"""GaussianSample: a random-variable node whose probe noise is fixed and stored with the trace."""
import os
import warnings

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from spec_reader import Trace
from trainscope_recorder import GaussianSample, RecordingConfig, TraceRecorder

ALL_EVERY_2 = dict(metrics_every=1, weights_every=2, gradients_every=2, updates_every=2, activations_every=2,
                   dense_first=0)
PROBE = 6


class TinyVae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(12, 10), nn.Tanh())
        self.mu = nn.Linear(10, 3)
        self.logvar = nn.Linear(10, 3)
        self.z = GaussianSample()
        self.decoder = nn.Sequential(nn.Linear(3, 10), nn.ReLU(), nn.Linear(10, 12), nn.Sigmoid())

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = self.mu(h), self.logvar(h)
        return self.decoder(self.z(mu, logvar)), mu, logvar


def train_vae(path=None, iterations=9, seed=0, config=None):
    """Returns (model, data); records into `path` when given."""
    torch.manual_seed(seed)
    x = torch.rand(128, 12)
    model = TinyVae()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    rec = None
    if path is not None:
        rec = TraceRecorder(path, model, opt, probe_inputs=x[:PROBE], config=config or RecordingConfig(**ALL_EVERY_2))
    g = torch.Generator().manual_seed(seed + 1)
    for _ in range(iterations):
        xb = x[torch.randint(0, len(x), (16,), generator=g)]
        recon, mu, logvar = model(xb)
        loss = F.binary_cross_entropy(recon, xb) - 0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
        opt.zero_grad()
        loss.backward()
        if rec is not None:
            rec.step(loss)
        opt.step()
    if rec is not None:
        rec.close()
    return model, x


@pytest.fixture
def vae_trace(tmp_path):
    path = str(tmp_path / "vae")
    train_vae(path)
    return Trace(os.path.join(path, "every-2"))


def test_random_variable_node_and_its_inputs_in_order(vae_trace):
    m = vae_trace.manifest
    z = vae_trace.node("z")
    assert z["kind"] == "random_variable" and z["op"] == "normal"
    assert [e["from"] for e in m["graph"]["edges"] if e["to"] == "z"] == ["mu", "logvar"]
    assert [e["to"] for e in m["graph"]["edges"] if e["from"] == "z"] == ["decoder.0"]
    assert z["attributes"]["mean"] == "mu" and z["attributes"]["logVariance"] == "logvar"
    assert m["modelType"] == "vae"


def test_probe_noise_is_a_static_array_that_explains_every_recorded_z(vae_trace):
    z = vae_trace.node("z")
    assert z["attributes"]["probeNoise"] == "probe.noise.z"
    declared = {a["id"]: a for a in vae_trace.manifest["arrays"]}["probe.noise.z"]
    assert declared == {"id": "probe.noise.z", "dtype": "float32", "shape": [PROBE, 3]}
    eps = vae_trace.array("probe.noise.z")
    assert eps.dtype == np.float32 and eps.shape == (PROBE, 3)
    mu, logvar, zs = (vae_trace.series(t) for t in ("mu.act", "logvar.act", "z.act"))
    assert vae_trace.iterations == [0, 2, 4, 6, 8]
    for r in range(vae_trace.records):
        np.testing.assert_allclose(zs[r], mu[r] + np.exp(logvar[r] / 2) * eps, rtol=1e-5, atol=1e-6)
    # the network changed between records, the noise did not: z moves only because of mu and logvar
    assert not np.allclose(zs[0], zs[-1])


def test_probe_noise_is_seeded_and_independent_of_torch_global_generator(tmp_path):
    train_vae(str(tmp_path / "a"))
    torch.manual_seed(12345)  # the global generator must not matter
    train_vae(str(tmp_path / "b"))
    train_vae(str(tmp_path / "c"), config=RecordingConfig(probe_noise_seed=7, **ALL_EVERY_2))
    a, b, c = (Trace(str(tmp_path / n / "every-2")).array("probe.noise.z") for n in "abc")
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_recording_does_not_change_the_training(tmp_path):
    """The probe forward uses the fixed noise, so it draws nothing from the training's generator."""
    plain, _ = train_vae(None)
    recorded, _ = train_vae(str(tmp_path / "vae"))
    for (name, p), q in zip(plain.named_parameters(), recorded.parameters()):
        assert torch.equal(p, q), name


def test_training_samples_fresh_noise_and_recording_leaves_no_fixed_noise(tmp_path):
    model, x = train_vae(str(tmp_path / "vae"), iterations=3)
    assert model.z.fixed_noise is None
    mu, logvar = torch.zeros(4, 3), torch.zeros(4, 3)
    a, b = model.z(mu, logvar), model.z(mu, logvar)
    assert not torch.equal(a, b)
    assert 0.3 < float(a.std()) < 3


def test_without_a_probe_batch_there_is_no_noise_array(tmp_path):
    torch.manual_seed(0)
    model = TinyVae()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with TraceRecorder(str(tmp_path / "vae"), model, config=RecordingConfig(**ALL_EVERY_2)) as rec:
            rec.step(1.0)
    trace = Trace(str(tmp_path / "vae" / "every-2"))
    z = trace.node("z")
    assert z["kind"] == "random_variable" and "probeNoise" not in z.get("attributes", {})
    assert not trace.manifest["arrays"]
