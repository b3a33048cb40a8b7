package org.trainscope.algorithms.sampling.tests;

import java.util.Random;

import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorKind;

/**
 * A tensor like the big benchmark traces (releng/benchmarks/make_big_trace.py), small: smooth
 * saturating curves with noise, and {@link #PLANTED} neurons spread over the index range that
 * diverge (exponentially, some to infinity), spike far off their curve, or turn NaN for good.
 */
final class Synthetic {
    static final int PLANTED = 40;

    private Synthetic() {
    }

    static InMemoryTensorSeries tensor(int neurons, int records) {
        InMemoryTensorSeries t = new InMemoryTensorSeries("synthetic.act", "synthetic", TensorKind.ACTIVATION,
                neurons);
        Random noise = new Random(5);
        float[] row = new float[neurons];
        for (int r = 0; r < records; r++) {
            for (int i = 0; i < neurons; i++) {
                double u = (i * 0.6180339887) % 1.0;
                double v = (i * 0.3819660113 + 0.31) % 1.0;
                double amplitude = (0.2 + 1.8 * u) * (i % 2 == 0 ? 1 : -1);
                double rate = (0.5 + 6 * v) / records;
                row[i] = (float) (0.1 * v + amplitude * (1 - Math.exp(-rate * r)) + 0.05 * noise.nextGaussian());
            }
            for (int k = 0; k < PLANTED; k++) {
                int i = (int) ((long) k * neurons / PLANTED) + 17;
                int onset = records / 3 + k % (records / 3);
                switch (k % 4) {
                case 0 -> row[i] = r < onset ? row[i] : (float) (row[i] + Math.exp(0.9 * (r - onset)));
                case 1 -> row[i] = r < onset ? row[i] : r > onset + 5 ? Float.NEGATIVE_INFINITY
                        : (float) -Math.exp(3.0 * (r - onset));
                case 2 -> row[i] = r == onset ? 40 + k : row[i];
                default -> row[i] = r < onset ? row[i] : Float.NaN;
                }
            }
            t.append(10L * r, row);
        }
        return t;
    }
}
