package org.trainscope.ui.internal.open;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Open Run…: a file, opened by the most confident adapter. */
public class OpenRunHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        RunLocationChooser.current().chooseFile(HandlerUtil.getActiveShell(event))
                .ifPresent(path -> RunOpenFeedback.schedule(new RunOpenJob(path)));
        return null;
    }
}
