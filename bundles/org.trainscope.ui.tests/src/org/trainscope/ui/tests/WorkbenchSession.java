package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.trainscope.core.runs.RunManager;

/**
 * The set-up every workbench test class shares, as a JUnit extension: before the class, the
 * workbench window at a known size and place, no run open, and every dialog ({@link DialogGuard})
 * and Error Log entry ({@link ErrorLogGuard}) watched; after each test (or only after the class,
 * for classes whose tests build on each other) the test fails if any appeared; after the class the
 * guards stop and every run is closed, and the perspective is reset when asked, so the next class
 * finds the workbench as it starts. A class's own {@code @AfterAll} runs before this one's.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WorkbenchSession session = WorkbenchSession.checkedAfterEachTest(1600, 1000).resettingPerspective();
 * }</pre>
 */
final class WorkbenchSession implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final int width;
    private final int height;
    private final boolean afterEachTest;
    private boolean resetPerspective;
    private IWorkbenchWindow window;
    private DialogGuard dialogs;
    private ErrorLogGuard errorLog;

    private WorkbenchSession(int width, int height, boolean afterEachTest) {
        this.width = width;
        this.height = height;
        this.afterEachTest = afterEachTest;
    }

    /** Dialogs and Error Log entries fail the test they appeared in. */
    static WorkbenchSession checkedAfterEachTest(int width, int height) {
        return new WorkbenchSession(width, height, true);
    }

    /** Dialogs and Error Log entries fail the class once, after its last test. */
    static WorkbenchSession checkedAtTheEnd(int width, int height) {
        return new WorkbenchSession(width, height, false);
    }

    /** Resets the perspective after the class (for classes that maximise or move views). */
    WorkbenchSession resettingPerspective() {
        resetPerspective = true;
        return this;
    }

    IWorkbenchWindow window() {
        return window;
    }

    Shell shell() {
        return window.getShell();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        Shell shell = window.getShell();
        shell.setSize(width, height);
        shell.setLocation(0, 0);
        RunManager.getInstance().closeAll();
        dialogs = new DialogGuard(shell.getDisplay(), shell);
        dialogs.start();
        errorLog = new ErrorLogGuard();
        errorLog.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (afterEachTest) {
            assertNothingAppeared();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (!afterEachTest) {
                assertNothingAppeared();
            }
        } finally {
            if (resetPerspective) {
                window.getActivePage().resetPerspective();
            }
            dialogs.stop();
            errorLog.stop();
            RunManager.getInstance().closeAll();
            UiWait.settle(200);
        }
    }

    private void assertNothingAppeared() {
        UiWait.settle(300);
        List<String> seen = dialogs.takeSeen();
        List<String> logged = errorLog.takeEntries();
        assertTrue(seen.isEmpty() && logged.isEmpty(), "dialogs: " + seen + "\nError Log entries: " + logged);
    }
}
