package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.BuiltInOperators;
import org.trainscope.core.algorithms.IAlgorithm;
import org.trainscope.core.operators.IOperator;

/** plugin.xml names classes that exist, with the right types, and the same table as BuiltInOperators. */
class PluginXmlTest {
    private static final Pattern OPERATOR = Pattern.compile("<operator type=\"([^\"]+)\"[^>]*class=\"([^\"]+)\"");
    private static final Pattern CREDIT = Pattern.compile("<creditMethod[^>]*class=\"([^\"]+)\"", Pattern.DOTALL);

    @Test
    void contributedClassesExistAndMatchTheBuiltInTable() throws IOException, ReflectiveOperationException {
        String xml = Files.readString(Path.of("..", "org.trainscope.algorithms.credit", "plugin.xml"));
        Map<String, String> operators = new HashMap<>();
        Matcher m = OPERATOR.matcher(xml);
        while (m.find()) {
            operators.put(m.group(1), m.group(2));
        }
        assertEquals(BuiltInOperators.types(), operators.keySet());
        for (Map.Entry<String, String> e : operators.entrySet()) {
            Object op = Class.forName(e.getValue()).getConstructor().newInstance();
            assertTrue(op instanceof IOperator);
            assertEquals(BuiltInOperators.find(e.getKey()).orElseThrow().getClass(), op.getClass(), e.getKey());
        }
        Matcher c = CREDIT.matcher(xml);
        int count = 0;
        while (c.find()) {
            assertTrue(Class.forName(c.group(1)).getConstructor().newInstance() instanceof IAlgorithm<?, ?>);
            count++;
        }
        assertEquals(2, count);
    }
}
