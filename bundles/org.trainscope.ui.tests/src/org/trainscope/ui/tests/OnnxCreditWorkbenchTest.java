package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.inputs.ImageOptions;
import org.trainscope.adapters.numpy.NumpyArrays;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.NetworkNode;
import org.trainscope.ui.credit.CreditView;
import org.trainscope.ui.internal.open.CommandLineRuns;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * Credit on a model without recorded activations, as a user gets it: a PyTorch CNN exported to
 * ONNX is opened, its classifier node selected in Runs, and explained in the Neuron Credit view on
 * the user's own inputs - an npy array, then a folder of PNG images resized to the input the
 * model declares. No dialog, no Error Log entry.
 */
class OnnxCreditWorkbenchTest {
    @TempDir
    Path dir;

    @Test
    void anOnnxModelsNeuronIsExplainedOnTheUsersArraysAndImages() throws Exception {
        Path models = dir.resolve("onnx");
        export(models);
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        DialogGuard dialogs = new DialogGuard(shell.getDisplay(), shell);
        ErrorLogGuard log = new ErrorLogGuard();
        dialogs.start();
        log.start();
        try {
            Path model = models.resolve("cnn-bn-avg.onnx");
            CommandLineRuns.open(new String[] {model.toString()});
            UiWait.until("the model to open", 60_000, () -> Job.getJobManager().find(RunOpenJob.FAMILY).length == 0);
            Run run = RunManager.getInstance().find(model).orElseThrow(() -> new AssertionError("not opened"));
            Node classifier = run.graph().node("/fc/Gemm").orElseThrow();
            assertEquals("dense", classifier.operatorType());

            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            CreditView view = (CreditView) page.showView(CreditView.ID);
            view.showSelection(new StructuredSelection(new NetworkNode(run, classifier)));
            assertTrue(view.statusText().contains("no recorded inputs"), view.statusText());

            view.useInputs(models.resolve("cnn-bn-avg.inputs.npy"), ImageOptions.SCALED);
            view.show(CreditTarget.ofNode(run, classifier.id(), 3));
            CreditGraph fromArray = waitForGraph(view, shell.getDisplay());
            assertEquals(classifier.id(), fromArray.target().layerId());
            assertTrue(fromArray.layerIds().contains("image"), fromArray.layerIds().toString());
            Screenshots.save(shell.getDisplay(), "onnx-credit-user-array");

            Path images = writePngs(models.resolve("cnn-bn-avg.inputs.npy"), dir.resolve("images"));
            view.useInputs(images, ImageOptions.SCALED);
            CreditGraph fromImages = waitForGraph(view, shell.getDisplay());
            assertTrue(fromImages != fromArray, "recomputed on the images");
            assertEquals(classifier.id(), fromImages.target().layerId());
            Screenshots.save(shell.getDisplay(), "onnx-credit-user-images");

            assertEquals(List.of(), dialogs.takeSeen());
            assertEquals(List.of(), log.takeEntries());
        } finally {
            RunManager.getInstance().closeAll();
            dialogs.stop();
            log.stop();
        }
    }

    private static CreditGraph waitForGraph(CreditView view, Display display) {
        CreditGraph before = view.currentGraph();
        CreditViewDriver.waitUntil(display, 60_000, () -> !view.busy() && view.currentGraph() != null && view.currentGraph() != before);
        assertNotNull(view.currentGraph(), view.statusText());
        UiWait.settle(500); // drawn, for the screenshot
        return view.currentGraph();
    }

    /** The test images as 8-bit grey PNGs, as a user would have them. */
    private static Path writePngs(Path npy, Path folder) throws IOException {
        Files.createDirectories(folder);
        FloatTensor array = NumpyArrays.readNpy(npy);
        int[] shape = array.shape();
        int h = shape[2];
        int w = shape[3];
        float[] values = array.data();
        for (int i = 0; i < shape[0]; i++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int grey = Math.round(Math.max(0, Math.min(1, values[(i * h + y) * w + x])) * 255);
                    image.getRaster().setSample(x, y, 0, grey);
                }
            }
            ImageIO.write(image, "png", folder.resolve(String.format("img%02d.png", i)).toFile());
        }
        return folder;
    }

    private static void export(Path out) throws IOException, InterruptedException {
        Path script = Path.of("../../recorders/python/tests/make_onnx_models.py").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0, "the ONNX export failed:\n" + output);
    }
}
