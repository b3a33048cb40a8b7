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

/**
 * The probe inputs ranked by how much they drive the neuron, beside the graph: per input its
 * image and, for forward credit, the relevance heatmap over it (DGMTracker found its bad training
 * image this way). The provider ranks the inputs and makes their pictures ({@link InputCredit});
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

    /** The inputs that drive the neuron most, as the provider ranked them, with their pictures. */
    public void show(CreditGraphModel model) {
        clear();
        header(model.result().direction() == CreditResult.Direction.FORWARD ? "Inputs by relevance" : "Inputs by |gradient|");
        for (InputCredit in : model.inputs().subList(0, Math.min(SHOWN, model.inputs().size()))) {
            InputCredit.Picture p = in.picture();
            if (p != null) {
                picture(CreditColours.grey(p.grey()), p.height(), p.width(), "input");
                if (p.heat() != null) {
                    picture(CreditColours.heat(p.heat()), p.height(), p.width(), "relevance: red drives the neuron up, blue down");
                } else {
                    new Label(content, SWT.NONE);
                }
            } else {
                new Label(content, SWT.NONE);
                new Label(content, SWT.NONE);
            }
            Label text = new Label(content, SWT.NONE);
            text.setText("input " + in.input() + (in.label() >= 0 ? "\nlabel " + in.label() : "") + "\n"
                    + NodeText.number(in.score()));
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

    private void disposeImages() {
        images.forEach(Image::dispose);
        images.clear();
    }
}
