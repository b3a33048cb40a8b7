package org.trainscope.algorithms.clustering.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/** The one place the algorithms of this bundle ask whether to stop. */
public final class Cancellation {
    private Cancellation() {
    }

    /** Throws {@link OperationCanceledException} when {@code monitor} (may be null) asks to stop. */
    public static void check(IProgressMonitor monitor) {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
