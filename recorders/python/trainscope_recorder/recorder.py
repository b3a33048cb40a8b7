"""TraceRecorder: records a PyTorch training run into TrainScope traces (docs/recorders.md).

Call order per iteration (one step() per optimizer step):

    loss = criterion(model(x), y); loss.backward()
    rec.step(loss, batch_indices=idx)     # before optimizer.step(): sees the loss and gradients
    optimizer.step()                      # wrapped by the recorder: measures the update, commits

Everything in a record refers to the same weights: the ones that produced the loss, i.e. the
values before this iteration's optimizer step. The update is (after step) - (before step).
"""
import json
import math
import os
import types
import warnings
from collections import deque

import numpy as np
import torch

from . import __version__
from .anomaly import AnomalyDetector, TrainingAnomaly
from .capture import Unrecordable, check_recordable, row_bytes, to_numpy
from .config import KINDS, RecordingConfig
from .graph import GraphBuilder, tensors_in, make_id, op_type, operator_modules
from .trace_writer import DESCR, TraceWriter, write_atomically


class RecorderWarning(UserWarning):
    """Every problem the recorder survives (and the training with it) is reported as this."""


class _Spec:
    """One series tensor: where its values come from and which schedule it follows."""

    def __init__(self, tensor_id, node, kind, schedule, source, shape):
        self.id, self.node, self.kind = tensor_id, node, kind
        self.schedule = schedule   # a config kind: weights / gradients / updates / activations
        self.source = source       # parameter name (qualified) or module name for activations
        self.shape = shape


class _Group:
    """The kinds sharing one interval, written to one trace."""

    def __init__(self, every, kinds, path):
        self.every, self.kinds, self.path = every, kinds, path
        self.specs = []
        self.writer = None

    def due(self, iteration):
        return iteration % self.every == 0


class _Pending:
    """What was captured at step() for one iteration, waiting for the optimizer step."""

    def __init__(self, iteration, metrics, batch, groups, kinds):
        self.iteration, self.metrics, self.batch = iteration, metrics, batch
        self.groups, self.kinds = groups, kinds
        self.arrays = {}
        self.before = {}


class TraceRecorder:
    """Records `model` (and the updates `optimizer` makes) into a trace at `path`.

    The recorder never stops the training because of its own problems: an unwritable path, a
    full disk or an unrecordable tensor each produce one RecorderWarning, after which it disables
    itself or skips that tensor. The only exception it raises on purpose is TrainingAnomaly
    (see RecordingConfig.on_anomaly).
    """

    def __init__(self, path, model, optimizer=None, probe_inputs=None, probe_labels=None, config=None):
        self.config = config or RecordingConfig()
        self.config.validate()
        self.path = os.fspath(path)
        self.model = model
        self.optimizer = optimizer
        self.iteration = 0          # the iteration the next step() call records
        self.anomaly = None         # dict(iteration, loss, reason) once an anomaly was seen
        self.enabled = True
        self.closed = False
        self._keep_going = True     # what step() returns; False after an anomaly in "flag" mode
        self._warned = set()
        self._groups = None         # built at the first step(), when the first loss is known
        self._pending = None
        self._dense_left = 0
        self._armed = True
        self._stop = False
        self._detector = AnomalyDetector(self.config.loss_jump_factor, self.config.jump_window)
        self._ring = deque(maxlen=self.config.dense_before) if self.config.dense_before else None
        self._probe = self._probe_labels = None
        self._probe_raw = probe_inputs
        self._probe_labels_raw = probe_labels
        self._original_step = None
        try:
            os.makedirs(self.path, exist_ok=True)
            if os.path.exists(os.path.join(self.path, "manifest.json")):
                raise FileExistsError("a trace already exists there; choose a new path")
            probe_file = os.path.join(self.path, ".write-test")
            with open(probe_file, "wb"):
                pass
            os.remove(probe_file)
        except OSError as e:
            self._fail("cannot write the trace directory %s" % self.path, e)
            return
        if optimizer is not None:
            self._wrap_optimizer(optimizer)

    # ------------------------------------------------------------------ public API

    def step(self, loss, batch_indices=None, metrics=None):
        """Records one training iteration. Call it after loss.backward() and before
        optimizer.step(). Returns True while training should go on; False after an anomaly when
        on_anomaly == "flag". Raises TrainingAnomaly after an anomaly when on_anomaly == "raise".
        """
        if not self.enabled or self.closed:
            return self._keep_going
        try:
            return self._step(loss, batch_indices, metrics)
        except TrainingAnomaly:
            raise
        except Exception as e:  # a recorder bug or an I/O error must not end the training
            self._fail("recording iteration %d failed" % self.iteration, e)
            return self._keep_going

    def close(self):
        """Commits what is pending and closes every trace cleanly. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.enabled and self._pending is not None:
                self._finalize(self._pending, optimizer_stepped=False)
            self._pending = None
            for g in self._groups or ():
                if g.writer is not None:
                    g.writer.close()
        except Exception as e:
            self._fail("closing the trace failed", e)
        finally:
            self._unwrap_optimizer()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    # ------------------------------------------------------------------ one iteration

    def _step(self, loss, batch_indices, metrics):
        if self._pending is not None:  # the optimizer did not step (skipped, or no step call)
            self._finalize(self._pending, optimizer_stepped=False)
        if self._stop:
            return self._stop_training()
        i = self.iteration
        loss_value = float(loss.detach()) if isinstance(loss, torch.Tensor) else float(loss)
        values = {"loss": loss_value}
        lr = self._learning_rate()
        if lr is not None:
            values["lr"] = lr
        values.update({k: float(v) for k, v in (metrics or {}).items()})
        if self._groups is None:
            self._setup(values, batch_indices)
            if not self.enabled:  # the traces could not be created; one warning was given
                return self._keep_going
        self._check_anomaly(i, loss_value)
        dense = self._dense_left > 0
        due = [g for g in self._groups if dense or g.due(i)]
        if due or self._ring is not None:
            # with a look-back ring, every iteration is captured in full so it can be committed
            # if an anomaly follows
            kinds = set(KINDS) if (dense or self._ring is not None) else set().union(*(g.kinds for g in due))
            pending = _Pending(i, values, self._batch_row(batch_indices), due, kinds)
            self._capture(pending)
            if self.optimizer is None:
                self._finalize(pending, optimizer_stepped=False)
            else:
                self._pending = pending
        if dense:
            self._dense_left -= 1
            if self._dense_left == 0 and self.config.on_anomaly != "continue":
                self._stop = True  # the next step() closes the traces and stops the training
        self.iteration += 1
        return True

    def _check_anomaly(self, i, loss_value):
        reason = self._detector.check(loss_value)
        if reason is None:
            if self._dense_left == 0:
                self._armed = True  # re-arm only after a normal loss, so a NaN run triggers once
            return
        if not self._armed:
            return
        self._armed = False
        self.anomaly = {"iteration": i, "loss": loss_value, "reason": reason}
        self._dense_left = self.config.dense_iterations
        self._flush_ring()
        try:
            info = dict(self.anomaly, loss=str(loss_value) if not math.isfinite(loss_value) else loss_value,
                        denseIterations=self.config.dense_iterations, onAnomaly=self.config.on_anomaly)
            write_atomically(os.path.join(self.path, "anomaly.json"), json.dumps(info, indent=1).encode())
        except OSError:
            pass  # a note for humans; the journal already shows the anomaly

    def _stop_training(self):
        self.close()
        self._keep_going = False
        if self.config.on_anomaly == "raise":
            a = self.anomaly
            raise TrainingAnomaly(a["iteration"], a["loss"], a["reason"], self.path)
        return False

    def _learning_rate(self):
        if self.optimizer is None or not self.optimizer.param_groups:
            return None
        lr = self.optimizer.param_groups[0].get("lr")
        return float(lr) if isinstance(lr, (int, float)) else None

    def _batch_row(self, batch_indices):
        if self._batch_size is None:
            return None
        row = np.full(self._batch_size, -1, dtype="<i8")
        if batch_indices is None:
            return row
        if isinstance(batch_indices, torch.Tensor):  # .numpy() is much cheaper than np.asarray(tensor)
            batch_indices = batch_indices.detach().cpu().numpy()
        idx = np.asarray(batch_indices, dtype=np.int64).reshape(-1)
        if idx.size > self._batch_size:
            self._warn_once("batch-size", "batch_indices has %d entries, more than the batch size %d; "
                            "the rest are not recorded (set RecordingConfig.batch_size)" % (idx.size, self._batch_size))
            idx = idx[: self._batch_size]
        row[: idx.size] = np.where(idx >= 0, idx, -1)
        return row

    # ------------------------------------------------------------------ capture

    def _capture(self, pending):
        kinds = pending.kinds
        params = self._params
        if "weights" in kinds:
            for spec in self._specs_of("weights"):
                pending.arrays[spec.id] = to_numpy(params[spec.source])
        if "gradients" in kinds:
            for spec in self._specs_of("gradients"):
                grad = params[spec.source].grad
                if grad is None:  # no gradient reached it: the optimizer will not move it either
                    pending.arrays[spec.id] = np.zeros(spec.shape, np.float32)
                elif grad.layout != torch.strided:
                    self._warn_once(("sparse", spec.id), "gradient %s is %s; it is recorded as NaN"
                                    % (spec.source, grad.layout))
                else:
                    pending.arrays[spec.id] = to_numpy(grad)
        if "updates" in kinds and self.optimizer is not None:
            for spec in self._specs_of("updates"):
                pending.before[spec.source] = params[spec.source].detach().clone()
        if "activations" in kinds and self._act_specs:
            wanted = {s.source: s for s in self._act_specs}
            outputs, _, _ = self._probe_forward(set(wanted))
            for name, array in outputs.items():
                pending.arrays[wanted[name].id] = array

    def _finalize(self, pending, optimizer_stepped):
        """Completes a pending record (the update) and commits it to every trace it is due in."""
        self._pending = None
        for spec in self._specs_of("updates"):
            before = pending.before.get(spec.source)
            if before is None:
                continue
            if optimizer_stepped:
                pending.arrays[spec.id] = to_numpy(self._params[spec.source].detach() - before)
            else:
                pending.arrays[spec.id] = np.zeros(spec.shape, np.float32)  # no step, no change
        pending.before = {}
        for g in pending.groups:
            self._commit(g, pending)
        if self._ring is not None and len(pending.groups) < len(self._groups):
            self._ring.append(pending)

    def _flush_ring(self):
        """An anomaly: commit the remembered iterations before it to traces that lack them."""
        if not self._ring:
            return
        for pending in self._ring:
            for g in self._groups:
                if g.writer is not None and pending.iteration > g.writer.last_iteration:
                    self._commit(g, pending)
        self._ring.clear()

    def _commit(self, group, pending):
        if group.writer is None or not self.enabled:
            return
        rows = {}
        for spec in group.specs:
            try:
                rows[spec.id] = row_bytes(pending.arrays.get(spec.id), self._descr, spec.shape)
            except Unrecordable as e:
                self._warn_once(("shape", spec.id), "tensor %s is not recorded: %s" % (spec.id, e))
                rows[spec.id] = row_bytes(None, self._descr, spec.shape)
        try:
            group.writer.commit(pending.iteration, rows, pending.batch, pending.metrics)
        except OSError as e:
            self._fail("writing the trace %s failed" % group.path, e)

    # ------------------------------------------------------------------ probe forward

    def _probe_forward(self, wanted, builder=None):
        """Runs the probe batch through the model in eval mode without gradients and returns
        ({module name: activation array}, {module name: reason not recordable}, {name: shape}).

        Eval mode keeps dropout and batch-norm statistics out of it, so recording neither
        changes the training nor consumes its random numbers. Hooks live only for this pass.
        """
        outputs, refused, shapes = {}, {}, {}
        itemsize = np.dtype(self._descr).itemsize
        names = {id(m): n for n, m in self._modules}

        def hook(module, inputs, output):
            name = names[id(module)]
            if builder is not None:
                builder.observe(name, inputs, output)
            if name not in wanted or name in outputs or name in refused:
                return
            first = next(tensors_in(output), output)
            try:
                shapes[name] = check_recordable(first, self.config.max_tensor_bytes, itemsize)
                outputs[name] = to_numpy(first).reshape(shapes[name])  # copied now: in-place ops follow
            except Unrecordable as e:
                refused[name] = str(e)

        handles = [m.register_forward_hook(hook) for _, m in self._modules]
        modes = [(m, m.training) for m in self.model.modules()]
        try:
            self.model.eval()
            with torch.no_grad():
                if isinstance(self._probe, (tuple, list)):
                    self.model(*self._probe)
                else:
                    self.model(self._probe)
        finally:
            for h in handles:
                h.remove()
            for m, mode in modes:
                m.training = mode
        return outputs, refused, shapes

    # ------------------------------------------------------------------ setup at the first step

    def _setup(self, first_metrics, first_batch):
        cfg = self.config
        self._descr = DESCR[cfg.dtype]
        self._modules = operator_modules(self.model)
        taken = {GraphBuilder.INPUT}
        node_ids = {name: make_id(name, taken) for name, _ in self._modules}
        self._params, param_nodes, specs = {}, {}, []
        tensor_ids = set()
        itemsize = np.dtype(self._descr).itemsize
        for name, module in self._modules:
            for pname, p in module.named_parameters(recurse=False):
                qualified = pname if name == "model" else name + "." + pname
                pid = make_id(node_ids[name] + "." + pname, taken)
                param_nodes.setdefault(name, []).append((pid, qualified))
                try:
                    shape = check_recordable(p, cfg.max_tensor_bytes, itemsize)
                except Unrecordable as e:
                    self._warn_once(("param", qualified), "parameter %s is not recorded: %s" % (qualified, e))
                    continue
                self._params[qualified] = p
                kind = "bias" if pname == "bias" else "weight"
                specs.append(_Spec(make_id(pid, tensor_ids), pid, kind, "weights", qualified, shape))
                if p.requires_grad:
                    specs.append(_Spec(make_id(pid + ".grad", tensor_ids), pid, "gradient", "gradients", qualified, shape))
                    if self.optimizer is not None:
                        specs.append(_Spec(make_id(pid + ".update", tensor_ids), pid, "update", "updates", qualified, shape))

        builder = GraphBuilder(self.model)
        arrays, probe_json = {}, None
        self._act_specs = []
        if self._probe_raw is not None:
            arrays, probe_json = self._prepare_probe()
        traced = False
        if self._probe is not None:
            try:
                outputs, refused, shapes = self._probe_forward({n for n, _ in self._modules}, builder)
                traced = True
                for name, reason in refused.items():
                    self._warn_once(("act", name), "activation of %s is not recorded: %s" % (name, reason))
                for name, _ in self._modules:
                    if name in shapes:
                        self._act_specs.append(_Spec(make_id(node_ids[name] + ".act", tensor_ids), node_ids[name],
                                                     "activation", "activations", name, shapes[name]))
            except Exception as e:
                self._warn_once("probe", "the probe forward failed (%s: %s); no activations are recorded and "
                                "the graph follows module order" % (type(e).__name__, e))
                builder = GraphBuilder(self.model)
        if not traced:
            builder.finish_without_trace()
        specs.extend(self._act_specs)
        self._all_specs = specs
        graph = builder.to_json(node_ids, param_nodes)

        self._batch_size = cfg.batch_size
        if self._batch_size is None and first_batch is not None:
            self._batch_size = int(np.asarray(first_batch.detach().cpu() if isinstance(first_batch, torch.Tensor)
                                              else first_batch).size)
        metric_names = ["loss"] + [m for m in first_metrics if m != "loss"] + [m for m in cfg.metrics if m not in first_metrics]
        self._groups = self._make_groups()
        for g in self._groups:
            g.specs = [s for s in specs if s.schedule in g.kinds]
            manifest = self._manifest(g, graph, metric_names, arrays, probe_json)
            try:
                g.writer = TraceWriter(g.path, manifest, arrays, durable=cfg.durable)
            except OSError as e:
                self._fail("cannot create the trace %s" % g.path, e)
                return

    def _prepare_probe(self):
        """Moves the probe batch to the model's device and turns it into static arrays."""
        device = next((p.device for p in self.model.parameters()), torch.device("cpu"))
        raw = self._probe_raw
        self._probe = tuple(t.to(device) for t in raw) if isinstance(raw, (tuple, list)) else raw.to(device)
        first = raw[0] if isinstance(raw, (tuple, list)) else raw
        arrays, probe_json = {}, {}
        inputs = first.detach().cpu()
        inputs = inputs.numpy().astype("<i8") if not inputs.is_floating_point() else inputs.float().numpy().astype("<f4")
        if inputs.nbytes <= self.config.max_tensor_bytes:
            arrays["probe.inputs"] = np.ascontiguousarray(inputs)
            probe_json["inputs"] = "probe.inputs"
        else:
            self._warn_once("probe-size", "the probe inputs are larger than max_tensor_bytes; they are not stored")
        if self._probe_labels_raw is not None:
            labels = torch.as_tensor(self._probe_labels_raw).detach().cpu()
            labels = labels.float().numpy().astype("<f4") if labels.is_floating_point() else labels.numpy().astype("<i8")
            arrays["probe.labels"] = np.ascontiguousarray(labels)
            probe_json["labels"] = "probe.labels"
        if "inputs" not in probe_json:
            return arrays, None
        return arrays, probe_json

    def _make_groups(self):
        by_every = {}
        for kind, every in self.config.intervals().items():
            if every > 0:
                by_every.setdefault(every, set()).add(kind)
        groups = []
        for n, every in enumerate(sorted(by_every)):
            # the finest interval is the trace at `path`; coarser ones nest inside it
            path = self.path if n == 0 else os.path.join(self.path, "every-%d" % every)
            groups.append(_Group(every, by_every[every], path))
        return groups

    def _manifest(self, group, graph, metric_names, arrays, probe_json):
        cfg = self.config
        conv = any(op_type(m) == "conv2d" for _, m in self._modules)
        related = [{"path": os.path.relpath(g.path, group.path), "every": g.every, "kinds": sorted(g.kinds)}
                   for g in self._groups if g is not group]
        attributes = {
            "framework": "pytorch", "torchVersion": torch.__version__,
            "recorder": "trainscope_recorder %s" % __version__,
            "model": type(self.model).__name__,
            "recordEvery": group.every, "recordedKinds": sorted(group.kinds),
            "relatedTraces": related,
            "denseIterations": cfg.dense_iterations, "onAnomaly": cfg.on_anomaly,
        }
        if self.optimizer is not None:
            attributes["optimizer"] = type(self.optimizer).__name__
            attributes["optimizerSettings"] = {k: v for k, v in self.optimizer.defaults.items()
                                               if isinstance(v, (int, float, str, bool)) and
                                               not (isinstance(v, float) and not math.isfinite(v))}
        attributes.update(cfg.attributes)
        manifest = {
            "format": "trainscope-trace", "formatVersion": 1,
            "name": cfg.name or os.path.basename(os.path.abspath(self.path)),
            "modelType": cfg.model_type or ("cnn" if conv else "mlp"),
            "attributes": attributes,
            "graph": graph,
            "tensors": [{"id": s.id, "node": s.node, "kind": s.kind, "dtype": cfg.dtype, "shape": list(s.shape)}
                        for s in group.specs],
            "metrics": [{"name": m} for m in metric_names],
            "batches": {"batchSize": self._batch_size} if self._batch_size else None,
            "arrays": [{"id": k, "dtype": {"<f4": "float32", "<i8": "int64"}[v.dtype.str], "shape": list(v.shape)}
                       for k, v in arrays.items()],
            "probe": probe_json,
        }
        return manifest

    def _specs_of(self, schedule):
        return [s for s in self._all_specs if s.schedule == schedule]

    # ------------------------------------------------------------------ optimizer wrapping

    def _wrap_optimizer(self, optimizer):
        """Instance-level wrapper of optimizer.step (torch 1.13 has no optimizer step hooks).
        It stays a bound method so that LR schedulers can wrap it again."""
        original = optimizer.step
        recorder = self

        def step(opt, *args, **kwargs):
            result = original(*args, **kwargs)
            recorder._after_optimizer_step()
            return result

        if hasattr(original, "_with_counter"):  # keep LR schedulers from warning about a patch
            step._with_counter = True
        self._original_step = original
        self._had_instance_step = "step" in optimizer.__dict__
        optimizer.step = types.MethodType(step, optimizer)

    def _unwrap_optimizer(self):
        if self._original_step is None:
            return
        if self._had_instance_step:
            self.optimizer.step = self._original_step
        else:
            self.optimizer.__dict__.pop("step", None)
        self._original_step = None

    def _after_optimizer_step(self):
        if not self.enabled or self.closed:
            return
        try:
            if self._pending is not None:
                self._finalize(self._pending, optimizer_stepped=True)
            elif self.iteration == 0:
                self._warn_once("order", "optimizer.step() ran before the first rec.step(loss); call rec.step "
                                "after loss.backward() and before optimizer.step(), else weights and updates "
                                "are attributed to the wrong iteration")
        except Exception as e:
            self._fail("recording the update of iteration %d failed" % (self.iteration - 1), e)

    # ------------------------------------------------------------------ faults

    def _warn_once(self, key, message):
        if key in self._warned:
            return
        self._warned.add(key)
        warnings.warn("TrainScope recorder: " + message, RecorderWarning, stacklevel=4)

    def _fail(self, what, error):
        """Disables the recorder after one warning; the committed records stay readable."""
        if not self.enabled:
            return
        self.enabled = False
        self._pending = None
        self._warn_once("disabled", "%s (%s: %s); recording is disabled and training continues. "
                        "Records committed before stay readable." % (what, type(error).__name__, error))
        for g in self._groups or ():
            if g.writer is not None:
                g.writer.abandon()
        self._unwrap_optimizer()
