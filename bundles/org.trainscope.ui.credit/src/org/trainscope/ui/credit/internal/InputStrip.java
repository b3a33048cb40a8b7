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
import org.trainscope.algorithms.credit.provider.CreditColours;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.InputCredit;
import org.trainscope.algorithms.credit.provider.NodeText;
import org.trainscope.algorithms.credit.provider.TrainingBatchRanking;

/**
 * The inputs ranked by how much they drive the neuron, beside the graph: per input its image (a
 * row of values when it is not an image) and, for forward credit, the relevance heatmap over it;
 * on the training batch, its top samples with their index in the training set and share of the
 * batch's total (DGMTracker found its bad training image this way). The provider ranks the inputs and makes their pictures ({@link InputCredit});
 * this only draws them, in the colours of {@link CreditColours}.
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

    /**
     * The inputs that drive the neuron most, as the provider ranked them, with their pictures; on
     * the training batch, its top-ranked samples with their training-set index and share.
     */
    public void show(CreditGraphModel model) {
        clear();
        TrainingBatchRanking batch = model.batchRanking();
        boolean forward = model.result().direction() == CreditResult.Direction.FORWARD;
        if (batch != null) {
            header("Training batch, iteration " + batch.iteration() + "\n" + batch.samples().size() + " samples by |"
                    + (forward ? "activation" : "gradient") + "|\n% of the batch's sum");
        } else {
            header(forward ? "Inputs by relevance" : "Inputs by |gradient|");
        }
        List<InputCredit> shown = model.inputs().subList(0, Math.min(SHOWN, model.inputs().size()));
        for (int i = 0; i < shown.size(); i++) {
            InputCredit in = shown.get(i);
            InputCredit.Picture p = in.picture();
            if (p != null) {
                picture(CreditColours.grey(p.grey()), p.height(), p.width(), "input");
                if (p.heat() != null) {
                    picture(CreditColours.heat(p.heat()), p.height(), p.width(), "relevance: red drives the neuron up, blue down");
                } else {
                    new Label(content, SWT.NONE);
                }
            } else {
                // not an image: the values as one row, and their relevance under it
                row(CreditColours.grey(in.values()), "the input's values, low dark, high light");
                if (in.relevance() != null) {
                    row(CreditColours.heat(in.relevance()), "relevance: red drives the neuron up, blue down");
                } else {
                    new Label(content, SWT.NONE);
                }
            }
            Label text = new Label(content, SWT.NONE);
            text.setText(batch != null && i < batch.samples().size() ? describe(batch.samples().get(i))
                    : "input " + in.input() + (in.label() >= 0 ? "\nlabel " + in.label() : "") + "\n"
                            + NodeText.number(in.score()));
        }
        content.setSize(content.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        scroller.setMinSize(content.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        content.layout(true);
    }

    /** "sample 12 · #4521 / label 3 / 1.23e+05 / 41.2 %", or "NON-FINITE" for a sample whose forward pass overflowed. */
    private static String describe(TrainingBatchRanking.Sample s) {
        return "sample " + s.sample() + (s.trainingIndex() >= 0 ? " · #" + s.trainingIndex() : "")
                + (s.label() >= 0 ? "\nlabel " + s.label() : "") + "\n" + NodeText.number(s.score()) + "\n"
                + (s.nonFinite() ? "NON-FINITE" : String.format(java.util.Locale.ROOT, "%.1f %%", 100 * s.share()));
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

    private void picture(int[] rgb, int h, int w, String tooltip) {
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < h; y++) {
            data.setPixels(0, y, w, rgb, y * w);
        }
        int scale = Math.max(1, PIXELS / Math.max(h, w));
        Image img = new Image(content.getDisplay(), data.scaledTo(w * scale, h * scale));
        images.add(img);
        Label l = new Label(content, SWT.BORDER);
        l.setImage(img);
        l.setToolTipText(tooltip);
    }

    /** A non-image input as a strip {@value #PIXELS} pixels wide (or one pixel per value when more). */
    private void row(int[] rgb, String tooltip) {
        int n = Math.max(1, rgb.length);
        ImageData data = new ImageData(n, 1, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        data.setPixels(0, 0, rgb.length, rgb, 0);
        Image img = new Image(content.getDisplay(), data.scaledTo(Math.max(n, PIXELS), 12));
        images.add(img);
        Label l = new Label(content, SWT.BORDER);
        l.setImage(img);
        l.setToolTipText(tooltip);
    }

    private void disposeImages() {
        images.forEach(Image::dispose);
        images.clear();
    }
}
