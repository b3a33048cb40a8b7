package org.trainscope.algorithms.credit.tests.realruns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.adapters.onnx.OnnxRunAdapter;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.RelevanceRule;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;

/**
 * Credit on PyTorch-exported ONNX CNNs (recorders/python/tests/make_onnx_models.py: trained a
 * few iterations on Fashion-MNIST, exported with torch.onnx.export) against PyTorch itself: the
 * logits, gradient x input of one logit, and the input relevance of that logit by LRP-0, epsilon
 * and gamma, which the script computes layer by layer in float64 with its own implementation of
 * the rules. The models cover padding (symmetric, asymmetric (1, 2), exported Pad), strides,
 * grouped convolution, batch norm (a BatchNormalization node, and one the exporter folds into the
 * conv), average pooling with and without counting the padding, max pooling, global average
 * pooling, concat, a residual add, MatMul + Add (folded bias), Flatten and Gemm. The run is opened
 * through the adapter and its parameters read through the run, as the Neuron Credit view does.
 * Requires /usr/bin/python3 with torch and Fashion-MNIST: the test fails, never skips, without.
 */
class OnnxCreditTest {
    /** Agreement asked of float32 Java against float64 PyTorch: max |difference| / max |reference|. */
    private static final double TOLERANCE = 1e-4;
    /**
     * For a rule whose result PyTorch itself computes less exactly in float32 (gamma divides by
     * sums that pass near 0 when inputs have both signs, after batch norm or a leaky ReLU), the
     * tolerance is this multiple of PyTorch's own float32 error instead, if larger.
     */
    private static final double FLOAT32_FACTOR = 4;

    @TempDir
    static Path out;

    @BeforeAll
    static void export() throws IOException, InterruptedException {
        Path script = Path.of("../../recorders/python/tests/make_onnx_models.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "script missing (run the tests from the bundle folder): " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the ONNX export did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy, and dataset-fashion-mnist, are required "
                + "(releng/scripts/install-deps.sh installs them):\n" + log);
    }

    private record Model(Run run, String input, String target, int neuron, double epsilon, double gamma) {
    }

    private static Model open(String name) throws IOException {
        Run run = new OnnxRunAdapter().open(out.resolve(name + ".onnx"), new NullProgressMonitor());
        String json = Files.readString(out.resolve(name + ".json"));
        return new Model(run, text(json, "input"), text(json, "target"), (int) number(json, "neuron"),
                number(json, "epsilon"), number(json, "gamma"));
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static ForwardTrace forward(CreditEngine engine, Model m) throws IOException {
        FloatTensor x = Npy.read(out.resolve(nameOf(m) + ".inputs.npy"));
        return engine.forwardTo(m.run().graph(), new RunParameterSource(m.run(), 0), Map.of(m.input(), x), m.target(),
                new NullProgressMonitor());
    }

    private static String nameOf(Model m) {
        String file = m.run().location().getFileName().toString();
        return file.substring(0, file.length() - ".onnx".length());
    }

    /** max |actual - expected| / max |expected|, printed for the record. */
    private static double relativeError(String what, float[] actual, FloatTensor expected) {
        assertEquals(expected.size(), actual.length, what);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected.data()[i]));
            scale = Math.max(scale, Math.abs(expected.data()[i]));
        }
        double rel = diff / scale;
        System.out.printf("%s: max |Java - PyTorch| = %.3g, max |PyTorch| = %.3g, relative %.3g%n", what, diff, scale, rel);
        return rel;
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn-bn-avg", "cnn-branches" })
    void logitsAndGradientTimesInputMatchPyTorch(String name) throws IOException {
        Model m = open(name);
        try (Run run = m.run()) {
            CreditEngine engine = new CreditEngine();
            ForwardTrace trace = forward(engine, m);
            FloatTensor logits = trace.activation(m.target());
            assertTrue(relativeError(name + " logits", logits.data(), Npy.read(out.resolve(name + ".logits.npy")))
                    < TOLERANCE);
            float[] seed = new float[logits.size()];
            for (int s = 0; s < logits.dim(0); s++) {
                seed[s * logits.dim(1) + m.neuron()] = 1f;
            }
            FloatTensor g = engine.gradients(trace, GradientSeed.upstream(m.target(), new FloatTensor(logits.shape(), seed)),
                    new NullProgressMonitor()).get(m.input());
            FloatTensor x = trace.activation(m.input());
            float[] gx = new float[x.size()];
            for (int i = 0; i < gx.length; i++) {
                gx[i] = g.data()[i] * x.data()[i];
            }
            assertTrue(relativeError(name + " gradient x input", gx, Npy.read(out.resolve(name + ".gradxinput.npy")))
                    < TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn-bn-avg/lrp0", "cnn-bn-avg/epsilon", "cnn-bn-avg/gamma", "cnn-branches/lrp0",
            "cnn-branches/epsilon", "cnn-branches/gamma" })
    void inputRelevanceMatchesTheRulesComputedInPyTorch(String modelAndRule) throws IOException {
        String name = modelAndRule.substring(0, modelAndRule.indexOf('/'));
        String ruleName = modelAndRule.substring(name.length() + 1);
        Model m = open(name);
        try (Run run = m.run()) {
            RelevanceRule rule = switch (ruleName) {
                case "lrp0" -> Rules.lrp0();
                case "epsilon" -> Rules.epsilon(m.epsilon());
                default -> Rules.gamma(m.gamma());
            };
            CreditEngine engine = new CreditEngine();
            ForwardTrace trace = forward(engine, m);
            FloatTensor r = engine.relevance(trace, new NeuronRef(m.target(), m.neuron()), Composites.uniform(rule),
                    new NullProgressMonitor()).get(m.input());
            double torchFloat32 = number(Files.readString(out.resolve(name + ".json")), "float32_" + ruleName);
            double tolerance = Math.max(TOLERANCE, FLOAT32_FACTOR * torchFloat32);
            double error = relativeError(modelAndRule, r.data(), Npy.read(out.resolve(name + "." + ruleName + ".npy")));
            System.out.printf("%s: PyTorch's float32 result differs by %.3g; tolerance %.3g%n", modelAndRule,
                    torchFloat32, tolerance);
            assertTrue(error < tolerance, error + " > " + tolerance);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = { "cnn-bn-avg;conv2d relu batchnorm pad avgpool flatten dense",
            "cnn-branches;conv2d leakyrelu concat add relu maxpool avgpool flatten dense identity" })
    void theTranslatedGraphSpeaksTrainScopesVocabulary(String name, String expected) throws IOException {
        try (Run run = open(name).run()) {
            List<Node> operators = run.graph().nodes().stream().filter(n -> n.kind() == NodeKind.OPERATOR
                    && !n.operatorType().equals("input")).toList();
            Set<String> types = operators.stream().map(Node::operatorType).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(List.of(expected.split(" "))), types);
            assertTrue(operators.stream().allMatch(n -> n.attributes().get("sourceOperator").startsWith("ONNX ")
                    && !n.attributes().containsKey("notExplainable")));
            // the graph input declares one sample's shape, so a user's images are resized to it
            assertEquals("[1, 28, 28]", Arrays.toString(RunInputs.sampleShape(run).orElseThrow()));
            if (name.equals("cnn-branches")) {
                // MatMul + Add: the bias is folded into the dense layer, the Add passes the value on
                Node add = operators.stream().filter(n -> n.operatorType().equals("identity")).findFirst().orElseThrow();
                Node matMul = run.graph().node(add.attributes().get("foldedInto")).orElseThrow();
                assertEquals("ONNX MatMul", matMul.attributes().get("sourceOperator"));
                assertEquals(List.of("b.bias", "w.weight"), run.graph().predecessors(matMul.id()).stream()
                        .map(id -> run.graph().node(id).orElseThrow()).filter(n -> n.kind() == NodeKind.PARAMETER)
                        .map(Node::label).sorted().toList());
                // average pooling that does not count its padding
                assertTrue(operators.stream().anyMatch(n -> n.operatorType().equals("avgpool")
                        && "false".equals(n.attributes().get("count_include_pad"))
                        && "[1, 1, 1, 1]".equals(n.attributes().get("padding"))));
            }
        }
    }

    @Test
    void anOperatorWithoutEquivalentIsNamedWithItsReason() throws IOException {
        Model m = open("unsupported");
        try (Run run = m.run()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> forward(new CreditEngine(), m));
            assertTrue(e.getMessage().matches("node \\S+ \\(ONNX (Div|Erf|Mul)\\) cannot be explained: .+"), e.getMessage());
        }
    }

    @Test
    void anAttributeValueWithoutEquivalentIsNamedWithItsReason() throws IOException {
        Model m = open("ceil-mode");
        try (Run run = m.run()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> forward(new CreditEngine(), m));
            assertTrue(e.getMessage().matches("node \\S+ \\(ONNX MaxPool\\) cannot be explained: ceil_mode=1 .*"),
                    e.getMessage());
        }
    }

    /** Reads the little-endian float32 / float64 C-order arrays numpy.save writes. */
    static final class Npy {
        private Npy() {
        }

        static FloatTensor read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = b.getShort(8) & 0xffff;
            String header = new String(b.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
            boolean doubles = header.contains("'<f8'");
            assertTrue(doubles || header.contains("'<f4'"), header);
            assertTrue(header.contains("'fortran_order': False"), header);
            Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
            assertTrue(m.find(), header);
            int[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            float[] values = new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
            b.position(10 + headerLength);
            for (int i = 0; i < values.length; i++) {
                values[i] = doubles ? (float) b.getDouble() : b.getFloat();
            }
            return new FloatTensor(shape, values);
        }
    }
}
