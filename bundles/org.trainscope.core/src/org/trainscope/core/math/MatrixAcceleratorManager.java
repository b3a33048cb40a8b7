package org.trainscope.core.math;

import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/**
 * The one manager of {@code org.trainscope.core.kernels}: the first contributed accelerator that
 * loads and says it is available, or none (then {@link Kernels} stays on plain Java). Outside
 * OSGi (plain unit tests, the benchmarks) there is no registry and so no accelerator.
 */
public final class MatrixAcceleratorManager extends ExtensionPointReader<LazyContribution<MatrixAccelerator>> {
    public static final String EXTENSION_POINT = "org.trainscope.core.kernels";
    private static final MatrixAcceleratorManager INSTANCE = new MatrixAcceleratorManager();
    private volatile Optional<MatrixAccelerator> chosen;

    private MatrixAcceleratorManager() {
        super(EXTENSION_POINT);
    }

    public static MatrixAcceleratorManager getInstance() {
        return INSTANCE;
    }

    /** The accelerator in use, decided once (loading one may unpack native libraries). */
    public Optional<MatrixAccelerator> accelerator() {
        Optional<MatrixAccelerator> current = chosen;
        if (current == null) {
            synchronized (this) {
                if (chosen == null) {
                    chosen = descriptors().stream()
                            .map(c -> c.call(a -> a.isAvailable() ? a : null))
                            .flatMap(Optional::stream).findFirst();
                }
                current = chosen;
            }
        }
        return current;
    }

    @Override
    protected LazyContribution<MatrixAccelerator> parse(IConfigurationElement element) {
        if (!"accelerator".equals(element.getName())) {
            return null;
        }
        String id = required(element, "id");
        required(element, "class");
        return new LazyContribution<>(element, "class", MatrixAccelerator.class, EXTENSION_POINT, id);
    }
}
