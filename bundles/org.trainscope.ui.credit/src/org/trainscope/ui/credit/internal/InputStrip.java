package org.trainscope.ui.credit.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.ui.ProbeImageLayout;

/**
 * The probe inputs ranked by how much they drive the neuron, beside the graph: per input its
 * image and, for forward credit, the relevance heatmap over it (DGMTracker found its bad training
 * image this way). Images for batches that read as pictures ({@link ProbeImageLayout}).
 */
public final class InputStrip {
    private static final int SHOWN = 8;
    private static final int PIXELS = 72;
    private final ScrolledComposite scroller;
    private final Composite content;
    private final List<Image> images = new ArrayList<>();

    public InputStrip(Composite parent) {
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        content = new Composite(scroller, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(4, 4).applyTo(content);
        scroller.setContent(content);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        scroller.addListener(SWT.Dispose, e -> disposeImages());
    }

    public Control control() {
        return scroller;
    }

    public void show(CreditComputation.Outcome outcome) {
        clear();
        CreditResult r = outcome.result();
        FloatTensor x = outcome.inputs();
        // the same reading of a batch as pictures as the Probe Inputs view (flat [P, 784] rows too)
        ProbeImageLayout image = ProbeImageLayout.of(x.shape()).orElse(null);
        String source = r.inputRelevance().keySet().stream().findFirst().orElse(null);
        header(r.direction() == CreditResult.Direction.FORWARD ? "Inputs by relevance" : "Inputs by |gradient|");
        int[] samples = r.samples();
        for (int rank = 0; rank < Math.min(SHOWN, r.sampleRanking().length); rank++) {
            int input = r.sampleRanking()[rank];
            int k = indexOf(samples, input);
            if (image != null) {
                picture(channelMean(image, x.data(), input), image.height(), image.width(), false);
                FloatTensor map = source == null ? null : r.heatmap(source, k);
                if (map != null && map.size() == image.height() * image.width()) {
                    picture(map.data(), image.height(), image.width(), true);
                } else {
                    new Label(content, SWT.NONE);
                }
            } else {
                new Label(content, SWT.NONE);
                new Label(content, SWT.NONE);
            }
            int[] labels = outcome.labels();
            Label text = new Label(content, SWT.NONE);
            text.setText("input " + input + (input < labels.length ? "\nlabel " + labels[input] : "") + "\n"
                    + NodeText.number(r.sampleScores()[k]));
        }
        content.setSize(content.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        scroller.setMinSize(content.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        content.layout(true);
    }

    public void clear() {
        for (Control c : content.getChildren()) {
            c.dispose();
        }
        disposeImages();
    }

    private void header(String text) {
        Label l = new Label(content, SWT.NONE);
        l.setText(text);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(l);
    }

    private void picture(float[] values, int h, int w, boolean heat) {
        int[] rgb = heat ? HeatmapPixels.rgb(values) : HeatmapPixels.grey(values);
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < h; y++) {
            data.setPixels(0, y, w, rgb, y * w);
        }
        int scale = Math.max(1, PIXELS / Math.max(h, w));
        Image img = new Image(content.getDisplay(), data.scaledTo(w * scale, h * scale));
        images.add(img);
        Label l = new Label(content, SWT.BORDER);
        l.setImage(img);
        l.setToolTipText(heat ? "relevance: red drives the neuron up, blue down" : "probe input");
    }

    /** Channel mean of one sample of a batch read as pictures. */
    private static float[] channelMean(ProbeImageLayout l, float[] batch, int sample) {
        float[] out = new float[l.height() * l.width()];
        for (int c = 0; c < l.channels(); c++) {
            for (int y = 0; y < l.height(); y++) {
                for (int x = 0; x < l.width(); x++) {
                    out[y * l.width() + x] += batch[l.index(sample, c, y, x)] / l.channels();
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return 0;
    }

    private void disposeImages() {
        images.forEach(Image::dispose);
        images.clear();
    }
}
