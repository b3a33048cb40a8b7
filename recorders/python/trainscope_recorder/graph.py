"""Builds the trace graph (spec 4.1) from a torch.nn.Module.

Operator nodes are the modules that compute something themselves: leaf modules and modules with
parameters of their own. Edges come from a traced forward of the probe batch when there is one
(which module consumed which module's output tensor), else from module registration order.
"""
import re

import torch
import torch.nn as nn

from .modules import GaussianSample

_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]")

# Most specific classes first: isinstance picks the first match.
_OP_TYPES = (
    (GaussianSample, "normal"),
    (nn.Linear, "dense"),
    (nn.Conv2d, "conv2d"),
    (nn.ConvTranspose2d, "conv_transpose2d"),
    ((nn.MaxPool2d, nn.AdaptiveMaxPool2d), "maxpool"),
    ((nn.AvgPool2d, nn.AdaptiveAvgPool2d), "avgpool"),
    ((nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d), "batchnorm"),
    (nn.ReLU, "relu"),
    (nn.Sigmoid, "sigmoid"),
    (nn.Tanh, "tanh"),
    (nn.Softplus, "softplus"),
    (nn.LeakyReLU, "leakyrelu"),
    (nn.ELU, "elu"),
    (nn.GELU, "gelu"),
    (nn.Softmax, "softmax"),
    (nn.LogSoftmax, "logsoftmax"),
    ((nn.Dropout, nn.Dropout2d), "dropout"),
    (nn.Flatten, "flatten"),
    (nn.Unflatten, "reshape"),
    (nn.Identity, "identity"),
    (nn.LSTM, "lstm"),
    (nn.GRU, "gru"),
    (nn.RNN, "rnn"),
    (nn.LSTMCell, "lstm_cell"),
    (nn.GRUCell, "gru_cell"),
    (nn.RNNCell, "rnn_cell"),
)

# Recurrent modules: a model with one of them has model type "rnn".
RECURRENT = (nn.RNNBase, nn.RNNCellBase)

# Random variables: their op names a distribution, their node kind is "random_variable".
_RANDOM_VARIABLES = (GaussianSample,)


def op_type(module):
    for classes, op in _OP_TYPES:
        if isinstance(module, classes):
            return op
    return type(module).__name__.lower()  # unknown modules keep their class name


def is_recurrent(module):
    return isinstance(module, RECURRENT)


def node_kind(module):
    return "random_variable" if isinstance(module, _RANDOM_VARIABLES) else "operator"


def _pair(value):
    """Spatial hyper-parameters as [height, width] lists (PyTorch allows an int for both)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value, value]
    return [int(v) for v in value]


def _axis(dim, rank):
    """A tensor axis as a non-negative index into the full tensor (axis 0 = batch/probe axis)."""
    if dim is None or rank is None:
        return dim
    return dim + rank if dim < 0 else dim


def _conv_padding(module):
    """Padding as [top/bottom, left/right] zeros; "valid" is [0, 0]; "same" stays the string when
    PyTorch would pad asymmetrically (an even kernel extent)."""
    padding = module.padding
    if padding == "valid":
        return [0, 0]
    if padding == "same":
        extents = [d * (k - 1) for d, k in zip(_pair(module.dilation), _pair(module.kernel_size))]
        return [e // 2 for e in extents] if all(e % 2 == 0 for e in extents) else "same"
    return _pair(padding)


def _adaptive_window(module, in_shape):
    """kernel_size/stride of an adaptive pooling whose input size is a multiple of its output
    size: then it is an ordinary pooling, which is what a reader can replay."""
    if in_shape is None or len(in_shape) != 4:
        return {}
    out = [in_shape[2 + i] if s is None else s for i, s in enumerate(_pair_or_none(module.output_size))]
    size = in_shape[2:]
    if any(o <= 0 or s % o for s, o in zip(size, out)):
        return {}
    kernel = [s // o for s, o in zip(size, out)]
    return {"kernel_size": kernel, "stride": kernel, "padding": [0, 0]}


def _pair_or_none(value):
    return [value, value] if value is None or isinstance(value, int) else list(value)


def op_attributes(module, in_shape=None, out_shape=None):
    """The hyper-parameters a reader needs to replay the operator (docs/recorders.md, Graph).
    Spatial ones are [height, width] lists; axes ("dim") index the full tensor, batch axis 0;
    shapes ("shape") are per sample. in_shape/out_shape are the shapes seen in the probe pass
    (None without one). Everything is plain JSON."""
    rank = len(in_shape) if in_shape is not None else None
    op = op_type(module)
    if op == "dense":
        # PyTorch stores W as [out, in]; a square W is ambiguous without saying so
        return {"in_features": module.in_features, "out_features": module.out_features,
                "units": module.out_features, "weightLayout": "outIn"}
    if op in ("conv2d", "conv_transpose2d"):
        out = {"in_channels": module.in_channels, "out_channels": module.out_channels,
               "kernel_size": _pair(module.kernel_size), "stride": _pair(module.stride),
               "padding": _conv_padding(module), "dilation": _pair(module.dilation), "groups": module.groups}
        if op == "conv_transpose2d":
            out["output_padding"] = _pair(module.output_padding)
        if module.padding_mode != "zeros":
            out["padding_mode"] = module.padding_mode
        return out
    if op in ("maxpool", "avgpool"):
        if hasattr(module, "output_size"):
            return dict({"output_size": _pair_or_none(module.output_size), "adaptive": True},
                        **_adaptive_window(module, in_shape))
        out = {"kernel_size": _pair(module.kernel_size), "stride": _pair(module.stride),
               "padding": _pair(module.padding), "ceil_mode": bool(module.ceil_mode)}
        if op == "maxpool":
            out["dilation"] = _pair(module.dilation)
        else:
            out["count_include_pad"] = bool(module.count_include_pad)
            if module.divisor_override is not None:
                out["divisor_override"] = int(module.divisor_override)
        return out
    if op == "batchnorm":
        out = {"num_features": module.num_features, "eps": float(module.eps), "affine": bool(module.affine),
               "track_running_stats": bool(module.track_running_stats)}
        if module.momentum is not None:
            out["momentum"] = float(module.momentum)
        return out
    if op in ("softmax", "logsoftmax"):
        dim = module.dim
        if dim is None and rank is not None:  # PyTorch's implicit choice (deprecated, still allowed)
            dim = 0 if rank in (0, 1, 3) else 1
        return {"dim": _axis(dim, rank)} if dim is not None else {}
    if op == "flatten":
        return {"start_dim": _axis(module.start_dim, rank), "end_dim": _axis(module.end_dim, rank)}
    if op == "reshape":  # nn.Unflatten
        out = {"dim": _axis(module.dim, rank), "unflattened_size": list(module.unflattened_size)}
        if out_shape is not None:
            out["shape"] = list(out_shape[1:])
        elif out["dim"] == 1:
            out["shape"] = list(module.unflattened_size)
        return out
    if op in ("rnn", "lstm", "gru"):
        out = {"input_size": module.input_size, "hidden_size": module.hidden_size, "num_layers": module.num_layers,
               "bias": bool(module.bias), "batch_first": bool(module.batch_first), "dropout": float(module.dropout),
               "bidirectional": bool(module.bidirectional)}
        if op == "rnn":
            out["nonlinearity"] = module.nonlinearity
        if getattr(module, "proj_size", 0):
            out["proj_size"] = module.proj_size
        return out
    if op in ("rnn_cell", "lstm_cell", "gru_cell"):
        out = {"input_size": module.input_size, "hidden_size": module.hidden_size, "bias": bool(module.bias)}
        if op == "rnn_cell":
            out["nonlinearity"] = module.nonlinearity
        return out
    if op == "dropout":
        return {"p": float(module.p)}
    if op == "leakyrelu":
        return {"negative_slope": float(module.negative_slope)}
    if op == "elu":
        return {"alpha": float(module.alpha)}
    if op == "gelu":
        return {"approximate": module.approximate}
    if op == "softplus":
        return {"beta": module.beta, "threshold": module.threshold}
    return {}


def make_id(text, taken, limit=128):
    """A spec id ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) close to `text`, unique within `taken`."""
    base = _ID_BAD.sub("_", text) or "_"
    if not re.match(r"[A-Za-z0-9_]", base[0]):
        base = "_" + base
    base = base[:limit]
    candidate, n = base, 1
    while candidate in taken:
        suffix = "_%d" % n
        candidate, n = base[: limit - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def operator_modules(model):
    """(qualified name, module) of every module that computes something itself, in
    registration order. The root gets the name "model" when it is itself an operator."""
    out = []
    for name, module in model.named_modules():
        is_leaf = not any(True for _ in module.children())
        has_own_params = any(True for _ in module.parameters(recurse=False))
        if is_leaf or has_own_params:
            out.append((name or "model", module))
    return out


def has_weight_matrix(module):
    return any(p.dim() >= 2 for p in module.parameters(recurse=False))


def layer_names(ordered_names, modules_by_name):
    """Layer groups from module names: a nested module belongs to the layer named by its
    top-level container ("encoder.fc1" -> "encoder"); top-level modules are grouped the classic
    way, a weighted module (conv/dense) or a random variable starting a layer that the following
    activation, pooling and dropout modules join."""
    layers, current = {}, None
    for name in ordered_names:
        if "." in name:
            layers[name], current = name.split(".")[0], None
        else:
            module = modules_by_name[name]
            if current is None or has_weight_matrix(module) or node_kind(module) != "operator":
                current = name
            layers[name] = current
    return layers


class GraphBuilder:
    """Collects the data flow of one forward pass through forward hooks, then emits spec JSON."""

    INPUT = "input"

    def __init__(self, model):
        self.model = model
        self.modules = operator_modules(model)
        self.executed = []        # module names in first-call order
        self.edges = []           # (from name, to name)
        self._producer = {}       # id(tensor) -> module name; tensors kept alive in _alive
        self._alive = []
        self.shapes = {}          # module name -> (shape of its first input, shape of its output)

    def observe(self, name, inputs, output):
        """Forward-hook body: connect `name` to the producers of its input tensors."""
        if name in self.executed:
            return  # a module called twice (weight sharing): its first call defines the graph
        sources = []
        for t in tensors_in(inputs):
            src = self._producer.get(id(t))
            if src is not None and src not in sources:
                sources.append(src)
        if not sources:
            # an input made by functional code (x.view, F.relu, x + y) between modules: fall back
            # to execution order, which is right for sequential code
            sources = [self.executed[-1] if self.executed else self.INPUT]
        self.edges.extend((s, name) for s in sources)
        self.executed.append(name)
        first_in, first_out = next(tensors_in(inputs), None), next(tensors_in(output), None)
        self.shapes[name] = (list(first_in.shape) if first_in is not None else None,
                             list(first_out.shape) if first_out is not None else None)
        for t in tensors_in(output):
            self._producer[id(t)] = name
            self._alive.append(t)  # keep it alive so its id() is not reused during the pass

    def finish_without_trace(self):
        """No probe forward: chain the modules in registration order."""
        self.executed = [n for n, _ in self.modules]
        prev = self.INPUT
        for n in self.executed:
            self.edges.append((prev, n))
            prev = n

    def to_json(self, node_ids, param_nodes, extra_attributes=None, input_distribution=None, input_attributes=None):
        """node_ids: module name -> node id; param_nodes: module name -> [(param node id, name,
        attributes)]; extra_attributes: module name -> attributes the recorder adds (probeNoise).
        input_distribution ("normal", "uniform") makes the input node a random variable of that
        op (a GAN's latent noise), with input_attributes."""
        self._producer.clear()
        self._alive = []
        modules = dict(self.modules)
        # modules never reached by the forward still appear, chained after the traced ones
        order = self.executed + [n for n, _ in self.modules if n not in self.executed]
        layer_of = layer_names(order, modules)
        taken = set()
        layer_ids = {}
        layers = []
        for n in order:
            lname = layer_of[n]
            if lname not in layer_ids:
                layer_ids[lname] = make_id(lname, taken)
                layers.append({"id": layer_ids[lname], "name": lname})
        nodes = [{"id": self.INPUT, "kind": "operator", "op": "input"}]
        if input_distribution is not None:
            nodes[0] = {"id": self.INPUT, "kind": "random_variable", "op": input_distribution, "name": "noise"}
            if input_attributes:
                nodes[0]["attributes"] = dict(input_attributes)
        edges = []
        for n in order:
            node = {"id": node_ids[n], "kind": node_kind(modules[n]), "op": op_type(modules[n]), "name": n,
                    "layer": layer_ids[layer_of[n]]}
            attrs = op_attributes(modules[n], *self.shapes.get(n, (None, None)))
            attrs.update((extra_attributes or {}).get(n, {}))
            if attrs:
                node["attributes"] = attrs
            nodes.append(node)
            for pid, pname, pattrs in param_nodes.get(n, ()):
                pnode = {"id": pid, "kind": "parameter", "name": pname, "layer": layer_ids[layer_of[n]]}
                if pattrs:
                    pnode["attributes"] = pattrs
                nodes.append(pnode)
                edges.append({"from": pid, "to": node_ids[n]})
        ident = dict(node_ids, **{self.INPUT: self.INPUT})
        seen = set()
        for s, t in self.edges:
            key = (ident[s], ident[t])
            if key not in seen and key[0] != key[1]:
                seen.add(key)
                edges.append({"from": key[0], "to": key[1]})
        return {"layers": layers, "nodes": nodes, "edges": _drop_back_edges(edges)}


def tensors_in(value):
    """The tensors in a hook's inputs/outputs (tuples, lists, dicts nest)."""
    if isinstance(value, torch.Tensor):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from tensors_in(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from tensors_in(v)


def _drop_back_edges(edges):
    """The spec demands an acyclic graph. Edges are emitted in execution order, so an edge that
    would close a cycle (only possible through the order fallback) is dropped."""
    succ = {}
    kept = []

    def reaches(a, b):
        stack, seen = [a], set()
        while stack:
            x = stack.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                stack.extend(succ.get(x, ()))
        return False

    for e in edges:
        if reaches(e["to"], e["from"]):
            continue
        succ.setdefault(e["from"], []).append(e["to"])
        kept.append(e)
    return kept
