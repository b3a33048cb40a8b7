"""Cheap checks at every iteration: NaN/Inf counts of every operator's output and gradient, and
the largest parameter magnitude (docs/recorders.md, "Where the first NaN starts").

Nothing is stored but counts. The reductions stay on the device until the recorder asks for them
once per iteration, so the training waits for at most one synchronisation per check.
"""
import math

import torch

from .graph import tensors_in

FORWARD, BACKWARD = "forward", "backward"


def _countable(t):
    return isinstance(t, torch.Tensor) and t.layout == torch.strided and t.is_floating_point() and t.numel() > 0


_FAST_CPU = (torch.float32, torch.float64)


def _nonfinite(t):
    """The number of NaN/Inf values in t: an int on the CPU, a device tensor elsewhere (summed
    with one synchronisation in take()). On the CPU, torch's isfinite is about 30 times slower
    than a min/max reduction (which NaN and infinities always reach), so the exact count is only
    made when the extremes say there is something to count."""
    t = t.detach()
    if t.device.type == "cpu" and t.dtype in _FAST_CPU:
        low, high = torch.aminmax(t)
        if math.isfinite(low.item()) and math.isfinite(high.item()):
            return 0
        return int(torch.count_nonzero(torch.logical_not(torch.isfinite(t))))
    return torch.count_nonzero(torch.logical_not(torch.isfinite(t)))


class NonFiniteCounter:
    """Counts the non-finite values of every operator module's output in training forwards
    (forward hooks; forwards without gradients, such as the recorder's probe pass or the user's
    evaluation, are left out) and of the gradient arriving at that output (a tensor hook on the
    output, registered in the forward hook; tensor hooks work with in-place modules that follow,
    where full backward hooks fail).

    take() returns the counts since the previous take() and which (direction, module) saw the
    first non-finite value in time: every count carries the sequence number of the hook call that
    made it, so the origin is exact even when forward and backward passes of several models
    interleave (a GAN's discriminator steps before the generator's backward).
    """

    def __init__(self, modules):
        self._counts = {}      # (direction, module name) -> [count tensors]
        self._first = {}       # (direction, module name) -> sequence number of its first call since take()
        self._sequence = 0
        self._handles = [module.register_forward_hook(self._forward_hook(name)) for name, module in modules]

    def _forward_hook(self, name):
        def hook(module, inputs, output):
            if not torch.is_grad_enabled():
                return
            for t in tensors_in(output):
                if _countable(t):
                    self._add(FORWARD, name, _nonfinite(t))
                    if t.requires_grad:
                        t.register_hook(lambda grad: self._add(BACKWARD, name, _nonfinite(grad)) if _countable(grad) else None)
        return hook

    def _add(self, direction, name, count):
        key = (direction, name)
        self._counts.setdefault(key, []).append(count)
        if key not in self._first:
            self._first[key] = self._sequence
        self._sequence += 1

    def take(self):
        """({(direction, module name): count}, (direction, module name) of the earliest non-zero
        count or None). Counts since the previous call; resets."""
        counts, first = self._counts, self._first
        self._counts, self._first = {}, {}
        if not counts:
            return {}, None
        totals = {k: sum(n for n in c if isinstance(n, int)) for k, c in counts.items()}
        on_device = [(k, n) for k, c in counts.items() for n in c if not isinstance(n, int)]
        if on_device:
            device = on_device[0][1].device
            values = torch.stack([n.to(device) for _, n in on_device]).tolist()  # the one synchronisation
            for (k, _), v in zip(on_device, values):
                totals[k] += int(v)
        keys = list(counts)
        nonzero = [k for k in keys if totals[k] > 0]
        origin = min(nonzero, key=lambda k: first[k]) if nonzero else None
        return totals, origin

    def remove(self):
        for h in self._handles:
            h.remove()
        self._handles = []
        self._counts, self._first = {}, {}


def largest_magnitude(named_tensors):
    """(name, max |value|) of the tensor holding the largest magnitude, NaN counting as larger
    than anything; (None, 0.0) without tensors. One synchronisation. (min/max reductions: on the
    CPU they are many times faster than abs().max() or an infinity norm.)"""
    items = [(n, t) for n, t in named_tensors if isinstance(t, torch.Tensor) and t.numel() > 0 and t.is_floating_point()]
    if not items:
        return None, 0.0
    device = items[0][1].device
    peaks = []
    for _, t in items:
        low, high = torch.aminmax(t.detach().float() if t.dtype not in _FAST_CPU else t.detach())
        peaks.append(torch.maximum(high, -low).float().to(device))  # maximum propagates NaN
    peaks = torch.stack(peaks)
    values = peaks.tolist()
    worst = max(range(len(values)), key=lambda i: math.inf if math.isnan(values[i]) else values[i])
    return items[worst][0], values[worst]
