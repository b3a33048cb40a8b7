package org.trainscope.core.algorithms;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.registry.LazyContribution;

/**
 * One algorithm contributed to {@code org.trainscope.core.algorithms}: its kind (sampler,
 * creditMethod, clusterer, biclusterer, reorderer, ...), declared parameters and lazily created
 * class.
 */
public final class AlgorithmDescriptor {
    private final String kind;
    private final String id;
    private final String name;
    private final String description;
    private final int version;
    private final List<ParameterDescriptor> parameters;
    private final LazyContribution<IAlgorithm<?, ?>> algorithm;

    AlgorithmDescriptor(String kind, String id, String name, String description, int version,
            List<ParameterDescriptor> parameters, LazyContribution<IAlgorithm<?, ?>> algorithm) {
        this.kind = kind;
        this.id = id;
        this.name = name;
        this.description = description;
        this.version = version;
        this.parameters = List.copyOf(parameters);
        this.algorithm = algorithm;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Bumped by the contributor when results change; invalidates cached results. */
    public int version() {
        return version;
    }

    public List<ParameterDescriptor> parameters() {
        return parameters;
    }

    public AlgorithmParameters parameters(Map<String, ?> given) {
        return AlgorithmParameters.of(parameters, given);
    }

    /** The implementation if it can be created and takes {@code input} and gives {@code result}. */
    @SuppressWarnings("unchecked")
    public <I, R> Optional<IAlgorithm<I, R>> create(Class<I> input, Class<R> result) {
        return algorithm.get().filter(a -> a.inputType().isAssignableFrom(input)
                && result.isAssignableFrom(a.resultType())).map(a -> (IAlgorithm<I, R>) a);
    }

    /**
     * Calls {@code method} with the implementation through the contribution's safe call, for what a
     * kind defines beyond {@link IAlgorithm#execute} (a sampler that takes its polylines from a shared
     * pass), and for calls into objects the implementation handed out: a throwing implementation is
     * reported and gives an empty result, as does one that cannot be created; cancellation passes
     * through.
     */
    public <R> Optional<R> call(java.util.function.Function<IAlgorithm<?, ?>, R> method) {
        return algorithm.call(method);
    }

    /**
     * Runs the algorithm through the contribution's safe call: a throwing implementation is
     * reported and gives an empty result; cancellation passes through.
     */
    @SuppressWarnings("unchecked")
    public <I, R> Optional<R> execute(I input, Class<R> result, AlgorithmParameters params, IProgressMonitor monitor) {
        return algorithm.call(a -> {
            if (!a.inputType().isInstance(input) || !result.isAssignableFrom(a.resultType())) {
                throw new IllegalArgumentException("algorithm " + id + " takes " + a.inputType().getName()
                        + " and gives " + a.resultType().getName());
            }
            return ((IAlgorithm<I, R>) a).execute(input, params, monitor);
        });
    }
}
