package org.trainscope.benchmarks.sampling;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares builds of the sampler in one JVM: each class directory given on the command line is
 * loaded by its own class loader, and 1% blue-noise samples of the same in-memory data (1,000,000 x
 * 100, {@link SyntheticData}) are taken from each build in turn, round after round.
 * <p>
 * Why: on this 2-vCPU virtual machine the speed drifts by 10-25% between JVM runs and even between
 * minutes, so "before" and "after" measured in separate runs cannot resolve changes of a few per
 * cent. Alternating in one process exposes both builds to the same drift. The medians and the
 * hash of each build's selection (they must agree: speed-ups must not change the sample) are
 * printed, with each build's result (radii, passes). Arguments: class directories;
 * {@code -Drounds=N} (default 7, after 2 uncounted), {@code -Dpolylines=N} (default 1,000,000).
 * The Eclipse jars the sampler needs (equinox.common, osgi) come from {@code -Dcommon.classpath}.
 * See releng/benchmarks/README-sampling.md.
 */
public final class AlternatingBuildsBenchmark {

    private AlternatingBuildsBenchmark() {
    }

    public static void main(String[] builds) throws Exception {
        int n = Integer.getInteger("polylines", 1_000_000);
        int length = 100;
        int rounds = Integer.getInteger("rounds", 7);
        SyntheticData data = new SyntheticData(n, length, n / 5000, 5, 42);
        float[] values = new float[n * length];
        data.fill(0, n, values);
        List<Candidate> candidates = new ArrayList<>();
        for (String build : builds) {
            candidates.add(new Candidate(build, values, n, length));
        }
        double[][] seconds = new double[builds.length][rounds];
        for (int round = -2; round < rounds; round++) {
            for (int b = 0; b < builds.length; b++) {
                long start = System.nanoTime();
                Object result = candidates.get(b).sample();
                if (round >= 0) {
                    seconds[b][round] = (System.nanoTime() - start) / 1e9;
                }
                if (round == rounds - 1) {
                    System.out.printf("%s: selection hash %08x, %s%n", builds[b],
                            Arrays.hashCode(candidates.get(b).selectionOrder(result)), result);
                }
            }
        }
        for (int b = 0; b < builds.length; b++) {
            double[] sorted = seconds[b].clone();
            Arrays.sort(sorted);
            System.out.printf("%s: median %.3f s, min %.3f s, max %.3f s over %d alternated rounds%n", builds[b],
                    sorted[rounds / 2], sorted[0], sorted[rounds - 1], rounds);
        }
    }

    /** One build's sampler, source and parameters, reached by reflection through its own loader. */
    private static final class Candidate {
        private final Object sampler;
        private final Object source;
        private final Object parameters;
        private final Method sample;
        private final Method selectionOrder;

        Candidate(String classDirectory, float[] values, int n, int length) throws Exception {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(classDirectory).toUri().toURL());
            for (String jar : System.getProperty("common.classpath", "").split(java.io.File.pathSeparator)) {
                if (!jar.isEmpty()) {
                    urls.add(Path.of(jar).toUri().toURL());
                }
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            String p = "org.trainscope.algorithms.sampling.";
            Class<?> sourceClass = loader.loadClass(p + "InMemoryPolylineSource");
            source = sourceClass.getConstructor(float[].class, int.class, int.class).newInstance(values, n, length);
            Class<?> parametersClass = loader.loadClass(p + "SamplingParameters");
            Object builder = parametersClass.getMethod("builder").invoke(null);
            builder.getClass().getMethod("sampleRate", double.class).invoke(builder, 0.01);
            builder.getClass().getMethod("seed", long.class).invoke(builder, 42L);
            parameters = builder.getClass().getMethod("build").invoke(builder);
            Class<?> samplerClass = loader.loadClass(p + "BlueNoisePolylineSampler");
            sampler = samplerClass.getConstructor().newInstance();
            sample = samplerClass.getMethod("sample", loader.loadClass(p + "PolylineSource"), parametersClass,
                    loader.loadClass("org.eclipse.core.runtime.IProgressMonitor"));
            selectionOrder = loader.loadClass(p + "SamplingResult").getMethod("selectionOrder");
        }

        /** @return the build's SamplingResult */
        Object sample() throws Exception {
            return sample.invoke(sampler, source, parameters, null);
        }

        int[] selectionOrder(Object result) throws Exception {
            return (int[]) selectionOrder.invoke(result);
        }
    }
}
