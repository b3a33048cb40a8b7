"""Loss anomaly detection: NaN/Inf, or a jump against the recent mean."""
import math
from collections import deque


class TrainingAnomaly(RuntimeError):
    """Raised by TraceRecorder.step() once the iterations after an anomaly are recorded and the
    traces are closed (RecordingConfig.on_anomaly == "raise")."""

    def __init__(self, iteration, loss, reason, trace_path):
        super().__init__("training anomaly at iteration %d: %s (loss %r); recorded densely in %s"
                         % (iteration, reason, loss, trace_path))
        self.iteration = iteration
        self.loss = loss
        self.reason = reason
        self.trace_path = trace_path


class AnomalyDetector:
    """check(loss) returns a reason string when the loss is anomalous, else None.

    The reference for jumps is the mean of recent finite losses rather than the previous loss,
    so one noisy minibatch does not move it much. Jumps are measured against |mean| so that
    negative losses (log-likelihoods) behave sensibly.
    """

    # One earlier loss suffices: a blow-up at iteration 1 or 3 (a learning rate far too high) is
    # the one a user most needs recorded, and a healthy first loss rarely rises tenfold.
    MIN_HISTORY = 1

    def __init__(self, jump_factor, window):
        self.jump_factor = jump_factor
        self.history = deque(maxlen=max(1, window))

    def check(self, loss):
        if not math.isfinite(loss):
            return "loss is %s" % loss
        reason = None
        if self.jump_factor is not None and len(self.history) >= self.MIN_HISTORY:
            mean = sum(self.history) / len(self.history)
            if loss - mean > (self.jump_factor - 1) * abs(mean) and abs(mean) > 0:
                reason = "loss jumped from a recent mean of %.6g to %.6g (factor > %g)" % (
                    mean, loss, self.jump_factor)
        self.history.append(loss)
        return reason


class StopGroup:
    """Several recorders in one script that stop together ("one stop for all").

    Give the same group to each TraceRecorder (stop_group=...). When one of them detects an
    anomaly at iteration i, every member records densely from its next step() on and every
    member stops at the same iteration i + dense_iterations (of the recorder that saw it): each
    closes its traces there and raises TrainingAnomaly or returns False according to its own
    on_anomaly. The member that stops first closes the others too, so no trace runs past the
    stop even when the exception ends the training loop before the others' step() calls.
    Members count iterations alike: one step() per training iteration each.
    """

    def __init__(self):
        self.members = []
        self.anomaly = None     # dict(iteration, loss, reason, trace_path) of the first anomaly
        self.dense_until = None  # members record densely up to this iteration (exclusive) ...
        self.stops = False       # ... and stop there (False when the detecting member continues)

    def _join(self, recorder):
        self.members.append(recorder)

    def _report(self, anomaly, dense_until, stops):
        """The first anomaly of any member decides; later ones change nothing."""
        if self.anomaly is None:
            self.anomaly, self.dense_until, self.stops = anomaly, dense_until, stops

    def _stop_all(self):
        for member in self.members:
            member._stop_with_group()
