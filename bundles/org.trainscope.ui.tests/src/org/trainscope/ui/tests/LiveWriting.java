package org.trainscope.ui.tests;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Display;
import org.trainscope.core.runs.RunManager;

/**
 * A run written while the workbench follows it, as the live tests need it: a writer thread appends
 * records {@code [from, to)} (40 ms apart), a poller refreshes the open runs every 250 ms (what the
 * live-refresh job does every few seconds), and a probe times {@code syncExec} round trips every
 * 20 ms, so a test can assert that following the run never blocked the UI thread. Closing stops and
 * joins all three.
 */
final class LiveWriting implements AutoCloseable {
    /** Appends record {@code r} to the trace being written. */
    @FunctionalInterface
    interface Appender {
        void append(int r) throws Exception;
    }

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong longestRoundTrip = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final Thread writing;
    private final Thread polling;
    private final Thread probing;

    private LiveWriting(Display display, int from, int to, Appender appender) {
        writing = new Thread(() -> {
            try {
                for (int r = from; r < to; r++) {
                    appender.append(r);
                    Thread.sleep(40);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "live trace writer");
        polling = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                RunManager.getInstance().refreshAll();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live refresh");
        probing = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && !display.isDisposed()) {
                long t0 = System.nanoTime();
                display.syncExec(() -> {
                });
                longestRoundTrip.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                roundTrips.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "UI responsiveness probe");
    }

    /** Starts the probe, the poller and the writer, in that order. */
    static LiveWriting start(Display display, int from, int to, Appender appender) {
        LiveWriting live = new LiveWriting(display, from, to, appender);
        live.probing.start();
        live.polling.start();
        live.writing.start();
        return live;
    }

    /** What the writer threw, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Ends the probe (before the test's own waiting on the UI thread distorts it). */
    void stopProbe() throws InterruptedException {
        probing.interrupt();
        probing.join(5000);
    }

    long roundTrips() {
        return roundTrips.get();
    }

    long longestRoundTripMillis() {
        return longestRoundTrip.get();
    }

    @Override
    public void close() throws InterruptedException {
        for (Thread t : new Thread[] { writing, polling, probing }) {
            t.interrupt();
            t.join(10_000);
        }
    }
}
