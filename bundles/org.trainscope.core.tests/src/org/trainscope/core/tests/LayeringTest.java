package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The build-time architecture check: no core-side bundle (trace, core, compute, algorithms.*,
 * adapters, recorders.*, cli) may resolve to SWT, JFace or the workbench, directly or through another
 * bundle. It looks at the real OSGi wiring, so an indirect dependency is caught too, and it
 * finds the core-side bundles among the modules of bundles/pom.xml, so a new one is checked
 * without editing this test. A second check keeps DL4J (the in-process trainer) out of every
 * core-side bundle that does not train networks.
 */
class LayeringTest {
    private static final List<String> FORBIDDEN_PREFIXES = List.of("org.eclipse.swt", "org.eclipse.jface",
            "org.eclipse.ui", "org.eclipse.e4.ui");

    static boolean isCoreSide(String symbolicName) {
        return symbolicName.equals("org.trainscope.trace") || symbolicName.equals("org.trainscope.core")
                || symbolicName.equals("org.trainscope.compute") || symbolicName.equals("org.trainscope.cli") || symbolicName.equals("org.trainscope.adapters")
                || symbolicName.startsWith("org.trainscope.algorithms.")
                || symbolicName.startsWith("org.trainscope.adapters.")
                || symbolicName.startsWith("org.trainscope.recorders.");
    }

    /** Core-side bundles among the modules of bundles/pom.xml (tests and perf harnesses excluded). */
    private static List<String> coreSideBundlesInSourceTree() throws IOException {
        Path bundlesPom = Path.of("").toAbsolutePath().getParent().resolve("pom.xml");
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(bundlesPom));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules.stream().filter(n -> !n.endsWith(".tests") && !n.endsWith(".perf"))
                .filter(LayeringTest::isCoreSide).sorted().toList();
    }

    @Test
    void coreSideBundlesNeverReachTheUi() throws IOException {
        List<String> expected = coreSideBundlesInSourceTree();
        assertTrue(expected.contains("org.trainscope.core"), "source tree not found from " + Path.of("").toAbsolutePath());
        Bundle[] installed = FrameworkUtil.getBundle(LayeringTest.class).getBundleContext().getBundles();
        List<String> violations = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getSymbolicName() != null && expected.contains(b.getSymbolicName())) {
                checked.add(b.getSymbolicName());
                violations.addAll(uiReachedFrom(b));
            }
        }
        assertEquals(expected, checked.stream().sorted().toList(),
                "every core-side bundle must be present in the test runtime to be checked "
                        + "(add it to Require-Bundle of org.trainscope.core.tests)");
        assertTrue(violations.isEmpty(), "core-side bundles depend on UI bundles:\n" + String.join("\n", violations));
    }

    /**
     * DL4J (hundreds of MB with its natives, and a trainer the analysis never runs) is carried by the
     * bundles whose Bundle-ClassPath holds its jars. A core-side bundle may reach one only if its
     * own sources use DL4J or the recorder built on it; otherwise it drags the in-process trainer
     * into every installation of the analysis (issue: the workbench must start without DL4J).
     */
    @Test
    void onlyBundlesThatTrainNetworksReachDl4j() throws IOException {
        Bundle[] installed = FrameworkUtil.getBundle(LayeringTest.class).getBundleContext().getBundles();
        Set<String> carriers = new HashSet<>();
        for (Bundle b : installed) {
            String classPath = b.getHeaders().get("Bundle-ClassPath");
            if (classPath != null && classPath.contains("deeplearning4j")) {
                carriers.add(b.getSymbolicName());
            }
        }
        assertEquals(Set.of("org.trainscope.compute"), carriers, "the bundles that carry DL4J's jars");
        List<String> expected = coreSideBundlesInSourceTree();
        List<String> violations = new ArrayList<>();
        for (Bundle b : installed) {
            String name = b.getSymbolicName();
            if (name == null || !expected.contains(name) || carriers.contains(name)) {
                continue;
            }
            Set<String> reached = reachable(b);
            reached.retainAll(carriers);
            if (!reached.isEmpty() && !sourcesUse(name, "org.deeplearning4j", "org.trainscope.recorders.dl4j")) {
                violations.add(name + " -> ... -> " + reached + " without using DL4J");
            }
        }
        assertTrue(violations.isEmpty(), "bundles require DL4J without needing it:\n" + String.join("\n", violations));
    }

    /**
     * The analysis feature installs and starts without the demo runs feature (the in-process
     * trainer with DL4J): no bundle it lists requires, other than optionally, a bundle that only
     * the demo runs feature brings.
     */
    @Test
    void theAnalysisFeatureNeedsNothingFromTheDemoRunsFeature() throws IOException {
        Path features = Path.of("").toAbsolutePath().getParent().getParent().resolve("features");
        List<String> analysis = pluginsOf(features.resolve("org.trainscope.feature/feature.xml"));
        List<String> demo = pluginsOf(features.resolve("org.trainscope.demo.feature/feature.xml"));
        assertTrue(demo.contains("org.trainscope.compute") && demo.contains("org.trainscope.recorders.dl4j"), demo.toString());
        List<String> violations = new ArrayList<>();
        for (String plugin : analysis) {
            Path manifest = Path.of("").toAbsolutePath().getParent().resolve(plugin).resolve("META-INF/MANIFEST.MF");
            if (!Files.exists(manifest)) {
                continue; // a third-party library of the target platform
            }
            for (String required : requiredBundles(Files.readString(manifest))) {
                if (demo.contains(required)) {
                    violations.add(plugin + " requires " + required);
                }
            }
        }
        assertTrue(violations.isEmpty(), "the analysis feature needs the demo runs feature:\n" + String.join("\n", violations));
    }

    private static List<String> pluginsOf(Path featureXml) throws IOException {
        Matcher m = Pattern.compile("<plugin\\s+id=\"([^\"]+)\"").matcher(Files.readString(featureXml));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Non-optional Require-Bundle entries of a manifest (continuation lines joined). */
    private static List<String> requiredBundles(String manifest) {
        String joined = manifest.replace("\r", "").replace("\n ", "");
        Matcher header = Pattern.compile("(?m)^Require-Bundle:\\s*(.*)$").matcher(joined);
        if (!header.find()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String entry : header.group(1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (!entry.contains("resolution:=optional")) {
                names.add(entry.split(";")[0].trim());
            }
        }
        return names;
    }

    /** Whether a bundle's own Java sources import one of the given packages (or their subpackages). */
    private static boolean sourcesUse(String bundle, String... packages) throws IOException {
        Path src = Path.of("").toAbsolutePath().getParent().resolve(bundle).resolve("src");
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    String text = Files.readString(f);
                    return Stream.of(packages).anyMatch(p -> text.contains("import " + p + "."));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void theCheckSeesIndirectDependencies() {
        // Sanity check of the walk itself: the core bundle reaches equinox.common through core.runtime.
        Bundle core = Stream.of(FrameworkUtil.getBundle(LayeringTest.class).getBundleContext().getBundles())
                .filter(b -> "org.trainscope.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertTrue(reachable(core).contains("org.eclipse.equinox.common"));
        assertFalse(isCoreSide("org.trainscope.ui"));
        assertTrue(isCoreSide("org.trainscope.adapters.onnx"));
    }

    private static List<String> uiReachedFrom(Bundle root) {
        List<String> violations = new ArrayList<>();
        for (String name : reachable(root)) {
            if (FORBIDDEN_PREFIXES.stream().anyMatch(name::startsWith)) {
                violations.add(root.getSymbolicName() + " -> ... -> " + name);
            }
        }
        return violations;
    }

    /** Symbolic names of all bundles reachable through required wires (bundles and packages). */
    private static Set<String> reachable(Bundle root) {
        Set<String> seen = new HashSet<>();
        Deque<BundleWiring> todo = new ArrayDeque<>();
        BundleWiring rootWiring = root.adapt(BundleWiring.class);
        assertNotNull(rootWiring, root.getSymbolicName() + " is not resolved");
        todo.add(rootWiring);
        while (!todo.isEmpty()) {
            BundleWiring w = todo.poll();
            for (BundleWire wire : w.getRequiredWires(null)) {
                BundleWiring provider = wire.getProviderWiring();
                String name = provider.getBundle().getSymbolicName();
                if (name != null && seen.add(name)) {
                    todo.add(provider);
                }
            }
        }
        seen.remove(root.getSymbolicName());
        return seen;
    }
}
