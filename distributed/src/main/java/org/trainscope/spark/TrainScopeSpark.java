package org.trainscope.spark;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code trainscope-spark reduce IN OUT [options]}. Exit codes: 0 done, 1 the job failed (the message
 * names the file and the problem), 2 bad command line. The master comes from spark-submit, or from
 * {@code --master} (the local launcher passes {@code local[*]}).
 */
public final class TrainScopeSpark {
    private TrainScopeSpark() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code (for tests and the benchmark). */
    public static int run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.contains("--help") || a.contains("-h")) {
            System.out.println(ReduceOptions.usage());
            return a.isEmpty() ? 2 : 0;
        }
        if (!a.get(0).equals("reduce") || a.size() < 3) {
            System.err.println(a.get(0).equals("reduce") ? "reduce needs IN and OUT" : "unknown command " + a.get(0));
            System.err.println(ReduceOptions.usage());
            return 2;
        }
        String[] master = {null};
        ReduceOptions options;
        try {
            options = ReduceOptions.parse(a.subList(3, a.size()), master);
        } catch (IllegalArgumentException e) {
            System.err.println("trainscope-spark: " + e.getMessage());
            System.err.println(ReduceOptions.usage());
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName("trainscope-spark reduce");
        if (master[0] != null) {
            conf.setMaster(master[0]);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            ReduceJob.Report report = ReduceJob.run(sc, a.get(1), a.get(2), options);
            System.out.printf("reduced %s (%d records) to %s in %.1f s%n", report.input(), report.records(), report.output(),
                    report.seconds());
            printTensors(report);
            for (ReduceJob.Report related : report.related()) {
                System.out.printf("related trace %s to %s in %.1f s%n", related.input(), related.output(), related.seconds());
                printTensors(related);
                related.warnings().forEach(w -> System.err.println("warning: " + w));
            }
            report.warnings().forEach(w -> System.err.println("warning: " + w));
            return 0;
        } catch (Exception e) {
            System.err.println("trainscope-spark: " + rootMessage(e));
            return 1;
        }
    }

    private static void printTensors(ReduceJob.Report report) {
        for (ReduceJob.TensorReport t : report.tensors()) {
            System.out.printf("  %s: %d neurons, %d kept (%d partitions, merge of %d, %s)%s%n", t.id(), t.neurons(),
                    t.sampled().length, t.partitions(), t.unionSize(), Double.isNaN(t.mergeRadius()) ? "all of them"
                            : String.format("radius %.4g", t.mergeRadius()),
                    t.kmeans() == null ? "" : String.format(", k-means k=%d cost %.6g", t.kmeans().k(), t.kmeans().cost()));
            if (t.summaryEntry() != null) {
                System.out.printf("    summary for the desktop's Training Dynamics: %s%n", t.summaryEntry());
            }
            if (t.meanSummaryEntry() != null) {
                System.out.printf("    summary of its means over probe inputs: %s%n", t.meanSummaryEntry());
            }
        }
    }

    /** The trace store's message names the file; Spark wraps task failures around it. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof java.io.IOException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
