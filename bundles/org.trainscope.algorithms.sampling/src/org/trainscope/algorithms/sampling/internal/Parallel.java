package org.trainscope.algorithms.sampling.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent tasks on the common fork-join pool (all cores, the caller included). Tasks
 * write only to their own slots of shared arrays, so results never depend on scheduling.
 */
public final class Parallel {

    private Parallel() {
    }

    /** @return how many pieces to split a parallel loop into: a few per core, for balance */
    public static int pieces() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** A piece of a range: indices {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Splits [0, count) into {@link #pieces()} ranges and runs them in parallel. */
    public static void forRanges(int count, RangeTask task) {
        int pieces = pieces();
        forEach(pieces, piece -> task.run((int) ((long) count * piece / pieces),
                (int) ((long) count * (piece + 1) / pieces)));
    }

    /**
     * A pool of daemon threads named {@code name 1, name 2, ...}, created as needed and ended after a
     * minute idle: for work that must run beside its caller (never the common pool's, whose few
     * workers the work's own parallel loops need).
     */
    public static ExecutorService daemonThreads(String name) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, name + " " + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Waits for work handed to another thread that writes into its caller's state (a batch summarised,
     * a strip scored beside the scan), even through interrupts: the caller may not go on while it
     * runs. Rethrows what failed there; the caller's interrupt is restored afterwards.
     */
    public static void await(Future<?> work) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    work.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void forEach(int taskCount, IntConsumer task) {
        if (taskCount == 1) {
            task.accept(0);
            return;
        }
        IntStream.range(0, taskCount).parallel().forEach(task);
    }
}
