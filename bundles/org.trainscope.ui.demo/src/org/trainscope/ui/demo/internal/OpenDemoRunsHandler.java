package org.trainscope.ui.demo.internal;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.trainscope.recorders.dl4j.demo.DemoKind;

/** File > Open Demo Runs: records the demo runs on first use, then opens them. */
public class OpenDemoRunsHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        new DemoRunsJob(DemoRunsJob.defaultDirectory(), DemoRunsJob.defaultSize(), List.of(DemoKind.values()))
                .schedule();
        return null;
    }
}
