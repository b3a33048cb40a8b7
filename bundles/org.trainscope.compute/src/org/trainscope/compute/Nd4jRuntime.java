package org.trainscope.compute;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J once, on first use (it unpacks its natives, about 400 MB, into the JavaCPP cache
 * the first time). If the natives cannot load (an unsupported platform), {@link Kernels} keeps
 * working on the plain-Java path and {@link #failure()} says why.
 */
public final class Nd4jRuntime {
    private static volatile Boolean available;
    private static volatile Throwable failure;

    private Nd4jRuntime() {
    }

    /** True when ND4J and its native backend loaded. */
    public static boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            synchronized (Nd4jRuntime.class) {
                if (available == null) {
                    try {
                        Nd4j.getBackend();
                        Nd4j.scalar(1f);
                        available = Boolean.TRUE;
                    } catch (Throwable t) { // NOSONAR: a failed native load surfaces as an Error
                        failure = t;
                        available = Boolean.FALSE;
                    }
                }
                a = available;
            }
        }
        return a;
    }

    /** Why ND4J did not load, or null. */
    public static Throwable failure() {
        return failure;
    }

    static void require() {
        if (!isAvailable()) {
            throw new IllegalStateException("ND4J is not available: " + failure, failure);
        }
    }

    /** ND4J's version as packaged in this bundle, read from its Maven metadata. */
    public static String version() {
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The backend's name, e.g. CpuBackend, without loading it when it has not loaded yet. */
    public static String backendName() {
        return isAvailable() ? Nd4j.getBackend().getClass().getSimpleName() : "unavailable";
    }
}
