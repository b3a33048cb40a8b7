package org.trainscope.recorders.dl4j;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.trace.DType;

/**
 * What {@link TraceRecordingListener} records and how often. Immutable; build with
 * {@link #builder()}.
 *
 * <p>Every interval N records iterations 0, N, 2N, ...; 0 turns the kind off. Kinds with the same
 * interval share one trace, and each distinct interval is a trace of its own, because the format
 * wants every tensor at every record (trace-format.md §4.2). The finest interval is the trace at
 * the listener's directory; coarser ones are {@code every-N/} inside it (same layout as the PyTorch
 * recorder).
 *
 * <p>Anomalies: a non-finite score, or a score above {@code lossJumpFactor} times the mean of the
 * last {@code jumpWindow} finite scores, starts a dense window of {@code denseIterations}
 * iterations (the anomalous one included) in which every kind goes to every trace at every
 * iteration. Then {@link #onAnomaly()} decides: throw, flag or continue.
 */
public final class RecordingConfig {
    private final Map<RecordedKind, Integer> every;
    private final int denseIterations;
    private final double lossJumpFactor;
    private final int jumpWindow;
    private final OnAnomaly onAnomaly;
    private final DType dtype;
    private final long maxTensorBytes;
    private final int batchSize;
    private final boolean recordBatchInputs;
    private final String name;
    private final String modelType;
    private final Map<String, Object> attributes;
    private final List<String> metrics;

    private RecordingConfig(Builder b) {
        this.every = Map.copyOf(b.every);
        this.denseIterations = b.denseIterations;
        this.lossJumpFactor = b.lossJumpFactor;
        this.jumpWindow = b.jumpWindow;
        this.onAnomaly = b.onAnomaly;
        this.dtype = b.dtype;
        this.maxTensorBytes = b.maxTensorBytes;
        this.batchSize = b.batchSize;
        this.recordBatchInputs = b.recordBatchInputs;
        this.name = b.name;
        this.modelType = b.modelType;
        this.attributes = Map.copyOf(b.attributes);
        this.metrics = List.copyOf(b.metrics);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: metrics every iteration, tensors every 10, 5 dense iterations, jump factor 10, throw. */
    public static RecordingConfig defaults() {
        return builder().build();
    }

    /** Interval of a kind; 0 means never. */
    public int every(RecordedKind kind) {
        return every.get(kind);
    }

    public int denseIterations() {
        return denseIterations;
    }

    /** Jump factor (&gt; 1), or 0 when only non-finite scores count as anomalies. */
    public double lossJumpFactor() {
        return lossJumpFactor;
    }

    public int jumpWindow() {
        return jumpWindow;
    }

    public OnAnomaly onAnomaly() {
        return onAnomaly;
    }

    /** Stored element type of series tensors (float32 or float16). */
    public DType dtype() {
        return dtype;
    }

    /** Tensors whose record is larger are skipped with a warning. */
    public long maxTensorBytes() {
        return maxTensorBytes;
    }

    /** Batch-index row length; 0 means: the first batch's size. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Whether the inputs (and class labels) of the training batch are recorded (trace format §4.8)
     * at the iterations whose weights are recorded, so credit can be computed on the batch.
     */
    public boolean recordBatchInputs() {
        return recordBatchInputs;
    }

    /** Run name for the manifest; null means the directory name. */
    public String name() {
        return name;
    }

    /** Model type id; null means derived from the network ("cnn", "mlp", "vae"). */
    public String modelType() {
        return modelType;
    }

    /** Extra manifest attributes (hyper-parameters, data set, seed). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Extra metric names to declare (beside "loss"), e.g. for {@link TraceRecordingListener#addEvaluatedMetric}. */
    public List<String> metrics() {
        return metrics;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.every.putAll(every);
        b.denseIterations = denseIterations;
        b.lossJumpFactor = lossJumpFactor;
        b.jumpWindow = jumpWindow;
        b.onAnomaly = onAnomaly;
        b.dtype = dtype;
        b.maxTensorBytes = maxTensorBytes;
        b.batchSize = batchSize;
        b.recordBatchInputs = recordBatchInputs;
        b.name = name;
        b.modelType = modelType;
        b.attributes.putAll(attributes);
        b.metrics.addAll(metrics);
        return b;
    }

    /** Builds a {@link RecordingConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private final Map<RecordedKind, Integer> every = new EnumMap<>(RecordedKind.class);
        private int denseIterations = 5;
        private double lossJumpFactor = 10;
        private int jumpWindow = 20;
        private OnAnomaly onAnomaly = OnAnomaly.THROW;
        private DType dtype = DType.FLOAT32;
        private long maxTensorBytes = 64L << 20;
        private int batchSize;
        private boolean recordBatchInputs = true;
        private String name;
        private String modelType;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final java.util.ArrayList<String> metrics = new java.util.ArrayList<>();

        private Builder() {
            for (RecordedKind k : RecordedKind.values()) {
                every.put(k, k == RecordedKind.METRICS ? 1 : 10);
            }
        }

        /** Records {@code kind} every {@code n} iterations; 0 turns it off. */
        public Builder every(RecordedKind kind, int n) {
            if (n < 0) {
                throw new IllegalArgumentException(kind.jsonName() + " interval must be >= 0, got " + n);
            }
            every.put(kind, n);
            return this;
        }

        /** Sets the interval of every tensor kind (weights, gradients, updates, activations). */
        public Builder tensorsEvery(int n) {
            for (RecordedKind k : RecordedKind.values()) {
                if (k != RecordedKind.METRICS) {
                    every(k, n);
                }
            }
            return this;
        }

        public Builder denseIterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("denseIterations must be >= 1, got " + n);
            }
            denseIterations = n;
            return this;
        }

        /** A score above factor x the recent mean is an anomaly; 0 disables jump detection. */
        public Builder lossJumpFactor(double factor) {
            if (factor != 0 && !(factor > 1)) {
                throw new IllegalArgumentException("lossJumpFactor must be > 1, or 0 to disable, got " + factor);
            }
            lossJumpFactor = factor;
            return this;
        }

        public Builder jumpWindow(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("jumpWindow must be >= 1, got " + n);
            }
            jumpWindow = n;
            return this;
        }

        public Builder onAnomaly(OnAnomaly action) {
            onAnomaly = java.util.Objects.requireNonNull(action);
            return this;
        }

        public Builder dtype(DType type) {
            if (type == null || !type.isFloat()) {
                throw new IllegalArgumentException("dtype must be float32 or float16, got " + type);
            }
            dtype = type;
            return this;
        }

        public Builder maxTensorBytes(long bytes) {
            if (bytes <= 0 || bytes > 1L << 30) {
                throw new IllegalArgumentException("maxTensorBytes must be in (0, 1 GiB] (trace-format.md §4.2), got " + bytes);
            }
            maxTensorBytes = bytes;
            return this;
        }

        public Builder batchSize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("batchSize must be >= 0, got " + n);
            }
            batchSize = n;
            return this;
        }

        /** Records the training batch's inputs where weights are recorded (default true; §4.8 of the trace format). */
        public Builder recordBatchInputs(boolean record) {
            recordBatchInputs = record;
            return this;
        }

        public Builder name(String runName) {
            name = runName;
            return this;
        }

        public Builder modelType(String type) {
            modelType = type;
            return this;
        }

        /** A manifest attribute: String, Number, Boolean, List or Map of those. */
        public Builder attribute(String key, Object value) {
            attributes.put(key, value);
            return this;
        }

        public Builder metric(String metricName) {
            if (!metrics.contains(metricName) && !"loss".equals(metricName)) {
                metrics.add(metricName);
            }
            return this;
        }

        public RecordingConfig build() {
            return new RecordingConfig(this);
        }
    }
}
