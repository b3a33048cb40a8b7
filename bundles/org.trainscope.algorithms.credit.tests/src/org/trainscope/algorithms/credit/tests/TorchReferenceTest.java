package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;

/**
 * conv2d, pooling and batch norm against PyTorch, forward and backward, on fixed data generated
 * by scripts/make_torch_fixtures.py (committed, so no torch is needed here).
 */
class TorchReferenceTest {

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() throws IOException {
        Path file = Path.of("fixtures", "torch_reference.json");
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(file));
        return ((List<Object>) root.get("cases")).stream().map(c -> Arguments.of(((Map<String, Object>) c).get("name"), c));
    }

    @SuppressWarnings("unchecked")
    static FloatTensor tensor(Object json) {
        Map<String, Object> m = (Map<String, Object>) json;
        int[] shape = ((List<Object>) m.get("shape")).stream().mapToInt(o -> ((Double) o).intValue()).toArray();
        List<Object> data = (List<Object>) m.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Double) data.get(i)).floatValue();
        }
        return new FloatTensor(shape, d);
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorch(String name, Map<String, Object> c) {
        Map<String, FloatTensor> params = new HashMap<>();
        ((Map<String, Object>) c.get("params")).forEach((k, v) -> params.put(k, tensor(v)));
        Map<String, String> attrs = new HashMap<>();
        ((Map<String, Object>) c.get("attributes")).forEach((k, v) -> attrs.put(k, String.valueOf(v)));
        String type = (String) c.get("type");
        IOperator op = Ops.op(type);
        OperatorContext ctx = Ops.context(type, attrs, params);
        FloatTensor x = tensor(c.get("x"));
        FloatTensor y = op.forward(ctx, List.of(x));
        FloatTensor expectedY = tensor(c.get("y"));
        assertArrayEquals(expectedY.shape(), y.shape());
        assertArrayEquals(expectedY.data(), y.data(), 1e-5f, name + " forward");
        FloatTensor dx = op.backward(ctx, List.of(x), y, tensor(c.get("g"))).get(0);
        FloatTensor expectedDx = tensor(c.get("dx"));
        assertArrayEquals(expectedDx.shape(), dx.shape());
        for (int i = 0; i < dx.size(); i++) {
            assertEquals(expectedDx.data()[i], dx.data()[i], 1e-5, name + " backward " + i);
        }
    }
}
