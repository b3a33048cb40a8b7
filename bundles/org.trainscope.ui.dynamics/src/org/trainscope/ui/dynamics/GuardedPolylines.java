package org.trainscope.ui.dynamics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * A polyline source that stops reading once its computation is cancelled, and whose reads no
 * thread interrupt can reach.
 * <p>
 * Cancelled: every read checks the monitor first, and a read that fails after cancellation (the
 * run was closed under it, so its files are gone) ends the computation as cancelled rather than as
 * a fault of the sampler or of the view. A real read error of a live computation passes through.
 * <p>
 * Interrupts: the density pass stops its worker threads with {@code shutdownNow} when one of them
 * fails or sees the cancellation, which interrupts the others in the middle of a read. A
 * {@code FileChannel} read that is interrupted closes the channel, and a trace shares one channel
 * per chunk file among all readers, so one quick change of tensor used to make the whole tensor
 * unreadable ("ClosedChannelException") until the run was opened again. Reads therefore run on
 * reader threads of their own, which nobody interrupts; an interrupted caller waits for its read
 * to finish and keeps its interrupt.
 */
final class GuardedPolylines implements PolylineSource {
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "training-dynamics-reader");
        t.setDaemon(true);
        return t;
    });

    private final PolylineSource source;
    private final IProgressMonitor monitor;

    GuardedPolylines(PolylineSource source, IProgressMonitor monitor) {
        this.source = source;
        this.monitor = monitor;
    }

    @Override
    public int polylineCount() {
        return source.polylineCount();
    }

    @Override
    public int length() {
        return source.length();
    }

    @Override
    public void read(int first, int count, float[] out) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        try {
            readUninterruptibly(first, count, out);
        } catch (RuntimeException | Error e) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw e;
        }
    }

    private void readUninterruptibly(int first, int count, float[] out) {
        Future<?> read = READERS.submit(() -> source.read(first, count, out));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    read.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the read writes into the caller's array: let it finish
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
