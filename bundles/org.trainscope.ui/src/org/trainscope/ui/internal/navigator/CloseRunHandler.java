package org.trainscope.ui.internal.navigator;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;
import org.trainscope.core.runs.RunManager;

/** Closes the selected runs (releasing their files); the data on disk is untouched. */
public class CloseRunHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        SelectedRuns.of(HandlerUtil.getCurrentSelection(event)).forEach(RunManager.getInstance()::close);
        return null;
    }
}
