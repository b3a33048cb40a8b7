package org.trainscope.algorithms.credit.tests;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;

/** Builds small networks with seeded random parameters for the tests. */
final class Nets {
    final NetworkGraph.Builder graph = NetworkGraph.builder();
    final Map<String, Map<String, FloatTensor>> params = new LinkedHashMap<>();
    private final Random random;
    private String last;

    Nets(long seed) {
        random = new Random(seed);
    }

    static FloatTensor random(Random r, double scale, int... shape) {
        FloatTensor t = FloatTensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    static FloatTensor uniform(Random r, int... shape) {
        FloatTensor t = FloatTensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return t;
    }

    Random random() {
        return random;
    }

    Nets input(String id) {
        graph.add(new Node(id, id, NodeKind.OPERATOR, "input", "", Map.of()));
        last = id;
        return this;
    }

    /** Adds a node after the previous one. */
    Nets op(String id, String type, Map<String, String> attributes) {
        graph.add(new Node(id, id, NodeKind.OPERATOR, type, "", attributes));
        graph.connect(last, id);
        last = id;
        return this;
    }

    Nets op(String id, String type) {
        return op(id, type, Map.of());
    }

    /** Dense layer with W [in, out] and, when {@code bias}, a random bias. */
    Nets dense(String id, int in, int out, boolean bias) {
        op(id, "dense");
        Map<String, FloatTensor> p = new HashMap<>();
        p.put("W", random(random, 1.0 / Math.sqrt(in), in, out));
        if (bias) {
            p.put("b", random(random, 0.1, out));
        }
        params.put(id, p);
        return this;
    }

    Nets conv(String id, int in, int out, int k, int stride, int pad, boolean bias) {
        op(id, "conv2d", Map.of("stride", String.valueOf(stride), "padding", "[" + pad + ", " + pad + "]"));
        Map<String, FloatTensor> p = new HashMap<>();
        p.put("W", random(random, 1.0 / Math.sqrt(in * k * k), out, in, k, k));
        if (bias) {
            p.put("b", random(random, 0.1, out));
        }
        params.put(id, p);
        return this;
    }

    String last() {
        return last;
    }

    NetworkGraph build() {
        return graph.build();
    }

    ParameterSource parameters() {
        return ParameterSource.of(params);
    }
}
