package org.trainscope.core.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.trace.RecordTileVisitor;

/**
 * One sequential pass over a tensor, many consumers: every tile of
 * {@link TensorSeries#scanRecordTiles} goes to each visitor in the order they were added, so
 * summaries, candidate collection for sampling and any other per-neuron reduction share one read of
 * the data. Progress is reported per strip of neurons (one unit per neuron); cancellation is checked
 * between strips, never inside a read, so a cancelled pass leaves the trace's channels open.
 */
public final class TilePass {
    private final List<RecordTileVisitor> visitors = new ArrayList<>();

    /** Adds a consumer; it sees every tile after those added before it. */
    public TilePass add(RecordTileVisitor visitor) {
        visitors.add(visitor);
        return this;
    }

    /**
     * Scans records {@code [fromRecord, toRecord)} of {@code series} once.
     *
     * @param monitor progress (one unit per neuron: call {@code beginTask} with
     *                {@link TensorSeries#neuronCount()} or convert it) and cancellation; null for none
     * @throws OperationCanceledException when the monitor is cancelled (checked at each new strip)
     */
    public void run(TensorSeries series, int fromRecord, int toRecord, IProgressMonitor monitor) throws IOException {
        RecordTileVisitor[] all = visitors.toArray(RecordTileVisitor[]::new);
        int[] strip = { -1, 0 }; // first neuron and width of the strip being scanned
        series.scanRecordTiles(fromRecord, toRecord, (firstNeuron, neuronCount, firstRecord, recordCount, values, stride) -> {
            if (firstNeuron != strip[0]) {
                if (monitor != null) {
                    if (monitor.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    monitor.worked(strip[1]);
                }
                strip[0] = firstNeuron;
                strip[1] = neuronCount;
            }
            for (RecordTileVisitor v : all) {
                v.visit(firstNeuron, neuronCount, firstRecord, recordCount, values, stride);
            }
        });
        if (monitor != null) {
            monitor.worked(strip[1]);
        }
    }
}
