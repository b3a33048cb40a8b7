package org.trainscope.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.SummaryPart;
import org.trainscope.trace.OutputFiles;

/**
 * Writes a tensor summary where the desktop looks for it first: in the cache folder beside the
 * trace ({@code <parent>/<trace name>.trainscope-cache/}, never inside the trace), as the entry
 * {@link SummaryCache#entryFiles(String, SummaryPart)} makes (of the merged part of all neurons), keyed by the trace folder's name and its manifest's hash
 * (so the desktop finds it whatever path it mounts the trace at). Through Hadoop's file system, each
 * file written beside its place and renamed in, the JSON last: a job that dies leaves no entry the
 * desktop would read.
 */
final class TraceSummaryWriter {
    private TraceSummaryWriter() {
    }

    /**
     * Writes the summary of tensor {@code tensorId} of the run whose top trace is {@code traceUri} (a
     * tensor of a related trace is keyed by the top trace, as the desktop keys it); returns the
     * entry's JSON file.
     */
    static String write(String traceUri, String tensorId, SummaryPart summary) throws IOException {
        Path trace = new Path(traceUri);
        FileSystem fs = TensorData.fileSystem(traceUri);
        byte[] manifest;
        try (InputStream in = fs.open(new Path(trace, "manifest.json"))) {
            manifest = in.readAllBytes();
        }
        String key = SummaryCache.key(SummaryCache.identity(trace.getName(), manifest), tensorId,
                summary.tensorNeurons(), summary.recordCount());
        Path folder = new Path(trace.getParent(), SummaryCache.folderBeside(trace.getName()));
        Map<String, byte[]> files = SummaryCache.entryFiles(key, summary);
        if (fs instanceof RawLocalFileSystem) {
            // Hadoop's local create and rename set permissions file by file: the desktop's own writer is faster
            return writeLocal(HadoopTraces.label(folder), files);
        }
        if (!fs.mkdirs(folder)) {
            throw new IOException("cannot create " + HadoopTraces.label(folder));
        }
        Path last = null;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            last = new Path(folder, file.getKey());
            Path partial = new Path(folder, "." + file.getKey() + "." + UUID.randomUUID() + ".part");
            try {
                try (FSDataOutputStream out = fs.create(partial, true)) {
                    out.write(file.getValue());
                }
                // HDFS's rename does not replace an existing file
                fs.delete(last, false);
                if (!fs.rename(partial, last)) {
                    throw new IOException("cannot move " + HadoopTraces.label(partial) + " to " + HadoopTraces.label(last));
                }
            } finally {
                fs.delete(partial, false);
            }
        }
        return HadoopTraces.label(last).toString();
    }

    private static String writeLocal(java.nio.file.Path folder, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(folder);
        java.nio.file.Path last = null;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            last = folder.resolve(file.getKey());
            byte[] content = file.getValue();
            OutputFiles.write(last, partial -> Files.write(partial, content));
        }
        return last.toString();
    }
}
