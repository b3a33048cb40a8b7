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

    MIN_HISTORY = 3  # no jump detection before this many losses: the first ones move fastest

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
