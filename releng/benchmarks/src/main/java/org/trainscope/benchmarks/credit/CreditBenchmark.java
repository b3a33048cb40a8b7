package org.trainscope.benchmarks.credit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.RuleComposite;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.compute.Nd4jRuntime;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;

/**
 * Forward credit (LRP from one neuron to the input pixels, whole batch) against one forward plus
 * one backward pass of the same network, measured alternately in the same JVM. See
 * releng/benchmarks/README-credit.md. Arguments: [warm-up rounds] [measured rounds] [batch].
 */
public final class CreditBenchmark {

    /** A chain network with seeded parameters. */
    private static final class Net {
        final NetworkGraph.Builder graph = NetworkGraph.builder();
        final Map<String, Map<String, FloatTensor>> params = new HashMap<>();
        final Random random = new Random(42);
        String last = "x";
        long parameterCount;

        Net() {
            graph.add(new Node("x", "x", NodeKind.OPERATOR, "input", "", Map.of()));
        }

        Net op(String id, String type, Map<String, String> attrs) {
            graph.add(new Node(id, id, NodeKind.OPERATOR, type, "", attrs));
            graph.connect(last, id);
            last = id;
            return this;
        }

        Net conv(String id, int in, int out) {
            op(id, "conv2d", Map.of("stride", "1", "padding", "1"));
            put(id, "W", gaussian(Math.sqrt(2.0 / (in * 9)), out, in, 3, 3));
            put(id, "b", gaussian(0.01, out));
            return op(id + ".relu", "relu", Map.of()).op(id + ".pool", "maxpool", Map.of("kernel_size", "2"));
        }

        Net dense(String id, int in, int out, boolean relu) {
            op(id, "dense", Map.of());
            put(id, "W", gaussian(Math.sqrt(2.0 / in), in, out));
            put(id, "b", gaussian(0.01, out));
            return relu ? op(id + ".relu", "relu", Map.of()) : this;
        }

        void put(String node, String name, FloatTensor t) {
            params.computeIfAbsent(node, k -> new HashMap<>()).put(name, t);
            parameterCount += t.size();
        }

        FloatTensor gaussian(double scale, int... shape) {
            FloatTensor t = FloatTensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = (float) (random.nextGaussian() * scale);
            }
            return t;
        }
    }

    private record Timing(double creditMs, double baselineMs) {
        double ratio() {
            return creditMs / baselineMs;
        }
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        System.out.printf(Locale.ROOT, "java %s, %d cores, ND4J %s (%s), batch %d, %d warm-up + %d measured rounds%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Nd4jRuntime.version(),
                Nd4jRuntime.backendName(), batch, warmup, rounds);
        Net demo = new Net().conv("conv1", 1, 16).conv("conv2", 16, 32).op("flat", "flatten", Map.of())
                .dense("dense1", 32 * 7 * 7, 64, true).dense("out", 64, 10, false);
        Net large = new Net().conv("conv1", 1, 32).conv("conv2", 32, 64).op("flat", "flatten", Map.of())
                .dense("dense1", 64 * 7 * 7, 320, true).dense("out", 320, 10, false);
        Map<String, RuleComposite> composites = new LinkedHashMap<>();
        composites.put("epsilonGammaBox (default)", Composites.recommended(0, 1));
        composites.put("epsilonAlpha2Beta1", Composites.byName("epsilonAlpha2Beta1", 1e-6, 0.25, 0, 1));
        composites.put("lrp0", Composites.uniform(Rules.lrp0()));
        for (Net net : new Net[] { demo, large }) {
            String name = net == demo ? "demo CNN conv16-conv32-dense64-dense10" : "large CNN conv32-conv64-dense320-dense10";
            System.out.printf(Locale.ROOT, "%n%s, %,d parameters, target neuron dense1[7]%n", name, net.parameterCount);
            for (Map.Entry<String, RuleComposite> c : composites.entrySet()) {
                Timing t = measure(net, c.getValue(), batch, warmup, rounds);
                System.out.printf(Locale.ROOT, "  %-26s forward credit %8.1f ms   forward+backward %8.1f ms   ratio %.2f%n",
                        c.getKey(), t.creditMs(), t.baselineMs(), t.ratio());
            }
        }
    }

    private static Timing measure(Net net, RuleComposite composite, int batch, int warmup, int rounds) {
        NetworkGraph graph = net.graph.build();
        ParameterSource params = ParameterSource.of(net.params);
        FloatTensor x = FloatTensor.zeros(batch, 1, 28, 28);
        Random r = new Random(7);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = r.nextFloat();
        }
        Map<String, FloatTensor> inputs = Map.of("x", x);
        CreditEngine engine = new CreditEngine();
        CreditRequest request = CreditRequest.forward(graph, params, inputs, new NeuronRef("dense1", 7), composite);
        double[] credit = new double[rounds];
        double[] baseline = new double[rounds];
        for (int round = -warmup; round < rounds; round++) {
            long t0 = System.nanoTime();
            engine.forwardCredit(request, null);
            long t1 = System.nanoTime();
            ForwardTrace trace = engine.forward(graph, params, inputs, null);
            engine.gradients(trace, GradientSeed.loss("out"), null);
            long t2 = System.nanoTime();
            if (round >= 0) {
                credit[round] = (t1 - t0) / 1e6;
                baseline[round] = (t2 - t1) / 1e6;
            }
        }
        return new Timing(median(credit), median(baseline));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
