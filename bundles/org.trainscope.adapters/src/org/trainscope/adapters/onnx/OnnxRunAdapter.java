package org.trainscope.adapters.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import org.trainscope.adapters.internal.onnx.OnnxDecoder;
import org.trainscope.adapters.internal.onnx.OnnxGraphs;
import org.trainscope.adapters.internal.onnx.OnnxModel;
import org.trainscope.adapters.internal.onnx.OnnxRuns;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.Run;

/**
 * An ONNX model as a run with one iteration: its graph in TrainScope's operator vocabulary
 * ({@code Conv} → {@code conv2d} with its padding, strides, ...; what has no equivalent is kept and
 * marked as not explainable, see {@link OnnxGraphs}), data flow by value name, constants as
 * parameter nodes, and its initializers as WEIGHT/BIAS tensors read from the file on demand. The model type is recognised from the graph. External data files are not read (a
 * warning names each such initializer).
 */
public final class OnnxRunAdapter implements IRunAdapter {
    /** Protobuf cannot address more; larger models keep their weights in external files. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE;
    private static final long HEAP_READ_BYTES = 64L << 20;

    @Override
    public int validate(Path location) {
        try {
            Path name = location.getFileName();
            if (name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx") || !Files.isRegularFile(location)) {
                return NOT_MINE;
            }
            try (InputStream in = Files.newInputStream(location)) {
                int first = in.read();
                // a ModelProto starts with a varint field (ir_version 1) or a string field, almost always tag 0x08
                return first == 0x08 || first == 0x12 || first == 0x1a || first == 0x3a ? 90 : NOT_MINE;
            }
        } catch (IOException | RuntimeException e) {
            return NOT_MINE;
        }
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        return OpenGuard.guard(location, () -> openChecked(location, SubMonitor.convert(monitor, "Reading " + location.getFileName(), 4)));
    }

    /**
     * Small models are read into the heap; large ones are mapped, since their initializers are only
     * skipped over. A mapping outlives the run until garbage collection (and blocks deleting the file
     * on Windows), so it is kept for the models that need it.
     */
    private static ByteBuffer contents(ReadOnlyFile file, long size) throws IOException {
        if (size > HEAP_READ_BYTES) {
            return file.channel().map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        file.readFully(bytes, 0);
        return bytes.flip();
    }

    private static Run openChecked(Path location, SubMonitor progress) throws IOException {
        if (!Files.isRegularFile(location)) {
            throw new MalformedDataException(location, Files.exists(location) ? "not a regular file" : "does not exist");
        }
        ReadOnlyFile file = ReadOnlyFile.open(location);
        try {
            long size = file.size();
            if (size > MAX_FILE_BYTES) {
                throw new MalformedDataException(location, size + " bytes: more than a protobuf message can hold");
            }
            ByteBuffer bytes = contents(file, size);
            progress.split(1);
            OnnxModel model = OnnxDecoder.decode(bytes, location);
            OnnxGraphs.Result graph = OnnxGraphs.build(model, bytes, location, progress.split(1));
            progress.split(1);
            List<String> warnings = new ArrayList<>();
            // an ONNX model names no model type: AdapterManager has ModelTypeManager recognise it from the graph
            BasicRun.Builder run = BasicRun.builder(String.valueOf(location.getFileName()), location)
                    .graph(graph.graph());
            OnnxRuns.addTensors(run, graph.parameters(), file, warnings);
            warnings.forEach(run::warning);
            return new ClosingRun(run, List.of(file));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
