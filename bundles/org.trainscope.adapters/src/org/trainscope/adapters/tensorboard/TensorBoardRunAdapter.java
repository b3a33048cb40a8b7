package org.trainscope.adapters.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.OpenGuard;
import org.trainscope.adapters.internal.tensorboard.EventDecoder;
import org.trainscope.adapters.internal.tensorboard.SummaryCollector;
import org.trainscope.adapters.internal.tensorboard.TfRecordReader;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * TensorBoard event files ({@code *.tfevents.*}): one file, or a log folder holding event files
 * directly and in its sub-folders (one level, TensorBoard's usual "one sub-folder per run" layout;
 * their tags get the sub-folder as prefix). Every record's CRCs are checked. Scalars and histograms
 * become metrics and tensors as {@link SummaryCollector} describes; the run has no network graph
 * beyond one node per histogram tensor.
 */
public final class TensorBoardRunAdapter implements IRunAdapter {
    static final String MARKER = ".tfevents.";
    static final int MAX_FILES = 1000;
    private static final int FOLDER_CONFIDENCE = 80;

    @Override
    public int validate(Path location) {
        try {
            if (Files.isDirectory(location)) {
                return !Files.exists(location.resolve("manifest.json")) && !eventFiles(location).isEmpty()
                        ? FOLDER_CONFIDENCE : NOT_MINE;
            }
            return isEventFile(location) && firstHeaderIntact(location) ? CERTAIN : NOT_MINE;
        } catch (IOException | RuntimeException e) {
            return NOT_MINE;
        }
    }

    private static boolean isEventFile(Path p) {
        return p.getFileName() != null && p.getFileName().toString().contains(MARKER);
    }

    /** An empty file is a log whose writer has not flushed yet, which is still ours. */
    private static boolean firstHeaderIntact(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && c.read(header) >= 0) {
                // fill the 12 header bytes or reach the end
            }
            if (header.position() == 0) {
                return true;
            }
            return header.position() == 12 && TfRecordReader.maskedCrc(header.array(), 0, 8) == header.getInt(8);
        }
    }

    private static List<Path> eventFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        collect(folder, files, true);
        files.sort(null);
        return files;
    }

    private static void collect(Path folder, List<Path> files, boolean descend) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                if (files.size() >= MAX_FILES) {
                    return;
                }
                if (Files.isRegularFile(p) && isEventFile(p)) {
                    files.add(p);
                } else if (descend && Files.isDirectory(p)) {
                    collect(p, files, false);
                }
            }
        }
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
        List<Path> files = folder ? eventFiles(location) : List.of(location);
        if (files.isEmpty()) {
            throw new MalformedDataException(location, "the folder holds no TensorBoard event files (*.tfevents.*)");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Reading TensorBoard events", files.size());
        SummaryCollector collector = new SummaryCollector();
        for (Path file : files) {
            progress.checkCanceled();
            Path parent = file.getParent();
            collector.setTagPrefix(folder && parent != null && !parent.equals(location)
                    ? location.relativize(parent).toString().replace('\\', '/') + "/" : "");
            read(file, collector, progress);
            progress.worked(1);
        }
        return build(location, collector, progress);
    }

    private static void read(Path file, SummaryCollector collector, SubMonitor progress) throws IOException {
        EventDecoder decoder = new EventDecoder(collector);
        try (TfRecordReader records = new TfRecordReader(file)) {
            ByteBuffer data;
            while ((data = records.next()) != null) {
                if ((records.recordNumber() & 1023) == 0) {
                    progress.checkCanceled();
                }
                try {
                    decoder.decode(data, file, records.recordOffset() + 12);
                } catch (MalformedDataException e) {
                    throw new MalformedDataException(file, e.offset(), "record " + records.recordNumber()
                            + " is not a valid Event: " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
                }
            }
            if (records.truncatedTail() != null) {
                collector.warn(records.truncatedTail());
            }
        }
    }

    private static Run build(Path location, SummaryCollector collector, IProgressMonitor monitor) {
        BasicRun.Builder run = BasicRun.builder(String.valueOf(location.getFileName()), location);
        NetworkGraph.Builder graph = NetworkGraph.builder();
        for (TensorSeries t : collector.tensors(monitor)) {
            graph.add(new Node(t.nodeId(), t.id(), NodeKind.OPERATOR, "histogram", "", null));
            run.tensor(t);
        }
        collector.metrics().forEach(run::metric);
        collector.warnings().forEach(run::warning);
        return run.graph(graph.build()).build();
    }
}
