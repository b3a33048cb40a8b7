package org.trainscope.algorithms.credit.tests;

import java.util.List;
import java.util.Map;

import org.trainscope.algorithms.credit.BuiltInOperators;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;

/** Runs one built-in operator outside a graph. */
final class Ops {
    private Ops() {
    }

    static IOperator op(String type) {
        return BuiltInOperators.find(type).orElseThrow();
    }

    static OperatorContext context(String type, Map<String, String> attributes, Map<String, FloatTensor> params) {
        return new OperatorContext(new Node("n", "n", NodeKind.OPERATOR, type, "", attributes), params);
    }

    static FloatTensor forward(String type, Map<String, String> attrs, Map<String, FloatTensor> params,
            FloatTensor... in) {
        return op(type).forward(context(type, attrs, params), List.of(in));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
