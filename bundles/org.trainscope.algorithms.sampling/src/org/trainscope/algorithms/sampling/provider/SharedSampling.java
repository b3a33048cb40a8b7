package org.trainscope.algorithms.sampling.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.internal.Parallel;

/**
 * Samplings in flight, shared by the requests that need the same sample. Blue noise over tens of
 * millions of polylines runs for minutes, and a log-scale click or a value zoom meanwhile asks for
 * the same sample on another axis: the superseded request is cancelled, its successor must not start
 * the sampler again. So a sampling runs on a thread of its own; every request that needs it waits
 * for it, following its progress in its own monitor, and may leave (cancelled) at any time. The
 * sampling itself is cancelled once no request has waited for it for {@link #GRACE_MILLIS} (a
 * superseded request leaves just before its successor arrives; a cancel in the Progress view stops
 * the sampler that long after).
 */
final class SharedSampling {
    /** How long a sampling nobody waits for goes on before it is cancelled. */
    static final long GRACE_MILLIS = 3_000;
    private static final Map<String, Flight> FLIGHTS = new HashMap<>();
    private static final ExecutorService THREADS = Parallel.daemonThreads("TrainScope sampling");

    /** The sampling itself: runs once per flight, on the flight's thread, with the flight's monitor. */
    @FunctionalInterface
    interface Sampling {
        SamplingResult run(IProgressMonitor monitor) throws IOException;
    }

    private SharedSampling() {
    }

    /**
     * The result of the sampling of {@code key}: joins the one in flight or starts it.
     *
     * @param monitor the request's progress and cancellation; a cancelled request leaves the
     *                sampling to others
     * @throws OperationCanceledException when the request was cancelled, or the sampling was
     */
    static SamplingResult await(String key, Sampling sampling, IProgressMonitor monitor) throws IOException {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        for (int attempt = 1;; attempt++) {
            Flight flight = join(key, sampling);
            try {
                return flight.follow(m);
            } catch (OperationCanceledException e) {
                if (m.isCanceled() || attempt == 3) {
                    throw e;
                }
                // the sampling was given up just as this request joined it: start it again
            } finally {
                synchronized (FLIGHTS) {
                    if (--flight.waiting == 0) {
                        flight.lastLeft = System.nanoTime();
                    }
                }
            }
        }
    }

    private static Flight join(String key, Sampling sampling) {
        synchronized (FLIGHTS) {
            Flight flight = FLIGHTS.get(key);
            if (flight == null) {
                flight = new Flight();
                FLIGHTS.put(key, flight);
                Flight started = flight;
                THREADS.execute(() -> started.run(key, sampling));
            }
            flight.waiting++;
            return flight;
        }
    }

    /** One sampling in flight: its own monitor (progress for the followers, cancelled when abandoned). */
    private static final class Flight extends NullProgressMonitor {
        private final CompletableFuture<SamplingResult> done = new CompletableFuture<>();
        private volatile double total = 1;
        private volatile double worked;
        private int waiting;
        private long lastLeft;

        void run(String key, Sampling sampling) {
            try {
                done.complete(sampling.run(this));
            } catch (Throwable t) { // every failure reaches the requests that wait, none is lost
                done.completeExceptionally(t);
            } finally {
                synchronized (FLIGHTS) {
                    FLIGHTS.remove(key, this);
                }
            }
        }

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork > 0 ? totalWork : 1;
        }

        @Override
        public void internalWorked(double work) {
            worked += work; // written by the flight's thread alone
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }

        @Override
        public boolean isCanceled() {
            if (super.isCanceled()) {
                return true;
            }
            synchronized (FLIGHTS) {
                return waiting == 0 && System.nanoTime() - lastLeft > TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            }
        }

        SamplingResult follow(IProgressMonitor monitor) throws IOException {
            SubMonitor progress = SubMonitor.convert(monitor, 1000);
            int reported = 0;
            while (true) {
                try {
                    return done.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    int now = (int) (1000 * Math.min(1, worked / total));
                    if (now > reported) {
                        progress.worked(now - reported);
                        reported = now;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OperationCanceledException();
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        }

        private static RuntimeException rethrown(Throwable cause) throws IOException {
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                return r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new UncheckedIOException(new IOException(cause));
        }
    }
}
