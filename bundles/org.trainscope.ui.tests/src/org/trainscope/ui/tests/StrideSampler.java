package org.trainscope.ui.tests;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;

/**
 * A sampler contributed by this test bundle (plugin.xml) with parameters the product's samplers
 * do not have: every {@code stride}-th polyline, from the first or ({@code fromEnd}) the last. The
 * view knows nothing of it; it must list it and offer its declared parameters.
 * <p>
 * A test can {@linkplain #holdNextExecution() hold} its next execution: it then waits, as a long
 * pass would, until it is cancelled through its monitor or released, so a test can act on a running
 * computation without racing it.
 */
public final class StrideSampler implements IAlgorithm<PolylineSource, SamplingResult> {
    public static final String ID = "org.trainscope.ui.tests.strideSampler";
    private static final AtomicReference<Hold> NEXT_HOLD = new AtomicReference<>();

    /** A held execution: {@link #entered} counts down once it runs and waits. */
    public static final class Hold {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean cancelled;

        public boolean hasEntered() {
            return entered.getCount() == 0;
        }

        /** Whether the held execution saw its monitor cancelled. */
        public boolean sawCancel() {
            return cancelled;
        }

        public void release() {
            released.countDown();
        }

        private void await(IProgressMonitor monitor) {
            entered.countDown();
            try {
                while (!released.await(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (monitor.isCanceled()) {
                        cancelled = true;
                        throw new OperationCanceledException();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCanceledException();
            }
        }
    }

    /** Holds the next execution of this sampler until it is cancelled or the hold released. */
    public static Hold holdNextExecution() {
        Hold hold = new Hold();
        NEXT_HOLD.set(hold);
        return hold;
    }

    @Override
    public Class<PolylineSource> inputType() {
        return PolylineSource.class;
    }

    @Override
    public Class<SamplingResult> resultType() {
        return SamplingResult.class;
    }

    @Override
    public SamplingResult execute(PolylineSource input, AlgorithmParameters p, IProgressMonitor monitor) {
        Hold hold = NEXT_HOLD.getAndSet(null);
        if (hold != null) {
            hold.await(monitor);
        }
        int n = input.polylineCount();
        int stride = p.getInt("stride");
        boolean fromEnd = p.getBoolean("fromEnd");
        int[] order = IntStream.range(0, n).filter(i -> i % stride == 0).limit(p.getInt("sampleCount"))
                .map(i -> fromEnd ? n - 1 - i : i).toArray();
        PolylineMetric metric = PolylineMetric.estimate(input,
                SamplingParameters.builder().sampleCount(Math.max(1, order.length)).seed(1).build());
        return SamplingResult.withoutRadius(ID, order, metric);
    }
}
