package org.trainscope.trace.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Helper threads for splitting one read across cores. Daemon threads, created on first use, shared
 * by all readers; the caller always does part 0 itself and then takes back any part no helper has
 * started yet, so a busy pool (many readers at once) delays nobody and cannot deadlock.
 */
final class ScanThreads {
    /** A part of a split read. */
    @FunctionalInterface
    interface Part {
        void run(int part) throws IOException;
    }

    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

    private ScanThreads() {
    }

    /** How many threads a read may use: the caller plus the helpers. */
    static int parallelism() {
        return HELPERS + 1;
    }

    private static final class Pool {
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(Math.max(1, HELPERS), new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "trainscope-trace-scan-" + next.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
    }

    /** One part handed to a helper: whoever claims it first runs it. */
    private static final class Task implements Runnable {
        final Part body;
        final int part;
        final AtomicBoolean claimed = new AtomicBoolean();
        private boolean done;
        private Throwable failure;

        Task(Part body, int part) {
            this.body = body;
            this.part = part;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            Throwable t = null;
            try {
                body.run(part);
            } catch (Throwable e) {
                t = e;
            }
            synchronized (this) {
                failure = t;
                done = true;
                notifyAll();
            }
        }

        synchronized Throwable await() {
            boolean interrupted = false;
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // finish the read: the helper writes into the caller's array
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return failure;
        }
    }

    /** Runs parts {@code 0 .. parts-1}, returning when all are done; rethrows the first failure. */
    static void run(int parts, Part body) throws IOException {
        Task[] tasks = new Task[parts];
        for (int p = 1; p < parts; p++) {
            tasks[p] = new Task(body, p);
            Pool.EXECUTOR.execute(tasks[p]);
        }
        Throwable failure = null;
        try {
            body.run(0);
        } catch (Throwable e) {
            failure = e;
        }
        for (int p = 1; p < parts; p++) {
            tasks[p].run(); // takes the part back unless a helper already has it
            Throwable t = tasks[p].await();
            if (failure == null) {
                failure = t;
            }
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new UncheckedIOException(new IOException(failure));
        }
    }
}
