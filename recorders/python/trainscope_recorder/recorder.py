"""TraceRecorder: records a PyTorch training run into TrainScope traces (docs/recorders.md).

Call order per iteration (one step() per optimizer step):

    loss = criterion(model(x), y); loss.backward()
    rec.step(loss, batch_indices=idx)     # before optimizer.step(): sees the loss and gradients
    optimizer.step()                      # wrapped by the recorder: measures the update, commits

Everything in a record refers to the same weights: the ones that produced the loss, i.e. the
values before this iteration's optimizer step. The update is (after step) - (before step).

With several optimizers (a GAN's generator and discriminator), step() comes before the first
optimizer step of the iteration; each optimizer's gradients are taken when it steps, and the
record is committed once every optimizer has stepped (docs/recorders.md, "Several optimizers").
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
from .graph import GraphBuilder, is_recurrent, make_id, node_kind, op_type, operator_modules, tensors_in
from .health import BACKWARD, FORWARD, NonFiniteCounter, largest_magnitude
from .modules import GanPair
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
        self.origin_written = False  # the firstNonFinite note is in this trace's journal

    def due(self, iteration):
        return iteration % self.every == 0


def _as_numpy(values):
    """A numpy copy of a tensor (any device) or of anything numpy takes."""
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy().copy()
    return np.array(values)


class _Pending:
    """What was captured at step() for one iteration, waiting for the optimizer step."""

    def __init__(self, iteration, metrics, batch, groups, kinds, batch_inputs=None):
        self.iteration, self.metrics, self.batch = iteration, metrics, batch
        self.batch_inputs = batch_inputs  # rows of spec 4.8, or None
        self.groups, self.kinds = groups, kinds
        self.arrays = {}
        self.before = {}
        self.stepped = set()   # id() of the optimizers that stepped since step()


class TraceRecorder:
    """Records `model` (and the updates `optimizer` makes) into a trace at `path`.

    The recorder never stops the training because of its own problems: an unwritable path, a
    full disk or an unrecordable tensor each produce one RecorderWarning, after which it disables
    itself or skips that tensor. The only exception it raises on purpose is TrainingAnomaly
    (see RecordingConfig.on_anomaly).
    """

    def __init__(self, path, model, optimizer=None, probe_inputs=None, probe_labels=None, config=None,
                 stop_group=None):
        """`optimizer`: None, one optimizer, a list of optimizers, or a dict name -> optimizer
        (names appear in the metrics "lr.<name>" and the manifest; a list's optimizer is named
        after the top-level module all its parameters belong to, e.g. "generator").
        `stop_group`: a StopGroup shared by several recorders of one script, which then record an
        anomaly any of them detects and stop at the same iteration."""
        self.config = config or RecordingConfig()
        self.config.validate()
        self.path = os.fspath(path)
        self.model = model
        self.optimizer = optimizer
        self._optimizers = _named_optimizers(optimizer, model)  # [(name, optimizer)]
        self._wrapped = []          # (optimizer, original step, had an instance-level step)
        self._noise = {}            # random-variable module name -> its probe noise (numpy)
        self.iteration = 0          # the iteration the next step() call records
        self._batch_inputs_json = None  # the manifest's "batchInputs" (spec 4.8), fixed at the first step
        self.anomaly = None         # dict(iteration, loss, reason) once an anomaly was seen
        self.enabled = True
        self.closed = False
        self._keep_going = True     # what step() returns; False after an anomaly in "flag" mode
        self._warned = set()
        self._committed_last = False  # the record of the last step() is committed (for add_metrics)
        self._metric_names = ()
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
        self._stop_group = stop_group
        self._group_anomaly_seen = None
        self._counter = None        # NonFiniteCounter: forward/backward hooks counting NaN/Inf
        self._window = {}           # (direction, module name) -> NaN/Inf count of the open record
        self.nonfinite_origin = None  # dict(iteration, direction, node) of the first NaN/Inf seen
        self._origin_reported = False  # the origin has started an anomaly (once)
        self._stopped_by_group = False  # another member of the stop group stopped and closed this one
        if stop_group is not None:
            stop_group._join(self)
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
        for _, opt in self._optimizers:
            self._wrap_optimizer(opt)
        if self.config.count_nonfinite:
            # from the start: the first iteration's forward runs before the first step()
            self._counter = NonFiniteCounter(operator_modules(model))

    # ------------------------------------------------------------------ public API

    def step(self, loss, batch_indices=None, metrics=None, batch_inputs=None, batch_labels=None):
        """Records one training iteration. Call it after loss.backward() and before
        optimizer.step(). Returns True while training should go on; False after an anomaly when
        on_anomaly == "flag". Raises TrainingAnomaly after an anomaly when on_anomaly == "raise".

        `batch_inputs` (the tensor the model was trained on in this iteration, after any
        augmentation; a GAN's real or generated batch) and `batch_labels` (class indices) are
        recorded where the weights are (spec 4.8), so credit can be computed on the batch; the
        first step's batch fixes their shape.
        """
        if self._stopped_by_group:
            return self._stop_training()
        if not self.enabled or self.closed:
            return self._keep_going
        try:
            return self._step(loss, batch_indices, metrics, batch_inputs, batch_labels)
        except TrainingAnomaly:
            raise
        except Exception as e:  # a recorder bug or an I/O error must not end the training
            self._fail("recording iteration %d failed" % self.iteration, e)
            return self._keep_going

    def add_metrics(self, metrics):
        """Adds metrics to the iteration of the last step() while its record is still open, i.e.
        before the last optimizer step of the iteration: a GAN's generator loss, computed after
        the discriminator's step. Declare the names in RecordingConfig(metrics=[...])."""
        if not self.enabled or self.closed or self._groups is None:
            return
        unknown = [k for k in metrics if k not in self._metric_names]
        if unknown:
            self._warn_once(("metric", tuple(unknown)), "metrics %s are not declared in RecordingConfig(metrics=[...]) "
                            "and are not recorded" % unknown)
        if self._pending is None:
            if self._committed_last:
                self._warn_once("late-metrics", "add_metrics() came after the record of iteration %d was "
                                "committed; call it before the last optimizer step" % (self.iteration - 1))
            return
        self._pending.metrics.update({k: _float(v) for k, v in metrics.items() if k in self._metric_names})

    def close(self):
        """Commits what is pending and closes every trace cleanly. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.enabled and self._pending is not None:
                self._finalize(self._pending)
            self._pending = None
            for g in self._groups or ():
                if g.writer is not None:
                    g.writer.close()
        except Exception as e:
            self._fail("closing the trace failed", e)
        finally:
            self._unwrap_optimizer()
            self._remove_counter()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    # ------------------------------------------------------------------ one iteration

    def _step(self, loss, batch_indices, metrics, batch_inputs=None, batch_labels=None):
        if self._pending is not None:  # an optimizer did not step (skipped, or no step call)
            self._finalize(self._pending)
        group = self._stop_group
        if self._stop or (group is not None and group.stops and self.iteration >= group.dense_until):
            return self._stop_training()
        i = self.iteration
        loss_value = _float(loss)
        values = {"loss": loss_value}
        values.update(self._learning_rates())
        values.update({k: _float(v) for k, v in (metrics or {}).items()})
        if self._groups is None:
            self._batch_inputs_json = self._describe_batch_inputs(batch_inputs, batch_labels, batch_indices)
            self._setup(values, batch_indices)
            if not self.enabled:  # the traces could not be created; one warning was given
                return self._keep_going
        self._take_counts(i)
        self._check_anomaly(i, loss_value)
        dense = self._dense_left > 0 or i < self.config.dense_first
        due = [g for g in self._groups if dense or g.due(i)]
        self._committed_last = False
        if due or self._ring is not None:
            # with a look-back ring, every iteration is captured in full so it can be committed
            # if an anomaly follows
            kinds = set(KINDS) if (dense or self._ring is not None) else set().union(*(g.kinds for g in due))
            rows = self._batch_input_rows(batch_inputs, batch_labels) if "weights" in kinds else None
            pending = _Pending(i, values, self._batch_row(batch_indices), due, kinds, rows)
            self._capture(pending)
            if not self._optimizers:
                self._finalize(pending)
            else:
                self._pending = pending
        else:
            self._window = {}  # an iteration without a record: its counts are not written
        if self._dense_left > 0:
            self._dense_left -= 1
            if self._dense_left == 0 and self.config.on_anomaly != "continue":
                self._stop = True  # the next step() closes the traces and stops the training
        self.iteration += 1
        return True

    def _check_anomaly(self, i, loss_value):
        reason = self._detector.check(loss_value) or self._weight_anomaly() or self._nonfinite_anomaly()
        if reason is None:
            if self._dense_left == 0:
                self._armed = True  # re-arm only after a normal loss, so a NaN run triggers once
            self._join_group_anomaly(i)
            return
        if not self._armed:
            return
        self._armed = False
        self.anomaly = {"iteration": i, "loss": loss_value, "reason": reason}
        self._dense_left = self.config.dense_iterations
        if self._stop_group is not None:
            self._stop_group._report(dict(self.anomaly, trace_path=self.path), i + self.config.dense_iterations,
                                     self.config.on_anomaly != "continue")
            self._group_anomaly_seen = self._stop_group.anomaly
        self._flush_ring()
        self._write_anomaly_note()

    def _stop_with_group(self):
        """Another member stopped: close now; the next step() raises or returns False."""
        if not self._stopped_by_group and self._stop_group.stops:
            self._stopped_by_group = True
            self.close()

    def _join_group_anomaly(self, i):
        """Another member of the stop group saw an anomaly: record densely until the group stops."""
        group = self._stop_group
        if group is None or group.anomaly is None or group.anomaly is self._group_anomaly_seen:
            return
        self._group_anomaly_seen = group.anomaly
        if self.anomaly is None:
            self.anomaly = {k: group.anomaly[k] for k in ("iteration", "loss", "reason")}
        self._dense_left = max(self._dense_left, group.dense_until - i)
        self._flush_ring()

    def _weight_anomaly(self):
        """A parameter whose magnitude passed weight_limit or turned NaN: a blow-up the loss may
        not show yet (a loss of 1e26 is still finite)."""
        limit = self.config.weight_limit
        if limit is None or not self._params:
            return None
        name, peak = largest_magnitude(self._params.items())
        if peak <= limit:
            return None
        return "parameter %s %s" % (name, "is NaN" if math.isnan(peak) else "reached magnitude %.3g (weight_limit %g)"
                                    % (peak, limit))

    def _nonfinite_anomaly(self):
        """The first NaN/Inf in an operator's output or gradient, once per run."""
        origin = self.nonfinite_origin
        if origin is None or self._origin_reported or not self.config.nonfinite_is_anomaly:
            return None
        self._origin_reported = True
        return "NaN/Inf first appeared in the %s of %s at iteration %d" % (
            "output" if origin["direction"] == FORWARD else "gradient", origin["node"], origin["iteration"])

    def _write_anomaly_note(self):
        try:
            loss_value = self.anomaly["loss"]
            info = dict(self.anomaly, loss=str(loss_value) if not math.isfinite(loss_value) else loss_value,
                        denseIterations=self.config.dense_iterations, onAnomaly=self.config.on_anomaly)
            if self.nonfinite_origin is not None:
                info["firstNonFinite"] = self.nonfinite_origin
            write_atomically(os.path.join(self.path, "anomaly.json"), json.dumps(info, indent=1).encode())
        except OSError:
            pass  # a note for humans; the journal already shows the anomaly

    def _stop_training(self):
        self.close()
        if self._stop_group is not None:
            self._stop_group._stop_all()  # one stop for all, even if this raise ends the loop
        self._keep_going = False
        if self.config.on_anomaly == "raise":
            a = self.anomaly or self._stop_group.anomaly
            raise TrainingAnomaly(a["iteration"], a["loss"], a["reason"], self.path)
        return False

    # ------------------------------------------------------------------ NaN/Inf counts

    def _take_counts(self, iteration):
        """Adds the NaN/Inf counts since the last call to the open record's window and notes the
        first operator, direction and iteration where one appeared."""
        if self._counter is None:
            return
        counts, origin = self._counter.take()
        for key, n in counts.items():
            self._window[key] = self._window.get(key, 0) + n
        if origin is not None and self.nonfinite_origin is None:
            direction, module = origin
            self.nonfinite_origin = {"iteration": int(iteration), "direction": direction,
                                     "node": self._node_ids.get(module, module)}

    def _count_metrics(self):
        """nonfinite.forward / nonfinite.backward (totals) at every record; the count of each
        operator node only on records where a total is non-zero (docs/recorders.md)."""
        window, self._window = self._window, {}
        totals = {d: sum(n for (direction, _), n in window.items() if direction == d) for d in (FORWARD, BACKWARD)}
        out = {"nonfinite." + d: totals[d] for d in (FORWARD, BACKWARD)}
        if totals[FORWARD] or totals[BACKWARD]:
            for direction, name in self._count_order:
                out["nonfinite.%s.%s" % (direction, self._node_ids[name])] = window.get((direction, name), 0)
        return out

    def _remove_counter(self):
        if self._counter is not None:
            self._counter.remove()
            self._counter = None

    def _learning_rates(self):
        """{"lr": ...} for one optimizer, {"lr.<name>": ...} for several (first parameter group)."""
        out = {}
        for name, opt in self._optimizers:
            lr = opt.param_groups[0].get("lr") if opt.param_groups else None
            if isinstance(lr, (int, float)):
                out["lr" if len(self._optimizers) == 1 else "lr." + name] = float(lr)
        return out

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

    def _describe_batch_inputs(self, batch_inputs, batch_labels, batch_indices):
        """The manifest's "batchInputs" (spec 4.8) from the first batch, or None."""
        if batch_inputs is None or not self.config.record_batch_inputs:
            return None
        x = batch_inputs.detach() if isinstance(batch_inputs, torch.Tensor) else torch.as_tensor(batch_inputs)
        if x.dim() < 2:
            self._warn_once("batch-inputs-rank", "batch_inputs needs a batch axis and a sample shape; not recorded")
            return None
        size = self.config.batch_size or int(x.shape[0])
        return {"batchSize": size, "dtype": "float32", "sampleShape": [int(d) for d in x.shape[1:]],
                "labels": batch_labels is not None}

    def _batch_input_rows(self, batch_inputs, batch_labels):
        """The rows of spec 4.8 for this batch: inputs padded with zeros, count, labels padded with -1."""
        decl = self._batch_inputs_json
        if decl is None:
            return None
        size, shape = decl["batchSize"], decl["sampleShape"]
        inputs = np.zeros([size] + shape, dtype="<f4")
        count = 0
        if batch_inputs is not None:
            x = _as_numpy(batch_inputs).astype("<f4", copy=False)
            if list(x.shape[1:]) != shape:
                self._warn_once("batch-inputs-shape", "batch_inputs of shape %s, not [N] + %s as the first; "
                                "recorded as empty" % (list(x.shape), shape))
            else:
                count = min(size, x.shape[0])
                inputs[:count] = x[:count]
        rows = {"inputs": inputs.tobytes(), "count": np.array([count], dtype="<i8").tobytes()}
        if decl["labels"]:
            labels = np.full(size, -1, dtype="<i8")
            if batch_labels is not None and count:
                y = _as_numpy(batch_labels).astype(np.int64).reshape(-1)
                n = min(count, y.size)
                labels[:n] = y[:n]
            rows["labels"] = labels.tobytes()
        return rows

    # ------------------------------------------------------------------ capture

    def _capture(self, pending):
        kinds = pending.kinds
        if "weights" in kinds:
            for spec in self._specs_of("weights"):
                pending.arrays[spec.id] = to_numpy(self._state(spec.source))
        if "gradients" in kinds:
            self._capture_gradients(pending, self._specs_of("gradients"))
        if "updates" in kinds and self._optimizers:
            for spec in self._specs_of("updates"):
                pending.before[spec.source] = self._params[spec.source].detach().clone()
        if "activations" in kinds and self._act_specs:
            wanted = {s.source: s for s in self._act_specs}
            outputs, _, _ = self._probe_forward(set(wanted))
            for name, array in outputs.items():
                pending.arrays[wanted[name].id] = array

    def _capture_gradients(self, pending, specs):
        for spec in specs:
            grad = self._params[spec.source].grad
            if grad is None:  # no gradient reached it: the optimizer will not move it either
                pending.arrays[spec.id] = np.zeros(spec.shape, np.float32)
            elif grad.layout != torch.strided:
                self._warn_once(("sparse", spec.id), "gradient %s is %s; it is recorded as NaN"
                                % (spec.source, grad.layout))
            else:
                pending.arrays[spec.id] = to_numpy(grad)

    def _state(self, source):
        """A parameter, or a floating-point buffer (batch norm's running statistics) looked up
        anew each time, since a module may replace a buffer tensor."""
        if source in self._params:
            return self._params[source]
        module, name = self._buffers[source]
        return getattr(module, name)

    def _finalize(self, pending):
        """Completes a pending record (the update) and commits it to every trace it is due in.
        The update is what changed since step(): the optimizer steps in between, or nothing (an
        iteration whose optimizer did not step gets exactly zero)."""
        self._pending = None
        if self._counter is not None:
            self._take_counts(pending.iteration)
            pending.metrics.update(self._count_metrics())
        for spec in self._specs_of("updates"):
            before = pending.before.get(spec.source)
            if before is not None:
                pending.arrays[spec.id] = to_numpy(self._params[spec.source].detach() - before)
        pending.before = {}
        self._committed_last = True
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
        extra = None
        if self.nonfinite_origin is not None and not group.origin_written:
            extra = {"firstNonFinite": self.nonfinite_origin}
            group.origin_written = True
        try:
            batch_inputs = None
            if group.writer.batch_inputs is not None:
                batch_inputs = pending.batch_inputs or self._batch_input_rows(None, None)
            group.writer.commit(pending.iteration, rows, pending.batch, pending.metrics, extra, batch_inputs)
        except OSError as e:
            self._fail("writing the trace %s failed" % group.path, e)

    # ------------------------------------------------------------------ probe forward

    def _probe_forward(self, wanted, builder=None):
        """Runs the probe batch through the model in eval mode without gradients and returns
        ({module name: activation array}, {module name: reason not recordable}, {name: shape}).

        Eval mode keeps dropout and batch-norm statistics out of it, so recording neither
        changes the training nor consumes its random numbers. Random variables use their fixed
        probe noise. Hooks live only for this pass.
        """
        outputs, refused, shapes = {}, {}, {}
        itemsize = np.dtype(self._descr).itemsize
        names = {id(m): n for n, m in self._modules}
        probe_size = self._probe_size()

        def hook(module, inputs, output):
            name = names[id(module)]
            if builder is not None:
                builder.observe(name, inputs, output)
            if name not in wanted or name in outputs or name in refused:
                return
            first = next(tensors_in(output), output)
            try:
                if isinstance(module, torch.nn.RNNBase) and not module.batch_first:
                    raise Unrecordable("batch_first=False puts the time axis first, not the probe axis")
                shape = check_recordable(first, self.config.max_tensor_bytes, itemsize)
                if first.dim() == 0 or first.shape[0] != probe_size:
                    # the trace promises [P] + per-sample shape; a reader would misread anything else
                    raise Unrecordable("its shape %s does not start with the probe axis (%d inputs)"
                                       % (list(first.shape), probe_size))
                outputs[name] = to_numpy(first).reshape(shape)  # copied now: in-place ops follow
                shapes[name] = shape
            except Unrecordable as e:
                refused[name] = str(e)

        def fix_noise(module, inputs):
            mu = next(tensors_in(inputs), None)
            if mu is not None:
                module.fixed_noise = self._probe_noise(names[id(module)], mu)

        random_variables = [m for _, m in self._modules if node_kind(m) == "random_variable"]
        handles = [m.register_forward_hook(hook) for _, m in self._modules]
        handles += [m.register_forward_pre_hook(fix_noise) for m in random_variables]
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
            for m in random_variables:
                m.fixed_noise = None
            for m, mode in modes:
                m.training = mode
        return outputs, refused, shapes

    def _probe_size(self):
        first = self._probe[0] if isinstance(self._probe, (tuple, list)) else self._probe
        return int(first.shape[0]) if first.dim() > 0 else 1

    def _probe_noise(self, name, mu):
        """The noise eps of random variable `name` for the probe batch: drawn once, from
        RecordingConfig.probe_noise_seed and the module's position (not from torch's global
        generator, so the training's random numbers stay untouched), in mu's shape."""
        eps = self._noise.get(name)
        if eps is None or list(eps.shape) != list(mu.shape):
            if eps is not None:
                self._warn_once(("noise", name), "the probe input of %s changed shape; its probe noise is drawn "
                                "again and no longer matches the stored array" % name)
            position = [n for n, _ in self._modules].index(name)
            g = torch.Generator().manual_seed(self.config.probe_noise_seed + position)
            eps = torch.randn(tuple(mu.shape), generator=g, dtype=torch.float32).numpy()
            self._noise[name] = eps
        return torch.from_numpy(eps).to(mu.device, mu.dtype)

    # ------------------------------------------------------------------ setup at the first step

    def _setup(self, first_metrics, first_batch):
        cfg = self.config
        self._descr = DESCR[cfg.dtype]
        self._modules = operator_modules(self.model)
        taken = {GraphBuilder.INPUT}
        node_ids = {name: make_id(name, taken) for name, _ in self._modules}
        self._node_ids = node_ids
        self._params, self._buffers, param_nodes, specs = {}, {}, {}, []
        self._param_optimizer = {}  # qualified parameter name -> id() of the optimizer stepping it
        stepped_by = {id(p): id(opt) for _, opt in self._optimizers for grp in opt.param_groups for p in grp["params"]}
        tensor_ids = set()
        itemsize = np.dtype(self._descr).itemsize
        for name, module in self._modules:
            # floating-point buffers (batch norm's running mean and variance) are state a replay
            # needs like weights: parameter nodes with a weight series, no gradient or update
            state = [(pname, p, False) for pname, p in module.named_parameters(recurse=False)]
            state += [(bname, b, True) for bname, b in module.named_buffers(recurse=False)
                      if b is not None and b.is_floating_point()]
            for pname, p, is_buffer in state:
                qualified = pname if name == "model" else name + "." + pname
                pid = make_id(node_ids[name] + "." + pname, taken)
                param_nodes.setdefault(name, []).append((pid, qualified, {"buffer": True} if is_buffer else None))
                try:
                    shape = check_recordable(p, cfg.max_tensor_bytes, itemsize)
                except Unrecordable as e:
                    self._warn_once(("param", qualified), "parameter %s is not recorded: %s" % (qualified, e))
                    continue
                kind = "bias" if pname == "bias" else "weight"
                specs.append(_Spec(make_id(pid, tensor_ids), pid, kind, "weights", qualified, shape))
                if is_buffer:
                    self._buffers[qualified] = (module, pname)
                    continue
                self._params[qualified] = p
                if id(p) in stepped_by:
                    self._param_optimizer[qualified] = stepped_by[id(p)]
                if p.requires_grad:
                    specs.append(_Spec(make_id(pid + ".grad", tensor_ids), pid, "gradient", "gradients", qualified, shape))
                    if self._optimizers:
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
        extra = self._random_variable_attributes(builder, node_ids, arrays)
        distribution = cfg.input_distribution
        if distribution is None and isinstance(self.model, GanPair):
            distribution = self.model.noise  # a GAN's input is its latent noise
        graph = builder.to_json(node_ids, param_nodes, extra, distribution,
                                {"probeNoise": probe_json["inputs"]} if distribution and probe_json else None)
        self._gan = self._gan_roles(builder, node_ids) if self._is_gan() else None
        # forward counts in execution order, backward counts in the order gradients arrive
        executed = builder.executed + [n for n, _ in self._modules if n not in builder.executed]
        self._count_order = [(FORWARD, n) for n in executed] + [(BACKWARD, n) for n in reversed(executed)]
        self._optimizer_json = [{"name": n, "type": type(opt).__name__, "settings": _settings(opt),
                                 "parameters": [pid for pnodes in param_nodes.values() for pid, q, _ in pnodes
                                                if self._param_optimizer.get(q) == id(opt)]}
                                for n, opt in self._optimizers]

        self._batch_size = cfg.batch_size
        if self._batch_size is None and first_batch is not None:
            self._batch_size = int(np.asarray(first_batch.detach().cpu() if isinstance(first_batch, torch.Tensor)
                                              else first_batch).size)
        metric_names = ["loss"] + [m for m in first_metrics if m != "loss"] + [m for m in cfg.metrics if m not in first_metrics]
        self._metric_names = set(metric_names)
        if self._counter is not None:
            metric_names += ["nonfinite." + FORWARD, "nonfinite." + BACKWARD]
            metric_names += ["nonfinite.%s.%s" % (d, node_ids[n]) for d, n in self._count_order]
        self._groups = self._make_groups()
        for g in self._groups:
            g.specs = [s for s in specs if s.schedule in g.kinds]
            manifest = self._manifest(g, graph, metric_names, arrays, probe_json)
            try:
                g.writer = TraceWriter(g.path, manifest, arrays, durable=cfg.durable)
            except OSError as e:
                self._fail("cannot create the trace %s" % g.path, e)
                return

    def _random_variable_attributes(self, builder, node_ids, arrays):
        """Attributes of random-variable nodes: the node ids of their inputs ("mean",
        "logVariance", as the edges say too) and "probeNoise", the static array holding the noise
        of the probe forward, shape [P] + per-sample shape of z (added to `arrays`)."""
        extra = {}
        ident = dict(node_ids, **{GraphBuilder.INPUT: GraphBuilder.INPUT})
        taken = set(arrays)
        for name, module in self._modules:
            if node_kind(module) != "random_variable":
                continue
            attrs = {}
            sources = [ident[s] for s, t in builder.edges if t == name]
            if len(sources) == 2:
                attrs["mean"], attrs["logVariance"] = sources
            if name in self._noise:
                array_id = make_id("probe.noise." + node_ids[name], taken)
                arrays[array_id] = np.ascontiguousarray(self._noise[name], dtype="<f4")
                attrs["probeNoise"] = array_id
            extra[name] = attrs
        return extra

    def _is_gan(self):
        children = {n for n, _ in self.model.named_children()}
        return isinstance(self.model, GanPair) or {"generator", "discriminator"} <= children

    def _gan_roles(self, builder, node_ids):
        """Manifest attribute "gan": which layers are the generator and the discriminator, the
        noise node, and the node (and activation tensor) holding the generated batch: the
        generator module whose output flows into the discriminator in the probe pass."""
        roles = {"generator": "generator", "discriminator": "discriminator", "noise": GraphBuilder.INPUT}
        handoff = [s for s, t in builder.edges if s.startswith("generator.") and t.startswith("discriminator.")]
        if handoff:
            roles["generated"] = node_ids[handoff[0]]
            tensor = next((s.id for s in self._act_specs if s.source == handoff[0]), None)
            if tensor is not None:
                roles["generatedTensor"] = tensor
        return roles

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
        attributes = {
            "framework": "pytorch", "torchVersion": torch.__version__,
            "recorder": "trainscope_recorder %s" % __version__,
            "model": type(self.model).__name__,
            "recordEvery": group.every, "recordedKinds": sorted(group.kinds),
        }
        if group is self._groups[0]:
            # only the top trace lists the others: they are its sub-folders (spec 4.7); a link
            # back up ("..") is one a reader must refuse
            attributes["relatedTraces"] = [{"path": os.path.relpath(g.path, group.path).replace(os.sep, "/"),
                                            "every": g.every, "kinds": sorted(g.kinds)} for g in self._groups[1:]]
        attributes.update({"denseIterations": cfg.dense_iterations, "denseFirst": cfg.dense_first,
                           "onAnomaly": cfg.on_anomaly})
        if len(self._optimizers) == 1:
            attributes["optimizer"] = self._optimizer_json[0]["type"]
            attributes["optimizerSettings"] = self._optimizer_json[0]["settings"]
        if self._optimizers:
            attributes["optimizers"] = self._optimizer_json
        if self._gan is not None:
            attributes["gan"] = self._gan
        attributes.update(cfg.attributes)
        manifest = {
            "format": "trainscope-trace", "formatVersion": 1,
            "name": cfg.name or os.path.basename(os.path.abspath(self.path)),
            "modelType": cfg.model_type or self._model_type(),
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
        if self._batch_inputs_json is not None and "weights" in group.kinds:
            # next to the weights: credit on the batch replays the network with them
            manifest["batchInputs"] = dict(self._batch_inputs_json)
        return manifest

    def _model_type(self):
        if self._is_gan():
            return "gan"
        if any(node_kind(m) == "random_variable" for _, m in self._modules):
            return "vae"
        if any(is_recurrent(m) for _, m in self._modules):
            return "rnn"
        if any(op_type(m) in ("conv2d", "conv_transpose2d") for _, m in self._modules):
            return "cnn"
        return "mlp"

    def _specs_of(self, schedule):
        return [s for s in self._all_specs if s.schedule == schedule]

    # ------------------------------------------------------------------ optimizer wrapping

    def _wrap_optimizer(self, optimizer):
        """Instance-level wrapper of optimizer.step (torch 1.13 has no optimizer step hooks).
        It stays a bound method so that LR schedulers can wrap it again."""
        original = optimizer.step
        recorder = self

        def step(opt, *args, **kwargs):
            recorder._before_optimizer_step(opt)
            result = original(*args, **kwargs)
            recorder._after_optimizer_step(opt)
            return result

        if hasattr(original, "_with_counter"):  # keep LR schedulers from warning about a patch
            step._with_counter = True
        self._wrapped.append((optimizer, original, "step" in optimizer.__dict__))
        optimizer.step = types.MethodType(step, optimizer)

    def _unwrap_optimizer(self):
        for optimizer, original, had_instance_step in self._wrapped:
            if had_instance_step:
                optimizer.step = original
            else:
                optimizer.__dict__.pop("step", None)
        self._wrapped = []

    def _before_optimizer_step(self, optimizer):
        """With several optimizers, the gradients of an optimizer's parameters are the ones it
        steps with: taken again at its first step after step() (a GAN's generator gradients
        exist only after the discriminator stepped)."""
        pending = self._pending
        if (not self.enabled or self.closed or pending is None or len(self._optimizers) < 2
                or id(optimizer) in pending.stepped or "gradients" not in pending.kinds):
            return
        try:
            self._capture_gradients(pending, [s for s in self._specs_of("gradients")
                                              if self._param_optimizer.get(s.source) == id(optimizer)])
        except Exception as e:
            self._fail("recording the gradients of iteration %d failed" % (self.iteration - 1), e)

    def _after_optimizer_step(self, optimizer):
        if not self.enabled or self.closed:
            return
        try:
            if self._pending is not None:
                self._pending.stepped.add(id(optimizer))
                if len(self._pending.stepped) == len(self._optimizers):
                    self._finalize(self._pending)
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
        self._remove_counter()


def _float(value):
    return float(value.detach()) if isinstance(value, torch.Tensor) else float(value)


def _settings(optimizer):
    """The optimizer's defaults that are plain JSON: numbers, strings, flags and tuples of them
    (Adam's betas); non-finite numbers and anything else are left out."""
    def plain(v):
        if isinstance(v, (bool, int, str)):
            return v
        if isinstance(v, float):
            return v if math.isfinite(v) else None
        if isinstance(v, (tuple, list)):
            items = [plain(x) for x in v]
            return items if all(x is not None for x in items) else None
        return None
    return {k: plain(v) for k, v in optimizer.defaults.items() if plain(v) is not None}


def _named_optimizers(optimizer, model):
    """[(name, optimizer)] from None, one optimizer, a list or a dict. A listed optimizer is
    named after the top-level module holding all its parameters ("generator"), else "optimizer<i>"."""
    if optimizer is None:
        return []
    if isinstance(optimizer, dict):
        items = [(str(k), v) for k, v in optimizer.items()]
    elif isinstance(optimizer, (list, tuple)):
        items = [(None, o) for o in optimizer]
    else:
        items = [(None, optimizer)]
    top = {id(p): n.split(".")[0] if "." in n else "model" for n, p in model.named_parameters()}
    taken, seen, out = set(), set(), []
    for i, (name, opt) in enumerate(items):
        if id(opt) in seen:  # wrapped once, counted once
            continue
        seen.add(id(opt))
        if name is None:
            owners = {top.get(id(p)) for g in opt.param_groups for p in g["params"]}
            name = owners.pop() if len(owners) == 1 and None not in owners and len(items) > 1 else "optimizer%d" % i
        out.append((make_id(name, taken), opt))
    return out
