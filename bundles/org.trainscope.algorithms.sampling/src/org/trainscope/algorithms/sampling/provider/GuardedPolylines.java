package org.trainscope.algorithms.sampling.provider;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.trace.RecordTileVisitor;

/**
 * A polyline source that stops reading once its computation is cancelled: every read checks the
 * monitor first, and a read that fails after cancellation (the run was closed under it, so its
 * files are gone) ends the computation as cancelled rather than as a fault of the sampler or of
 * the view. A real read error of a live computation passes through.
 * <p>
 * Thread interrupts need no guard here: the density pass never interrupts its workers, and the
 * trace reader replaces a channel that an interrupted read closed (ChannelCache).
 */
final class GuardedPolylines implements PolylineSource {
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
            source.read(first, count, out);
        } catch (RuntimeException | Error e) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return source.name();
    }

    /** The wrapped source's scan (record tiles as stored), checking the monitor before each tile. */
    @Override
    public void scanTiles(int fromPoint, int toPoint, RecordTileVisitor visitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        try {
            source.scanTiles(fromPoint, toPoint, (first, count, firstRecord, records, values, stride) -> {
                if (monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                visitor.visit(first, count, firstRecord, records, values, stride);
            });
        } catch (RuntimeException | Error e) {
            if (monitor.isCanceled() && !(e instanceof OperationCanceledException)) {
                throw new OperationCanceledException();
            }
            throw e;
        }
    }
}
