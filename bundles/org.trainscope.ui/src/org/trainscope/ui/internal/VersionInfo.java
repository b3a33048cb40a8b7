package org.trainscope.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.SWT;
import org.osgi.framework.Bundle;

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
        c.add(new Component("ND4J", nd4jVersion()));
        c.add(new Component("ELK (Eclipse Layout Kernel)", bundleVersion("org.eclipse.elk.core")));
        c.add(new Component("Draw2d", bundleVersion("org.eclipse.draw2d")));
        c.add(new Component("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ")"));
        c.add(new Component("Operating system", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch")));
        return c;
    }

    /**
     * ND4J comes with the in-process trainer (the demo runs feature), which the analysis workbench
     * does not require; ask the bundle that carries it, if it is installed, without loading ND4J.
     */
    static String nd4jVersion() {
        Bundle compute = Platform.getBundle("org.trainscope.compute");
        if (compute == null) {
            return "not installed (the demo runs feature brings it)";
        }
        try {
            Class<?> nd4j = compute.loadClass("org.nd4j.linalg.factory.Nd4j");
            try (InputStream in = nd4j.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (ClassNotFoundException | IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String bundleVersion(String symbolicName) {
        Bundle b = Platform.getBundle(symbolicName);
        return b == null ? "not installed" : b.getVersion().toString();
    }
}
