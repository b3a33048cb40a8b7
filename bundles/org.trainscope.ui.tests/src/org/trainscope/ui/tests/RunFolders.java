package org.trainscope.ui.tests;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Shell;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.internal.open.RunLocationChooser;
import org.trainscope.ui.internal.open.RunLocationChoosers;

/** Opens a trace folder as a user does, with File > Open Run Folder (the chooser answering with it). */
final class RunFolders {
    private RunFolders() {
    }

    static Run open(Shell shell, Path trace) {
        AtomicReference<Path> next = new AtomicReference<>(trace);
        RunLocationChooser previous = RunLocationChoosers.replace(new RunLocationChooser() {
            @Override
            public Optional<Path> chooseFile(Shell s) {
                return Optional.ofNullable(next.get());
            }

            @Override
            public Optional<Path> chooseFolder(Shell s) {
                return Optional.ofNullable(next.get());
            }
        });
        try {
            Menus.click(Menus.find(shell, "File", "Open Run Folder…").orElseThrow());
            UiWait.until(trace + " to open", 60_000, () -> RunManager.getInstance().find(trace).isPresent());
            return RunManager.getInstance().find(trace).orElseThrow();
        } finally {
            RunLocationChoosers.replace(previous);
        }
    }
}
