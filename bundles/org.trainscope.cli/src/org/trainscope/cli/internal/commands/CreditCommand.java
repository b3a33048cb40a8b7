package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.InputCredit;
import org.trainscope.algorithms.credit.provider.TrainingBatchRanking;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.model.Run;
import org.trainscope.trace.NpyArrayFile;

/**
 * {@code trainscope-cli credit}: the credit graph of one neuron from
 * {@link org.trainscope.algorithms.credit.provider.CreditGraphProvider}, as the Neuron Credit view
 * shows it: the top contributors per layer and the inputs that drive the neuron most.
 */
public final class CreditCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli credit RUN --node ID --neuron I [--direction forward|backward] [--rule NAME]
                         [--epsilon E] [--gamma G] [--iteration N] [--top-k K] [--inputs PATH [image options] | --batch]
                         [--relevance-out FILE.npy] [--json]
                  Explains one neuron as the Neuron Credit view does: forward, how much earlier neurons and the
                  input values contribute to it (LRP); backward, how its gradient splits over later neurons. On
                  the run's recorded probe inputs, or on your own (--inputs; needed for a run without probe
                  inputs, such as an ONNX model).
                """ + CreditOptions.USAGE + """
                  --relevance-out F  write the input relevance (forward) as a float32 .npy, one row per input in
                                     input order: shape [inputs, ...one input's shape]
                  --json             {"run", "name", "target": {"node", "neuron", "unit", "description", "value"},
                                     "direction", "method", "rule", "epsilon", "gamma", "iteration", "topK",
                                     "inputSource", "warnings", "layers": [{"node", "label", "neurons": [{"neuron",
                                     "unit", "credit"}]}], "edges": [{"from", "to", "weight"}], "inputs": [{"input",
                                     "label", "score", "relevanceSum"}], "batch": null or {"iteration", "total",
                                     "samples": [{"sample", "trainingIndex", "label", "score", "share",
                                     "nonFinite"}]}} (docs/cli.md)
                  Exit 2 (nothing written) for an unknown node, a neuron out of range, inputs of the wrong
                  shape, an operator with no credit rule, a file that cannot be read; 3 when a plug-in fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        List<String> options = new ArrayList<>(CreditOptions.OPTIONS);
        options.add("--relevance-out");
        List<String> flags = new ArrayList<>(CreditOptions.FLAGS);
        flags.add("--json");
        CliArguments a = CliArguments.parse(args, flags, options);
        Path path = Path.of(a.positional(1, 1, "the run").get(0));
        CreditOptions credit = CreditOptions.of(a);
        Path relevanceOut = a.value("--relevance-out").map(Path::of).orElse(null);
        if (relevanceOut != null && credit.direction() == Direction.BACKWARD) {
            throw CliException.usage("--relevance-out is the input relevance of forward credit; backward has none");
        }
        SubMonitor monitor = SubMonitor.convert(progress, "Credit of " + credit.node() + " in " + path, 10);
        CreditGraphModel model;
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            CreditGraphRequest request = credit.request(run);
            model = CreditOptions.compute(request, monitor.split(9));
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
        if (relevanceOut != null) {
            writeRelevance(model, relevanceOut);
        }
        if (a.flag("--json")) {
            CliJson.print(out, json(path, model));
        } else {
            print(path, model, out);
        }
        return ExitCode.OK;
    }

    /** The input relevance, one row per input in input order, as float32 [inputs, ...]. */
    static void writeRelevance(CreditGraphModel model, Path file) throws CliException {
        float[][] rows = model.relevanceRows();
        if (rows.length == 0) {
            throw CliException.badData("no input relevance to write to " + file);
        }
        int[] sample = model.inputs().get(0).shape();
        int[] shape = new int[sample.length + 1];
        shape[0] = rows.length;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        int per = rows[0].length;
        float[] all = new float[rows.length * per];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, all, i * per, per);
        }
        try {
            NpyArrayFile.writeFloat32(file, shape, all);
        } catch (IOException e) {
            throw CliException.badData("cannot write " + file + ": " + e);
        }
    }

    private static void print(Path path, CreditGraphModel model, PrintStream out) {
        CreditGraphRequest r = model.request();
        CreditGraph.Node target = model.graph().target();
        out.println("run:        " + model.runName() + " (" + path + ")");
        out.println("target:     " + model.target() + " at iteration " + r.iteration() + ": "
                + (r.direction() == Direction.FORWARD ? "activation " : "gradient ") + number(target.value()));
        out.println("method:     " + model.method());
        out.println("inputs:     " + model.inputSource() + " (" + model.inputs().size() + ")");
        for (String w : model.warnings()) {
            out.println("warning:    " + w);
        }
        out.println("top " + r.topK() + " per layer, by |credit|:");
        for (Map.Entry<String, List<CreditGraph.Node>> layer : layers(model.graph()).entrySet()) {
            List<CreditGraph.Node> neurons = layer.getValue();
            if (neurons.get(0).target()) {
                continue;
            }
            out.println("  " + neurons.get(0).layerLabel());
            for (CreditGraph.Node n : neurons) {
                out.println(String.format(Locale.ROOT, "    %-28s %s", n.unitName(), number(n.value())));
            }
        }
        out.println("inputs, most driving first (" + (r.direction() == Direction.FORWARD ? "target's activation"
                : "target's gradient") + " on each):");
        if (model.batchRanking() != null) {
            printBatch(model.batchRanking(), out);
            return;
        }
        for (InputCredit i : model.inputs()) {
            out.println(String.format(Locale.ROOT, "  input %-5d %-10s %s", i.input(),
                    i.label() >= 0 ? "label " + i.label() : "", number(i.score())));
        }
    }

    /** The batch's samples, most driving first: position, training-set index, label, score, share of the total. */
    private static void printBatch(TrainingBatchRanking ranking, PrintStream out) {
        out.println(String.format(Locale.ROOT, "  %-7s %-14s %-9s %-14s %s", "sample", "training index", "label",
                "score", "share of sum |score|"));
        for (TrainingBatchRanking.Sample s : ranking.samples()) {
            out.println(String.format(Locale.ROOT, "  %-7d %-14s %-9s %-14s %s", s.sample(),
                    s.trainingIndex() >= 0 ? Integer.toString(s.trainingIndex()) : "-",
                    s.label() >= 0 ? Integer.toString(s.label()) : "-", number(s.score()),
                    s.nonFinite() ? "non-finite" : String.format(Locale.ROOT, "%.2f %%", 100 * s.share())));
        }
    }

    /** The graph's neurons by layer, in the graph's order (target first). */
    private static Map<String, List<CreditGraph.Node>> layers(CreditGraph graph) {
        Map<String, List<CreditGraph.Node>> byLayer = new LinkedHashMap<>();
        for (CreditGraph.Node n : graph.nodes()) {
            byLayer.computeIfAbsent(n.layerId(), k -> new ArrayList<>()).add(n);
        }
        return byLayer;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : Double.toString(v);
    }

    static Map<String, Object> json(Path path, CreditGraphModel model) {
        CreditGraphRequest r = model.request();
        boolean forward = r.direction() == Direction.FORWARD;
        CreditGraph.Node t = model.graph().target();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run", path.toString());
        o.put("name", model.runName());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("node", r.target().nodeId());
        target.put("neuron", (long) r.target().neuron());
        target.put("unit", t.unitName());
        target.put("description", model.target());
        target.put("value", CliJson.number(t.value()));
        o.put("target", target);
        o.put("direction", forward ? "forward" : "backward");
        o.put("method", model.method());
        o.put("rule", forward ? r.composite() : null);
        o.put("epsilon", CliJson.number(r.epsilon()));
        o.put("gamma", CliJson.number(r.gamma()));
        o.put("iteration", r.iteration());
        o.put("topK", (long) r.topK());
        o.put("inputSource", model.inputSource());
        o.put("warnings", model.warnings());
        List<Object> layers = new ArrayList<>();
        for (List<CreditGraph.Node> neurons : layers(model.graph()).values()) {
            if (neurons.get(0).target()) {
                continue;
            }
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("node", neurons.get(0).layerId());
            layer.put("label", neurons.get(0).layerLabel());
            List<Object> list = new ArrayList<>();
            for (CreditGraph.Node n : neurons) {
                Map<String, Object> no = new LinkedHashMap<>();
                no.put("neuron", (long) n.neuron());
                no.put("unit", n.unitName());
                no.put("credit", CliJson.number(n.value()));
                list.add(no);
            }
            layer.put("neurons", list);
            layers.add(layer);
        }
        o.put("layers", layers);
        List<Object> edges = new ArrayList<>();
        for (CreditGraph.Edge e : model.graph().edges()) {
            Map<String, Object> eo = new LinkedHashMap<>();
            eo.put("from", e.from());
            eo.put("to", e.to());
            eo.put("weight", CliJson.number(e.weight()));
            edges.add(eo);
        }
        o.put("edges", edges);
        List<Object> inputs = new ArrayList<>();
        for (InputCredit i : model.inputs()) {
            Map<String, Object> io = new LinkedHashMap<>();
            io.put("input", (long) i.input());
            io.put("label", i.label() >= 0 ? (Object) (long) i.label() : null);
            io.put("score", CliJson.number(i.score()));
            io.put("relevanceSum", i.relevance() == null ? null : CliJson.number(sum(i.relevance())));
            inputs.add(io);
        }
        o.put("inputs", inputs);
        o.put("batch", model.batchRanking() == null ? null : batchJson(model.batchRanking()));
        return o;
    }

    private static Map<String, Object> batchJson(TrainingBatchRanking ranking) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("iteration", ranking.iteration());
        o.put("total", CliJson.number(ranking.total()));
        List<Object> samples = new ArrayList<>();
        for (TrainingBatchRanking.Sample s : ranking.samples()) {
            Map<String, Object> so = new LinkedHashMap<>();
            so.put("sample", (long) s.sample());
            so.put("trainingIndex", s.trainingIndex() >= 0 ? (Object) (long) s.trainingIndex() : null);
            so.put("label", s.label() >= 0 ? (Object) (long) s.label() : null);
            so.put("score", CliJson.number(s.score()));
            so.put("share", CliJson.number(s.share()));
            so.put("nonFinite", s.nonFinite());
            samples.add(so);
        }
        o.put("samples", samples);
        return o;
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
