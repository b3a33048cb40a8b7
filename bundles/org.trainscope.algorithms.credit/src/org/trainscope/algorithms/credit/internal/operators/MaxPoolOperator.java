package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Max pooling over NCHW (attributes {@code kernel_size}, {@code stride}, {@code padding}; padded
 * positions never win). The winner of a window is its first maximum in row-major order, and a
 * NaN wins over any number (as in PyTorch), so NaN inputs propagate. Gradient, tangent and
 * relevance all go to the winner only: winner-take-all relevance for every rule.
 */
public final class MaxPoolOperator implements IOperator, IForwardDerivative {

    /** Output values and, per output, the flat input index of its winner (-1: empty window). */
    private record Pooled(FloatTensor values, int[] winners) {
    }

    private static Pooled pool(ConvGeometry g, FloatTensor x) {
        int n = x.dim(0);
        int planes = n * g.channels();
        int oh = g.outH();
        int ow = g.outW();
        float[] xd = x.data();
        float[] out = new float[planes * oh * ow];
        int[] winners = new int[out.length];
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * g.height() * g.width();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int winner = -1;
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.height()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix < 0 || ix >= g.width()) {
                                continue;
                            }
                            int at = base + iy * g.width() + ix;
                            float v = xd[at];
                            if (winner < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                best = v;
                                winner = at;
                            }
                        }
                    }
                    out[o] = best;
                    winners[o] = winner;
                }
            }
        }
        return new Pooled(new FloatTensor(new int[] { n, g.channels(), oh, ow }, out), winners);
    }

    /** Sends each output value to its winner, summing where windows overlap. */
    private static FloatTensor route(FloatTensor x, int[] winners, FloatTensor perOutput) {
        float[] in = new float[x.size()];
        float[] v = perOutput.data();
        for (int o = 0; o < winners.length; o++) {
            if (winners[o] >= 0) {
                in[winners[o]] += v[o];
            }
        }
        return new FloatTensor(x.shape(), in);
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.rank4(context, inputs);
        return pool(PoolingWindow.of(context, x), x).values();
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        FloatTensor x = Inputs.rank4(context, inputs);
        return List.of(route(x, pool(PoolingWindow.of(context, x), x).winners(), outputGradient));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return backward(context, inputs, output, outputRelevance);
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor x = Inputs.rank4(context, inputs);
        FloatTensor t = inputTangents.get(0);
        float[] out = new float[output.size()];
        if (t != null) {
            int[] winners = pool(PoolingWindow.of(context, x), x).winners();
            float[] td = t.data();
            for (int o = 0; o < out.length; o++) {
                out[o] = winners[o] >= 0 ? td[winners[o]] : 0f;
            }
        }
        return new FloatTensor(output.shape(), out);
    }
}
