package org.trainscope.recorders.dl4j.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * {@code trainscope-cli record-demo}: trains and records demo runs headless, one line per run
 * with its size, duration, test accuracy and anomaly. Contributed from this bundle (which has
 * DL4J) so the command line itself needs no DL4J. Exit 2 when the data cannot be read.
 */
public final class RecordDemoCommand implements ICliCommand {
    private static final long SEED = 42;

    @Override
    public String usage() {
        return """
                usage: trainscope-cli record-demo [--kind ID[,ID...]|all] [--train N] [--probe N] [--data DIR] OUTDIR
                  Trains the Fashion-MNIST demo runs with DL4J (deterministic, seed 42) and records each into
                  OUTDIR/ID (which must be new or empty), printing one line per run: iterations, time, size,
                  test accuracy and the anomaly that stopped it, if any.
                  --kind   which demos (default all): cnn, cnn-shallow, cnn-deep, cnn-narrow, cnn-wide,
                           cnn-stalled, cnn-stalled-fixed, vae-unstable, vae-fixed, mlp, mlp-dead-relu,
                           gan, gan-unstable
                  --train  training images per demo (default 9600; fewer: faster, shorter runs)
                  --probe  probe images whose activations are recorded (default 16; CNNVis's cluster purity
                           wants several per class, e.g. 100)
                  --data   the folder of the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        CliArguments a = CliArguments.parse(args, List.of(), List.of("--kind", "--train", "--probe", "--data"));
        Path target = Path.of(a.positional(1, 1, "the output folder").get(0));
        List<DemoKind> kinds = kinds(a.value("--kind").orElse("all"));
        DemoSize size = DemoSize.defaults();
        if (a.value("--train").isPresent()) {
            int n = (int) a.longValue("--train", size.trainSamples(), 1, Integer.MAX_VALUE);
            size = new DemoSize(n, Math.min(size.testSamples(), Math.max(64, n / 4)), size.batchSize(),
                    size.probeSize(), size.epochs());
        }
        if (a.value("--probe").isPresent()) {
            int probes = (int) a.longValue("--probe", size.probeSize(), 1, size.testSamples());
            size = new DemoSize(size.trainSamples(), size.testSamples(), size.batchSize(), probes, size.epochs());
        }
        Path data = a.value("--data").map(Path::of).orElse(DemoRuns.dataDirectory());
        SubMonitor monitor = SubMonitor.convert(progress, "Recording " + kinds.size() + " demo run(s)", kinds.size());
        for (DemoKind kind : kinds) {
            DemoResult r;
            try {
                r = DemoRuns.record(kind, target, SEED, size, data, monitor.split(1));
            } catch (IOException e) {
                throw CliException.badData(kind.directoryName() + ": " + e.getMessage());
            }
            out.println(String.format(Locale.ROOT, "%-14s %5d iterations %7.1f s %8.1f MB  accuracy %s%s  %s",
                    kind.directoryName(), r.iterations(), r.duration().toMillis() / 1000.0, r.traceBytes() / 1e6,
                    Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", r.testAccuracy()),
                    r.anomaly().map(an -> "  anomaly: " + an).orElse(""), r.trace()));
        }
        return ExitCode.OK;
    }

    private static List<DemoKind> kinds(String spec) throws CliException {
        if (spec.equals("all")) {
            return List.of(DemoKind.values());
        }
        List<DemoKind> kinds = new ArrayList<>();
        for (String id : spec.split(",")) {
            DemoKind kind = List.of(DemoKind.values()).stream().filter(k -> k.directoryName().equals(id.trim()))
                    .findFirst().orElse(null);
            if (kind == null) {
                throw CliException.usage("unknown demo '" + id + "'; known: "
                        + List.of(DemoKind.values()).stream().map(DemoKind::directoryName).toList());
            }
            kinds.add(kind);
        }
        return kinds;
    }
}
