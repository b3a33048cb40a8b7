package org.trainscope.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link Run} assembled from parts, for adapters whose data fits in memory and for tests. */
public class BasicRun implements Run {
    private final String name;
    private final Path location;
    private final String modelTypeId;
    private final NetworkGraph graph;
    private final List<TensorSeries> tensors;
    private final List<MetricSeries> metrics;
    private final List<String> warnings;
    private final TensorSeries probeInputs;
    private final int[] probeLabels;

    protected BasicRun(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.location = Objects.requireNonNull(b.location, "location");
        this.modelTypeId = b.modelTypeId;
        this.graph = b.graph;
        this.tensors = List.copyOf(b.tensors);
        this.metrics = List.copyOf(b.metrics);
        this.warnings = List.copyOf(b.warnings);
        this.probeInputs = b.probeInputs;
        this.probeLabels = b.probeLabels.clone();
    }

    public static Builder builder(String name, Path location) {
        return new Builder(name, location);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path location() {
        return location;
    }

    @Override
    public String modelTypeId() {
        return modelTypeId;
    }

    @Override
    public NetworkGraph graph() {
        return graph;
    }

    @Override
    public List<TensorSeries> tensors() {
        return tensors;
    }

    @Override
    public List<MetricSeries> metrics() {
        return metrics;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public Optional<TensorSeries> probeInputs() {
        return Optional.ofNullable(probeInputs);
    }

    @Override
    public int[] probeLabels() {
        return probeLabels.clone();
    }

    @Override
    public String toString() {
        return "Run[" + name + " at " + location + "]";
    }

    /** Collects the parts of a {@link BasicRun}. */
    public static final class Builder {
        private final String name;
        private final Path location;
        private String modelTypeId = "";
        private NetworkGraph graph = NetworkGraph.empty();
        private final List<TensorSeries> tensors = new ArrayList<>();
        private final List<MetricSeries> metrics = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private TensorSeries probeInputs;
        private int[] probeLabels = new int[0];

        private Builder(String name, Path location) {
            this.name = name;
            this.location = location;
        }

        public Builder modelType(String id) {
            this.modelTypeId = Objects.requireNonNull(id);
            return this;
        }

        public Builder graph(NetworkGraph g) {
            this.graph = Objects.requireNonNull(g);
            return this;
        }

        public Builder tensor(TensorSeries t) {
            if (tensors.stream().anyMatch(existing -> existing.id().equals(t.id()))) {
                throw new IllegalArgumentException("duplicate tensor id '" + t.id() + "'");
            }
            tensors.add(t);
            return this;
        }

        public Builder metric(MetricSeries m) {
            metrics.add(m);
            return this;
        }

        public Builder warning(String w) {
            warnings.add(w);
            return this;
        }

        public Builder probe(TensorSeries inputs, int[] labels) {
            this.probeInputs = inputs;
            this.probeLabels = labels.clone();
            return this;
        }

        public BasicRun build() {
            return new BasicRun(this);
        }
    }
}
