package org.trainscope.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.trainscope.core.algorithms.ParameterDescriptor;

/**
 * Controls for an algorithm's declared parameters ({@link ParameterDescriptor}), so a view offers
 * whatever a contributed algorithm declares without knowing it: an integer with both bounds is a
 * spinner, a boolean a check box, a choice a drop-down, any other value a text field. Each is
 * labelled with the declared label and explains itself (description, range, default) in its
 * tooltip. Values are read as text and checked by the declaration itself, the check the command
 * line's {@code --param k=v} gets (AlgorithmParameters); a text field holding a bad value is
 * marked and says why in its tooltip, and {@link #problem()} tells the view, which computes nothing
 * until the value is fixed.
 */
public final class ParameterForm {
    private final Composite row;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();

    private record Entry(ParameterDescriptor parameter, Control control, Composite group) {
    }

    /**
     * Creates the controls in {@code row} (a {@link ControlRow}), one labelled group per parameter.
     *
     * @param omitted names of parameters the caller sets itself (not shown)
     */
    public ParameterForm(Composite row, List<ParameterDescriptor> declared, Set<String> omitted) {
        this.row = row;
        for (ParameterDescriptor p : declared) {
            if (!omitted.contains(p.name())) {
                Composite group = ControlRow.labelled(row, p.label() + ":", 2);
                Control control = create(group, p);
                control.setToolTipText(explanation(p));
                group.getChildren()[0].setToolTipText(explanation(p));
                entries.put(p.name(), new Entry(p, control, group));
            }
        }
    }

    /** Called after a control changed (check {@link #problem()} before using the values). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Names of the parameters shown, in declaration order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** The control of a parameter (tests), or null when it is not shown. */
    public Control control(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.control();
    }

    /** The text of every shown parameter, name to value, in declaration order. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        entries.forEach((name, e) -> values.put(name, text(e.control())));
        return values;
    }

    /** What is wrong with the first invalid value, or empty when all are valid. */
    public Optional<String> problem() {
        for (Entry e : entries.values()) {
            try {
                e.parameter().parse(text(e.control()));
            } catch (IllegalArgumentException ex) {
                return Optional.of(ex.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Shows {@code text} as a parameter's value (ignored when it is not shown); fires no change. */
    public void setValue(String name, String text) {
        Entry e = entries.get(name);
        if (e == null) {
            return;
        }
        Control c = e.control();
        if (c instanceof Spinner s) {
            try {
                s.setSelection((int) Math.max(s.getMinimum(), Math.min(s.getMaximum(), Long.parseLong(text.trim()))));
            } catch (NumberFormatException ignored) {
                // keep the current value: the text was not a number
            }
        } else if (c instanceof Button b) {
            b.setSelection(Boolean.parseBoolean(text.trim()));
        } else if (c instanceof Combo combo) {
            int i = combo.indexOf(text.trim());
            if (i >= 0) {
                combo.select(i);
            }
        } else if (c instanceof Text t) {
            t.setData(SILENT, Boolean.TRUE);
            try {
                t.setText(text);
            } finally {
                t.setData(SILENT, null);
            }
            mark(e);
        }
    }

    /** Removes the controls. */
    public void dispose() {
        for (Entry e : entries.values()) {
            e.group().dispose();
        }
        entries.clear();
        if (!row.isDisposed()) {
            row.layout(true, true);
        }
    }

    private static final String SILENT = ParameterForm.class.getName() + ".silent";

    private Control create(Composite group, ParameterDescriptor p) {
        String initial = p.defaultValue() == null ? "" : String.valueOf(p.defaultValue());
        switch (p.type()) {
        case BOOLEAN: {
            Button b = new Button(group, SWT.CHECK);
            b.setSelection(Boolean.parseBoolean(initial));
            b.addListener(SWT.Selection, e -> fire());
            return b;
        }
        case CHOICE: {
            Combo c = new Combo(group, SWT.READ_ONLY);
            p.choices().forEach(c::add);
            c.select(Math.max(0, p.choices().indexOf(initial)));
            c.addListener(SWT.Selection, e -> fire());
            return c;
        }
        case INTEGER:
            if (fitsSpinner(p)) {
                Spinner s = new Spinner(group, SWT.BORDER);
                int min = p.min().intValue();
                int max = p.max().intValue();
                int value = initial.isEmpty() ? min : (int) Math.max(min, Math.min(max, Long.parseLong(initial)));
                s.setValues(value, min, max, 0, 1, Math.max(1, Math.min(50, (max - min) / 20)));
                s.addListener(SWT.Selection, e -> fire());
                s.addListener(SWT.DefaultSelection, e -> fire());
                return s;
            }
            return text(group, p, initial);
        default:
            return text(group, p, initial);
        }
    }

    private Text text(Composite group, ParameterDescriptor p, String initial) {
        Text t = new Text(group, SWT.BORDER);
        t.setText(initial);
        GridDataFactory.fillDefaults().hint(p.type() == org.trainscope.core.algorithms.ParameterType.STRING ? 120 : 60,
                SWT.DEFAULT).applyTo(t);
        t.addListener(SWT.Modify, e -> {
            Entry entry = entries.get(p.name());
            if (entry != null) {
                mark(entry);
                if (t.getData(SILENT) == null) {
                    fire(); // also for a bad value: the view says why instead of showing a stale chart silently
                }
            }
        });
        return t;
    }

    /** Shows in the tooltip (and with a yellow background) whether a text field's value is valid. */
    private boolean mark(Entry e) {
        Text t = (Text) e.control();
        try {
            e.parameter().parse(t.getText());
            t.setBackground(null);
            t.setToolTipText(explanation(e.parameter()));
            return true;
        } catch (IllegalArgumentException ex) {
            t.setBackground(t.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            t.setToolTipText(ex.getMessage() + "\n\n" + explanation(e.parameter()));
            return false;
        }
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    private static boolean fitsSpinner(ParameterDescriptor p) {
        return p.min() != null && p.max() != null && p.min() >= Integer.MIN_VALUE && p.max() <= Integer.MAX_VALUE
                && p.min() <= p.max();
    }

    private static String text(Control c) {
        if (c instanceof Spinner s) {
            return Integer.toString(s.getSelection());
        }
        if (c instanceof Button b) {
            return Boolean.toString(b.getSelection());
        }
        if (c instanceof Combo combo) {
            return combo.getText();
        }
        return ((Text) c).getText();
    }

    /** The tooltip: description, type and range, default. */
    static String explanation(ParameterDescriptor p) {
        StringBuilder b = new StringBuilder();
        if (!p.description().isEmpty()) {
            b.append(p.description()).append("\n");
        }
        b.append(p.name()).append(": ").append(p.type().name().toLowerCase(Locale.ROOT));
        if (p.min() != null || p.max() != null) {
            b.append(" in [").append(p.min() == null ? "-∞" : bound(p.min())).append(", ")
                    .append(p.max() == null ? "∞" : bound(p.max())).append("]");
        }
        if (!p.choices().isEmpty()) {
            b.append(", one of ").append(String.join(", ", p.choices()));
        }
        if (p.defaultValue() != null) {
            b.append(", default ").append(p.defaultValue());
        }
        return b.toString();
    }

    private static String bound(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
