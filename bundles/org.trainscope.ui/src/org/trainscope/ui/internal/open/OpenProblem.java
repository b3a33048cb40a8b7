package org.trainscope.ui.internal.open;

import java.nio.file.Path;

/**
 * A run that could not be opened (or a demo that could not be recorded), shown in the Runs view
 * until the user dismisses it or the location opens after all.
 *
 * @param location what was being opened (a file, a folder, the demo runs' folder)
 * @param summary one line for the tree: what failed, in short
 * @param message the whole explanation (which file, what is wrong, what to do), for the tooltip
 * @param error true for bad data or a failure; false when nothing is wrong but no adapter applies
 */
public record OpenProblem(Path location, String summary, String message, boolean error) {
}
