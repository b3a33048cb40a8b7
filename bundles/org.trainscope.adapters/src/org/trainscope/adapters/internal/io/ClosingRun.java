package org.trainscope.adapters.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

import org.trainscope.core.model.BasicRun;

/** A {@link BasicRun} whose tensors read from open files; closing the run closes them. */
public final class ClosingRun extends BasicRun {
    private final List<Closeable> resources;

    public ClosingRun(BasicRun.Builder builder, List<? extends Closeable> resources) {
        super(builder);
        this.resources = List.copyOf(resources);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Closeable c : resources) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
