package org.trainscope.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;

/** Finds the widgets of a view and works them as a user's clicks would. */
final class Widgets {
    private Widgets() {
    }

    /** Every control of {@code type} under {@code root} (itself included) that {@code test} accepts. */
    static <T extends Control> List<T> all(Control root, Class<T> type, Predicate<T> test) {
        List<T> found = new ArrayList<>();
        collect(root, type, test, found);
        return found;
    }

    private static <T extends Control> void collect(Control c, Class<T> type, Predicate<T> test, List<T> found) {
        if (type.isInstance(c) && test.test(type.cast(c))) {
            found.add(type.cast(c));
        }
        if (c instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, type, test, found);
            }
        }
    }

    static <T extends Control> T one(Control root, Class<T> type, Predicate<T> test, String what) {
        List<T> found = all(root, type, test);
        if (found.isEmpty()) {
            throw new AssertionError("no " + what + " found");
        }
        return found.get(0);
    }

    /** The combo under {@code root} offering an item that starts with {@code itemStart}. */
    static Combo comboOffering(Control root, String itemStart) {
        return one(root, Combo.class, c -> indexStartingWith(c, itemStart) >= 0, "combo offering '" + itemStart + "'");
    }

    /** Selects the first item starting with {@code itemStart} and tells the listeners. */
    static void choose(Combo combo, String itemStart) {
        int index = indexStartingWith(combo, itemStart);
        if (index < 0) {
            throw new AssertionError("no item '" + itemStart + "' in " + List.of(combo.getItems()));
        }
        if (combo.getSelectionIndex() != index) {
            combo.select(index);
            combo.notifyListeners(SWT.Selection, new Event());
        }
    }

    private static int indexStartingWith(Combo combo, String itemStart) {
        String[] items = combo.getItems();
        for (int i = 0; i < items.length; i++) {
            if (items[i].startsWith(itemStart)) {
                return i;
            }
        }
        return -1;
    }

    /** The texts of the labels under {@code root} that start with {@code prefix}. */
    static List<String> labelsStartingWith(Control root, String prefix) {
        return all(root, Label.class, l -> l.getText().startsWith(prefix)).stream().map(Label::getText).toList();
    }
}
