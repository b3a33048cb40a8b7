package org.trainscope.core.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.model.Run;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/**
 * The one manager of {@code org.trainscope.core.adapters}: knows the adapters, asks them how
 * confident they are about a location, and opens it with the most confident one.
 */
public final class AdapterManager extends ExtensionPointReader<AdapterDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.core.adapters";
    private static final String ELEMENT = "adapter";
    private static final AdapterManager INSTANCE = new AdapterManager();

    private AdapterManager() {
        super(EXTENSION_POINT);
    }

    public static AdapterManager getInstance() {
        return INSTANCE;
    }

    public List<AdapterDescriptor> adapters() {
        return descriptors();
    }

    public Optional<AdapterDescriptor> adapter(String id) {
        return descriptors().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Asks every adapter about {@code location}; ties go to the adapter declared first. */
    public AdapterChoice choose(Path location) {
        List<AdapterChoice.Answer> answers = new ArrayList<>();
        for (AdapterDescriptor d : descriptors()) {
            answers.add(new AdapterChoice.Answer(d, d.validate(location)));
        }
        answers.sort(Comparator.comparingInt(AdapterChoice.Answer::confidence).reversed());
        return new AdapterChoice(location, answers);
    }

    /**
     * Opens {@code location} with the most confident adapter.
     *
     * @throws NoAdapterException when no adapter claims it
     * @throws IOException when the chosen adapter finds the data unreadable
     */
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        if (!Files.exists(location)) {
            throw new java.nio.file.NoSuchFileException(location.toString(), null, "does not exist");
        }
        AdapterChoice choice = choose(location);
        AdapterDescriptor best = choice.best().orElseThrow(() -> new NoAdapterException(choice));
        return best.open(location, monitor);
    }

    @Override
    protected AdapterDescriptor parse(IConfigurationElement element) {
        if (!ELEMENT.equals(element.getName())) {
            return null;
        }
        String id = required(element, "id");
        String name = optional(element, "name", id);
        required(element, "class");
        List<String> patterns = new ArrayList<>();
        for (String p : optional(element, "filePatterns", "").split(",")) {
            if (!p.isBlank()) {
                patterns.add(p.trim());
            }
        }
        boolean folders = Boolean.parseBoolean(optional(element, "folders", "false"));
        return new AdapterDescriptor(id, name, patterns, folders,
                new LazyContribution<>(element, "class", IRunAdapter.class, EXTENSION_POINT, id));
    }
}
