package org.trainscope.ui.cnnvis;

import java.util.Optional;

import org.trainscope.core.registry.LazyContribution;

/** One contribution to {@code org.trainscope.ui.facets}; the class is created on first use. */
public final class FacetDescriptor {
    private final String id;
    private final String name;
    private final String description;
    private final LazyContribution<IClusterFacet> facet;

    FacetDescriptor(String id, String name, String description, LazyContribution<IClusterFacet> facet) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.facet = facet;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The facet, or empty when its class cannot be created (reported once by the registry). */
    public Optional<IClusterFacet> facet() {
        return facet.get();
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
