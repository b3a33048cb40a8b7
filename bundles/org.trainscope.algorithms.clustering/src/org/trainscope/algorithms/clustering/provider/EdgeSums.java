package org.trainscope.algorithms.clustering.provider;

import java.util.Arrays;

import org.trainscope.core.model.Node;

/**
 * The weights of one group's mixing operator summed per pair of (previous group's neuron, this
 * group's neuron): a convolution's kernel [out, in, kh, kw] per channel pair, a dense layer's
 * matrix per unit pair, with a dense layer after a flattened convolution mapping each input to its
 * channel (C order: a channel's positions are contiguous). Also the gradient and the change since
 * the previous weight record over the same connections, so every encoding aggregates the same edges.
 * Non-finite values are summed as they are: a pair that holds one is non-finite, which the
 * biclusterer sets apart.
 */
final class EdgeSums {
    final int in;
    final int out;
    final double[] weight;
    final double[] absWeight;
    final double[] gradient;
    final double[] absChange;
    final double[] absPrevious;
    final long[] count;

    private EdgeSums(int in, int out) {
        this.in = in;
        this.out = out;
        weight = new double[in * out];
        absWeight = new double[in * out];
        gradient = new double[in * out];
        absChange = new double[in * out];
        absPrevious = new double[in * out];
        count = new long[in * out];
    }

    /**
     * How a weight tensor's axes map to input and output neurons.
     *
     * @param inAxis the axis of the inputs (0 or 1)
     * @param inToNeuron input index → previous group's neuron
     * @param outToNeuron output index → this group's neuron
     * @param kernel values per (out, in) pair (a kernel's positions; 1 for a dense matrix)
     */
    record Mapping(int inAxis, int[] inToNeuron, int[] outToNeuron, int kernel) {
    }

    /**
     * The mapping of {@code shape} between {@code from} (previous group) and {@code to}, or an
     * explanation of why the shapes do not fit (thrown as IllegalArgumentException).
     */
    static Mapping mapping(int[] shape, Node operator, LayerGroups.Spec from, LayerGroups.Spec to) {
        int kernel = 1;
        for (int i = 2; i < shape.length; i++) {
            kernel *= shape[i];
        }
        int inAxis;
        if (shape.length > 2) {
            inAxis = operator.operatorType().equals("conv_transpose2d") ? 0 : 1;
        } else {
            String layout = operator.attributes().getOrDefault("weightLayout", "");
            int outN = to.neuronCount();
            if (layout.equalsIgnoreCase("outIn")) {
                inAxis = 1;
            } else if (layout.equalsIgnoreCase("inOut")) {
                inAxis = 0;
            } else if (shape[0] == outN && shape[1] != outN) {
                inAxis = 1;
            } else {
                inAxis = 0; // DL4J's [in, out]; PyTorch's recorder says "outIn"
            }
        }
        int inDim = shape[inAxis];
        int outDim = shape[1 - inAxis];
        return new Mapping(inAxis, neurons(inDim, from, "inputs"), neurons(outDim, to, "outputs"), kernel);
    }

    private static int[] neurons(int dim, LayerGroups.Spec group, String what) {
        int n = group.neuronCount();
        int units = group.layout().unitCount();
        int perNeuron;
        if (dim == n) {
            perNeuron = 1;
        } else if (dim == units) {
            perNeuron = group.unitsPerNeuron();
        } else if (n > 0 && dim % n == 0) {
            perNeuron = dim / n;
        } else {
            throw new IllegalArgumentException(dim + " weight " + what + " do not match the " + n + " neurons ("
                    + units + " units) of " + group.label());
        }
        int[] map = new int[dim];
        for (int i = 0; i < dim; i++) {
            map[i] = i / perNeuron;
        }
        return map;
    }

    /**
     * Sums the connections.
     *
     * @param w the weights at the record
     * @param g their gradient at the record, or null
     * @param previous the weights at the previous record, or null
     */
    static EdgeSums of(int[] shape, Mapping m, int inNeurons, int outNeurons, float[] w, float[] g, float[] previous) {
        EdgeSums s = new EdgeSums(inNeurons, outNeurons);
        int d0 = shape[0];
        int d1 = shape[1];
        for (int a = 0; a < d0; a++) {
            for (int b = 0; b < d1; b++) {
                int inIndex = m.inAxis() == 0 ? a : b;
                int outIndex = m.inAxis() == 0 ? b : a;
                int cell = m.inToNeuron()[inIndex] * outNeurons + m.outToNeuron()[outIndex];
                int base = (a * d1 + b) * m.kernel();
                for (int q = base; q < base + m.kernel(); q++) {
                    s.weight[cell] += w[q];
                    s.absWeight[cell] += Math.abs(w[q]);
                    if (g != null) {
                        s.gradient[cell] += g[q];
                    }
                    if (previous != null) {
                        s.absChange[cell] += Math.abs(w[q] - previous[q]);
                        s.absPrevious[cell] += Math.abs(previous[q]);
                    }
                }
                s.count[cell] += m.kernel();
            }
        }
        if (g == null) {
            Arrays.fill(s.gradient, Double.NaN);
        }
        if (previous == null) {
            Arrays.fill(s.absChange, Double.NaN);
        }
        return s;
    }
}
