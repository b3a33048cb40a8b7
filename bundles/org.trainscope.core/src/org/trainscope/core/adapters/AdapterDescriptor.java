package org.trainscope.core.adapters;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.model.Run;
import org.trainscope.core.registry.LazyContribution;

/** One contribution to {@code org.trainscope.core.adapters}, its class created on first use. */
public final class AdapterDescriptor {
    private final String id;
    private final String name;
    private final List<String> filePatterns;
    private final boolean acceptsFolders;
    private final LazyContribution<IRunAdapter> adapter;
    private final List<PathMatcher> matchers;

    AdapterDescriptor(String id, String name, List<String> filePatterns, boolean acceptsFolders,
            LazyContribution<IRunAdapter> adapter) {
        this.id = id;
        this.name = name;
        this.filePatterns = List.copyOf(filePatterns);
        this.acceptsFolders = acceptsFolders;
        this.adapter = adapter;
        this.matchers = filePatterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Glob patterns of file names this adapter reads, e.g. {@code *.onnx}; empty means any. */
    public List<String> filePatterns() {
        return filePatterns;
    }

    public boolean acceptsFolders() {
        return acceptsFolders;
    }

    /** True when the declared patterns allow this location, before any class is loaded. */
    public boolean mayAccept(Path location) {
        if (Files.isDirectory(location)) {
            return acceptsFolders;
        }
        Path fileName = location.getFileName();
        return matchers.isEmpty() || (fileName != null && matchers.stream().anyMatch(m -> m.matches(fileName)));
    }

    /** The adapter's confidence, or 0 when it is broken or throws (which is reported). */
    public int validate(Path location) {
        if (!mayAccept(location)) {
            return IRunAdapter.NOT_MINE;
        }
        return adapter.call(a -> a.validate(location)).map(c -> Math.max(0, Math.min(100, c))).orElse(0);
    }

    /**
     * Opens the run with this adapter. Its model type is then recognised by
     * {@link org.trainscope.core.modeltypes.ModelTypeManager#recognize(Run)}, whatever the adapter
     * declared: the returned run answers that type and forwards everything else to the adapter's run.
     *
     * @throws IOException for unreadable data, as the adapter reported it
     * @throws AdapterFailureException when the adapter itself is broken (reported as a contribution problem)
     */
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        Optional<Run> outcome = adapter.call(a -> a.open(location, monitor), IOException.class);
        if (outcome.isPresent()) {
            return RecognizedRun.of(outcome.get());
        }
        throw new AdapterFailureException("The adapter '" + name + "' (" + id + ") failed while opening " + location
                + "; see the Error Log for its stack trace.");
    }

    /** The adapter instance, if it could be created; for tests and diagnostics. */
    public Optional<IRunAdapter> instance() {
        return adapter.get();
    }

    @Override
    public String toString() {
        return "Adapter[" + id + "]";
    }
}
