package org.trainscope.core.model;

import java.util.List;

/** Thrown when edges would make a {@link NetworkGraph} cyclic; names the nodes on one cycle. */
public final class GraphCycleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> cycle;

    public GraphCycleException(List<String> cycle) {
        super("the network graph has a cycle: " + String.join(" -> ", cycle)
                + " (a network graph must be a DAG; unroll recurrent connections over time)");
        this.cycle = List.copyOf(cycle);
    }

    /** Node ids along the cycle; the first id is repeated at the end. */
    public List<String> cycle() {
        return cycle;
    }
}
