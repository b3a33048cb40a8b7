"""The recorder's own problems never stop the training: one warning each, then it goes on."""
import errno
import os
from pathlib import Path
import warnings

import numpy as np
import pytest
import torch
import torch.nn as nn

from helpers import mlp, recorder, synthetic_classification, train
from spec_reader import Trace
from trainscope_recorder import RecorderWarning, RecordingConfig, TraceRecorder, trace_writer

EVERY_2 = dict(metrics_every=1, weights_every=2, gradients_every=2, updates_every=2, activations_every=2, dense_first=0)


def run_collecting_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    return result, [w for w in caught if issubclass(w.category, RecorderWarning)]


def final_weights_without_recorder(iterations):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    train(model, x, y, iterations)
    return model


def test_path_that_is_not_writable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    rec, caught = run_collecting_warnings(
        lambda: train(model, x, y, 12, recorder(str(blocker / "trace"), model, x, y, RecordingConfig(**EVERY_2))))
    assert len(caught) == 1 and "cannot write the trace directory" in str(caught[0].message)
    assert not rec.enabled
    reference = final_weights_without_recorder(12)
    for p, q in zip(model.parameters(), reference.parameters()):
        assert torch.equal(p, q)  # the training went on exactly as without a recorder


def test_read_only_directory(tmp_path):
    # Root ignores directory permissions (CI runs as root), so there the unwritable place is
    # a directory under /proc, where nobody can create files.
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    ro = Path("/proc/trainscope-unwritable") if as_root else tmp_path / "ro"
    if not as_root:
        ro.mkdir()
        ro.chmod(0o555)
    try:
        torch.manual_seed(0)
        x, y = synthetic_classification()
        model = mlp()
        rec, caught = run_collecting_warnings(
            lambda: train(model, x, y, 6, recorder(str(ro / "trace"), model, x, y, RecordingConfig(**EVERY_2))))
        assert len(caught) == 1 and not rec.enabled
    finally:
        if not as_root:
            ro.chmod(0o755)


def test_existing_trace_is_not_overwritten(tmp_path):
    torch.manual_seed(0)
    x, y = synthetic_classification()
    path = str(tmp_path / "t")
    train(mlp(), x, y, 3, recorder(path, mlp(), x, y, RecordingConfig()))
    before = open(os.path.join(path, "journal.jsonl")).read()
    _, caught = run_collecting_warnings(lambda: train(mlp(), x, y, 3, recorder(path, mlp(), x, y, RecordingConfig())))
    assert len(caught) == 1 and "already exists" in str(caught[0].message)
    assert open(os.path.join(path, "journal.jsonl")).read() == before


def test_disk_full_mid_run(tmp_path, monkeypatch):
    """ENOSPC after some records: one warning, training completes, committed records readable."""
    calls = {"n": 0}
    real_write = trace_writer._write

    def write(f, data):
        calls["n"] += 1
        if calls["n"] > 120:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(f, data)

    monkeypatch.setattr(trace_writer, "_write", write)
    torch.manual_seed(0)
    x, y = synthetic_classification()
    model = mlp()
    path = str(tmp_path / "full")
    rec, caught = run_collecting_warnings(
        lambda: train(model, x, y, 30, recorder(path, model, x, y, RecordingConfig(**EVERY_2))))
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "No space left" in message and "training continues" in message
    assert not rec.enabled and calls["n"] > 120
    reference = final_weights_without_recorder(30)
    for p, q in zip(model.parameters(), reference.parameters()):
        assert torch.equal(p, q)
    monkeypatch.setattr(trace_writer, "_write", real_write)
    main, coarse = Trace(path), Trace(os.path.join(path, "every-2"))
    assert not main.ended and not coarse.ended  # live/incomplete, as the spec says for a dead writer
    assert 0 < coarse.records < 15
    assert coarse.series("0.weight").shape[0] == coarse.records
    assert main.iterations == list(range(main.records))


def test_unrecordable_tensors_are_skipped_with_one_warning_each(tmp_path):
    class ComplexStage(nn.Module):
        def forward(self, x):
            return torch.view_as_complex(torch.stack([x, x], dim=-1))

    class Real(nn.Module):
        def forward(self, z):
            return z.real

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(50, 4, sparse=True)    # sparse gradients
            self.big = nn.Linear(4, 4096)                   # too large for the configured limit
            self.cplx = ComplexStage()                      # complex activation
            self.real = Real()
            self.out = nn.Linear(4096, 2)

        def forward(self, idx):
            return self.out(self.real(self.cplx(self.big(self.emb(idx).mean(dim=1)))))

    torch.manual_seed(0)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randint(0, 50, (64, 3))
    y = torch.randint(0, 2, (64,))
    config = RecordingConfig(max_tensor_bytes=40000, **EVERY_2)

    def run():
        with TraceRecorder(str(tmp_path / "t"), model, opt, probe_inputs=x[:2], config=config) as rec:
            for it in range(8):
                loss = nn.functional.cross_entropy(model(x[it * 8:(it + 1) * 8]), y[it * 8:(it + 1) * 8])
                opt.zero_grad()
                loss.backward()
                rec.step(loss)
                opt.step()
        return rec

    rec, caught = run_collecting_warnings(run)
    messages = sorted(str(w.message) for w in caught)
    assert len(messages) == 3, messages
    assert any("big.weight" in m and "max_tensor_bytes" in m for m in messages)
    assert any("activation of cplx" in m and "complex" in m for m in messages)
    assert any("emb.weight" in m and "sparse" in m for m in messages)
    assert rec.enabled
    trace = Trace(str(tmp_path / "t" / "every-2"))
    assert trace.ended and trace.iterations == [0, 2, 4, 6]
    assert "big.weight" not in trace.tensors and "cplx.act" not in trace.tensors
    assert np.isnan(trace.series("emb.weight.grad")).all()  # declared, but its values were sparse
    assert np.isfinite(trace.series("big.bias.update")).all()
    assert trace.series("real.act").shape == (4, 2, 4096)
    assert trace.series("out.weight").shape == (4, 2, 4096)


def test_a_bad_loss_disables_the_recorder_not_the_training(tmp_path):
    model = nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 3)

    def run():
        rec = TraceRecorder(str(tmp_path / "t"), model, opt)
        for _ in range(5):
            out = model(x)
            loss = (out ** 2).mean(dim=1)  # not a scalar: float() fails inside the recorder
            opt.zero_grad()
            loss.sum().backward()
            assert rec.step(loss) is True
            opt.step()
        rec.close()
        return rec

    rec, caught = run_collecting_warnings(run)
    assert len(caught) == 1 and "recording iteration 0 failed" in str(caught[0].message)
    assert "step" not in opt.__dict__  # the optimizer is unwrapped again


def test_wrong_call_order_is_reported_once(tmp_path):
    model = nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 3)

    def run():
        with TraceRecorder(str(tmp_path / "t"), model, opt) as rec:
            for _ in range(4):
                loss = model(x).pow(2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                rec.step(loss)
        return rec

    _, caught = run_collecting_warnings(run)
    assert len(caught) == 1 and "before optimizer.step()" in str(caught[0].message)
