package org.trainscope.recorders.dl4j;

import java.util.List;

import org.trainscope.trace.TraceTensorKind;

/**
 * One series tensor the listener writes: its trace id and node, what it records, which schedule
 * it follows and where the values come from ({@code source}: a DL4J parameter key, or the graph
 * node whose probe activation it is).
 */
record TensorPlan(String id, String node, TraceTensorKind kind, RecordedKind schedule, String source, List<Integer> shape) {
    TensorPlan {
        shape = List.copyOf(shape);
    }

    int length() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return (int) n;
    }
}
