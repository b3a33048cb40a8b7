"""What to record and how often (RecordingConfig)."""
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence

# The kinds a user can schedule. "weights" covers weights and biases (spec kinds "weight"/"bias").
KINDS = ("metrics", "weights", "gradients", "updates", "activations")
ON_ANOMALY = ("raise", "flag", "continue")
DISTRIBUTIONS = ("normal", "uniform")  # ops of random-variable input nodes


@dataclass
class RecordingConfig:
    """Every `*_every` is an iteration interval: N records iterations 0, N, 2N, ...; 0 turns the
    kind off. Kinds with the same interval share one trace; each distinct interval is its own
    trace (the format requires every tensor to have a row at every record, spec 4.2).

    metrics_every also paces the journal lines carrying loss/metrics and the batch indices.
    """
    metrics_every: int = 1
    weights_every: int = 10
    gradients_every: int = 10
    updates_every: int = 10
    activations_every: int = 10

    # The first dense_first iterations are recorded in full (every kind into every trace): the
    # start of training moves fastest and is where a too-high learning rate blows up.
    dense_first: int = 5

    # Anomaly handling: a non-finite loss, a loss above loss_jump_factor times the mean of the
    # last jump_window finite losses (from the second loss on), a parameter whose magnitude
    # exceeds weight_limit (or is NaN), or the first NaN/Inf in an operator's output or gradient
    # (nonfinite_is_anomaly) starts a dense window of dense_iterations iterations (the anomalous
    # one included) in which every kind is recorded at every iteration.
    dense_iterations: int = 5
    loss_jump_factor: Optional[float] = 10.0
    jump_window: int = 20
    weight_limit: Optional[float] = 1e8
    # Count the NaN/Inf values of every operator's output and of the gradient arriving at it, at
    # every iteration (journal metrics nonfinite.*; docs/recorders.md "Where the first NaN starts").
    count_nonfinite: bool = True
    nonfinite_is_anomaly: bool = True
    # Keep the last N iterations in memory (every kind captured every iteration, which costs
    # time) so the dense window also covers the iterations *before* the anomaly. 0 = off.
    dense_before: int = 0
    # After the dense window: "raise" TrainingAnomaly from step(), "flag" make step() return
    # False, or "continue" recording at the normal intervals.
    on_anomaly: str = "raise"

    dtype: str = "float32"                 # stored dtype of series tensors: float32 or float16
    max_tensor_bytes: int = 64 << 20       # larger tensors (one record) are skipped with a warning
    metrics: Sequence[str] = ()            # extra metric names step() may be given
    batch_size: Optional[int] = None       # default: length of the first batch_indices
    record_batch_inputs: bool = True       # record step(batch_inputs=...) where the weights are (spec 4.8)
    durable: bool = False                  # fsync before every journal line (spec 7 step 2)
    name: Optional[str] = None
    # default: "gan" for a GanPair (or children named generator and discriminator), "vae" with a
    # GaussianSample, "rnn" with a recurrent module (RNN, LSTM, GRU or their cells), "cnn" with
    # convolutions, else "mlp"
    model_type: Optional[str] = None
    # The model's input is a random variable drawn from this distribution ("normal" or "uniform"):
    # a GAN generator's latent noise. The input node then has kind random_variable. A GanPair
    # declares its noise itself (GanPair(..., noise="normal")); this setting overrides it.
    input_distribution: Optional[str] = None
    # seed of the probe noise of random variables (GaussianSample): drawn once, used at every record
    probe_noise_seed: int = 0
    attributes: Dict = field(default_factory=dict)

    def intervals(self):
        return {k: int(getattr(self, k + "_every")) for k in KINDS}

    def validate(self):
        for kind, every in self.intervals().items():
            if every < 0:
                raise ValueError("%s_every must be >= 0, got %d" % (kind, every))
        if self.dense_first < 0:
            raise ValueError("dense_first must be >= 0")
        if self.weight_limit is not None and not self.weight_limit > 0:
            raise ValueError("weight_limit must be > 0 (or None to disable the check)")
        if self.input_distribution is not None and self.input_distribution not in DISTRIBUTIONS:
            raise ValueError("input_distribution must be one of %s" % (DISTRIBUTIONS,))
        if self.dense_iterations < 1:
            raise ValueError("dense_iterations must be >= 1")
        if self.dense_before < 0:
            raise ValueError("dense_before must be >= 0")
        if self.loss_jump_factor is not None and self.loss_jump_factor <= 1:
            raise ValueError("loss_jump_factor must be > 1 (or None to disable jump detection)")
        if self.on_anomaly not in ON_ANOMALY:
            raise ValueError("on_anomaly must be one of %s" % (ON_ANOMALY,))
        if self.dtype not in ("float32", "float16"):
            raise ValueError("dtype must be float32 or float16")
        if not 0 < self.max_tensor_bytes <= 1 << 30:
            raise ValueError("max_tensor_bytes must be in (0, 1 GiB] (spec 4.2 row limit)")
