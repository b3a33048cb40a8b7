package org.trainscope.core.modeltypes;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/** The one manager of {@code org.trainscope.core.modelTypes}. */
public final class ModelTypeManager extends ExtensionPointReader<ModelTypeDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.core.modelTypes";
    private static final ModelTypeManager INSTANCE = new ModelTypeManager();

    private ModelTypeManager() {
        super(EXTENSION_POINT);
    }

    public static ModelTypeManager getInstance() {
        return INSTANCE;
    }

    public List<ModelTypeDescriptor> modelTypes() {
        return descriptors();
    }

    public Optional<ModelTypeDescriptor> modelType(String id) {
        return descriptors().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * A model type with the confidence one piece of evidence gives it.
     *
     * @param evidence what the confidence rests on, for people ("its recogniser", "the data declares it")
     */
    public record Recognition(ModelTypeDescriptor modelType, int confidence, String evidence) {
    }

    /**
     * The model type whose recogniser is most confident about {@code graph}: built-in and
     * contributed recognisers alike; a tie goes to the type contributed first.
     */
    public Optional<ModelTypeDescriptor> recognize(NetworkGraph graph) {
        return best(graph, "").map(Recognition::modelType);
    }

    /**
     * The model type of an opened run: every recogniser reads its graph, and what the run's
     * source declares ({@link Run#modelTypeId()} as the adapter read it, e.g. a trace manifest's
     * word) competes as one more recogniser with {@link DeclaredModelType#CONFIDENCE}. The most
     * confident wins; on a tie the graph's recogniser wins over the declared word. Empty when
     * nothing recognises the run.
     */
    public Optional<Recognition> recognize(Run run) {
        return best(run.graph(), DeclaredModelType.of(run));
    }

    private Optional<Recognition> best(NetworkGraph graph, String declaredId) {
        Recognition best = null;
        for (ModelTypeDescriptor d : descriptors()) {
            int c = d.recognize(graph);
            if (c > 0 && (best == null || c > best.confidence())) {
                best = new Recognition(d, c, "its recogniser");
            }
        }
        Optional<Recognition> declared = DeclaredModelType.vote(this, declaredId);
        if (declared.isPresent() && (best == null || declared.get().confidence() > best.confidence())) {
            best = declared.get();
        }
        return Optional.ofNullable(best);
    }

    @Override
    protected ModelTypeDescriptor parse(IConfigurationElement element) {
        if (!"modelType".equals(element.getName())) {
            return null;
        }
        String id = required(element, "id");
        Set<NodeKind> kinds = EnumSet.noneOf(NodeKind.class);
        for (String k : optional(element, "nodeKinds", "operator,parameter").split(",")) {
            if (!k.isBlank()) {
                kinds.add(NodeKind.fromExternalName(k.trim()));
            }
        }
        List<String> groups = new ArrayList<>();
        for (IConfigurationElement g : element.getChildren("layerGroup")) {
            groups.add(required(g, "name"));
        }
        String color = optional(element, "color", "#607d8b");
        if (!color.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("color '" + color + "' is not of the form #rrggbb");
        }
        LazyContribution<IModelTypeRecognizer> recognizer = element.getAttribute("recognizer") == null ? null
                : new LazyContribution<>(element, "recognizer", IModelTypeRecognizer.class, EXTENSION_POINT, id);
        return new ModelTypeDescriptor(id, optional(element, "name", id), optional(element, "description", ""), kinds,
                groups, color, optional(element, "icon", ""), element.getContributor().getName(), recognizer);
    }
}
