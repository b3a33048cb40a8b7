package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.clustering.provider.ClusterPurity;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisPainter;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphPainter;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartPainter;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.algorithms.credit.provider.SnapshotLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotGraphProvider;
import org.trainscope.core.snapshot.SnapshotPainter;
import org.trainscope.core.snapshot.SnapshotRequest;
import org.trainscope.core.render.FigureFiles;

/**
 * {@code trainscope-cli export}: the picture a view shows, painted without a display by the
 * painter the view's figure export uses ({@link DynamicsChartPainter}, {@link CreditGraphPainter})
 * over the same data provider, as SVG or PNG (headless AWT); the CNNVis picture by
 * {@link CnnVisPainter} from the model and layout the CNNVis view draws. Written beside the file and moved in
 * place ({@link FigureFiles}), so nothing is written when anything fails.
 */
public final class ExportCommand implements ICliCommand {
    private static final int MIN_SIZE = 120;
    private static final int MAX_SIZE = 20_000;
    /** The CNNVis picture's network part by default (title and legend are added). */
    private static final int CNNVIS_WIDTH = 1400;
    private static final int CNNVIS_HEIGHT = 700;
    private static final List<String> CNNVIS_OPTIONS = List.of("--encoding", "--facet");
    private static final List<String> SNAPSHOT_OPTIONS = List.of("--iteration", "--history");

    @Override
    public String usage() {
        return """
                usage: trainscope-cli export RUN --view dynamics --tensor NAME [sample options] [--symlog]
                         [--width W --height H] --out FILE.png|FILE.svg
                       trainscope-cli export RUN --view credit --node ID --neuron I [credit options]
                         [--width W --height H] --out FILE.png|FILE.svg
                       trainscope-cli export RUN --view cnnvis [cluster options] [--encoding E] [--facet F]
                         [--width W --height H] --out FILE.png|FILE.svg
                       trainscope-cli export RUN --view snapshot [--iteration N] [--history K] --out FILE.png|FILE.svg
                  Paints what the Training Dynamics view (density of all neurons' polylines, the sample, axes,
                  NaN/Inf marks), the Neuron Credit view (the credit graph and the input strip) or the CNNVis
                  view (layer groups, clusters with their facets, bundles, debugging facts, legend) or the Snapshot
                  view (the network with every node's data-flow chart and the abnormal nodes marked) shows,
                  without a display: SVG written directly, PNG through headless AWT.
                  --view V           dynamics, credit, cnnvis or snapshot (required)
                  --out FILE         .svg or .png (required); written only when everything succeeded
                  --width W          the picture's width in pixels (dynamics: default 876 for an 800-pixel plot;
                  --height H         credit: as much as the graph needs; cnnvis: the network part, default
                                     1400 x 700, title and legend added below it); both or neither
                  --symlog           dynamics: symmetric-log value axis
                dynamics (as `sample`):
                """ + SampleOptions.USAGE + """
                credit (as `credit`):
                """ + CreditOptions.USAGE + """
                cnnvis (as `cluster`):
                """ + ClusterOptions.USAGE + """
                  --encoding E       the bundles' colour: weight (default), gradient or relative-change
                  --facet F          a cluster shows learned-features (default: the probe inputs that activate it
                                     most; the activation matrix when the inputs are not pictures) or activations
                snapshot (its size is the network's; --width/--height do not apply):
                  --iteration N      the current snapshot (default: the last recorded iteration)
                  --history K        recorded iterations before it in the window (default 12)
                  Exit 2 (nothing written) for an unknown tensor or node, a neuron out of range, inputs of the
                  wrong shape, an operator with no credit rule, a file that cannot be read or written; 3 when a
                  plug-in fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        List<String> options = new ArrayList<>(List.of("--view", "--out", "--width", "--height"));
        options.addAll(SampleOptions.OPTIONS);
        options.addAll(CreditOptions.OPTIONS);
        options.addAll(ClusterOptions.OPTIONS.stream().filter(o -> !options.contains(o)).toList());
        options.addAll(CNNVIS_OPTIONS);
        options.addAll(SNAPSHOT_OPTIONS);
        List<String> flags = new ArrayList<>(CreditOptions.FLAGS);
        flags.add("--symlog");
        CliArguments a = CliArguments.parse(args, flags, options);
        Path path = Path.of(a.positional(1, 1, "the run").get(0));
        String view = a.required("--view");
        Path file = Path.of(a.required("--out"));
        if (!FigureFiles.isSupported(file)) {
            throw CliException.usage("--out " + file + ": give a file ending in .svg or .png");
        }
        if (a.flag("--width") != a.flag("--height")) {
            throw CliException.usage("give --width and --height together");
        }
        int width = (int) a.longValue("--width", 0, MIN_SIZE, MAX_SIZE);
        int height = (int) a.longValue("--height", 0, MIN_SIZE, MAX_SIZE);
        if (!view.equals("snapshot")) {
            refuse(a, SNAPSHOT_OPTIONS, List.of(), view);
        }
        switch (view) {
            case "snapshot" -> {
                List<String> others = new ArrayList<>(options);
                others.removeAll(SNAPSHOT_OPTIONS);
                others.removeAll(List.of("--view", "--out"));
                refuse(a, others, flags, "snapshot");
                snapshot(a, path, file, progress);
            }
            case "dynamics" -> {
                refuse(a, CreditOptions.OPTIONS, CreditOptions.FLAGS, "dynamics");
                refuse(a, only(ClusterOptions.OPTIONS, SampleOptions.OPTIONS), CNNVIS_OPTIONS, "dynamics");
                dynamics(a, path, file, width, height, progress);
            }
            case "credit" -> {
                refuse(a, SampleOptions.OPTIONS, List.of("--symlog"), "credit");
                refuse(a, only(ClusterOptions.OPTIONS, CreditOptions.OPTIONS), CNNVIS_OPTIONS, "credit");
                credit(a, path, file, width, height, progress);
            }
            case "cnnvis" -> {
                refuse(a, only(SampleOptions.OPTIONS, ClusterOptions.OPTIONS), List.of("--symlog"), "cnnvis");
                refuse(a, only(CreditOptions.OPTIONS, ClusterOptions.OPTIONS), CreditOptions.FLAGS, "cnnvis");
                cnnvis(a, path, file, width, height, progress);
            }
            default -> throw CliException.usage("--view is dynamics, credit, cnnvis or snapshot, not '" + view + "'");
        }
        return ExitCode.OK;
    }

    /** An option of the other view is a mistake, never silently ignored. */
    private static void refuse(CliArguments a, List<String> options, List<String> flags, String view)
            throws CliException {
        for (String o : options) {
            if (a.flag(o)) {
                throw CliException.usage(o + " does not apply to --view " + view);
            }
        }
        for (String f : flags) {
            if (a.flag(f)) {
                throw CliException.usage(f + " does not apply to --view " + view);
            }
        }
    }

    /** The options of {@code mine} that {@code shared} does not have. */
    private static List<String> only(List<String> mine, List<String> shared) {
        return mine.stream().filter(o -> !shared.contains(o)).toList();
    }

    private static void cnnvis(CliArguments a, Path path, Path file, int width, int height, IProgressMonitor progress)
            throws CliException {
        ClusterOptions cluster = ClusterOptions.of(a);
        EdgeEncoding encoding;
        CnnVisPainter.Facet facet;
        try {
            encoding = EdgeEncoding.fromId(a.value("--encoding").orElse(EdgeEncoding.WEIGHT.id()));
            facet = CnnVisPainter.Facet.fromId(a.value("--facet").orElse(CnnVisPainter.Facet.LEARNED_FEATURES.id()));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        SubMonitor monitor = SubMonitor.convert(progress, "CNNVis of " + path, 20);
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            CnnVisModel model = ClusterOptions.compute(cluster.request(run, width > 0 ? width : CNNVIS_WIDTH,
                    height > 0 ? height : CNNVIS_HEIGHT).withEncoding(encoding), monitor.split(8));
            monitor.subTask("Writing " + file);
            write(file, () -> CnnVisPainter.write(model, facet, file));
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The Snapshot view's picture: the provider's model, placed as the view places it (all groups expanded). */
    private static void snapshot(CliArguments a, Path path, Path file, IProgressMonitor progress) throws CliException {
        SubMonitor monitor = SubMonitor.convert(progress, "Snapshot of " + path, 10);
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            long last = -1;
            for (TensorSeries t : run.tensors()) {
                long[] its = t.iterations();
                if (its.length > 0) {
                    last = Math.max(last, its[its.length - 1]);
                }
            }
            if (last < 0) {
                throw CliException.badData(path + " has no recorded tensor to draw");
            }
            long iteration = a.longValue("--iteration", last, 0, Long.MAX_VALUE);
            int history = (int) a.longValue("--history", SnapshotRequest.DEFAULT_BEFORE, 0, 10_000);
            SnapshotRequest request = new SnapshotRequest(run, iteration, history, SnapshotRequest.DEFAULT_AFTER,
                    SnapshotRequest.DEFAULT_MAX_VALUES, SnapshotRequest.DEFAULT_MARKED);
            SnapshotGraphModel model = new SnapshotGraphProvider().compute(request, monitor.split(8));
            SnapshotLayout.Placed placed = SnapshotLayout.place(model, Set.of());
            monitor.subTask("Writing " + file);
            write(file, () -> SnapshotPainter.write(model, placed.drawing(), file));
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static void dynamics(CliArguments a, Path path, Path file, int width, int height,
            IProgressMonitor progress) throws CliException {
        SampleOptions sample = SampleOptions.of(a);
        SubMonitor monitor = SubMonitor.convert(progress, "Training dynamics of " + sample.tensorName() + " in " + path,
                10);
        int plotWidth = width > 0 ? width - DynamicsChartPainter.LEFT - DynamicsChartPainter.RIGHT : 800;
        int plotHeight = height > 0 ? height - DynamicsChartPainter.TOP - DynamicsChartPainter.BOTTOM : 400;
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            DynamicsRequest request = sample.request(run, plotWidth, plotHeight).withSymlog(a.flag("--symlog"));
            int problemsBefore = ProviderFailures.problemCount();
            DynamicsChartModel chart;
            try {
                chart = DynamicsChartProvider.compute(request, monitor.split(8));
            } catch (IOException | RuntimeException e) {
                throw ProviderFailures.of("Training dynamics", run.name() + "/" + request.tensor().id(), e, problemsBefore);
            }
            monitor.subTask("Writing " + file);
            write(file, () -> DynamicsChartPainter.write(chart, file));
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static void credit(CliArguments a, Path path, Path file, int width, int height,
            IProgressMonitor progress) throws CliException {
        CreditOptions credit = CreditOptions.of(a);
        SubMonitor monitor = SubMonitor.convert(progress, "Credit of " + credit.node() + " in " + path, 10);
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            CreditGraphModel model = CreditOptions.compute(credit.request(run), monitor.split(8));
            monitor.subTask("Writing " + file);
            write(file, () -> {
                if (width > 0) {
                    CreditGraphPainter.write(model, file, width, height);
                } else {
                    CreditGraphPainter.write(model, file);
                }
            });
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
    }

    private interface Writing {
        void run() throws IOException;
    }

    private static void write(Path file, Writing writing) throws CliException {
        try {
            writing.run();
        } catch (IOException e) {
            throw CliException.badData("cannot write " + file + ": " + e);
        }
    }
}
