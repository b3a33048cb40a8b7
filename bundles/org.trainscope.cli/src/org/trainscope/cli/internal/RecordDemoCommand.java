package org.trainscope.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * {@code trainscope-cli record-demo}: trains and records demo runs headless, one line per run
 * with its size, duration, test accuracy and anomaly. Exit 2 when the data cannot be read.
 */
final class RecordDemoCommand {
    static final String USAGE = """
            usage: trainscope-cli record-demo [--kind ID[,ID...]|all] [--train N] [--data DIR] OUTDIR
              Trains the Fashion-MNIST demo runs with DL4J (deterministic, seed 42) and records each into
              OUTDIR/ID (which must be new or empty), printing one line per run: iterations, time, size,
              test accuracy and the anomaly that stopped it, if any.
              --kind   which demos (default all): cnn, cnn-shallow, cnn-deep, cnn-narrow, cnn-wide,
                       vae-unstable, vae-fixed, mlp, mlp-dead-relu
              --train  training images per demo (default 9600; fewer: faster, shorter runs)
              --data   the folder of the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)""";
    private static final long SEED = 42;
    private final PrintStream out;
    private final PrintStream err;

    RecordDemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        List<DemoKind> kinds = List.of(DemoKind.values());
        DemoSize size = DemoSize.defaults();
        Path data = DemoRuns.dataDirectory();
        Path target = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return Cli.OK;
                    }
                    case "--kind" -> kinds = kinds(value(args, ++i));
                    case "--train" -> {
                        DemoSize d = size;
                        int n = Integer.parseInt(value(args, ++i));
                        size = new DemoSize(n, Math.min(d.testSamples(), Math.max(64, n / 4)), d.batchSize(),
                                d.probeSize(), d.epochs());
                    }
                    case "--data" -> data = Path.of(value(args, ++i));
                    default -> {
                        if (args[i].startsWith("-") || target != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        target = Path.of(args[i]);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("trainscope-cli record-demo: " + e.getMessage());
            err.println(USAGE);
            return Cli.USAGE;
        }
        if (target == null) {
            err.println("trainscope-cli record-demo: give the output folder");
            err.println(USAGE);
            return Cli.USAGE;
        }
        for (DemoKind kind : kinds) {
            try {
                DemoResult r = DemoRuns.record(kind, target, SEED, size, data, new NullProgressMonitor());
                out.println(String.format(Locale.ROOT, "%-14s %5d iterations %7.1f s %8.1f MB  accuracy %s%s  %s",
                        kind.directoryName(), r.iterations(), r.duration().toMillis() / 1000.0,
                        r.traceBytes() / 1e6, Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT,
                                "%.3f", r.testAccuracy()),
                        r.anomaly().map(a -> "  anomaly: " + a).orElse(""), r.trace()));
            } catch (IOException e) {
                err.println("trainscope-cli record-demo: " + kind.directoryName() + ": " + e.getMessage());
                return Cli.BAD_DATA;
            }
        }
        return Cli.OK;
    }

    /** The value after option {@code args[i - 1]}. */
    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static List<DemoKind> kinds(String spec) {
        if (spec.equals("all")) {
            return List.of(DemoKind.values());
        }
        List<DemoKind> kinds = new ArrayList<>();
        for (String id : spec.split(",")) {
            kinds.add(List.of(DemoKind.values()).stream().filter(k -> k.directoryName().equals(id.trim()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown demo '" + id
                            + "'; known: " + List.of(DemoKind.values()).stream().map(DemoKind::directoryName)
                                    .toList())));
        }
        return kinds;
    }
}
