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
                .modelType("vae").graph(graph).tensor(act)
                .metric(new MetricSeries("loss", new long[] { 0, 10, 20, 30, 40 },
                        new double[] { 540.2, 301.7, 188.0, 1.0e12, Double.NaN }))
                .build();
    }
}
