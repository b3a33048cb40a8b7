"""trainscope_recorder: records PyTorch training into TrainScope traces (docs/trace-format.md)."""
__version__ = "0.1.0"

from .anomaly import StopGroup, TrainingAnomaly  # noqa: E402
from .config import RecordingConfig  # noqa: E402
from .modules import GanPair, GaussianSample  # noqa: E402
from .recorder import RecorderWarning, TraceRecorder  # noqa: E402

__all__ = ["TraceRecorder", "RecordingConfig", "TrainingAnomaly", "StopGroup", "RecorderWarning", "GaussianSample", "GanPair",
           "__version__"]
