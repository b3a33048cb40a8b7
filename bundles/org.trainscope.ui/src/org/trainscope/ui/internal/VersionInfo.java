package org.trainscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.SWT;
import org.osgi.framework.Bundle;
import org.trainscope.compute.Nd4jRuntime;

/** Versions of what TrainScope runs on, for the About dialog and bug reports. */
public final class VersionInfo {
    /** One component and its version. */
    public record Component(String name, String version) {
    }

    private VersionInfo() {
    }

    public static List<Component> components() {
        List<Component> c = new ArrayList<>();
        c.add(new Component("TrainScope", bundleVersion("org.trainscope.ui")));
        c.add(new Component("Eclipse Platform (workbench)", bundleVersion("org.eclipse.ui.workbench")));
        c.add(new Component("SWT", bundleVersion("org.eclipse.swt") + " (" + SWT.getPlatform() + ")"));
        c.add(new Component("Equinox OSGi", bundleVersion("org.eclipse.osgi")));
        c.add(new Component("ND4J", Nd4jRuntime.version()));
        c.add(new Component("ELK (Eclipse Layout Kernel)", bundleVersion("org.eclipse.elk.core")));
        c.add(new Component("Draw2d", bundleVersion("org.eclipse.draw2d")));
        c.add(new Component("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ")"));
        c.add(new Component("Operating system", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch")));
        return c;
    }

    static String bundleVersion(String symbolicName) {
        Bundle b = Platform.getBundle(symbolicName);
        return b == null ? "not installed" : b.getVersion().toString();
    }
}
