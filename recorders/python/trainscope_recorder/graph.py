"""Builds the trace graph (spec 4.1) from a torch.nn.Module.

Operator nodes are the modules that compute something themselves: leaf modules and modules with
parameters of their own. Edges come from a traced forward of the probe batch when there is one
(which module consumed which module's output tensor), else from module registration order.
"""
import re

import torch
import torch.nn as nn

_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]")

# Most specific classes first: isinstance picks the first match.
_OP_TYPES = (
    (nn.Linear, "dense"),
    (nn.Conv2d, "conv2d"),
    ((nn.MaxPool2d, nn.AdaptiveMaxPool2d), "maxpool"),
    ((nn.AvgPool2d, nn.AdaptiveAvgPool2d), "avgpool"),
    ((nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d), "batchnorm"),
    (nn.ReLU, "relu"),
    (nn.Sigmoid, "sigmoid"),
    (nn.Tanh, "tanh"),
    (nn.Softplus, "softplus"),
    (nn.LeakyReLU, "leakyrelu"),
    ((nn.Dropout, nn.Dropout2d), "dropout"),
    (nn.Flatten, "flatten"),
)


def op_type(module):
    for classes, op in _OP_TYPES:
        if isinstance(module, classes):
            return op
    return type(module).__name__.lower()  # unknown modules keep their class name


def op_attributes(module):
    """A few hyper-parameters a viewer can show; everything must be plain JSON."""
    def plain(v):
        return list(v) if isinstance(v, tuple) else v
    names = {
        "dense": ("in_features", "out_features"),
        "conv2d": ("in_channels", "out_channels", "kernel_size", "stride", "padding"),
        "maxpool": ("kernel_size", "stride", "output_size"),
        "avgpool": ("kernel_size", "stride", "output_size"),
        "batchnorm": ("num_features", "eps", "momentum"),
        "dropout": ("p",),
        "leakyrelu": ("negative_slope",),
        "softplus": ("beta", "threshold"),
    }.get(op_type(module), ())
    out = {}
    for n in names:
        v = plain(getattr(module, n, None))
        if isinstance(v, (int, float, str, list)) and not isinstance(v, bool):
            out[n] = v
    if isinstance(module, nn.Linear):
        out["units"] = module.out_features
    return out


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
    way, a weighted module (conv/dense) starting a layer that the following activation, pooling
    and dropout modules join."""
    layers, current = {}, None
    for name in ordered_names:
        if "." in name:
            layers[name], current = name.split(".")[0], None
        else:
            if current is None or has_weight_matrix(modules_by_name[name]):
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

    def to_json(self, node_ids, param_nodes):
        """node_ids: module name -> node id; param_nodes: module name -> [(param node id, name)]."""
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
        edges = []
        for n in order:
            node = {"id": node_ids[n], "kind": "operator", "op": op_type(modules[n]), "name": n,
                    "layer": layer_ids[layer_of[n]]}
            attrs = op_attributes(modules[n])
            if attrs:
                node["attributes"] = attrs
            nodes.append(node)
            for pid, pname in param_nodes.get(n, ()):
                nodes.append({"id": pid, "kind": "parameter", "name": pname, "layer": layer_ids[layer_of[n]]})
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
