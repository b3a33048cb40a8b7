package org.trainscope.ui.credit.internal;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.trainscope.adapters.inputs.ImageOptions;

/**
 * Asks how images become the network's inputs (grey or colour, per-channel mean and standard
 * deviation after scaling pixels to [0, 1]); only collects the choice, the loading happens in the
 * view's job ({@link org.trainscope.adapters.inputs.InputSets}).
 */
public final class ImageOptionsDialog extends Dialog {
    private static final ImageOptions.Colour[] COLOURS = ImageOptions.Colour.values();
    private Combo colour;
    private Text mean;
    private Text std;
    private Label problem;
    private ImageOptions options = ImageOptions.SCALED;

    public ImageOptionsDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Normalise the images");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        Label intro = new Label(area, SWT.WRAP);
        intro.setText("Each image is resized to the network's input and its pixels scaled to [0, 1], then "
                + "normalised per channel as (x - mean) / std. One value applies to every channel.");
        GridDataFactory.fillDefaults().span(2, 1).hint(380, SWT.DEFAULT).applyTo(intro);
        new Label(area, SWT.NONE).setText("Colour:");
        colour = new Combo(area, SWT.READ_ONLY);
        colour.setItems("as the network's input (1 or 3 channels)", "grey", "RGB");
        colour.select(0);
        new Label(area, SWT.NONE).setText("Mean:");
        mean = new Text(area, SWT.BORDER);
        mean.setText("0");
        mean.setToolTipText("e.g. 0.485, 0.456, 0.406 (ImageNet)");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(mean);
        new Label(area, SWT.NONE).setText("Std:");
        std = new Text(area, SWT.BORDER);
        std.setText("1");
        std.setToolTipText("e.g. 0.229, 0.224, 0.225 (ImageNet)");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(std);
        problem = new Label(area, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(problem);
        return area;
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == IDialogConstants.OK_ID) {
            try {
                options = new ImageOptions(COLOURS[colour.getSelectionIndex()], numbers(mean.getText()),
                        numbers(std.getText()));
            } catch (IllegalArgumentException e) {
                problem.setText(e.getMessage());
                problem.getParent().layout();
                return;
            }
        }
        super.buttonPressed(id);
    }

    /** "0.485, 0.456 0.406" → {0.485, 0.456, 0.406}. */
    static float[] numbers(String text) {
        String[] parts = text.trim().split("[,\\s]+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a number");
            }
        }
        return out;
    }

    /** The options chosen (valid once the dialog returned OK). */
    public ImageOptions options() {
        return options;
    }
}
