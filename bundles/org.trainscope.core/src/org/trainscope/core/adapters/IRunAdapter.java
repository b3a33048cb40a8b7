package org.trainscope.core.adapters;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.model.Run;

/**
 * Reads one kind of training data (a trace folder, ONNX model, TensorBoard log, ...) into a
 * {@link Run}. Contributed to {@code org.trainscope.core.adapters}. Adapters only read: they open
 * files read-only and never write next to them.
 */
public interface IRunAdapter {

    /** Confidence that {@link #open} will succeed: 0 means "not mine", 100 "certainly mine". */
    int NOT_MINE = 0;
    int CERTAIN = 100;

    /**
     * Looks at {@code location} (a file or a folder) cheaply, reading at most a header, and says
     * how confident this adapter is that it can open it. Must not throw for foreign data.
     */
    int validate(Path location);

    /**
     * Opens the run. Reads no more than it needs to show the run; tensor data stays on disk.
     *
     * @throws IOException when the data is unreadable or malformed; the message names the file
     *         and what is wrong in it
     */
    Run open(Path location, IProgressMonitor monitor) throws IOException;
}
