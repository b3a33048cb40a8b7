package org.trainscope.ui.internal;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** The TrainScope application: starts the workbench (opening the runs named on the command line) and returns when it closes. */
public class Application implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        Display.setAppName("TrainScope");
        Display display = PlatformUI.createDisplay();
        try {
            Object args = context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
            String[] runs = args instanceof String[] a ? a : new String[0];
            int code = PlatformUI.createAndRunWorkbench(display, new TrainScopeWorkbenchAdvisor(runs));
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
