package org.trainscope.ui.cnnvis;

import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/** The one manager of {@code org.trainscope.ui.facets}. */
public final class FacetManager extends ExtensionPointReader<FacetDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.ui.facets";
    private static final FacetManager INSTANCE = new FacetManager();

    private FacetManager() {
        super(EXTENSION_POINT);
    }

    public static FacetManager getInstance() {
        return INSTANCE;
    }

    /** All facets, in the order the registry lists them (the built-in two first within their bundle). */
    public List<FacetDescriptor> facets() {
        return descriptors();
    }

    public Optional<FacetDescriptor> facet(String id) {
        return descriptors().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    @Override
    protected FacetDescriptor parse(IConfigurationElement element) {
        if (!element.getName().equals("facet")) {
            return null;
        }
        String id = required(element, "id");
        String name = required(element, "name");
        required(element, "class");
        return new FacetDescriptor(id, name, optional(element, "description", ""),
                new LazyContribution<>(element, "class", IClusterFacet.class, EXTENSION_POINT, id));
    }
}
