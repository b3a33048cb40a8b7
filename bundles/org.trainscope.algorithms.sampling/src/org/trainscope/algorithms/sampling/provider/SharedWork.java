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
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.internal.Parallel;

/**
 * Work in flight, shared by the requests that need the same result: a tensor's first pass (its
 * summary, with the sampler's candidates riding on it) and a sampling. Either runs for minutes on tens
 * of millions of polylines, and a log-scale click or a zoom meanwhile asks for the same result on
 * another axis: the superseded request is cancelled, its successor must not start the work again. So
 * the work runs on a thread of its own; every request that needs it waits for it, following its
 * progress in its own monitor and receiving its partial result (a first picture) on its own thread,
 * and may leave (cancelled) at any time. The work itself is cancelled once no request has waited
 * for it for {@link #GRACE_MILLIS} (a superseded request leaves just before its successor arrives; a
 * cancel in the Progress view stops the work that long after).
 *
 * @param <T> the result
 * @param <P> a partial result the work may hand out before it ends
 */
final class SharedWork<T, P> {
    /** How long work nobody waits for goes on before it is cancelled. */
    static final long GRACE_MILLIS = 3_000;
    private static final ExecutorService THREADS = Parallel.daemonThreads("TrainScope shared work");

    /** The work itself: runs once per flight, on the flight's thread, with the flight's monitor. */
    @FunctionalInterface
    interface Work<T, P> {
        /** @param partial hands a partial result to every request that waits (the last one given wins) */
        T run(IProgressMonitor monitor, Consumer<P> partial) throws IOException;
    }

    private final Map<String, Flight> flights = new HashMap<>();

    /**
     * The result of the work of {@code key}: joins the one in flight or starts it.
     *
     * @param monitor the request's progress and cancellation; a cancelled request leaves the work
     *                to others
     * @param partial receives the work's partial result once, on this thread, before the result (while
     *                waiting, or just before returning when the work ended before it was looked at); null for none
     * @throws OperationCanceledException when the request was cancelled, or the work was
     */
    T await(String key, Work<T, P> work, IProgressMonitor monitor, Consumer<P> partial) throws IOException {
        return await(key, null, work, monitor, partial);
    }

    /**
     * As {@link #await(String, Work, IProgressMonitor, Consumer)}, for work that supersedes the
     * abandoned work of its group: flights of {@code group} that nobody waits for are cancelled at once
     * instead of after the grace period (the samplings of the ranges three quick wheel notches passed
     * through, when the fourth range's sampling starts). A request for the same key still joins.
     *
     * @param group what the work is of (a tensor's polylines), null for none
     */
    T await(String key, String group, Work<T, P> work, IProgressMonitor monitor, Consumer<P> partial)
            throws IOException {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        for (int attempt = 1;; attempt++) {
            Flight flight = join(key, group, work);
            try {
                return flight.follow(m, partial);
            } catch (OperationCanceledException e) {
                if (m.isCanceled() || attempt == 3) {
                    throw e;
                }
                // the work was given up just as this request joined it: start it again
            } finally {
                leave(flight);
            }
        }
    }

    /** As {@link #await} without a partial result. */
    T await(String key, Work<T, P> work, IProgressMonitor monitor) throws IOException {
        return await(key, work, monitor, null);
    }

    /**
     * Starts the work of {@code key} unless it is in flight, and returns at once: for a request
     * expected within the grace period (the sampling that the first pass prepared, which the chart's
     * request joins just after the pass).
     */
    void start(String key, String group, Work<T, P> work) {
        leave(join(key, group, work));
    }

    /** Whether the work of {@code key} is in flight now. */
    boolean inFlight(String key) {
        synchronized (flights) {
            return flights.containsKey(key);
        }
    }

    private Flight join(String key, String group, Work<T, P> work) {
        synchronized (flights) {
            if (group != null) {
                for (Map.Entry<String, Flight> other : flights.entrySet()) {
                    if (!other.getKey().equals(key) && group.equals(other.getValue().group)
                            && other.getValue().waiting == 0) {
                        other.getValue().superseded = true;
                    }
                }
            }
            Flight flight = flights.get(key);
            if (flight == null) {
                flight = new Flight(group);
                flights.put(key, flight);
                Flight started = flight;
                THREADS.execute(() -> started.run(key, work));
            }
            flight.waiting++;
            flight.superseded = false; // wanted again
            return flight;
        }
    }

    private void leave(Flight flight) {
        synchronized (flights) {
            if (--flight.waiting == 0) {
                flight.lastLeft = System.nanoTime();
            }
        }
    }

    /** One piece of work in flight: its own monitor (progress for the followers, cancelled when abandoned). */
    private final class Flight extends NullProgressMonitor {
        private final String group;
        /** Abandoned, and another flight of its group started or joined since: cancelled at once. */
        private boolean superseded;
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private volatile P partial;
        private volatile double total = 1;
        private volatile double worked;
        private int waiting;
        private long lastLeft;

        Flight(String group) {
            this.group = group;
        }

        void run(String key, Work<T, P> work) {
            try {
                done.complete(work.run(this, p -> partial = p));
            } catch (Throwable t) { // every failure reaches the requests that wait, none is lost
                done.completeExceptionally(t);
            } finally {
                synchronized (flights) {
                    flights.remove(key, this);
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
            synchronized (flights) {
                return waiting == 0 && (superseded
                        || System.nanoTime() - lastLeft > TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
            }
        }

        T follow(IProgressMonitor monitor, Consumer<P> receiver) throws IOException {
            SubMonitor progress = SubMonitor.convert(monitor, 1000);
            int reported = 0;
            P delivered = null;
            while (true) {
                try {
                    T result = done.get(100, TimeUnit.MILLISECONDS);
                    P last = partial;
                    if (receiver != null && last != null && last != delivered) {
                        // work quicker than the polling still hands its partial result over, first:
                        // every request sees the same sequence whatever the timing
                        receiver.accept(last);
                    }
                    return result;
                } catch (TimeoutException e) {
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    P now = partial;
                    if (receiver != null && now != null && now != delivered) {
                        delivered = now;
                        receiver.accept(now);
                    }
                    int share = (int) (1000 * Math.min(1, worked / total));
                    if (share > reported) {
                        progress.worked(share - reported);
                        reported = share;
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
