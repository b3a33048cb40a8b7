package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.Run;

/**
 * {@code trainscope-cli info}: what a run holds (network, tensors, metrics, recording status, the
 * first NaN/Inf), as text or JSON. One unreadable run does not stop the others; the exit code is
 * the worst of them.
 */
public final class InfoCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli info [--json] PATH...
                  Opens each run (trace folder, ONNX model, TensorBoard event file or folder, npy/npz) with
                  the adapter that reads it best and prints a summary: the network by layer groups in
                  data-flow order, the tensors, the metrics and the first iteration where one turns NaN/Inf.
                  A folder that no adapter reads but that holds traces lists them.
                  --json  one document {"runs": [...]}, one entry per PATH (fields in docs/cli.md)
                  Exit 2 when a PATH cannot be read (the message names it), 3 when a plug-in fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        CliArguments a = CliArguments.parse(args, "--json");
        List<String> paths = a.positional(1, Integer.MAX_VALUE, "at least one file or folder");
        boolean json = a.flag("--json");
        SubMonitor monitor = SubMonitor.convert(progress, "Reading " + paths.size() + " run(s)", paths.size());
        int worst = ExitCode.OK;
        List<Object> entries = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            try {
                Outcome outcome = infoOne(path, json, out, monitor.split(1));
                entries.add(outcome.json());
                worst = Math.max(worst, outcome.exitCode());
            } catch (CliException e) {
                // the other runs are still worth reading; the exit code keeps the worst outcome
                err.println("trainscope-cli info: " + e.getMessage());
                entries.add(RunFacts.failure(path, e));
                worst = Math.max(worst, e.exitCode());
            }
        }
        if (json) {
            CliJson.print(out, Map.of("runs", entries));
        }
        return worst;
    }

    /** What {@code info} found at one path: its JSON entry and its exit code. */
    private record Outcome(Object json, int exitCode) {
    }

    /** Prints the facts of one path as text (unless {@code json}) and returns its JSON entry. */
    private static Outcome infoOne(Path path, boolean json, PrintStream out, IProgressMonitor monitor)
            throws CliException {
        if (!Files.exists(path)) {
            throw CliException.badData(path + ": no such file or folder");
        }
        if (AdapterManager.getInstance().choose(path).best().isEmpty() && Files.isDirectory(path)) {
            List<Path> traces = tracesInFolder(path);
            if (!traces.isEmpty()) {
                List<TraceFacts.Listed> listed = TraceFacts.list(path, traces);
                if (!json) {
                    TraceFacts.print(path, listed, out);
                }
                // each unreadable trace is named in the listing, with why
                boolean allRead = listed.stream().allMatch(l -> l.problem() == null);
                return new Outcome(TraceFacts.json(path, listed), allRead ? ExitCode.OK : ExitCode.BAD_DATA);
            }
        }
        AdapterDescriptor adapter = CliRuns.adapterFor(path);
        Run run = CliRuns.open(adapter, path, monitor);
        try {
            if (!json) {
                RunFacts.print(run, adapter, out);
            }
            return new Outcome(RunFacts.json(path, run, adapter), ExitCode.OK);
        } finally {
            closeQuietly(run);
        }
    }

    private static void closeQuietly(Run run) {
        try {
            run.close();
        } catch (IOException e) {
            // the facts are out; a file that would not close is not worth failing the command for
        }
    }

    /** The traces below a folder no adapter reads (a GAN recorded as several traces); empty otherwise. */
    private static List<Path> tracesInFolder(Path path) {
        try {
            return TraceFacts.tracesIn(path);
        } catch (IOException e) {
            return List.of();
        }
    }
}
