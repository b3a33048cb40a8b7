package org.trainscope.ui.internal.open;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.swt.widgets.Shell;

/**
 * Asks the user where a run is. The workbench uses native file dialogs; UI tests put in a
 * chooser that answers without a dialog, since native dialogs cannot be driven by a test.
 */
public interface RunLocationChooser {

    /** A run file (trace manifest, ONNX model, event file, array), or empty when cancelled. */
    Optional<Path> chooseFile(Shell shell);

    /** A run folder (a trace directory, a folder of event files), or empty when cancelled. */
    Optional<Path> chooseFolder(Shell shell);

    /** The chooser in force; the native dialogs unless a test replaced them. */
    static RunLocationChooser current() {
        return RunLocationChoosers.current();
    }
}
