"""Small models, data and a training loop that remembers what PyTorch reported."""
import numpy as np
import torch
import torch.nn as nn

from trainscope_recorder import TraceRecorder


def synthetic_classification(n=512, features=10, classes=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, features, generator=g)
    w = torch.randn(features, classes, generator=g)
    y = (x @ w).argmax(dim=1)
    return x, y


def mlp(features=10, hidden=16, classes=3):
    return nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.Tanh(),
                         nn.Linear(hidden, classes))


class TinyCNN(nn.Module):
    """Conv, batch norm, pooling, dropout, flatten: the op types a CNN trace must show."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(inplace=True),
                                      nn.MaxPool2d(2), nn.Conv2d(4, 8, 3, padding=1), nn.LeakyReLU(0.1),
                                      nn.AvgPool2d(2))
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 3 * 3, 16)
        self.act = nn.Sigmoid()
        self.drop = nn.Dropout(0.2)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return self.out(self.drop(self.act(self.fc(self.flatten(self.features(x))))))


def sequential_activations(model, x):
    """Reference activations of an nn.Sequential, layer by layer, in eval mode."""
    was = model.training
    model.eval()
    out, acts = x, []
    with torch.no_grad():
        for layer in model:
            out = layer(out)
            acts.append(out.clone().numpy())
    model.train(was)
    return acts


def train(model, x, y, iterations, make_recorder=None, lr=0.1, batch=32, seed=1, poison_at=None, reference=None):
    """Plain SGD loop; make_recorder(optimizer) attaches a recorder. `reference`, if given,
    collects per iteration what PyTorch itself reports: loss, batch indices, parameter values
    and gradients before the step, and the update. Returns the recorder (closed)."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.5)
    rec = make_recorder(opt) if make_recorder is not None else None
    for it in range(iterations):
        idx = torch.randint(0, len(x), (batch,), generator=g)
        xb = x[idx]
        if poison_at is not None and it >= poison_at:
            xb = xb * float("nan")
        loss = nn.functional.cross_entropy(model(xb), y[idx])
        opt.zero_grad()
        loss.backward()
        if reference is not None:
            reference.append({
                "loss": float(loss), "idx": idx.numpy().copy(),
                "params": {n: p.detach().clone().numpy() for n, p in model.named_parameters()},
                "grads": {n: p.grad.clone().numpy() for n, p in model.named_parameters()},
            })
        if rec is not None:
            rec.step(loss, batch_indices=idx)
        before = {n: p.detach().clone() for n, p in model.named_parameters()}
        opt.step()
        if reference is not None:
            reference[-1]["updates"] = {n: (p.detach() - before[n]).numpy() for n, p in model.named_parameters()}
    if rec is not None:
        rec.close()
    return rec


def recorder(path, model, x, y, config, probe=8):
    """make_recorder for train(): the first `probe` samples are the probe batch."""
    return lambda opt: TraceRecorder(path, model, opt, probe_inputs=x[:probe], probe_labels=y[:probe], config=config)
