package org.trainscope.algorithms.credit.internal.operators;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Concatenation along {@code axis} (default 1, the channel or feature axis; the batch is axis
 * 0; negative counts from the end). Gradient, relevance and tangent are split or joined at the
 * same boundaries: concatenation moves values, it mixes none.
 */
public final class ConcatOperator implements IOperator, IForwardDerivative {

    private static int axis(OperatorContext context, FloatTensor first) {
        int axis = (int) NodeAttributes.number(context.node(), 1, "axis", "dim");
        return axis < 0 ? first.rank() + axis : axis;
    }

    /** Values before the axis (outer) and per slice along the axis and after it (inner). */
    private static int outer(FloatTensor t, int axis) {
        int o = 1;
        for (int d = 0; d < axis; d++) {
            o *= t.dim(d);
        }
        return o;
    }

    private static int block(FloatTensor t, int axis) {
        int b = 1;
        for (int d = axis; d < t.rank(); d++) {
            b *= t.dim(d);
        }
        return b;
    }

    private static FloatTensor join(List<FloatTensor> parts, List<FloatTensor> shapes, int axis) {
        FloatTensor first = shapes.get(0);
        int[] shape = first.shape();
        shape[axis] = 0;
        for (FloatTensor t : shapes) {
            shape[axis] += t.dim(axis);
        }
        int outer = outer(first, axis);
        int total = 0;
        for (FloatTensor t : shapes) {
            total += block(t, axis);
        }
        float[] out = new float[outer * total];
        int offset = 0;
        for (int k = 0; k < shapes.size(); k++) {
            int b = block(shapes.get(k), axis);
            FloatTensor part = parts.get(k);
            if (part != null) {
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(part.data(), o * b, out, o * total + offset, b);
                }
            }
            offset += b;
        }
        return new FloatTensor(shape, out);
    }

    private static List<FloatTensor> split(FloatTensor whole, List<FloatTensor> inputs, int axis) {
        int outer = outer(inputs.get(0), axis);
        int total = whole.size() / Math.max(outer, 1);
        List<FloatTensor> out = new ArrayList<>();
        int offset = 0;
        for (FloatTensor x : inputs) {
            int b = block(x, axis);
            float[] part = new float[x.size()];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(whole.data(), o * total + offset, part, o * b, b);
            }
            out.add(new FloatTensor(x.shape(), part));
            offset += b;
        }
        return out;
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        return join(inputs, inputs, axis(context, inputs.get(0)));
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return split(outputGradient, inputs, axis(context, inputs.get(0)));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return backward(context, inputs, output, outputRelevance);
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        return join(inputTangents, inputs, axis(context, inputs.get(0)));
    }
}
