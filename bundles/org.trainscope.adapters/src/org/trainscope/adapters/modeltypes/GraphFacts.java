package org.trainscope.adapters.modeltypes;

import java.util.Locale;
import java.util.Set;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;

/** What the recognizers ask of a graph: operator spellings from traces (dense, conv2d) and ONNX (Gemm, Conv) alike. */
final class GraphFacts {
    private static final Set<String> DENSE = Set.of("dense", "linear", "gemm", "matmul", "fc", "fullyconnected");
    private static final Set<String> SAMPLING = Set.of("randomnormal", "randomnormallike", "randomuniform",
            "randomuniformlike", "reparameterize", "reparameterization", "reparameterisation", "sample", "normal");

    private GraphFacts() {
    }

    static String op(Node n) {
        return n.operatorType().toLowerCase(Locale.ROOT).replace("_", "");
    }

    static boolean hasConvolution(NetworkGraph g) {
        return g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.OPERATOR && op(n).startsWith("conv"));
    }

    static boolean hasDense(NetworkGraph g) {
        return g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.OPERATOR && DENSE.contains(op(n)));
    }

    static boolean hasRandomVariable(NetworkGraph g) {
        return g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.RANDOM_VARIABLE);
    }

    static boolean hasSampling(NetworkGraph g) {
        return g.nodes().stream().anyMatch(n -> SAMPLING.contains(op(n)));
    }

    /** A layer group whose name contains {@code word} (case-insensitive), e.g. "generator" or "netG_generator". */
    static boolean hasGroup(NetworkGraph g, String word) {
        return g.layerGroups().keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).contains(word));
    }
}
