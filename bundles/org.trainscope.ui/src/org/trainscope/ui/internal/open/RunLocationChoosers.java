package org.trainscope.ui.internal.open;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.trainscope.ui.internal.preferences.Preferences;

/** Holds the chooser in force; the default one shows native dialogs and remembers the last folder. */
public final class RunLocationChoosers {
    private static final String LAST_FOLDER = "lastOpenFolder";
    private static volatile RunLocationChooser current = new NativeDialogs();

    private RunLocationChoosers() {
    }

    static RunLocationChooser current() {
        return current;
    }

    /** Replaces the chooser (tests); returns the previous one so it can be put back. */
    public static RunLocationChooser replace(RunLocationChooser chooser) {
        RunLocationChooser previous = current;
        current = chooser;
        return previous;
    }

    private static final class NativeDialogs implements RunLocationChooser {
        @Override
        public Optional<Path> chooseFile(Shell shell) {
            FileDialog dialog = new FileDialog(shell, SWT.OPEN);
            dialog.setText("Open Run");
            dialog.setFilterNames(new String[] { "All runs", "TrainScope trace manifest (manifest.json)",
                    "ONNX model (*.onnx)", "TensorBoard events (*.tfevents.*)", "NumPy arrays (*.npy, *.npz)",
                    "All files" });
            dialog.setFilterExtensions(new String[] { "*.json;*.onnx;*tfevents*;*.npy;*.npz", "manifest.json",
                    "*.onnx", "*tfevents*", "*.npy;*.npz", "*" });
            dialog.setFilterPath(Preferences.node().get(LAST_FOLDER, System.getProperty("user.home")));
            return remember(dialog.open());
        }

        @Override
        public Optional<Path> chooseFolder(Shell shell) {
            DirectoryDialog dialog = new DirectoryDialog(shell, SWT.OPEN);
            dialog.setText("Open Run Folder");
            dialog.setMessage("Choose a trace folder or a folder of TensorBoard event files.");
            dialog.setFilterPath(Preferences.node().get(LAST_FOLDER, System.getProperty("user.home")));
            return remember(dialog.open());
        }

        private static Optional<Path> remember(String chosen) {
            if (chosen == null) {
                return Optional.empty();
            }
            Path path = Path.of(chosen);
            Path folder = path.getParent() == null ? path : path.getParent();
            Preferences.node().put(LAST_FOLDER, folder.toString());
            return Optional.of(path);
        }
    }
}
