package org.trainscope.ui;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * The row of controls at the top of a view: it wraps onto more lines when the view is narrow
 * rather than cutting controls off, and keeps each label with the control(s) it names.
 */
public final class ControlRow {

    private ControlRow() {
    }

    /** @return a composite filling the width of a GridLayout parent whose children wrap */
    public static Composite create(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        RowLayout layout = new RowLayout(SWT.HORIZONTAL);
        layout.center = true;
        layout.wrap = true;
        layout.marginLeft = layout.marginRight = layout.marginTop = layout.marginBottom = 0;
        layout.spacing = 8;
        row.setLayout(layout);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        return row;
    }

    /**
     * @return a group in the row holding a label with {@code text}; create the {@code columns - 1}
     *         controls it names in the group (a GridLayout): they wrap together
     */
    public static Composite labelled(Composite row, String text, int columns) {
        Composite group = new Composite(row, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(columns).spacing(4, 0).applyTo(group);
        Label label = new Label(group, SWT.NONE);
        label.setText(text);
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.CENTER).applyTo(label);
        return group;
    }
}
