package org.trainscope.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.InvalidRegistryObjectException;
import org.eclipse.core.runtime.Platform;

/**
 * Reads one extension point once into descriptors. A malformed element (an attribute missing
 * that the schema requires) is reported and skipped; the rest are kept. Subclasses say how an
 * element becomes a descriptor. One reader per extension point, as in Trace Compass's managers.
 *
 * @param <D> descriptor type
 */
public abstract class ExtensionPointReader<D> {
    private final String extensionPointId;
    private volatile List<D> descriptors;

    protected ExtensionPointReader(String extensionPointId) {
        this.extensionPointId = extensionPointId;
    }

    public final String extensionPointId() {
        return extensionPointId;
    }

    /** All descriptors, read on first call. */
    protected final List<D> descriptors() {
        List<D> current = descriptors;
        if (current == null) {
            synchronized (this) {
                if (descriptors == null) {
                    descriptors = Collections.unmodifiableList(read());
                }
                current = descriptors;
            }
        }
        return current;
    }

    private List<D> read() {
        IExtensionRegistry registry = Platform.getExtensionRegistry();
        List<D> result = new ArrayList<>();
        if (registry == null) {
            return result;
        }
        for (IConfigurationElement element : registry.getConfigurationElementsFor(extensionPointId)) {
            try {
                D descriptor = parse(element);
                if (descriptor != null) {
                    result.add(descriptor);
                }
            } catch (IllegalArgumentException | InvalidRegistryObjectException e) {
                ContributionProblems.getDefault().report(new ContributionProblem(extensionPointId,
                        element.getContributor().getName(), idOf(element), "is malformed: " + e.getMessage(), null));
            }
        }
        return result;
    }

    /** Turns one element into a descriptor, or returns null to ignore it silently. */
    protected abstract D parse(IConfigurationElement element);

    /** The element's required attribute; throws IllegalArgumentException naming it when absent. */
    protected static String required(IConfigurationElement element, String attribute) {
        String value = element.getAttribute(attribute);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("element <" + element.getName() + "> has no '" + attribute
                    + "' attribute");
        }
        return value.trim();
    }

    protected static String optional(IConfigurationElement element, String attribute, String fallback) {
        String value = element.getAttribute(attribute);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    protected static String idOf(IConfigurationElement element) {
        String id = element.getAttribute("id");
        return id == null ? element.getName() : id;
    }
}
