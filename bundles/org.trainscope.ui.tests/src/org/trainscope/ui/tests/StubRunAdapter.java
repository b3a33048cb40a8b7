package org.trainscope.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;

/** A ".uistub" file becomes a small VAE-shaped run whose loss turns NaN at the end. */
public class StubRunAdapter implements IRunAdapter {
    @Override
    public int validate(Path location) {
        return location.getFileName().toString().endsWith(".uistub") ? 90 : NOT_MINE;
    }

    /**
     * 5,000 neurons over 60 records in three families of smooth curves, 20 outliers that spike
     * late, and 30 neurons whose values turn NaN at record 50 (as in a diverging VAE).
     */
    static InMemoryTensorSeries dynamics() {
        int neurons = 5000;
        InMemoryTensorSeries t = new InMemoryTensorSeries("dec1/activation", "dec1", TensorKind.ACTIVATION, neurons);
        java.util.Random random = new java.util.Random(3);
        double[] phase = new double[neurons];
        for (int n = 0; n < neurons; n++) {
            phase[n] = random.nextGaussian() * 0.2;
        }
        for (int r = 0; r < 60; r++) {
            float[] v = new float[neurons];
            for (int n = 0; n < neurons; n++) {
                double x = r / 59.0;
                int family = n % 3;
                double base = family == 0 ? Math.exp(-3 * x) : family == 1 ? 0.5 + 0.3 * Math.sin(6 * x + phase[n])
                        : 0.2 * x;
                v[n] = (float) (base + 0.03 * random.nextGaussian() + phase[n] * 0.2);
                if (n >= 100 && n < 120 && r > 40) {
                    v[n] = (float) (base + 2.5 * (r - 40) / 19.0);
                }
                if (n >= 200 && n < 230 && r >= 50) {
                    v[n] = Float.NaN;
                }
            }
            t.append(r * 100L, v);
        }
        return t;
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        String first = Files.readAllLines(location).stream().findFirst().orElse("");
        NetworkGraph graph = NetworkGraph.builder()
                .add(new Node("x", "input", NodeKind.OPERATOR, "input", "encoder", Map.of()))
                .add(new Node("enc1", "dense 256", NodeKind.OPERATOR, "dense", "encoder", Map.of()))
                .add(new Node("mu", "mu", NodeKind.OPERATOR, "dense", "latent", Map.of()))
                .add(new Node("logvar", "log sigma^2", NodeKind.OPERATOR, "dense", "latent", Map.of()))
                .add(new Node("z", "z", NodeKind.RANDOM_VARIABLE, "reparameterize", "latent", Map.of()))
                .add(new Node("dec1", "dense 256", NodeKind.OPERATOR, "dense", "decoder", Map.of()))
                .add(new Node("xhat", "reconstruction", NodeKind.OPERATOR, "sigmoid", "decoder", Map.of()))
                .connect("x", "enc1").connect("enc1", "mu").connect("enc1", "logvar").connect("mu", "z")
                .connect("logvar", "z").connect("z", "dec1").connect("dec1", "xhat").build();
        InMemoryTensorSeries act = new InMemoryTensorSeries("enc1/activation", "enc1", TensorKind.ACTIVATION, 4, 8);
        for (int it = 0; it < 5; it++) {
            float[] v = new float[32];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.sin(i + it * 0.3);
            }
            act.append(it * 10L, v);
        }
        return BasicRun.builder(first.isBlank() ? location.getFileName().toString() : first.trim(), location)
                .modelType("vae").graph(graph).tensor(act).tensor(dynamics())
                .metric(new MetricSeries("loss", new long[] { 0, 10, 20, 30, 40 },
                        new double[] { 540.2, 301.7, 188.0, 1.0e12, Double.NaN }))
                .build();
    }
}
