package org.trainscope.ui.internal.open;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Open Run Folder…: a trace folder or a folder of event files. */
public class OpenRunFolderHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        RunLocationChooser.current().chooseFolder(HandlerUtil.getActiveShell(event))
                .ifPresent(path -> RunOpenFeedback.schedule(new RunOpenJob(path)));
        return null;
    }
}
