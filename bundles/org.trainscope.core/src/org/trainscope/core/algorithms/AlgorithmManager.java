package org.trainscope.core.algorithms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/** The one manager of {@code org.trainscope.core.algorithms}. */
public final class AlgorithmManager extends ExtensionPointReader<AlgorithmDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.core.algorithms";
    /** Element names (algorithm kinds) the schema declares. */
    public static final List<String> KINDS = List.of("sampler", "creditMethod", "clusterer", "biclusterer",
            "reorderer");
    private static final AlgorithmManager INSTANCE = new AlgorithmManager();

    private AlgorithmManager() {
        super(EXTENSION_POINT);
    }

    public static AlgorithmManager getInstance() {
        return INSTANCE;
    }

    public List<AlgorithmDescriptor> algorithms() {
        return descriptors();
    }

    /** Algorithms of one kind, in declaration order. */
    public List<AlgorithmDescriptor> algorithms(String kind) {
        return descriptors().stream().filter(d -> d.kind().equals(kind)).toList();
    }

    public Optional<AlgorithmDescriptor> algorithm(String id) {
        return descriptors().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    protected AlgorithmDescriptor parse(IConfigurationElement element) {
        if (!KINDS.contains(element.getName())) {
            return null;
        }
        String id = required(element, "id");
        required(element, "class");
        int version = Integer.parseInt(optional(element, "version", "1"));
        List<ParameterDescriptor> params = new ArrayList<>();
        for (IConfigurationElement p : element.getChildren("parameter")) {
            params.add(parseParameter(p));
        }
        LazyContribution<IAlgorithm<?, ?>> lazy = new LazyContribution(element, "class", IAlgorithm.class,
                EXTENSION_POINT, id);
        return new AlgorithmDescriptor(element.getName(), id, optional(element, "name", id),
                optional(element, "description", ""), version, params, lazy);
    }

    private static ParameterDescriptor parseParameter(IConfigurationElement p) {
        ParameterType type = ParameterType.fromExternalName(required(p, "type"));
        List<String> choices = Arrays.stream(optional(p, "choices", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        String min = p.getAttribute("min");
        String max = p.getAttribute("max");
        ParameterDescriptor unchecked = new ParameterDescriptor(required(p, "name"), p.getAttribute("label"), type,
                null, min == null ? null : Double.valueOf(min), max == null ? null : Double.valueOf(max), choices,
                p.getAttribute("description"));
        String def = p.getAttribute("default");
        Object defaultValue = def == null ? null : unchecked.parse(def);
        return new ParameterDescriptor(unchecked.name(), unchecked.label(), type, defaultValue, unchecked.min(),
                unchecked.max(), choices, unchecked.description());
    }
}
