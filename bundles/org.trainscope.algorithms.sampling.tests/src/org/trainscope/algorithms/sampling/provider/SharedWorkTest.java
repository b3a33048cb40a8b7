package org.trainscope.algorithms.sampling.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.SamplingResult;

/**
 * Issue 16: a sampling that takes minutes is shared by the requests that need the same sample (a
 * log-scale click while it runs cancels the request, not the sampling), is cancelled only once
 * nobody has waited for it for the grace period, and hands its failures and its progress to every
 * request that waits.
 */
class SharedWorkTest {
    private static final SharedWork<SamplingResult, Void> WORK = new SharedWork<>();
    private static final SamplingResult RESULT = SamplingResult.withoutRadius("test", new int[] { 2, 7 },
            new PolylineMetric(0, 10, 0, 0, 1, 1, 1));

    /** A sampling that runs until released, or until its monitor is cancelled. */
    private static final class Held implements SharedWork.Work<SamplingResult, Void> {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean sawCancel = new AtomicBoolean();

        @Override
        public SamplingResult run(IProgressMonitor monitor, java.util.function.Consumer<Void> partial) throws IOException {
            runs.incrementAndGet();
            monitor.beginTask("held", 100);
            monitor.worked(50);
            started.countDown();
            try {
                while (!release.await(20, TimeUnit.MILLISECONDS)) {
                    if (monitor.isCanceled()) {
                        sawCancel.set(true);
                        throw new OperationCanceledException();
                    }
                }
            } catch (InterruptedException e) {
                throw new OperationCanceledException();
            }
            return RESULT;
        }
    }

    private static CompletableFuture<SamplingResult> request(String key, SharedWork.Work<SamplingResult, Void> s, IProgressMonitor m) {
        return request(key, null, s, m);
    }

    private static CompletableFuture<SamplingResult> request(String key, String group,
            SharedWork.Work<SamplingResult, Void> s, IProgressMonitor m) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return WORK.await(key, group, s, m, null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * A request of {@code key} in {@code group} whose work has started and which its caller then
     * gives up (its monitor cancelled): the request fails, the flight stays to run out its grace.
     */
    private static Held abandoned(String key, String group) throws Exception {
        Held held = new Held();
        NullProgressMonitor caller = new NullProgressMonitor();
        CompletableFuture<SamplingResult> request = request(key, group, held, caller);
        assertTrue(held.started.await(10, TimeUnit.SECONDS));
        caller.setCanceled(true);
        assertThrows(Exception.class, () -> request.get(10, TimeUnit.SECONDS));
        return held;
    }

    @Test
    void twoRequestsShareOneSamplingAndItsProgress() throws Exception {
        Held held = new Held();
        AtomicReference<Double> followed = new AtomicReference<>(0.0);
        NullProgressMonitor progress = new NullProgressMonitor() {
            @Override
            public void internalWorked(double work) {
                followed.updateAndGet(w -> w + work);
            }

            @Override
            public void worked(int work) {
                internalWorked(work);
            }
        };
        CompletableFuture<SamplingResult> first = request("share", held, progress);
        assertTrue(held.started.await(10, TimeUnit.SECONDS));
        CompletableFuture<SamplingResult> second = request("share", held, null);
        long end = System.currentTimeMillis() + 5_000;
        while (followed.get() < 1 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(followed.get() > 0, "the request's monitor follows the sampling's progress");
        held.release.countDown();
        assertSame(RESULT, first.get(10, TimeUnit.SECONDS));
        assertSame(RESULT, second.get(10, TimeUnit.SECONDS));
        assertEquals(1, held.runs.get(), "one sampling for both");
    }

    @Test
    void aCancelledRequestLeavesTheSamplingToItsSuccessor() throws Exception {
        Held held = new Held();
        NullProgressMonitor superseded = new NullProgressMonitor();
        CompletableFuture<SamplingResult> first = request("successor", held, superseded);
        assertTrue(held.started.await(10, TimeUnit.SECONDS));
        superseded.setCanceled(true); // the log-scale click
        Exception e = assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof OperationCanceledException, e.toString());
        CompletableFuture<SamplingResult> successor = request("successor", held, null);
        Thread.sleep(200);
        held.release.countDown();
        assertSame(RESULT, successor.get(10, TimeUnit.SECONDS));
        assertEquals(1, held.runs.get(), "the successor joined the sampling in flight");
        assertFalse(held.sawCancel.get());
    }

    @Test
    void aSamplingNobodyWaitsForIsCancelledAfterTheGracePeriod() throws Exception {
        Held held = new Held();
        NullProgressMonitor only = new NullProgressMonitor();
        CompletableFuture<SamplingResult> first = request("abandoned", held, only);
        assertTrue(held.started.await(10, TimeUnit.SECONDS));
        long left = System.nanoTime();
        only.setCanceled(true);
        assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
        long end = System.currentTimeMillis() + SharedWork.GRACE_MILLIS + 5_000;
        while (!held.sawCancel.get() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(held.sawCancel.get(), "the abandoned sampling stops");
        assertTrue(System.nanoTime() - left >= TimeUnit.MILLISECONDS.toNanos(SharedWork.GRACE_MILLIS),
                "not before the grace period");
        // a later request starts it again
        Held again = new Held();
        again.release.countDown();
        assertSame(RESULT, WORK.await("abandoned", again, null));
        assertEquals(1, again.runs.get());
    }

    @Test
    void aFailureReachesEveryRequest() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        SharedWork.Work<SamplingResult, Void> failing = (monitor, partial) -> {
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new OperationCanceledException();
            }
            throw new IOException("fc1.act/chunk-000003.npy: truncated");
        };
        CompletableFuture<SamplingResult> first = request("failing", failing, null);
        Thread.sleep(100);
        CompletableFuture<SamplingResult> second = request("failing", failing, null);
        Thread.sleep(100);
        go.countDown();
        for (CompletableFuture<SamplingResult> f : java.util.List.of(first, second)) {
            Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getCause() instanceof IOException io && io.getMessage().contains("truncated"),
                    e.toString());
        }
    }

    @Test
    void everyRequestReceivesThePartialResultOnItsOwnThread() throws Exception {
        SharedWork<String, String> work = new SharedWork<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SharedWork.Work<String, String> pass = (monitor, partial) -> {
            runs.incrementAndGet();
            partial.accept("first picture");
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new OperationCanceledException();
            }
            return "summary";
        };
        java.util.List<CompletableFuture<String>> results = new java.util.ArrayList<>();
        java.util.List<AtomicReference<String>> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AtomicReference<String> got = new AtomicReference<>();
            seen.add(got);
            results.add(CompletableFuture.supplyAsync(() -> {
                Thread me = Thread.currentThread();
                try {
                    return work.await("partial", pass, null, p -> got.set(p + (Thread.currentThread() == me ? "" : " elsewhere")));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            Thread.sleep(300);
        }
        release.countDown();
        for (int i = 0; i < 2; i++) {
            assertEquals("summary", results.get(i).get(10, TimeUnit.SECONDS));
            assertEquals("first picture", seen.get(i).get(), "request " + i);
        }
        assertEquals(1, runs.get());
    }

    @Test
    void workStartedAheadIsJoinedByTheRequestThatComesForIt() throws Exception {
        Held held = new Held();
        WORK.start("ahead", null, held);
        assertTrue(held.started.await(10, TimeUnit.SECONDS));
        assertTrue(WORK.inFlight("ahead"));
        Thread.sleep(500); // well within the grace period
        CompletableFuture<SamplingResult> request = request("ahead", held, null);
        Thread.sleep(100);
        held.release.countDown();
        assertSame(RESULT, request.get(10, TimeUnit.SECONDS));
        assertEquals(1, held.runs.get(), "the request joined the work started ahead");
        assertFalse(held.sawCancel.get());
    }

    @Test
    void anAbandonedFlightIsCancelledAtOnceWhenItsGroupMovesOn() throws Exception {
        Held first = abandoned("range 0..50", "fc1"); // the next wheel notch supersedes the request
        long moved = System.nanoTime();
        Held next = new Held();
        next.release.countDown();
        assertSame(RESULT, WORK.await("range 10..40", "fc1", next, null, null));
        long end = System.currentTimeMillis() + 5_000;
        while (!first.sawCancel.get() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(first.sawCancel.get(), "the superseded range's sampling stops");
        assertTrue(System.nanoTime() - moved < TimeUnit.MILLISECONDS.toNanos(SharedWork.GRACE_MILLIS),
                "without waiting for the grace period");
    }

    @Test
    void anotherGroupOrTheSameKeyDoesNotCancelAnAbandonedFlight() throws Exception {
        Held held = abandoned("log click", "fc2");
        Held other = new Held();
        other.release.countDown();
        assertSame(RESULT, WORK.await("another tensor", "fc3", other, null, null));
        CompletableFuture<SamplingResult> again = request("log click", "fc2", held, null);
        Thread.sleep(200);
        held.release.countDown();
        assertSame(RESULT, again.get(10, TimeUnit.SECONDS));
        assertEquals(1, held.runs.get(), "the same key joined the flight in progress");
        assertFalse(held.sawCancel.get());
    }
}
