package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * A non-linearity applied neuron by neuron. It mixes no neurons, so relevance passes through
 * unchanged under every rule (the LRP convention for activations). A NaN input gives a NaN
 * output and a NaN derivative, so non-finite values stay visible in gradients too.
 */
public abstract class ElementwiseOperator implements IOperator, IForwardDerivative {

    /** The scalar function with its attributes read once per call, not once per element. */
    interface Function {
        float apply(float x);

        /** dy/dx at x; y = apply(x) is given because sigmoid and tanh are cheaper from it. */
        float derivative(float x, float y);
    }

    abstract Function function(OperatorContext context);

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.single(context, inputs);
        Function f = function(context);
        float[] xd = x.data();
        float[] out = new float[xd.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.apply(xd[i]);
        }
        return new FloatTensor(x.shape(), out);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return List.of(chain(context, Inputs.single(context, inputs), output, outputGradient));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return List.of(outputRelevance);
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        return t == null ? FloatTensor.zeros(output.shape()) : chain(context, Inputs.single(context, inputs), output, t);
    }

    /** f'(x) * v element-wise: both the backward and the forward derivative of a diagonal Jacobian. */
    private FloatTensor chain(OperatorContext context, FloatTensor x, FloatTensor y, FloatTensor v) {
        Function f = function(context);
        float[] xd = x.data();
        float[] yd = y.data();
        float[] vd = v.data();
        float[] out = new float[xd.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.derivative(xd[i], yd[i]) * vd[i];
        }
        return new FloatTensor(x.shape(), out);
    }

    /** x for x > 0, slope * x otherwise; derivative at 0 is the slope (PyTorch's choice). */
    static Function leaky(float slope) {
        return new Function() {
            @Override
            public float apply(float x) {
                return x > 0 || Float.isNaN(x) ? x : slope * x;
            }

            @Override
            public float derivative(float x, float y) {
                return x > 0 ? 1f : x <= 0 ? slope : Float.NaN;
            }
        };
    }

    /** max(x, 0). */
    public static final class Relu extends ElementwiseOperator {
        private static final Function RELU = leaky(0f);

        @Override
        Function function(OperatorContext context) {
            return RELU;
        }
    }

    /** Slope from {@code negative_slope} (or {@code alpha}), default 0.01. */
    public static final class LeakyRelu extends ElementwiseOperator {
        @Override
        Function function(OperatorContext context) {
            return leaky((float) NodeAttributes.number(context.node(), 0.01, "negative_slope", "alpha", "slope"));
        }
    }

    public static final class Sigmoid extends ElementwiseOperator {
        private static final Function SIGMOID = new Function() {
            @Override
            public float apply(float x) {
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            }

            @Override
            public float derivative(float x, float y) {
                return Float.isNaN(x) ? Float.NaN : y * (1f - y);
            }
        };

        @Override
        Function function(OperatorContext context) {
            return SIGMOID;
        }
    }

    public static final class Tanh extends ElementwiseOperator {
        private static final Function TANH = new Function() {
            @Override
            public float apply(float x) {
                return (float) Math.tanh(x);
            }

            @Override
            public float derivative(float x, float y) {
                return Float.isNaN(x) ? Float.NaN : 1f - y * y;
            }
        };

        @Override
        Function function(OperatorContext context) {
            return TANH;
        }
    }

    /**
     * log(1 + exp(beta x)) / beta, linear above {@code threshold} (PyTorch's defaults beta = 1,
     * threshold = 20), so large inputs do not overflow.
     */
    public static final class Softplus extends ElementwiseOperator {
        @Override
        Function function(OperatorContext context) {
            double beta = NodeAttributes.number(context.node(), 1, "beta");
            double threshold = NodeAttributes.number(context.node(), 20, "threshold");
            return new Function() {
                @Override
                public float apply(float x) {
                    double bx = beta * x;
                    return bx > threshold ? x : (float) (Math.log1p(Math.exp(bx)) / beta);
                }

                @Override
                public float derivative(float x, float y) {
                    double bx = beta * x;
                    return bx > threshold ? 1f : (float) (1.0 / (1.0 + Math.exp(-bx)));
                }
            };
        }
    }

    /** A function of x alone, with its derivative; NaN stays NaN in both. */
    private static Function of(java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator df) {
        return new Function() {
            @Override
            public float apply(float x) {
                return (float) f.applyAsDouble(x);
            }

            @Override
            public float derivative(float x, float y) {
                return Float.isNaN(x) ? Float.NaN : (float) df.applyAsDouble(x);
            }
        };
    }

    /** x for x > 0, alpha (exp(x) - 1) otherwise; {@code alpha} default 1. */
    public static final class Elu extends ElementwiseOperator {
        @Override
        Function function(OperatorContext context) {
            double alpha = NodeAttributes.number(context.node(), 1, "alpha");
            return of(x -> x > 0 ? x : alpha * Math.expm1(x), x -> x > 0 ? 1 : alpha * Math.exp(x));
        }
    }

    /** scale * elu(x, alpha) with the self-normalising constants (PyTorch and DL4J agree). */
    public static final class Selu extends ElementwiseOperator {
        private static final double ALPHA = 1.6732632423543772;
        private static final double SCALE = 1.0507009873554805;
        private static final Function SELU = of(x -> SCALE * (x > 0 ? x : ALPHA * Math.expm1(x)),
                x -> SCALE * (x > 0 ? 1 : ALPHA * Math.exp(x)));

        @Override
        Function function(OperatorContext context) {
            return SELU;
        }
    }

    /** Clamp to [min_val, max_val] (default [-1, 1]); "relu6" is the clamp to [0, 6]. Derivative 1 inside, 0 outside. */
    public static final class HardTanh extends ElementwiseOperator {
        @Override
        Function function(OperatorContext context) {
            boolean six = context.node().operatorType().equals("relu6");
            double lo = six ? 0 : NodeAttributes.number(context.node(), -1, "min_val", "min");
            double hi = six ? 6 : NodeAttributes.number(context.node(), 1, "max_val", "max");
            return of(x -> Math.min(Math.max(x, lo), hi), x -> x > lo && x < hi ? 1 : 0);
        }
    }

    /** x / (1 + |x|). */
    public static final class Softsign extends ElementwiseOperator {
        private static final Function SOFTSIGN = of(x -> x / (1 + Math.abs(x)), x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))));

        @Override
        Function function(OperatorContext context) {
            return SOFTSIGN;
        }
    }

    /** x sigmoid(x) ("swish" in DL4J, "silu" in PyTorch). */
    public static final class Swish extends ElementwiseOperator {
        private static final Function SWISH = of(x -> x / (1 + Math.exp(-x)), x -> {
            double s = 1 / (1 + Math.exp(-x));
            return s + x * s * (1 - s);
        });

        @Override
        Function function(OperatorContext context) {
            return SWISH;
        }
    }

    /** x^3 (DL4J's "cube"). */
    public static final class Cube extends ElementwiseOperator {
        private static final Function CUBE = of(x -> x * x * x, x -> 3 * x * x);

        @Override
        Function function(OperatorContext context) {
            return CUBE;
        }
    }
}
