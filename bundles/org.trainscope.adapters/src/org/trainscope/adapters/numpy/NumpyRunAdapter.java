package org.trainscope.adapters.numpy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.ClosingRun;
import org.trainscope.adapters.internal.io.OpenGuard;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.numpy.NpyFiles;
import org.trainscope.adapters.internal.io.UniqueNames;
import org.trainscope.adapters.internal.numpy.NpzArchives;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * Loose NumPy arrays as the tensors of an ad-hoc run: one {@code .npy} file, one {@code .npz}
 * archive, or a folder of them. Each array becomes a tensor series named after its file or entry;
 * an array of rank 2 or more is a stack of records along its first axis (see
 * {@link org.trainscope.adapters.internal.numpy.ArrayLayout}). {@code .npy} data stays on disk;
 * {@code .npz} entries are inflated into memory within budgets shared by the whole run. The graph has one node per
 * array and no edges: loose arrays say nothing about how they connect.
 */
public final class NumpyRunAdapter implements IRunAdapter {
    /** Most arrays taken from one folder. */
    static final int MAX_FOLDER_FILES = 1000;
    private static final int NPZ_CONFIDENCE = 90;
    private static final int FOLDER_CONFIDENCE = 60;

    @Override
    public int validate(Path location) {
        try {
            if (Files.isDirectory(location)) {
                return !Files.exists(location.resolve("manifest.json")) && !arrayFiles(location).isEmpty()
                        ? FOLDER_CONFIDENCE : NOT_MINE;
            }
            byte[] head = head(location, 6);
            if (isNpy(location) && head.length == 6 && head[0] == (byte) 0x93 && head[1] == 'N') {
                return CERTAIN;
            }
            if (isNpz(location) && head.length >= 4 && head[0] == 'P' && head[1] == 'K') {
                return NPZ_CONFIDENCE;
            }
            return NOT_MINE;
        } catch (IOException | RuntimeException e) {
            return NOT_MINE;
        }
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static boolean isNpy(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static boolean isNpz(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
    }

    private static List<Path> arrayFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                if ((isNpy(p) || isNpz(p)) && Files.isRegularFile(p)) {
                    files.add(p);
                    if (files.size() >= MAX_FOLDER_FILES) {
                        break;
                    }
                }
            }
        }
        files.sort(null);
        return files;
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        return OpenGuard.guard(location, () -> openChecked(location, monitor));
    }

    private Run openChecked(Path location, IProgressMonitor monitor) throws IOException {
        boolean folder = Files.isDirectory(location);
        if (!folder && !Files.isRegularFile(location)) {
            throw new MalformedDataException(location, Files.exists(location) ? "not a regular file" : "does not exist");
        }
        List<Path> files = folder ? arrayFiles(location) : List.of(location);
        if (files.isEmpty()) {
            throw new MalformedDataException(location, "the folder holds no .npy or .npz files");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Reading arrays", files.size());
        List<Closeable> open = new ArrayList<>();
        List<TensorSeries> tensors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        UniqueNames ids = new UniqueNames();
        NpzArchives.Budget budget = new NpzArchives.Budget();
        try {
            for (Path file : files) {
                progress.checkCanceled();
                try {
                    readInto(file, open, tensors, warnings, ids, budget, progress);
                } catch (IOException e) {
                    if (!folder) {
                        throw e;
                    }
                    warnings.add(e.getMessage() + " (skipped)");
                }
                progress.worked(1);
            }
            if (tensors.isEmpty()) {
                throw new MalformedDataException(location, "no readable arrays: " + String.join("; ", warnings));
            }
            return build(location, tensors, warnings, open);
        } catch (IOException | RuntimeException e) {
            closeQuietly(open);
            throw e;
        }
    }

    /** Ids are unique over the run ({@code ids}); npz values are charged to the run's {@code budget}. */
    private static void readInto(Path file, List<Closeable> open, List<TensorSeries> tensors, List<String> warnings,
            UniqueNames ids, NpzArchives.Budget budget, IProgressMonitor monitor) throws IOException {
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.np[yz]$", "");
        if (isNpz(file)) {
            for (TensorSeries t : NpzArchives.read(file, warnings, budget, monitor)) {
                tensors.add(ids.tryClaim(t.id()) ? t : new RenamedTensorSeries(t, ids.claim(stem + "/" + t.id())));
            }
            return;
        }
        ReadOnlyFile f = ReadOnlyFile.open(file);
        try {
            tensors.add(NpyFiles.open(f, ids.claim(stem)));
            open.add(f);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static Run build(Path location, List<TensorSeries> tensors, List<String> warnings, List<Closeable> open) {
        NetworkGraph.Builder graph = NetworkGraph.builder();
        BasicRun.Builder run = BasicRun.builder(String.valueOf(location.getFileName()), location);
        for (TensorSeries t : tensors) {
            graph.add(new Node(t.nodeId(), t.id(), NodeKind.OPERATOR, "array", "", null));
            run.tensor(t);
        }
        warnings.forEach(run::warning);
        return new ClosingRun(run.graph(graph.build()), open);
    }

    private static void closeQuietly(List<Closeable> open) {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException e) {
                // already failing; the first error is the one to report
            }
        }
    }
}
